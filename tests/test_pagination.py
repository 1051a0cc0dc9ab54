"""Relay connections: paging, limits, cursors, and a constant number of statements."""

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event, insert
from starlette.applications import Starlette

from models import Product, Review, Store
from resolvers.pages import encode_cursor
from tests.conftest import Api

PRODUCT_PAGE = """
query($first: Int, $after: String) {
  products(first: $first, after: $after) {
    edges { cursor node { id name price store { id name }
      reviews(first: 3) { edges { node { rating authorName } } } } }
    pageInfo { hasNextPage endCursor }
  }
}
"""


async def seed_catalog(app: Starlette, *, owner: int, products: int) -> list[int]:
    """An open store with `products` products, each reviewed twice, in bulk.

    Returns the ids of the new products, in order.
    """
    async with app.state.runtime.database.session() as session:
        store_id = (
            await session.scalars(
                insert(Store)
                .values(owner_id=owner, name="Bulk Store")
                .returning(Store.id)
            )
        ).one()
        product_ids = (
            await session.scalars(
                insert(Product).returning(Product.id),
                [
                    {"store_id": store_id, "name": f"Item {n}", "price": "2.50"}
                    for n in range(products)
                ],
            )
        ).all()
        await session.execute(
            insert(Review),
            [
                {"product_id": pid, "customer_id": owner, "rating": 4, "body": "Ok"}
                for pid in product_ids
                for _ in range(2)
            ],
        )
        await session.commit()
    return list(product_ids)


@contextmanager
def counted_statements(app: Starlette) -> Iterator[list[str]]:
    """The SQL statements the app sends while the block runs."""
    statements: list[str] = []
    engine = app.state.runtime.database.engine.sync_engine

    def record(_conn: object, _cursor: object, sql: str, *_args: object) -> None:
        statements.append(sql)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


@pytest.fixture
async def catalog(app: Starlette, api: Api) -> list[int]:
    """At least 60 public products with a store and two reviews each; their ids."""
    owner = await api.register()
    return await seed_catalog(app, owner=int(owner.id), products=60)


async def test_statements_per_request_do_not_grow_with_the_page(
    app: Starlette, api: Api, catalog: list[int]
) -> None:
    # Start the pages at this test's own products: what other tests left in
    # the database (products without reviews, say) must not change the count.
    start = encode_cursor(catalog[0] - 1)

    with counted_statements(app) as small:
        five = await api.graphql(PRODUCT_PAGE, {"first": 5, "after": start})
    with counted_statements(app) as large:
        fifty = await api.graphql(PRODUCT_PAGE, {"first": 50, "after": start})

    assert len(five["data"]["products"]["edges"]) == 5  # type: ignore[index]
    assert len(fifty["data"]["products"]["edges"]) == 50  # type: ignore[index]
    assert len(small) == len(large), (small, large)
    assert len(large) <= 5


@pytest.mark.usefixtures("catalog")
async def test_paging_with_after_visits_every_product_once(api: Api) -> None:
    seen: list[str] = []
    after = None

    for _ in range(1000):
        body = await api.graphql(PRODUCT_PAGE, {"first": 7, "after": after})
        connection = body["data"]["products"]  # type: ignore[index]
        seen += [edge["node"]["id"] for edge in connection["edges"]]
        if not connection["pageInfo"]["hasNextPage"]:
            break
        after = connection["pageInfo"]["endCursor"]

    assert len(seen) == len(set(seen)) >= 60
    assert seen == sorted(seen, key=int)


@pytest.mark.usefixtures("catalog")
async def test_an_empty_page_still_says_more_follow(api: Api) -> None:
    body = await api.graphql(PRODUCT_PAGE, {"first": 0})

    connection = body["data"]["products"]  # type: ignore[index]
    assert connection["edges"] == []
    assert connection["pageInfo"] == {"hasNextPage": True, "endCursor": None}


@pytest.mark.parametrize(
    ("variables", "field"),
    [
        ({"first": 101}, "first"),
        ({"first": -1}, "first"),
        ({"after": "not-a-cursor"}, "after"),
        ({"after": "aWQ6LTE="}, "after"),
    ],
    ids=["first-101", "first-negative", "garbage-cursor", "forged-cursor"],
)
async def test_page_arguments_out_of_range_are_bad_input(
    api: Api, variables: dict[str, object], field: str
) -> None:
    body = await api.graphql(PRODUCT_PAGE, variables)

    errors = body["errors"]
    assert errors[0]["extensions"] == {"code": "BAD_USER_INPUT", "field": field}  # type: ignore[index]


async def test_nested_pages_are_checked_too(api: Api) -> None:
    customer = await api.register()

    body = await api.graphql(
        "{ me { orders(first: 500) { edges { cursor } } } }", token=customer.access
    )

    errors = body["errors"]
    assert errors[0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "first"}  # type: ignore[index]
