"""CORS for the configured origins only, and security headers on every response."""

from collections.abc import AsyncIterator

import httpx
import pytest

import rest.routes
from settings import Settings
from tests.conftest import client_with

ALLOWED = "https://shop.example"
FOREIGN = "https://evil.example"
ME = {"query": "{ me { id } }"}


@pytest.fixture
async def cors_client(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """A client of an app that lets one browser origin in."""
    async with client_with(
        settings.model_copy(update={"cors_origins": [ALLOWED]})
    ) as c:
        yield c


async def preflight(
    client: httpx.AsyncClient, path: str, origin: str
) -> httpx.Response:
    """The browser's OPTIONS request before a POST with an Authorization header."""
    return await client.options(
        path,
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, content-type",
        },
    )


@pytest.mark.parametrize("path", ["/graphql", "/api/v1/auth/token/"])
async def test_an_allowed_origin_passes_the_preflight(
    cors_client: httpx.AsyncClient, path: str
) -> None:
    response = await preflight(cors_client, path, ALLOWED)

    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == ALLOWED
    assert "POST" in response.headers["access-control-allow-methods"]
    assert "authorization" in response.headers["access-control-allow-headers"].lower()


@pytest.mark.parametrize("path", ["/graphql", "/api/v1/auth/token/"])
async def test_a_foreign_origin_fails_the_preflight(
    cors_client: httpx.AsyncClient, path: str
) -> None:
    response = await preflight(cors_client, path, FOREIGN)

    assert response.status_code == 400
    assert "access-control-allow-origin" not in response.headers


@pytest.mark.parametrize(
    ("origin", "allowed_origin"),
    [(ALLOWED, ALLOWED), (FOREIGN, None)],
    ids=["allowed", "foreign"],
)
async def test_only_an_allowed_origin_may_read_a_response(
    cors_client: httpx.AsyncClient, origin: str, allowed_origin: str | None
) -> None:
    response = await cors_client.post("/graphql", json=ME, headers={"Origin": origin})

    assert response.status_code == 200
    assert response.headers.get("access-control-allow-origin") == allowed_origin


async def test_without_cors_origins_no_origin_is_allowed(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post("/graphql", json=ME, headers={"Origin": ALLOWED})

    assert "access-control-allow-origin" not in response.headers


async def broken_authentication(*args: object, **kwargs: object) -> None:
    """Stands in for a bug in a REST route."""
    raise RuntimeError("broken")


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("POST", "/graphql", 200),
        ("GET", "/graphql?query={__typename}", 200),
        ("GET", "/api/v1/customers/1/", 401),
        ("GET", "/healthz", 200),
        ("GET", "/readyz", 200),
        ("GET", "/no/such/path", 404),
        ("PUT", "/api/v1/customers/1/", 405),
        ("GET", "/api/v1/customers/1/?broken", 500),
    ],
    ids=[
        "graphql",
        "graphql-get",
        "rest-401",
        "healthz",
        "readyz",
        "404",
        "405",
        "500",
    ],
)
async def test_every_response_forbids_content_sniffing(
    client: httpx.AsyncClient,
    monkeypatch: pytest.MonkeyPatch,
    method: str,
    path: str,
    status: int,
) -> None:
    if status == 500:
        monkeypatch.setattr(rest.routes, "authenticate", broken_authentication)

    response = await client.request(method, path, json=ME if method == "POST" else None)

    assert response.status_code == status
    assert response.headers["x-content-type-options"] == "nosniff"


async def test_an_unexpected_error_still_forbids_content_sniffing(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rest.routes, "authenticate", broken_authentication)

    response = await client.get("/api/v1/customers/1/")

    assert response.status_code == 500
    assert response.json() == {"detail": "Unexpected error."}
    assert response.headers["x-content-type-options"] == "nosniff"


async def test_a_preflight_forbids_content_sniffing(
    cors_client: httpx.AsyncClient,
) -> None:
    response = await preflight(cors_client, "/graphql", ALLOWED)

    assert response.headers["x-content-type-options"] == "nosniff"


async def test_the_playground_page_may_not_be_framed(client: httpx.AsyncClient) -> None:
    response = await client.get("/graphql", headers={"Accept": "text/html"})

    assert response.status_code == 200
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"
