"""Requests that race: many at once, against two real worker processes.

The races run on PostgreSQL against `marketplace-api serve --workers 2`, so
the requests meet in different processes and only the database can order
them. The same races also run against the app in-process, on whichever
database the suite uses.
"""

import asyncio
import itertools
from collections import Counter
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from sqlalchemy import func, select
from starlette.applications import Starlette

from errors import EMAIL_TAKEN, INVALID_TOKEN
from models import AccountEvent, Customer, EventKind
from tests.conftest import PASSWORD, Account, Api, unique_email
from tests.live_server import LiveServer, live_server, workers_holding_connections

REQUEST_TIMEOUT = httpx.Timeout(15.0)
RACE_TIMEOUT_SECONDS = 30.0
DEACTIVATIONS = 50
REGISTRATIONS = 20
REFUSALS_PER_ROUND = 24
MAX_REFUSAL_ROUNDS = 20
DEACTIVATE = "mutation($id: ID!) { deactivateCustomer(id: $id) { customer { id } } }"
REGISTER = (
    "mutation($input: RegisterCustomerInput!) {"
    " registerCustomer(input: $input) { id } }"
)
ME = "{ me { id } }"


def is_postgres(database_url: str) -> bool:
    """True when the suite runs on PostgreSQL."""
    return database_url.startswith("postgresql")


@pytest.fixture(scope="module")
def two_workers(
    database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    """`marketplace-api serve --workers 2` on the test database."""
    if not is_postgres(database_url):
        pytest.skip("races between worker processes run on PostgreSQL only")
    directory = tmp_path_factory.mktemp("races")
    with live_server(directory, database_url=database_url, workers=2) as server:
        yield server


@pytest.fixture(params=["in-process", "two-workers"])
async def service(
    request: pytest.FixtureRequest, client: httpx.AsyncClient
) -> AsyncIterator[httpx.AsyncClient]:
    """A client of the app in-process, or of the two-worker server."""
    if request.param == "in-process":
        yield client
        return
    server: LiveServer = request.getfixturevalue("two_workers")
    async with live_client(server) as remote:
        yield remote


def live_client(server: LiveServer) -> httpx.AsyncClient:
    """A client of the live server with a fresh connection pool and bounded waits."""
    return httpx.AsyncClient(base_url=server.url, timeout=REQUEST_TIMEOUT)


async def at_once(*requests: object) -> list[httpx.Response]:
    """Fire every request together and wait for all, within the race's time limit."""
    gathered = asyncio.gather(*requests)  # type: ignore[arg-type]
    return await asyncio.wait_for(gathered, RACE_TIMEOUT_SECONDS)


async def deactivate(client: httpx.AsyncClient, account: Account, via: str) -> str:
    """One deactivation attempt: `deactivated`, `refused`, or what came back instead."""
    if via == "rest":
        response = await client.delete(
            f"/api/v1/customers/{account.id}/", headers=account.headers
        )
        return rest_outcome(response, success=204)
    response = await client.post(
        "/graphql",
        json={"query": DEACTIVATE, "variables": {"id": account.id}},
        headers=account.headers,
    )
    return graphql_outcome(response)


def rest_outcome(response: httpx.Response, *, success: int) -> str:
    """`deactivated` on the success status, `refused` on a 401 for the token."""
    if response.status_code == success:
        return "deactivated"
    if response.status_code == 401 and response.json() == {"detail": INVALID_TOKEN}:
        return "refused"
    return f"{response.status_code} {response.text}"


def graphql_outcome(response: httpx.Response) -> str:
    """`deactivated` when data came back, `refused` on UNAUTHENTICATED."""
    body = response.json() if response.status_code == 200 else {}
    errors = body.get("errors") or []
    if body.get("data") and not errors:
        return "deactivated"
    if [error["extensions"]["code"] for error in errors] == ["UNAUTHENTICATED"]:
        return "refused"
    return f"{response.status_code} {response.text}"


async def events_of(app: Starlette, customer_id: str, kind: EventKind) -> int:
    """How many events of this kind the customer has, read from the database."""
    async with app.state.runtime.database.session() as session:
        query = select(func.count()).where(
            AccountEvent.customer_id == int(customer_id), AccountEvent.kind == kind
        )
        return int(await session.scalar(query))


async def customer_row(app: Starlette, customer_id: str) -> Customer:
    """The customer's row as the database holds it now."""
    async with app.state.runtime.database.session() as session:
        customer = await session.get(Customer, int(customer_id))
    assert customer is not None
    return customer


@pytest.mark.parametrize(
    "interfaces",
    [["rest"], ["graphql"], ["rest", "graphql"]],
    ids=["rest", "graphql", "rest-and-graphql"],
)
async def test_fifty_deactivations_at_once_leave_one_inactive_account_and_one_event(
    service: httpx.AsyncClient, app: Starlette, interfaces: list[str]
) -> None:
    account = await Api(service).register()
    attempts = itertools.islice(itertools.cycle(interfaces), DEACTIVATIONS)

    outcomes = await at_once(*(deactivate(service, account, via) for via in attempts))

    assert Counter(outcomes) == {"deactivated": 1, "refused": DEACTIVATIONS - 1}
    assert not (await customer_row(app, account.id)).is_active
    assert await events_of(app, account.id, EventKind.DEACTIVATED) == 1


def letter_cases(email: str, count: int) -> list[str]:
    """`count` spellings of one email that differ only in letter case."""
    letters = [i for i, char in enumerate(email) if char.isalpha()]
    spellings = []
    for number in range(count):
        chars = list(email.lower())
        for bit, index in enumerate(letters):
            if number >> bit & 1:
                chars[index] = chars[index].upper()
        spellings.append("".join(chars))
    return spellings


async def register(client: httpx.AsyncClient, email: str, via: str) -> str:
    """One registration attempt: `registered`, `taken`, or what came back instead."""
    if via == "rest":
        response = await client.post(
            "/api/v1/customers/", json={"email": email, "password": PASSWORD}
        )
        if response.status_code == 201:
            return "registered"
        if response.status_code == 400 and response.json() == {"email": [EMAIL_TAKEN]}:
            return "taken"
        return f"{response.status_code} {response.text}"
    variables = {"input": {"email": email, "password": PASSWORD}}
    response = await client.post(
        "/graphql", json={"query": REGISTER, "variables": variables}
    )
    return registration_outcome(response)


def registration_outcome(response: httpx.Response) -> str:
    """`registered` when data came back, `taken` on BAD_USER_INPUT for the email."""
    body = response.json() if response.status_code == 200 else {}
    errors = body.get("errors") or []
    if body.get("data") and not errors:
        return "registered"
    taken = {"code": "BAD_USER_INPUT", "field": "email"}
    if [(e["message"], e["extensions"]) for e in errors] == [(EMAIL_TAKEN, taken)]:
        return "taken"
    return f"{response.status_code} {response.text}"


@pytest.mark.parametrize("via", ["rest", "graphql"])
async def test_one_email_registered_at_once_in_many_letter_cases_makes_one_account(
    service: httpx.AsyncClient, app: Starlette, via: str
) -> None:
    spellings = letter_cases(unique_email(), REGISTRATIONS)

    outcomes = await at_once(*(register(service, email, via) for email in spellings))

    assert Counter(outcomes) == {"registered": 1, "taken": REGISTRATIONS - 1}
    async with app.state.runtime.database.session() as session:
        query = select(func.count()).where(
            func.lower(Customer.email) == spellings[0].lower()
        )
        assert await session.scalar(query) == 1


async def refuse_everywhere(client: httpx.AsyncClient, account: Account) -> list[str]:
    """Use the account's old tokens on many connections at once; what each got."""
    kinds = itertools.islice(
        itertools.cycle(["rest", "graphql", "refresh"]), REFUSALS_PER_ROUND
    )
    return await at_once(*(use_old_token(client, account, kind) for kind in kinds))


async def use_old_token(client: httpx.AsyncClient, account: Account, kind: str) -> str:
    """Read the account, or refresh its tokens: `refused` when the token is dead."""
    if kind == "rest":
        response = await client.get(
            f"/api/v1/customers/{account.id}/", headers=account.headers
        )
    elif kind == "refresh":
        response = await client.post(
            "/api/v1/auth/token/refresh/", json={"refresh": account.refresh}
        )
    else:
        response = await client.post(
            "/graphql", json={"query": ME}, headers=account.headers
        )
        return graphql_outcome(response)
    return rest_outcome(response, success=200)


async def test_every_worker_refuses_the_old_tokens_right_after_deactivation(
    two_workers: LiveServer,
) -> None:
    async with live_client(two_workers) as client:
        account = await Api(client).register()
        assert await deactivate(client, account, "rest") == "deactivated"
    outcomes: list[str] = []
    workers: set[int] = set()

    # Each round opens fresh connections and, while they are still open, reads
    # from /proc which worker process accepted them. The kernel hands
    # connections to whichever worker accepts first, so rounds go on until
    # both have answered (or the bound is reached, failing below).
    for _ in range(MAX_REFUSAL_ROUNDS):
        async with live_client(two_workers) as client:
            outcomes += await refuse_everywhere(client, account)
            workers |= workers_holding_connections(two_workers)
        if len(workers) == 2:
            break

    assert len(workers) == 2, "only one worker process answered"
    assert set(outcomes) == {"refused"}, Counter(outcomes)
