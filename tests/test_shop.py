"""Stores, products, carts, orders and reviews, through GraphQL and REST."""

import asyncio

import httpx
import pytest
from sqlalchemy import update
from starlette.applications import Starlette

from models import Product
from tests.conftest import Account, Api
from tests.shop import Shop

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
MY_CART = "{ me { cart { items { quantity product { id } } } } }"


def error_of(body: dict[str, object]) -> dict[str, object]:
    """The first error of a GraphQL answer."""
    errors = body.get("errors")
    assert errors, body
    return errors[0]  # type: ignore[index,return-value]


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


async def test_an_order_copies_prices_and_empties_the_cart(
    api: Api, shop: Shop, app: Starlette
) -> None:
    owner, buyer = await api.register(), await api.register()
    product_id = await shop.add_product(owner, await shop.open_store(owner))
    await shop.add_to_cart(buyer, product_id, 2)
    await shop.add_to_cart(buyer, product_id, 1)

    order = await shop.place_order(buyer)
    async with app.state.runtime.database.session() as session:
        await session.execute(
            update(Product).where(Product.id == int(product_id)).values(price=99)
        )
        await session.commit()

    assert order["total"] == "59.97"
    assert order["lines"] == [
        {"quantity": 3, "unitPrice": "19.99", "product": {"id": product_id}}
    ]
    orders = await api.graphql(
        "{ me { orders { edges { node { total lines { unitPrice } } } } } }",
        token=buyer.access,
    )
    node = orders["data"]["me"]["orders"]["edges"][0]["node"]  # type: ignore[index]
    assert node == {"total": "59.97", "lines": [{"unitPrice": "19.99"}]}
    cart = await api.graphql(MY_CART, token=buyer.access)
    assert cart["data"]["me"]["cart"] == {"items": []}  # type: ignore[index]


async def test_ordering_an_empty_cart_is_refused(api: Api) -> None:
    buyer = await api.register()

    body = await api.graphql("mutation { placeOrder { id } }", token=buyer.access)

    assert error_of(body)["extensions"] == {"code": "BAD_USER_INPUT", "field": "cart"}


async def test_a_product_no_longer_for_sale_stops_the_order_until_removed(
    api: Api, shop: Shop
) -> None:
    owner, buyer = await api.register(), await api.register()
    store_id = await shop.open_store(owner)
    gone = await shop.add_product(owner, store_id, name="Gone")
    kept = await shop.add_product(owner, store_id, name="Kept")
    await shop.add_to_cart(buyer, gone, 1)
    await shop.add_to_cart(buyer, kept, 1)
    await api.graphql(
        "mutation($id: ID!) { deleteStore(id: $id) }",
        {"id": store_id},
        token=owner.access,
    )

    refused = await api.graphql("mutation { placeOrder { id } }", token=buyer.access)
    await shop.run(
        "mutation($a: ID!, $b: ID!) { a: removeFromCart(productId: $a) { items"
        " { quantity } } b: removeFromCart(productId: $b) { items { quantity } } }",
        {"a": gone, "b": kept},
        buyer,
    )

    error = error_of(refused)
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "cart"}
    assert gone in str(error["message"])
    cart = await api.graphql(MY_CART, token=buyer.access)
    assert cart["data"]["me"]["cart"] == {"items": []}  # type: ignore[index]


@pytest.mark.parametrize("quantity", [0, -1, 100], ids=str)
async def test_cart_quantities_run_from_one_to_ninety_nine(
    api: Api, shop: Shop, quantity: int
) -> None:
    owner, buyer = await api.register(), await api.register()
    product_id = await shop.add_product(owner, await shop.open_store(owner))

    body = await api.graphql(
        "mutation($id: ID!, $q: Int!) { addToCart(productId: $id, quantity: $q)"
        " { items { quantity } } }",
        {"id": product_id, "q": quantity},
        token=buyer.access,
    )

    assert error_of(body)["extensions"] == {
        "code": "BAD_USER_INPUT",
        "field": "quantity",
    }


async def test_a_cart_holds_at_most_ninety_nine_of_a_product(
    api: Api, shop: Shop
) -> None:
    owner, buyer = await api.register(), await api.register()
    product_id = await shop.add_product(owner, await shop.open_store(owner))
    await shop.add_to_cart(buyer, product_id, 60)

    body = await api.graphql(
        "mutation($id: ID!) { addToCart(productId: $id, quantity: 40)"
        " { items { quantity } } }",
        {"id": product_id},
        token=buyer.access,
    )

    assert error_of(body)["extensions"]["field"] == "quantity"  # type: ignore[index]
    cart = await api.graphql(MY_CART, token=buyer.access)
    items = cart["data"]["me"]["cart"]["items"]  # type: ignore[index]
    assert items == [{"quantity": 60, "product": {"id": product_id}}]


async def test_two_cart_additions_in_one_request_show_their_own_totals(
    api: Api, shop: Shop
) -> None:
    owner, buyer = await api.register(), await api.register()
    product_id = await shop.add_product(owner, await shop.open_store(owner))

    data = await shop.run(
        "mutation($id: ID!) {"
        " a: addToCart(productId: $id, quantity: 1) { items { quantity } }"
        " b: addToCart(productId: $id, quantity: 2) { items { quantity } } }",
        {"id": product_id},
        buyer,
    )

    assert data == {
        "a": {"items": [{"quantity": 1}]},
        "b": {"items": [{"quantity": 3}]},
    }


async def test_a_review_shows_its_author_by_first_name_and_initial(
    api: Api, shop: Shop
) -> None:
    owner, author = await api.register(), await api.register()
    product_id = await shop.add_product(owner, await shop.open_store(owner))
    await shop.run(
        'mutation($id: ID!) { updateCustomer(id: $id, input: {lastName: "Lovelace"})'
        " { id } }",
        {"id": author.id},
        author,
    )
    await shop.review(author, product_id, rating=4, body="Bright enough.")

    body = await api.graphql(
        "query($id: ID!) { product(id: $id) { reviews { edges { node"
        " { rating body authorName product { id } } } } } }",
        {"id": product_id},
    )

    edges = body["data"]["product"]["reviews"]["edges"]  # type: ignore[index]
    assert [edge["node"] for edge in edges] == [
        {
            "rating": 4,
            "body": "Bright enough.",
            "authorName": "Ada L.",
            "product": {"id": product_id},
        }
    ]


@pytest.mark.parametrize(
    ("rating", "body", "field"),
    [(0, "Fine.", "rating"), (6, "Fine.", "rating"), (5, "   ", "body")],
    ids=["rating-0", "rating-6", "blank-body"],
)
async def test_a_review_needs_a_rating_from_one_to_five_and_a_body(
    api: Api, shop: Shop, rating: int, body: str, field: str
) -> None:
    owner, author = await api.register(), await api.register()
    product_id = await shop.add_product(owner, await shop.open_store(owner))

    answer = await api.graphql(
        "mutation($id: ID!, $r: Int!, $b: String!) {"
        " createReview(productId: $id, rating: $r, body: $b) { id } }",
        {"id": product_id, "r": rating, "b": body},
        token=author.access,
    )

    assert error_of(answer)["extensions"] == {"code": "BAD_USER_INPUT", "field": field}


async def test_an_address_keeps_its_lines_and_a_capital_country_code(
    api: Api, shop: Shop
) -> None:
    customer = await api.register()
    address_id = await shop.add_address(customer)

    body = await api.graphql(
        "{ me { addresses { id line1 line2 city postalCode country } } }",
        token=customer.access,
    )

    assert body["data"]["me"]["addresses"] == [  # type: ignore[index]
        {
            "id": address_id,
            "line1": "1 Analytical Row",
            "line2": "",
            "city": "London",
            "postalCode": "N1 9GU",
            "country": "GB",
        }
    ]


async def test_an_address_needs_a_two_letter_country(api: Api) -> None:
    customer = await api.register()

    body = await api.graphql(
        'mutation { addAddress(input: {line1: "1 Row", city: "Oslo",'
        ' postalCode: "0150", country: "Norway"}) { id } }',
        token=customer.access,
    )

    assert error_of(body)["extensions"] == {
        "code": "BAD_USER_INPUT",
        "field": "country",
    }


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


async def test_concurrent_first_cart_additions_share_one_cart(
    api: Api, shop: Shop
) -> None:
    owner, buyer = await api.register(), await api.register()
    product_id = await shop.add_product(owner, await shop.open_store(owner))

    answers = await asyncio.gather(
        *(shop.add_to_cart(buyer, product_id, 1) for _ in range(8))
    )

    assert answers == [None] * 8
    cart = await api.graphql(MY_CART, token=buyer.access)
    items = cart["data"]["me"]["cart"]["items"]  # type: ignore[index]
    assert items == [{"quantity": 8, "product": {"id": product_id}}]


async def test_two_orders_of_one_cart_at_once_make_one_order(
    api: Api, shop: Shop
) -> None:
    owner, buyer = await api.register(), await api.register()
    product_id = await shop.add_product(owner, await shop.open_store(owner))
    await shop.add_to_cart(buyer, product_id, 2)

    answers = await asyncio.gather(
        *(
            api.graphql("mutation { placeOrder { total } }", token=buyer.access)
            for _ in range(2)
        )
    )

    placed = [a["data"]["placeOrder"] for a in answers if a.get("data")]  # type: ignore[index]
    refused = [a["errors"][0]["extensions"] for a in answers if a.get("errors")]  # type: ignore[index]
    assert placed == [{"total": "39.98"}]
    assert refused == [{"code": "BAD_USER_INPUT", "field": "cart"}]
