"""Request bodies past `MAX_REQUEST_BODY_BYTES` are refused with 413, unread."""

from collections.abc import AsyncIterator

import httpx
import pytest

from settings import Settings
from tests.conftest import PASSWORD, client_with, unique_email

CAP = 4096
TOO_LARGE = f"The request body must be at most {CAP} bytes."


@pytest.fixture
async def capped(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """A client of an app that takes bodies of at most CAP bytes."""
    async with client_with(
        settings.model_copy(update={"max_request_body_bytes": CAP})
    ) as client:
        yield client


def padded_registration(size: int) -> dict[str, object]:
    """A registration body of about `size` bytes (the padding is an extra key)."""
    email = unique_email()
    return {"email": email, "password": PASSWORD, "padding": "x" * size}


async def streamed(chunks: int) -> AsyncIterator[bytes]:
    """A JSON body sent in 1 KB chunks, with no Content-Length."""
    yield b'{"email": "a@example.com", "padding": "'
    for _ in range(chunks):
        yield b"x" * 1024
    yield b'"}'


async def test_a_rest_body_past_the_cap_is_413_in_drf_shape(
    capped: httpx.AsyncClient,
) -> None:
    response = await capped.post("/api/v1/customers/", json=padded_registration(CAP))

    assert response.status_code == 413
    assert response.json() == {"detail": TOO_LARGE}
    assert response.headers["deprecation"] == "true"


async def test_a_graphql_body_past_the_cap_is_413_with_a_graphql_error(
    capped: httpx.AsyncClient,
) -> None:
    query = "{ products(first: 1) { pageInfo { hasNextPage } } }" + " " * CAP

    response = await capped.post("/graphql", json={"query": query})

    assert response.status_code == 413
    assert response.json() == {
        "errors": [{"message": TOO_LARGE, "extensions": {"code": "BAD_USER_INPUT"}}]
    }


async def test_a_streamed_body_without_length_is_cut_off_at_the_cap(
    capped: httpx.AsyncClient,
) -> None:
    response = await capped.post(
        "/api/v1/customers/",
        content=streamed(chunks=CAP // 1024 + 2),
        headers={"Content-Type": "application/json"},
    )

    assert response.status_code == 413
    assert response.json() == {"detail": TOO_LARGE}


async def test_a_body_under_the_cap_is_served(capped: httpx.AsyncClient) -> None:
    response = await capped.post(
        "/api/v1/customers/", json=padded_registration(CAP // 2)
    )

    assert response.status_code == 201


async def test_the_openapi_document_lists_the_413_where_a_body_is_taken(
    client: httpx.AsyncClient,
) -> None:
    document = (await client.get("/api/v1/openapi.json")).json()

    operations = [
        operation
        for path in document["paths"].values()
        for method, operation in path.items()
        if method in {"get", "post", "patch", "delete"}
    ]
    capped = {op["operationId"] for op in operations if "413" in op["responses"]}
    with_body = {op["operationId"] for op in operations if "requestBody" in op}
    assert capped == with_body
    assert {"obtainToken", "createCustomer", "updateCustomer"} <= capped
