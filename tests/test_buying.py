"""Buying: carts, orders, reviews and addresses, through GraphQL."""

import asyncio

import pytest
from sqlalchemy import update
from starlette.applications import Starlette

from models import Product
from tests.conftest import Api
from tests.shop import Shop, error_of

MY_CART = "{ me { cart { items { quantity product { id } } } } }"


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
