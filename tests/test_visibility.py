"""Who sees what: yourself, staff, and the public."""

import httpx
import pytest
from graphql import GraphQLObjectType

from schema import build_schema
from tests.conftest import Account, Api
from tests.shop import Shop

ORDERS_OF = "query($id: ID!) { customer(id: $id) { orders { edges { cursor } } } }"


async def test_a_customer_cannot_read_another_customers_orders(
    api: Api, shop: Shop
) -> None:
    owner, buyer, snoop = [await api.register() for _ in range(3)]
    await shop.buy(buyer, await shop.add_product(owner, await shop.open_store(owner)))

    body = await api.graphql(ORDERS_OF, {"id": buyer.id}, token=snoop.access)

    assert body["errors"][0]["extensions"] == {"code": "FORBIDDEN"}  # type: ignore[index]
    assert body["data"] is None


async def test_staff_read_any_customers_orders(
    api: Api, shop: Shop, staff: Account
) -> None:
    owner, buyer = await api.register(), await api.register()
    await shop.buy(buyer, await shop.add_product(owner, await shop.open_store(owner)))

    body = await api.graphql(ORDERS_OF, {"id": buyer.id}, token=staff.access)

    assert len(body["data"]["customer"]["orders"]["edges"]) == 1  # type: ignore[index]


async def test_the_event_history_is_for_staff_only(api: Api, staff: Account) -> None:
    customer = await api.register()
    query = "query($id: ID!) { customer(id: $id) { events { kind interface } } }"

    own = await api.graphql(query, {"id": customer.id}, token=customer.access)
    seen_by_staff = await api.graphql(query, {"id": customer.id}, token=staff.access)

    assert own["errors"][0]["extensions"] == {"code": "FORBIDDEN"}  # type: ignore[index]
    assert seen_by_staff["data"]["customer"]["events"] == [  # type: ignore[index]
        {"kind": "REGISTERED", "interface": "GRAPHQL"}
    ]


async def test_the_customer_list_is_for_staff_only(api: Api) -> None:
    customer = await api.register()

    body = await api.graphql(
        "{ customers { edges { cursor } } }", token=customer.access
    )
    anonymous = await api.graphql("{ customers { edges { cursor } } }")

    assert body["errors"][0]["extensions"] == {"code": "FORBIDDEN"}  # type: ignore[index]
    assert anonymous["errors"][0]["extensions"] == {"code": "UNAUTHENTICATED"}  # type: ignore[index]


def public_types() -> set[str]:
    """Every type reachable from the public queries, without a token."""
    schema = build_schema()._schema
    query = schema.query_type
    assert query is not None
    roots = [
        query.fields[name].type for name in ("products", "product", "stores", "store")
    ]
    seen: set[str] = set()
    pending = list(roots)
    while pending:
        named = pending.pop()
        while hasattr(named, "of_type"):
            named = named.of_type
        if named.name in seen:
            continue
        seen.add(named.name)
        if isinstance(named, GraphQLObjectType):
            pending += [field.type for field in named.fields.values()]
    return seen


def test_the_public_queries_reach_no_customer_and_no_email() -> None:
    reachable = public_types()

    assert "Customer" not in reachable
    schema = build_schema()._schema
    fields = {
        name
        for type_name in reachable
        if isinstance(schema.type_map[type_name], GraphQLObjectType)
        for name in schema.type_map[type_name].fields  # type: ignore[union-attr]
    }
    assert "email" not in fields


@pytest.mark.parametrize(
    "query", ["{ me { email } }", '{ customer(id: "1") { email } }']
)
async def test_without_a_token_no_email_is_answered(api: Api, query: str) -> None:
    body = await api.graphql(query)

    assert body["data"] is None
    assert body["errors"][0]["extensions"] == {"code": "UNAUTHENTICATED"}  # type: ignore[index]


@pytest.mark.parametrize(
    "authorization", ["Bearer not-a-token", "Basic abc", "Bearer "], ids=str
)
async def test_public_queries_answer_even_with_a_bad_token(
    client: httpx.AsyncClient, authorization: str
) -> None:
    response = await client.post(
        "/graphql",
        json={"query": "{ products(first: 1) { edges { cursor } } }"},
        headers={"Authorization": authorization},
    )

    body = response.json()
    assert response.status_code == 200
    assert "errors" not in body
    assert "edges" in body["data"]["products"]
