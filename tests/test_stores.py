"""Stores and their products: owning, listing, pricing and closing, over both APIs."""

import httpx
import pytest

from tests.conftest import Account, Api
from tests.shop import Shop, error_of

PUBLIC_PRODUCTS = """
query($first: Int, $after: String) {
  products(first: $first, after: $after) {
    edges { node { id name price store { id name } } }
    pageInfo { hasNextPage endCursor }
  }
}
"""
ADD_PRODUCT = """
mutation($store: ID!, $price: Decimal!) {
  addProduct(storeId: $store, input: {name: "Lamp", price: $price}) { id }
}
"""


def public_ids(body: dict[str, object]) -> list[str]:
    """The product ids of a `products` answer."""
    edges = body["data"]["products"]["edges"]  # type: ignore[index]
    return [edge["node"]["id"] for edge in edges]


async def all_public_product_ids(api: Api) -> list[str]:
    """Every product id the public can page through."""
    ids: list[str] = []
    after = None
    while True:
        body = await api.graphql(PUBLIC_PRODUCTS, {"first": 100, "after": after})
        ids += public_ids(body)
        page = body["data"]["products"]["pageInfo"]  # type: ignore[index]
        if not page["hasNextPage"]:
            return ids
        after = page["endCursor"]


async def test_the_public_sees_a_new_product_with_its_store_and_price(
    api: Api, shop: Shop
) -> None:
    owner = await api.register()
    store_id = await shop.open_store(owner, "Ada's Attic")
    product_id = await shop.add_product(owner, store_id, price="19.90")

    body = await api.graphql(
        "query($id: ID!) { product(id: $id) { id name price store { id name } } }",
        {"id": product_id},
    )

    assert body["data"]["product"] == {  # type: ignore[index]
        "id": product_id,
        "name": "Lamp",
        "price": "19.90",
        "store": {"id": store_id, "name": "Ada's Attic"},
    }


async def test_a_customer_can_own_one_store_only(api: Api, shop: Shop) -> None:
    owner = await api.register()
    store_id = await shop.open_store(owner)

    body = await api.graphql(
        'mutation { createStore(input: {name: "Second"}) { id } }', token=owner.access
    )

    error = error_of(body)
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "name"}
    assert store_id in str(error["message"])


@pytest.mark.parametrize(
    ("who", "code"),
    [("stranger", "FORBIDDEN"), ("nobody", "UNAUTHENTICATED")],
    ids=["someone-elses-store", "no-token"],
)
async def test_only_the_owner_adds_products(
    api: Api, shop: Shop, who: str, code: str
) -> None:
    owner, stranger = await api.register(), await api.register()
    store_id = await shop.open_store(owner)
    token = stranger.access if who == "stranger" else None

    body = await api.graphql(
        ADD_PRODUCT, {"store": store_id, "price": "1.00"}, token=token
    )

    assert error_of(body)["extensions"]["code"] == code  # type: ignore[index]


async def test_adding_a_product_to_an_unknown_store_is_not_found(api: Api) -> None:
    owner = await api.register()

    body = await api.graphql(
        ADD_PRODUCT, {"store": "999999", "price": "1.00"}, token=owner.access
    )

    assert error_of(body)["extensions"] == {"code": "NOT_FOUND"}


@pytest.mark.parametrize(
    "price", ["0", "-1.00", "1.001", "abc", "NaN", "1e30"], ids=str
)
async def test_a_price_must_be_a_positive_amount_in_cents(
    api: Api, shop: Shop, price: str
) -> None:
    owner = await api.register()
    store_id = await shop.open_store(owner)

    body = await api.graphql(
        ADD_PRODUCT, {"store": store_id, "price": price}, token=owner.access
    )

    assert "data" not in body or body["data"] is None
    assert error_of(body)["extensions"]["code"] == "BAD_USER_INPUT"  # type: ignore[index]


@pytest.mark.parametrize(
    ("price", "answered"),
    [("1E+2", "100.00"), ("5.", "5.00"), ("7.5", "7.50")],
    ids=["exponent", "trailing-point", "one-decimal"],
)
async def test_a_new_price_is_answered_in_cents(
    api: Api, shop: Shop, price: str, answered: str
) -> None:
    owner = await api.register()
    store_id = await shop.open_store(owner)

    body = await api.graphql(
        "mutation($store: ID!, $price: Decimal!) {"
        ' addProduct(storeId: $store, input: {name: "Lamp", price: $price})'
        " { price } }",
        {"store": store_id, "price": price},
        token=owner.access,
    )

    assert body == {"data": {"addProduct": {"price": answered}}}


async def test_deleting_a_store_takes_it_and_its_products_off_public_lists(
    api: Api, shop: Shop
) -> None:
    owner, buyer = await api.register(), await api.register()
    store_id = await shop.open_store(owner)
    product_id = await shop.add_product(owner, store_id)
    await shop.buy(buyer, product_id)

    deleted = await shop.run(
        "mutation($id: ID!) { deleteStore(id: $id) }", {"id": store_id}, owner
    )

    assert deleted == {"deleteStore": True}
    assert product_id not in await all_public_product_ids(api)
    store = await api.graphql(
        "query($id: ID!) { store(id: $id) { id } }", {"id": store_id}
    )
    assert error_of(store)["extensions"] == {"code": "NOT_FOUND"}
    orders = await api.graphql(
        "{ me { orders { edges { node { lines { product { id store"
        " { id isActive } } } } } } } }",
        token=buyer.access,
    )
    line = orders["data"]["me"]["orders"]["edges"][0]["node"]["lines"][0]  # type: ignore[index]
    assert line["product"] == {
        "id": product_id,
        "store": {"id": store_id, "isActive": False},
    }


@pytest.mark.parametrize(
    ("who", "status", "detail"),
    [
        ("owner", 204, None),
        ("stranger", 403, "You do not have permission to perform this action."),
        ("nobody", 401, "Authentication credentials were not provided."),
    ],
    ids=["owner", "stranger", "no-token"],
)
async def test_rest_store_deletion_is_for_the_owner_only(
    api: Api,
    shop: Shop,
    client: httpx.AsyncClient,
    who: str,
    status: int,
    detail: str | None,
) -> None:
    owner, stranger = await api.register(), await api.register()
    store_id = await shop.open_store(owner)
    accounts: dict[str, Account | None] = {"owner": owner, "stranger": stranger}
    caller = accounts.get(who)

    response = await client.delete(
        f"/api/v1/stores/{store_id}/", headers=caller.headers if caller else {}
    )

    assert response.status_code == status
    if detail is None:
        assert response.content == b""
    else:
        assert response.json() == {"detail": detail}


@pytest.mark.parametrize("store_id", ["999999", "abc", "0"], ids=str)
async def test_rest_store_deletion_of_an_unknown_store_is_not_found(
    api: Api, client: httpx.AsyncClient, store_id: str
) -> None:
    owner = await api.register()

    response = await client.delete(f"/api/v1/stores/{store_id}/", headers=owner.headers)

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


async def test_a_deleted_store_cannot_be_deleted_again(
    api: Api, shop: Shop, client: httpx.AsyncClient
) -> None:
    owner = await api.register()
    store_id = await shop.open_store(owner)
    await client.delete(f"/api/v1/stores/{store_id}/", headers=owner.headers)

    again = await client.delete(f"/api/v1/stores/{store_id}/", headers=owner.headers)

    assert again.status_code == 404
