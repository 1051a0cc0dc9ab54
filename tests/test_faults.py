"""Database faults: the service says 503, never hangs, and resumes by itself.

On PostgreSQL a real server reaches the database through a proxy the test
cuts (every connection dropped, new ones refused) and restores. On SQLite
the lighter fault is a write lock held past the busy timeout.
"""

import asyncio
import sqlite3
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import httpx
import pytest

from errors import UNAVAILABLE
from server import create_app
from settings import Settings
from tests.conftest import PASSWORD, Account, Api, unique_email
from tests.db_proxy import DatabaseProxy, database_proxy
from tests.live_server import LiveServer, live_server

REQUEST_TIMEOUT = httpx.Timeout(15.0)
# An outage must be answered quickly: refused connections fail at once, and
# the engine's connect timeout bounds the rest.
QUICK_ANSWER_SECONDS = 6.0
LOCK_WAIT_SECONDS = 10.0
UNAVAILABLE_BODY = {"detail": UNAVAILABLE}
REGISTER = (
    "mutation($input: RegisterCustomerInput!) {"
    " registerCustomer(input: $input) { id } }"
)
DEACTIVATE = "mutation($id: ID!) { deactivateCustomer(id: $id) { customer { id } } }"


@dataclass(frozen=True)
class Outage:
    """A live server whose database connection runs through a cuttable proxy."""

    server: LiveServer
    proxy: DatabaseProxy
    database_url: str


def through_proxy(database_url: str, proxy_port: int) -> str:
    """The database URL with its host and port replaced by the proxy's."""
    parts = urlsplit(database_url)
    credentials = parts.netloc.rpartition("@")[0]
    netloc = (
        f"{credentials}@127.0.0.1:{proxy_port}"
        if credentials
        else (f"127.0.0.1:{proxy_port}")
    )
    return urlunsplit(parts._replace(netloc=netloc))


@pytest.fixture(scope="module")
def outage(
    database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Outage]:
    """A one-worker server on PostgreSQL behind a proxy, both stopped afterwards."""
    if not database_url.startswith("postgresql"):
        pytest.skip("database outages are played through a proxy to PostgreSQL")
    parts = urlsplit(database_url)
    upstream = (parts.hostname or "127.0.0.1", parts.port or 5432)
    with database_proxy(upstream_host=upstream[0], upstream_port=upstream[1]) as proxy:
        proxied = through_proxy(database_url, proxy.port)
        directory = tmp_path_factory.mktemp("faults")
        with live_server(directory, database_url=proxied) as server:
            yield Outage(server=server, proxy=proxy, database_url=database_url)


@pytest.fixture
async def remote(outage: Outage) -> AsyncIterator[httpx.AsyncClient]:
    """A client of the server behind the proxy; the proxy is restored afterwards."""
    async with httpx.AsyncClient(
        base_url=outage.server.url, timeout=REQUEST_TIMEOUT
    ) as client:
        try:
            yield client
        finally:
            outage.proxy.restore()


async def ask(client: httpx.AsyncClient, kind: str, account: Account) -> httpx.Response:
    """One request of the given kind, as a client would send it."""
    if kind == "readiness":
        return await client.get("/readyz")
    if kind == "rest-read":
        return await client.get(
            f"/api/v1/customers/{account.id}/", headers=account.headers
        )
    if kind == "rest-login":
        return await client.post(
            "/api/v1/auth/token/",
            json={"email": account.email, "password": account.password},
        )
    if kind == "rest-register":
        return await client.post(
            "/api/v1/customers/", json={"email": unique_email(), "password": PASSWORD}
        )
    if kind == "graphql-query":
        return await client.post(
            "/graphql", json={"query": "{ me { id } }"}, headers=account.headers
        )
    variables = {"input": {"email": unique_email(), "password": PASSWORD}}
    return await client.post(
        "/graphql", json={"query": REGISTER, "variables": variables}
    )


KINDS = [
    "readiness",
    "rest-read",
    "rest-login",
    "rest-register",
    "graphql-query",
    "graphql-mutation",
]


def is_unavailable(kind: str, response: httpx.Response) -> bool:
    """True when the response is the contract's way of saying "try again shortly"."""
    if kind == "readiness":
        return response.status_code == 503
    if kind.startswith("rest"):
        return response.status_code == 503 and response.json() == UNAVAILABLE_BODY
    errors = response.json().get("errors") or []
    expected = {"message": UNAVAILABLE, "code": "SERVICE_UNAVAILABLE"}
    answered = [
        {"message": e["message"], "code": e["extensions"]["code"]} for e in errors
    ]
    return response.status_code == 200 and answered == [expected]


def is_served(kind: str, response: httpx.Response) -> bool:
    """True when the request succeeded as it does with the database up."""
    if kind.startswith("graphql"):
        body = response.json()
        return response.status_code == 200 and not body.get("errors")
    return response.status_code in {200, 201, 204}


@pytest.mark.parametrize("kind", KINDS)
async def test_a_cut_database_gives_a_quick_503_and_service_resumes_by_itself(
    outage: Outage, remote: httpx.AsyncClient, kind: str
) -> None:
    account = await Api(remote).register()
    outage.proxy.cut()

    started = time.monotonic()
    during = await ask(remote, kind, account)
    waited = time.monotonic() - started
    outage.proxy.restore()
    after = await ask(remote, kind, account)

    assert is_unavailable(kind, during), during.text
    assert waited < QUICK_ANSWER_SECONDS
    assert "Traceback" not in during.text
    assert is_served(kind, after), after.text


async def test_an_outage_logs_one_warning_per_request_and_no_traceback(
    outage: Outage, remote: httpx.AsyncClient
) -> None:
    account = await Api(remote).register()
    logged_before = outage.server.log.stat().st_size
    outage.proxy.cut()

    for kind in KINDS:
        await ask(remote, kind, account)
    outage.proxy.restore()

    with outage.server.log.open(encoding="utf-8") as log:
        log.seek(logged_before)
        lines = log.read().splitlines()
    assert not [line for line in lines if "Traceback" in line or "ERROR" in line]
    assert len([line for line in lines if "WARNING" in line]) == len(KINDS)


async def wait_for_lock_wait(connection: asyncpg.Connection, statement: str) -> None:
    """Return once another session's `statement` is waiting for a row lock."""
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    while time.monotonic() < deadline:
        # Inside a transaction the activity view is a snapshot; take a new one.
        await connection.execute("SELECT pg_stat_clear_snapshot()")
        waiting = await connection.fetchval(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
            " AND datname = current_database() AND query ILIKE $1",
            f"{statement}%",
        )
        if waiting:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"No {statement!r} waited for the row lock.")


async def account_state(
    connection: asyncpg.Connection, customer_id: str
) -> tuple[bool, bool, int, int]:
    """is_active, whether deactivated_at is set, token_version, deactivated events."""
    row = await connection.fetchrow(
        "SELECT is_active, deactivated_at IS NOT NULL AS stamped, token_version,"
        " (SELECT count(*) FROM account_event e WHERE e.customer_id = c.id"
        "  AND e.kind = 'deactivated') AS events"
        " FROM customer c WHERE c.id = $1",
        int(customer_id),
    )
    return row["is_active"], row["stamped"], row["token_version"], row["events"]


@pytest.mark.parametrize("via", ["rest", "graphql"])
async def test_a_deactivation_cut_off_midway_changes_nothing_and_can_be_retried(
    outage: Outage, remote: httpx.AsyncClient, via: str
) -> None:
    account = await Api(remote).register()
    direct = await asyncpg.connect(outage.database_url, timeout=5)
    before = await account_state(direct, account.id)

    # A row lock held from outside makes the deactivation's UPDATE wait inside
    # its transaction; the proxy is cut right there.
    try:
        async with direct.transaction():
            await direct.execute(
                "SELECT id FROM customer WHERE id = $1 FOR UPDATE", int(account.id)
            )
            attempt = asyncio.create_task(deactivate(remote, account, via))
            await wait_for_lock_wait(direct, "UPDATE customer")
            outage.proxy.cut()
            interrupted = await asyncio.wait_for(attempt, QUICK_ANSWER_SECONDS)
        outage.proxy.restore()
        after_cut = await account_state(direct, account.id)
        retried = await deactivate(remote, account, via)
        after_retry = await account_state(direct, account.id)
    finally:
        await direct.close()

    assert is_unavailable(via, interrupted), interrupted.text
    assert after_cut == before == (True, False, before[2], 0)
    assert is_served(via, retried)
    assert after_retry == (False, True, before[2] + 1, 1)


async def deactivate(
    client: httpx.AsyncClient, account: Account, via: str
) -> httpx.Response:
    """Ask to deactivate the account over REST or GraphQL."""
    if via == "rest":
        return await client.delete(
            f"/api/v1/customers/{account.id}/", headers=account.headers
        )
    return await client.post(
        "/graphql",
        json={"query": DEACTIVATE, "variables": {"id": account.id}},
        headers=account.headers,
    )


@pytest.fixture
async def impatient_client(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """The app in-process on SQLite, waiting only briefly for the write lock."""
    if not settings.is_sqlite:
        pytest.skip("the busy timeout is SQLite's")
    app = create_app(settings.model_copy(update={"sqlite_busy_timeout_ms": 200}))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
        yield c
    await app.state.runtime.database.dispose()


@contextmanager
def write_lock_held(database: Path) -> Iterator[None]:
    """Hold SQLite's write lock from another connection for the block."""
    connection = sqlite3.connect(database, isolation_level=None)
    try:
        connection.execute("BEGIN IMMEDIATE")
        yield
    finally:
        connection.rollback()
        connection.close()


@pytest.mark.parametrize("kind", ["rest-register", "graphql-mutation"])
async def test_a_write_lock_held_past_the_busy_timeout_is_a_503_until_released(
    settings: Settings, impatient_client: httpx.AsyncClient, kind: str
) -> None:
    account = await Api(impatient_client).register()
    assert settings.sqlite_path is not None

    with write_lock_held(settings.sqlite_path):
        during = await ask(impatient_client, kind, account)
    after = await ask(impatient_client, kind, account)

    assert is_unavailable(kind, during), during.text
    assert is_served(kind, after), after.text
