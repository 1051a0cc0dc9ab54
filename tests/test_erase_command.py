"""`marketplace-api erase` as an operator meets it: the question, and refusals."""

import os
import subprocess
import sys

import anyio
import pytest
from starlette.applications import Starlette

import server
from models import Customer
from resolvers.customers import display_name
from settings import Settings
from tests.cli import Cli
from tests.conftest import TEST_SECRET, Api

pytestmark = pytest.mark.anyio


async def load_customer(app: Starlette, customer_id: str) -> Customer:
    """The customer row as the database holds it now."""
    async with app.state.runtime.database.session() as session:
        customer = await session.get(Customer, int(customer_id))
    assert customer is not None
    return customer


async def test_erase_asks_and_goes_ahead_on_yes(
    api: Api, cli: Cli, app: Starlette
) -> None:
    account = await api.register()

    outcome = await cli.run("erase", account.id, answer="yes")

    assert outcome.code == 0
    assert f"Erase the personal data of customer {account.id}" in outcome.err
    assert display_name(await load_customer(app, account.id)) == "Former customer"


@pytest.mark.parametrize("answer", ["n", "", "nope"])
async def test_erase_asks_and_stops_on_anything_but_yes(
    api: Api, cli: Cli, app: Starlette, answer: str
) -> None:
    account = await api.register()

    outcome = await cli.run("erase", account.id, answer=answer)

    assert outcome.code == 1
    assert outcome.err.endswith("error: Nothing was erased.\n")
    assert (await load_customer(app, account.id)).email == account.email


async def test_erase_without_a_terminal_or_yes_refuses(
    api: Api, cli: Cli, app: Starlette
) -> None:
    account = await api.register()

    outcome = await cli.run("erase", account.id)

    assert outcome.code == 1
    assert outcome.err == "error: No terminal to confirm on: pass --yes to go ahead.\n"
    assert (await load_customer(app, account.id)).is_active is True


async def test_erase_refuses_an_unknown_id(cli: Cli) -> None:
    outcome = await cli.run("erase", "2147483000", "--yes")

    assert outcome.code == 1
    assert outcome.err == "error: No customer has the id 2147483000.\n"


async def test_erase_refuses_an_account_erased_already(
    api: Api, cli: Cli, app: Starlette
) -> None:
    account = await api.register()
    await cli.run("erase", account.id, "--yes")

    outcome = await cli.run("erase", account.id, "--yes")

    assert outcome.code == 1
    assert outcome.err == f"error: Customer {account.id} is already erased.\n"


async def test_erase_in_a_separate_process_without_a_terminal_refuses(
    api: Api, settings: Settings, app: Starlette
) -> None:
    account = await api.register()
    environment = {
        **os.environ,
        "DATABASE_URL": settings.database_url,
        "JWT_SECRET": TEST_SECRET,
        "LOG_LEVEL": "WARNING",
    }

    finished = await anyio.run_process(
        [sys.executable, server.__file__, "erase", account.id],
        check=False,
        env=environment,
        stdin=subprocess.DEVNULL,
    )

    assert finished.returncode == 1
    assert finished.stderr.decode() == (
        "error: No terminal to confirm on: pass --yes to go ahead.\n"
    )
    assert (await load_customer(app, account.id)).is_active is True
