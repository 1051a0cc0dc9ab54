"""Every REST response, errors included, points clients to GraphQL."""

import httpx
import pytest

from tests.conftest import Api

# Marked here, not only by the conftest hook, so parametrized cases keep ids.
pytestmark = pytest.mark.anyio


def assert_deprecated(response: httpx.Response) -> None:
    """The response carries the `Deprecation` header and the successor link."""
    assert response.headers["deprecation"] == "true"
    assert response.headers["link"] == '</graphql>; rel="successor-version"'


@pytest.mark.parametrize(
    ("method", "path", "body", "status"),
    [
        (
            "POST",
            "/api/v1/auth/token/",
            {"email": "x@example.com", "password": "no"},
            401,
        ),
        ("POST", "/api/v1/auth/token/refresh/", {"refresh": "not-a-token"}, 401),
        ("POST", "/api/v1/customers/", {"email": "not-an-email"}, 400),
        ("DELETE", "/api/v1/customers/1/", None, 401),
        ("GET", "/api/v1/customers/abc/", None, 401),
        ("PUT", "/api/v1/customers/1/", None, 405),
        ("GET", "/api/v1/auth/token/", None, 405),
        ("GET", "/api/v1/no-such-route/", None, 404),
        ("DELETE", "/api/v1/customers/1", None, 307),
    ],
    ids=[
        "bad-login",
        "bad-refresh",
        "bad-input",
        "no-token",
        "bad-id-without-token",
        "put-not-allowed",
        "get-not-allowed",
        "unknown-route",
        "no-trailing-slash",
    ],
)
async def test_rest_errors_carry_the_deprecation_header(
    client: httpx.AsyncClient,
    method: str,
    path: str,
    body: dict[str, str] | None,
    status: int,
) -> None:
    response = await client.request(method, path, json=body)

    assert response.status_code == status
    assert_deprecated(response)


async def test_rest_successes_carry_the_deprecation_header(
    api: Api, client: httpx.AsyncClient
) -> None:
    account = await api.register()

    login = await client.post(
        "/api/v1/auth/token/",
        json={"email": account.email, "password": account.password},
    )
    read = await client.get(f"/api/v1/customers/{account.id}/", headers=account.headers)
    deleted = await client.delete(
        f"/api/v1/customers/{account.id}/", headers=account.headers
    )

    assert (login.status_code, read.status_code, deleted.status_code) == (200, 200, 204)
    for response in (login, read, deleted):
        assert_deprecated(response)


async def test_graphql_and_health_responses_are_not_deprecated(
    client: httpx.AsyncClient,
) -> None:
    graphql = await client.post("/graphql", json={"query": "{ __typename }"})
    health = await client.get("/healthz")

    assert "deprecation" not in graphql.headers
    assert "deprecation" not in health.headers
