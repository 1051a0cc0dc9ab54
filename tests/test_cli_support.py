"""`marketplace-api reactivate`: support brings a deactivated account back."""

import httpx
import pytest
from sqlalchemy import select
from starlette.applications import Starlette

from models import AccountEvent
from tests.cli import Cli
from tests.conftest import Account, Api

DEACTIVATE = "mutation($id: ID!) { deactivateCustomer(id: $id) { customer { id } } }"
UNKNOWN_ID = "2147483000"

# Marked here, not only by the conftest hook, so that parametrized async tests
# keep their parameters when anyio's plugin adds its backend.
pytestmark = pytest.mark.anyio


async def deactivated_account(api: Api) -> Account:
    """A customer who deactivated their own account through GraphQL."""
    account = await api.register()
    body = await api.graphql(DEACTIVATE, {"id": account.id}, token=account.access)
    assert "errors" not in body, body
    return account


async def event_log(app: Starlette, customer_id: str) -> list[tuple[str, str]]:
    """The customer's events as (kind, interface), oldest first."""
    query = (
        select(AccountEvent.kind, AccountEvent.interface)
        .where(AccountEvent.customer_id == int(customer_id))
        .order_by(AccountEvent.id)
    )
    async with app.state.runtime.database.session() as session:
        return [(str(kind), str(door)) for kind, door in await session.execute(query)]


async def test_reactivated_customer_can_log_in_again(api: Api, cli: Cli) -> None:
    account = await deactivated_account(api)

    outcome = await cli.run("reactivate", account.id)

    assert outcome.code == 0
    assert outcome.out == f"Reactivated customer {account.id}; they can log in again.\n"
    tokens = await api.login(account.email, account.password)
    body = await api.graphql("{ me { id isActive } }", token=tokens["access"])
    assert body == {"data": {"me": {"id": account.id, "isActive": True}}}


async def test_tokens_from_before_deactivation_stay_dead_after_reactivation(
    api: Api, cli: Cli, client: httpx.AsyncClient
) -> None:
    account = await deactivated_account(api)

    await cli.run("reactivate", account.id)

    body = await api.graphql("{ me { id } }", token=account.access)
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"  # type: ignore[index]
    refreshed = await client.post(
        "/api/v1/auth/token/refresh/", json={"refresh": account.refresh}
    )
    assert refreshed.status_code == 401


async def test_reactivation_is_logged_as_a_command_line_event(
    api: Api, cli: Cli, app: Starlette
) -> None:
    account = await deactivated_account(api)

    await cli.run("reactivate", account.id)

    assert await event_log(app, account.id) == [
        ("registered", "graphql"),
        ("deactivated", "graphql"),
        ("reactivated", "cli"),
    ]


async def test_reactivated_customer_shows_no_deactivation_time(
    api: Api, cli: Cli
) -> None:
    account = await deactivated_account(api)

    await cli.run("reactivate", account.id)

    tokens = await api.login(account.email, account.password)
    body = await api.graphql("{ me { deactivatedAt } }", token=tokens["access"])
    assert body == {"data": {"me": {"deactivatedAt": None}}}


@pytest.mark.parametrize(
    ("customer_id", "message"),
    [
        pytest.param(UNKNOWN_ID, f"No customer has the id {UNKNOWN_ID}.", id="unknown"),
        pytest.param(
            "abc",
            "'abc' is not a customer id; give a whole number such as 42.",
            id="not-a-number",
        ),
        pytest.param(
            "-3",
            "'-3' is not a customer id; give a whole number such as 42.",
            id="negative",
        ),
    ],
)
async def test_reactivate_refuses_an_id_that_names_nobody(
    cli: Cli, customer_id: str, message: str
) -> None:
    outcome = await cli.run("reactivate", customer_id)

    assert outcome.code == 1
    assert outcome.err == f"error: {message}\n"


async def test_reactivate_refuses_an_active_account(api: Api, cli: Cli) -> None:
    account = await api.register()

    outcome = await cli.run("reactivate", account.id)

    assert outcome.code == 1
    assert outcome.err == f"error: Customer {account.id} is already active.\n"


async def test_reactivate_twice_refuses_the_second_time(
    api: Api, cli: Cli, app: Starlette
) -> None:
    account = await deactivated_account(api)

    first = await cli.run("reactivate", account.id)
    second = await cli.run("reactivate", account.id)

    assert (first.code, second.code) == (0, 1)
    assert [kind for kind, _ in await event_log(app, account.id)].count(
        "reactivated"
    ) == 1


async def test_reactivate_refuses_an_erased_account(api: Api, cli: Cli) -> None:
    account = await api.register()
    await cli.run("erase", account.id, "--yes")

    outcome = await cli.run("reactivate", account.id)

    assert outcome.code == 1
    assert outcome.err == (
        f"error: Customer {account.id} was erased; "
        "an erased account cannot be reactivated.\n"
    )
