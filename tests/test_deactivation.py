"""Deactivation, exactly as contract section 6 and the seed document describe it."""

import httpx
import pytest
from sqlalchemy import func, select
from starlette.applications import Starlette

from models import AccountEvent, Customer
from server import create_app
from settings import Settings
from tests.conftest import PASSWORD, Account, Api

DEACTIVATE = """
mutation($id: ID!) {
  deactivateCustomer(id: $id) { customer { id isActive deactivatedAt } }
}
"""
AUTHENTICATED_QUERIES = {
    "me": ("{ me { id } }", {}),
    "customer": ("query($id: ID!) { customer(id: $id) { id } }", {"id": "ID"}),
    "updateCustomer": (
        "mutation($id: ID!) {"
        ' updateCustomer(id: $id, input: {firstName: "B"}) { id } }',
        {"id": "ID"},
    ),
    "deactivateCustomer": (DEACTIVATE, {"id": "ID"}),
}


async def deactivate(api: Api, account: Account) -> dict[str, object]:
    """Deactivate the account over GraphQL with its own token."""
    return await api.graphql(DEACTIVATE, {"id": account.id}, token=account.access)


async def event_kinds(app: Starlette, customer_id: str) -> list[str]:
    """The account's events, oldest first."""
    async with app.state.runtime.database.session() as session:
        rows = await session.scalars(
            select(AccountEvent.kind)
            .where(AccountEvent.customer_id == int(customer_id))
            .order_by(AccountEvent.id)
        )
        return [str(kind) for kind in rows]


async def test_deactivation_answers_with_the_inactive_customer(api: Api) -> None:
    account = await api.register()

    body = await deactivate(api, account)

    customer = body["data"]["deactivateCustomer"]["customer"]  # type: ignore[index]
    assert customer["id"] == account.id
    assert customer["isActive"] is False
    assert customer["deactivatedAt"] is not None


async def test_deactivation_writes_one_event_with_its_interface(
    api: Api, app: Starlette, client: httpx.AsyncClient
) -> None:
    over_graphql, over_rest = await api.register(), await api.register()

    await deactivate(api, over_graphql)
    await client.delete(f"/api/v1/customers/{over_rest.id}/", headers=over_rest.headers)

    assert await event_kinds(app, over_graphql.id) == ["registered", "deactivated"]
    async with app.state.runtime.database.session() as session:
        interface = await session.scalar(
            select(AccountEvent.interface).where(
                AccountEvent.customer_id == int(over_rest.id),
                AccountEvent.kind == "deactivated",
            )
        )
    assert interface == "rest"


@pytest.mark.parametrize("field", list(AUTHENTICATED_QUERIES))
async def test_old_token_is_refused_by_every_authenticated_field(
    api: Api, field: str
) -> None:
    account = await api.register()
    await deactivate(api, account)
    query, variables = AUTHENTICATED_QUERIES[field]

    body = await api.graphql(
        query, dict.fromkeys(variables, account.id), token=account.access
    )

    assert body["data"] is None
    error = body["errors"][0]  # type: ignore[index]
    assert error["extensions"]["code"] == "UNAUTHENTICATED"
    assert error["message"] == "Given token not valid for any token type"


@pytest.mark.parametrize("method", ["GET", "PATCH", "DELETE"])
async def test_old_token_is_refused_over_rest(
    api: Api, client: httpx.AsyncClient, method: str
) -> None:
    account = await api.register()
    await deactivate(api, account)

    response = await client.request(
        method, f"/api/v1/customers/{account.id}/", headers=account.headers, json={}
    )

    assert response.status_code == 401
    assert response.json() == {"detail": "Given token not valid for any token type"}


async def test_old_token_is_refused_by_a_second_server_sharing_the_database(
    api: Api, settings: Settings
) -> None:
    second_app = create_app(settings)
    transport = httpx.ASGITransport(app=second_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://two") as second:
        account = await api.register()
        before = await second.get(
            "/graphql", params={"query": "{ me { id } }"}, headers=account.headers
        )

        await deactivate(api, account)

        after = await second.get(
            "/graphql", params={"query": "{ me { id } }"}, headers=account.headers
        )
    await second_app.state.runtime.database.dispose()
    assert before.json() == {"data": {"me": {"id": account.id}}}
    assert after.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_refresh_token_stops_working(api: Api, client: httpx.AsyncClient) -> None:
    account = await api.register()
    await deactivate(api, account)

    rest = await client.post(
        "/api/v1/auth/token/refresh/", json={"refresh": account.refresh}
    )
    graphql = await api.graphql(
        "mutation($t: String!) { refreshToken(refreshToken: $t) { accessToken } }",
        {"t": account.refresh},
    )

    assert rest.status_code == 401
    assert graphql["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"  # type: ignore[index]


async def test_account_cannot_log_in(api: Api, client: httpx.AsyncClient) -> None:
    account = await api.register()
    await deactivate(api, account)

    response = await client.post(
        "/api/v1/auth/token/", json={"email": account.email, "password": PASSWORD}
    )

    assert response.status_code == 401
    assert response.json() == {
        "detail": "No active account found with the given credentials"
    }


@pytest.mark.parametrize(
    "spelling", [str.lower, str.upper, str.title], ids=["lower", "upper", "title"]
)
async def test_email_stays_reserved_in_any_letter_case(
    api: Api, client: httpx.AsyncClient, spelling: object
) -> None:
    account = await api.register()
    await deactivate(api, account)
    email = spelling(account.email)  # type: ignore[operator]

    graphql = await api.graphql(
        "mutation($i: RegisterCustomerInput!) { registerCustomer(input: $i) { id } }",
        {"i": {"email": email, "password": PASSWORD}},
    )
    rest = await client.post(
        "/api/v1/customers/", json={"email": email, "password": PASSWORD}
    )

    assert graphql["errors"][0]["extensions"] == {
        "code": "BAD_USER_INPUT",
        "field": "email",
    }  # type: ignore[index]
    assert rest.status_code == 400
    assert list(rest.json()) == ["email"]


async def test_nothing_is_deleted(api: Api, app: Starlette) -> None:
    account = await api.register()
    async with app.state.runtime.database.session() as session:
        customers_before = await session.scalar(
            select(func.count()).select_from(Customer)
        )

    await deactivate(api, account)

    async with app.state.runtime.database.session() as session:
        customers_after = await session.scalar(
            select(func.count()).select_from(Customer)
        )
        row = await session.get(Customer, int(account.id))
    assert customers_after == customers_before
    assert row is not None
    assert row.email == account.email
    assert row.is_active is False
    assert row.deactivated_at is not None


async def test_deactivating_again_with_the_old_token_is_refused(api: Api) -> None:
    account = await api.register()
    await deactivate(api, account)

    body = await deactivate(api, account)

    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"  # type: ignore[index]


async def test_staff_still_see_the_deactivated_customer(
    api: Api, staff: Account
) -> None:
    account = await api.register()
    await deactivate(api, account)

    body = await api.graphql(
        "query($id: ID!) { customer(id: $id) { isActive deactivatedAt } }",
        {"id": account.id},
        token=staff.access,
    )

    assert body["data"]["customer"]["isActive"] is False  # type: ignore[index]


async def test_deactivation_bumps_the_token_version(api: Api, app: Starlette) -> None:
    account = await api.register()

    await deactivate(api, account)

    async with app.state.runtime.database.session() as session:
        row = await session.get(Customer, int(account.id))
    assert row is not None
    assert row.token_version == 1
