"""The app around the API: health checks and the GraphQL endpoint's HTTP rules."""

import httpx

from tests.conftest import Api


async def test_healthz_answers(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_readyz_says_the_database_is_reachable(client: httpx.AsyncClient) -> None:
    response = await client.get("/readyz")

    assert response.status_code == 200
    assert response.json()["database"] == "ok"


async def test_mutation_over_get_is_405(api: Api, client: httpx.AsyncClient) -> None:
    account = await api.register()

    mutation = f'mutation {{ deactivateCustomer(id: "{account.id}") {{ __typename }} }}'

    response = await client.get(
        "/graphql",
        params={"query": mutation},
        headers={**account.headers, "Accept": "application/graphql-response+json"},
    )

    assert response.status_code == 405
    assert "POST" in response.headers["Allow"]
    still_active = await api.graphql("{ me { isActive } }", token=account.access)
    assert still_active == {"data": {"me": {"isActive": True}}}


async def test_query_over_get_answers(api: Api, client: httpx.AsyncClient) -> None:
    account = await api.register()

    response = await client.get(
        "/graphql", params={"query": "{ me { id } }"}, headers=account.headers
    )

    assert response.json() == {"data": {"me": {"id": account.id}}}


async def test_public_query_ignores_a_bad_token(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/graphql",
        json={"query": "{ __typename }"},
        headers={"Authorization": "Bearer garbage"},
    )

    assert response.json() == {"data": {"__typename": "Query"}}
