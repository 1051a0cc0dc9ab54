"""Login attempts over GraphQL and REST, read the same way, for throttling tests."""

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

import httpx
from starlette.applications import Starlette

from models.columns import utcnow

LOGIN = """
mutation($email: String!, $password: String!) {
  login(email: $email, password: $password) { accessToken }
}
"""
WRONG = "not the password"


@dataclass(frozen=True)
class Outcome:
    """What a login attempt came to, read the same way from GraphQL and REST."""

    kind: str
    retry_after: int | None = None


class Clock:
    """A clock for the throttle that moves only when a test says so."""

    def __init__(self) -> None:
        self.now = utcnow()

    def __call__(self) -> datetime:
        """The time the clock shows."""
        return self.now

    def advance(self, seconds: int) -> None:
        """Move the clock forward."""
        self.now += timedelta(seconds=seconds)


def unique_address() -> str:
    """A client address no other test uses (IPv6 documentation range)."""
    return f"2001:db8::{uuid.uuid4().hex[:4]}:{uuid.uuid4().hex[:4]}"


@asynccontextmanager
async def client_from(app: Starlette, address: str) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client whose requests come from `address`."""
    transport = httpx.ASGITransport(app=app, client=(address, 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
        yield c


async def attempt(
    client: httpx.AsyncClient, interface: str, email: str, password: str
) -> Outcome:
    """What one login over GraphQL or REST came to; checks a throttled answer."""
    if interface == "rest":
        return await attempt_over_rest(client, email, password)
    return await attempt_over_graphql(client, email, password)


async def attempt_over_rest(
    client: httpx.AsyncClient,
    email: str,
    password: str,
    headers: dict[str, str] | None = None,
) -> Outcome:
    """What one POST /api/v1/auth/token/ came to."""
    response = await client.post(
        "/api/v1/auth/token/",
        json={"email": email, "password": password},
        headers=headers,
    )
    if response.status_code != 429:
        return Outcome({200: "ok", 401: "refused"}[response.status_code])
    assert response.json() == {"detail": "Request was throttled."}
    return Outcome("throttled", int(response.headers["Retry-After"]))


async def attempt_over_graphql(
    client: httpx.AsyncClient, email: str, password: str
) -> Outcome:
    """What one `login` mutation came to."""
    response = await client.post(
        "/graphql",
        json={"query": LOGIN, "variables": {"email": email, "password": password}},
    )
    body = response.json()
    if not body.get("errors"):
        return Outcome("ok")
    error = body["errors"][0]
    if error["extensions"]["code"] == "UNAUTHENTICATED":
        return Outcome("refused")
    assert error["extensions"]["code"] == "TOO_MANY_REQUESTS"
    assert error["message"] == "Request was throttled."
    return Outcome("throttled", error["extensions"]["retryAfter"])


async def fail(
    client: httpx.AsyncClient, email: str, times: int, interface: str = "rest"
) -> list[str]:
    """Log in with a wrong password `times` times; what each attempt came to."""
    return [(await attempt(client, interface, email, WRONG)).kind for _ in range(times)]
