"""Shared fixtures: a migrated database, the app, and an HTTP client for it.

The suite runs on a temporary SQLite file, or on PostgreSQL when
`TEST_DATABASE_URL` is set.
"""

import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

import httpx
import pytest
from starlette.applications import Starlette

from migrations import upgrade_database
from models import Interface
from resolvers.customers import Registration, register_customer
from server import create_app
from settings import Settings

if TYPE_CHECKING:
    # tests.shop and tests.cli build on what this module defines, so they are
    # imported where they are used.
    from tests.cli import Cli
    from tests.shop import Shop

TEST_SECRET = "test-secret-that-is-long-enough-for-hs256-keys"
PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="session")
def anyio_backend() -> str:
    """Tests run on asyncio, as the server does."""
    return "asyncio"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A migrated database for the whole session."""
    url = os.environ.get("TEST_DATABASE_URL") or (
        f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
    )
    upgrade_database(Settings(database_url=url).database_url)
    return url


@pytest.fixture
def settings(database_url: str) -> Settings:
    """Settings for tests: fast password hashing and a fixed secret.

    Every test's client is 127.0.0.1, so the per-address login limit is raised
    out of reach; tests of that limit lower it and use an address of their own.
    """
    return Settings(
        _env_file=None,
        database_url=database_url,
        jwt_secret=TEST_SECRET,
        password_hash_time_cost=1,
        password_hash_memory_cost=1024,
        login_max_failures_per_address=100_000,
    )


@pytest.fixture
async def app(settings: Settings) -> AsyncIterator[Starlette]:
    """The service, disposed of after the test."""
    app = create_app(settings)
    yield app
    await app.state.runtime.database.dispose()


@pytest.fixture
async def client(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client talking to the app in-process."""
    async with client_of(app) as c:
        yield c


def client_of(app: Starlette) -> httpx.AsyncClient:
    """An in-process HTTP client of `app`; use it with `async with`."""
    transport = httpx.ASGITransport(app=app)
    return httpx.AsyncClient(transport=transport, base_url="http://test")


@asynccontextmanager
async def client_with(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """A client of an app built now with `settings`, disposed of afterwards."""
    app = create_app(settings)
    try:
        async with client_of(app) as c:
            yield c
    finally:
        await app.state.runtime.database.dispose()


@dataclass
class Account:
    """A registered customer as a test knows it."""

    id: str
    email: str
    password: str
    access: str
    refresh: str

    @property
    def headers(self) -> dict[str, str]:
        """The Authorization header of this customer's access token."""
        return {"Authorization": f"Bearer {self.access}"}


class Api:
    """Calls the service the way a client would."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client

    async def graphql(
        self,
        query: str,
        variables: dict[str, object] | None = None,
        *,
        token: str | None = None,
    ) -> dict[str, object]:
        """POST a GraphQL operation and return the decoded body."""
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        response = await self.client.post(
            "/graphql", json={"query": query, "variables": variables}, headers=headers
        )
        assert response.status_code == 200, response.text
        return response.json()

    async def register(self, *, email: str | None = None) -> Account:
        """A new customer, logged in."""
        email = email or unique_email()
        body = await self.graphql(
            "mutation($input: RegisterCustomerInput!) {"
            " registerCustomer(input: $input) { id } }",
            {"input": {"email": email, "password": PASSWORD, "firstName": "Ada"}},
        )
        customer_id = body["data"]["registerCustomer"]["id"]  # type: ignore[index]
        tokens = await self.login(email, PASSWORD)
        return Account(
            customer_id, email, PASSWORD, tokens["access"], tokens["refresh"]
        )

    async def login(self, email: str, password: str) -> dict[str, str]:
        """A token pair from the REST token endpoint."""
        response = await self.client.post(
            "/api/v1/auth/token/", json={"email": email, "password": password}
        )
        assert response.status_code == 200, response.text
        return response.json()


@pytest.fixture
def api(client: httpx.AsyncClient) -> Api:
    """A client-side helper bound to the test's app."""
    return Api(client)


def unique_email() -> str:
    """An email no other test uses."""
    return f"customer-{uuid.uuid4().hex[:12]}@example.com"


@pytest.fixture
async def staff(app: Starlette, api: Api) -> Account:
    """A logged-in staff member, made the way an operator would (not via the API)."""
    runtime = app.state.runtime
    email = unique_email()
    async with runtime.database.session() as session:
        row = await register_customer(
            session,
            passwords=runtime.passwords,
            registration=Registration(email=email, password=PASSWORD, is_staff=True),
            interface=Interface.CLI,
            erasure_key=runtime.tokens.secret,
        )
    tokens = await api.login(email, PASSWORD)
    return Account(str(row.id), email, PASSWORD, tokens["access"], tokens["refresh"])


@pytest.fixture
def shop(api: Api) -> "Shop":
    """Shop actions over GraphQL (stores, products, carts, orders, reviews)."""
    from tests.shop import Shop

    return Shop(api)


@pytest.fixture
def cli(
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> "Cli":
    """`marketplace-api` commands run in-process against the test database."""
    from tests.cli import Cli

    return Cli(settings, monkeypatch, capsys)
