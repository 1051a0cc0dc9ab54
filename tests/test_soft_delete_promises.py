"""Every promise of the seed's "Soft Delete Behavior" and "What about vendor stores?".

Each test is named after the sentence it proves. A vendor (with a store and a
product) and a buyer (with an address, an order, a review and a cart) are made
through the API; then one of them deactivates.
"""

from dataclasses import dataclass

import httpx
import pytest
from sqlalchemy import func, select
from sqlmodel import SQLModel
from starlette.applications import Starlette

from models import Customer
from tests.conftest import Account, Api
from tests.shop import Shop

DEACTIVATE = "mutation($id: ID!) { deactivateCustomer(id: $id) { customer { id } } }"
PRODUCT_REVIEWS = """
query($id: ID!) {
  product(id: $id) { reviews { edges { node { body authorName } } } }
}
"""
STAFF_VIEW = """
query($id: ID!) {
  customer(id: $id) {
    isActive addresses { city }
    orders { edges { node { total lines { quantity unitPrice product { id } } } } }
    cart { items { quantity } }
  }
}
"""


@dataclass
class Marketplace:
    """A vendor with a store and a product, and a buyer who shopped there."""

    vendor: Account
    buyer: Account
    store_id: str
    product_id: str
    kept_product_id: str


@pytest.fixture
async def market(api: Api, shop: Shop) -> Marketplace:
    """The vendor's store and products; the buyer's address, order, review, cart."""
    vendor, buyer = await api.register(), await api.register()
    store_id = await shop.open_store(vendor, "Vendor's Corner")
    product_id = await shop.add_product(vendor, store_id, price="12.50")
    kept = await shop.add_product(vendor, store_id, name="Kept in cart")
    await shop.add_address(buyer)
    await shop.buy(buyer, product_id, quantity=2)
    await shop.review(buyer, product_id, body="Sturdy and cheap.")
    await shop.add_to_cart(buyer, kept, 1)
    return Marketplace(vendor, buyer, store_id, product_id, kept)


async def deactivate(api: Api, account: Account) -> None:
    """Deactivate the account with its own token; it must succeed."""
    body = await api.graphql(DEACTIVATE, {"id": account.id}, token=account.access)
    assert "errors" not in body, body


async def table_rows(app: Starlette) -> dict[str, int]:
    """How many rows every table holds."""
    async with app.state.runtime.database.session() as session:
        return {
            name: (await session.scalar(select(func.count()).select_from(table))) or 0
            for name, table in SQLModel.metadata.tables.items()
        }


async def public_product_ids(api: Api) -> list[str]:
    """The ids on the first public page of products (the newest are last)."""
    ids: list[str] = []
    after = None
    while True:
        body = await api.graphql(
            "query($after: String) { products(first: 100, after: $after)"
            " { edges { node { id } } pageInfo { hasNextPage endCursor } } }",
            {"after": after},
        )
        connection = body["data"]["products"]  # type: ignore[index]
        ids += [edge["node"]["id"] for edge in connection["edges"]]
        if not connection["pageInfo"]["hasNextPage"]:
            return ids
        after = connection["pageInfo"]["endCursor"]


async def staff_view(api: Api, staff: Account, customer: Account) -> dict[str, object]:
    """What staff see of the customer."""
    body = await api.graphql(STAFF_VIEW, {"id": customer.id}, token=staff.access)
    assert "errors" not in body, body
    return body["data"]["customer"]  # type: ignore[index,return-value]


async def test_customer_record_remains_in_database(
    api: Api, app: Starlette, market: Marketplace
) -> None:
    await deactivate(api, market.buyer)

    async with app.state.runtime.database.session() as session:
        row = await session.get(Customer, int(market.buyer.id))
    assert row is not None
    assert row.email == market.buyer.email


async def test_order_history_is_retained(
    api: Api, staff: Account, market: Marketplace
) -> None:
    await deactivate(api, market.buyer)

    view = await staff_view(api, staff, market.buyer)

    orders = view["orders"]["edges"]  # type: ignore[index]
    assert [edge["node"]["total"] for edge in orders] == ["25.00"]


async def test_product_reviews_remain_visible(api: Api, market: Marketplace) -> None:
    await deactivate(api, market.buyer)

    body = await api.graphql(PRODUCT_REVIEWS, {"id": market.product_id})

    edges = body["data"]["product"]["reviews"]["edges"]  # type: ignore[index]
    assert [edge["node"] for edge in edges] == [
        {"body": "Sturdy and cheap.", "authorName": "Ada"}
    ]


async def test_address_information_is_kept(
    api: Api, staff: Account, market: Marketplace
) -> None:
    await deactivate(api, market.buyer)

    view = await staff_view(api, staff, market.buyer)

    assert view["addresses"] == [{"city": "London"}]


async def test_purchase_history_is_accessible(
    api: Api, staff: Account, market: Marketplace
) -> None:
    await deactivate(api, market.buyer)

    view = await staff_view(api, staff, market.buyer)

    lines = view["orders"]["edges"][0]["node"]["lines"]  # type: ignore[index]
    assert lines == [
        {"quantity": 2, "unitPrice": "12.50", "product": {"id": market.product_id}}
    ]


async def test_is_active_flag_is_set_to_false(
    api: Api, staff: Account, market: Marketplace
) -> None:
    await deactivate(api, market.buyer)

    view = await staff_view(api, staff, market.buyer)

    assert view["isActive"] is False


async def test_account_cannot_log_in(
    api: Api, client: httpx.AsyncClient, market: Marketplace
) -> None:
    await deactivate(api, market.buyer)

    response = await client.post(
        "/api/v1/auth/token/",
        json={"email": market.buyer.email, "password": market.buyer.password},
    )

    assert response.status_code == 401
    assert response.json() == {
        "detail": "No active account found with the given credentials"
    }


async def test_account_excluded_from_active_customer_queries(
    api: Api, staff: Account, market: Marketplace
) -> None:
    query = (
        "query($all: Boolean!, $after: String) { customers(first: 100, after: $after,"
        " includeInactive: $all) { edges { node { id } }"
        " pageInfo { hasNextPage endCursor } } }"
    )

    async def listed(include_inactive: bool) -> list[str]:
        ids: list[str] = []
        after = None
        while True:
            body = await api.graphql(
                query, {"all": include_inactive, "after": after}, token=staff.access
            )
            connection = body["data"]["customers"]  # type: ignore[index]
            ids += [edge["node"]["id"] for edge in connection["edges"]]
            if not connection["pageInfo"]["hasNextPage"]:
                return ids
            after = connection["pageInfo"]["endCursor"]

    await deactivate(api, market.buyer)

    assert market.buyer.id not in await listed(include_inactive=False)
    assert market.buyer.id in await listed(include_inactive=True)
    assert market.vendor.id in await listed(include_inactive=False)


async def test_cart_session_is_preserved_but_inaccessible(
    api: Api, app: Starlette, staff: Account, market: Marketplace
) -> None:
    before = await table_rows(app)

    await deactivate(api, market.buyer)

    assert (await table_rows(app))["cart_item"] == before["cart_item"] >= 1
    assert (await staff_view(api, staff, market.buyer))["cart"] is None
    refused = await api.graphql(
        "{ me { cart { items { quantity } } } }", token=market.buyer.access
    )
    assert refused["errors"][0]["extensions"] == {"code": "UNAUTHENTICATED"}  # type: ignore[index]
    ordered = await api.graphql(
        "mutation { placeOrder { id } }", token=market.buyer.access
    )
    assert ordered["errors"][0]["extensions"] == {"code": "UNAUTHENTICATED"}  # type: ignore[index]


async def test_the_store_remains_active_not_automatically_deleted(
    api: Api, market: Marketplace
) -> None:
    await deactivate(api, market.vendor)

    body = await api.graphql(
        "query($id: ID!) { store(id: $id) { id isActive } }", {"id": market.store_id}
    )

    assert body["data"]["store"] == {"id": market.store_id, "isActive": True}  # type: ignore[index]


async def test_store_products_remain_listed(api: Api, market: Marketplace) -> None:
    await deactivate(api, market.vendor)

    listed = await public_product_ids(api)

    assert {market.product_id, market.kept_product_id} <= set(listed)


async def test_to_fully_remove_presence_delete_the_store_first(
    api: Api, shop: Shop, market: Marketplace
) -> None:
    await shop.run(
        "mutation($id: ID!) { deleteStore(id: $id) }",
        {"id": market.store_id},
        market.vendor,
    )
    await deactivate(api, market.vendor)

    listed = await public_product_ids(api)
    store = await api.graphql(
        "query($id: ID!) { store(id: $id) { id } }", {"id": market.store_id}
    )

    assert market.product_id not in listed
    assert store["errors"][0]["extensions"] == {"code": "NOT_FOUND"}  # type: ignore[index]


async def test_nothing_is_deleted_by_deactivation_or_by_deleting_the_store(
    api: Api, app: Starlette, shop: Shop, market: Marketplace
) -> None:
    before = await table_rows(app)

    await deactivate(api, market.buyer)
    after_deactivation = await table_rows(app)
    await shop.run(
        "mutation($id: ID!) { deleteStore(id: $id) }",
        {"id": market.store_id},
        market.vendor,
    )
    after_store_deletion = await table_rows(app)

    assert after_deactivation == {
        **before,
        "account_event": before["account_event"] + 1,
    }
    assert after_store_deletion == after_deactivation


async def test_the_preview_warns_a_vendor_that_the_store_stays_open(
    api: Api, market: Marketplace
) -> None:
    query = (
        "query($id: ID!) { deactivationPreview(id: $id) { orders reviews addresses"
        " cartItems store { id name } warnings } }"
    )

    vendor = await api.graphql(
        query, {"id": market.vendor.id}, token=market.vendor.access
    )
    buyer = await api.graphql(query, {"id": market.buyer.id}, token=market.buyer.access)

    vendor_preview = vendor["data"]["deactivationPreview"]  # type: ignore[index]
    assert vendor_preview["store"] == {"id": market.store_id, "name": "Vendor's Corner"}
    assert "deleteStore" in vendor_preview["warnings"][0]
    buyer_preview = buyer["data"]["deactivationPreview"]  # type: ignore[index]
    assert {
        k: buyer_preview[k] for k in ("orders", "reviews", "addresses", "cartItems")
    } == {
        "orders": 1,
        "reviews": 1,
        "addresses": 1,
        "cartItems": 1,
    }
    assert buyer_preview["store"] is None


@pytest.mark.parametrize(
    ("target", "code"),
    [("other", "FORBIDDEN"), ("unknown", "NOT_FOUND")],
    ids=["someone-else", "unknown-id"],
)
async def test_the_preview_is_for_yourself_only(
    api: Api, market: Marketplace, target: str, code: str
) -> None:
    target_id = market.vendor.id if target == "other" else "999999"

    body = await api.graphql(
        "query($id: ID!) { deactivationPreview(id: $id) { orders } }",
        {"id": target_id},
        token=market.buyer.access,
    )

    assert body["errors"][0]["extensions"] == {"code": code}  # type: ignore[index]
