"""Unexpected errors reach the client masked, and the operator by request id."""

import logging

import httpx
import pytest

import schema.query

LEAKY_MESSAGE = "SELECT password_hash FROM customer WHERE id = 1"


async def broken_listing(*args: object, **kwargs: object) -> None:
    """Stands in for a resolver that hits a bug, with SQL in its message."""
    raise RuntimeError(LEAKY_MESSAGE)


async def test_an_unexpected_error_is_masked_and_logged_under_the_request_id(
    client: httpx.AsyncClient,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setattr(schema.query, "list_products", broken_listing)
    caplog.set_level(logging.ERROR, logger="schema.extensions")

    response = await client.post(
        "/graphql", json={"query": "{ products { edges { cursor } } }"}
    )

    request_id = response.headers["x-request-id"]
    assert response.json()["errors"] == [
        {
            "message": "Unexpected error.",
            "locations": [{"line": 1, "column": 3}],
            "path": ["products"],
            "extensions": {"code": "INTERNAL_SERVER_ERROR", "requestId": request_id},
        }
    ]
    for leak in (LEAKY_MESSAGE, "Traceback", "RuntimeError", "broken_listing"):
        assert leak not in response.text
    [record] = [r for r in caplog.records if r.name == "schema.extensions"]
    assert request_id in record.getMessage()
    assert record.exc_info is not None
    assert LEAKY_MESSAGE in caplog.text
    assert "broken_listing" in caplog.text


@pytest.mark.parametrize(
    ("query", "variables", "message"),
    [
        (
            "query($id: ID!) { product(id: $id) { id } }",
            {},
            "Variable '$id' has invalid value: Expected a value of non-null "
            "type 'ID!' to be provided.",
        ),
        (
            "query($n: Int) { products(first: $n) { edges { cursor } } }",
            {"n": "x"},
            "Variable '$n' has invalid value: Int cannot represent "
            "non-integer value: 'x'",
        ),
    ],
    ids=["missing-required", "wrong-scalar"],
)
async def test_a_bad_variable_is_the_clients_mistake_not_an_unexpected_error(
    client: httpx.AsyncClient,
    caplog: pytest.LogCaptureFixture,
    query: str,
    variables: dict[str, object],
    message: str,
) -> None:
    caplog.set_level(logging.ERROR, logger="schema.extensions")

    response = await client.post(
        "/graphql",
        json={"query": query, "variables": variables},
        headers={"Accept": "application/graphql-response+json"},
    )

    assert response.status_code == 400
    assert "data" not in response.json()
    [error] = response.json()["errors"]
    assert error["message"] == message
    assert error["extensions"] == {"code": "BAD_USER_INPUT"}
    assert [r for r in caplog.records if r.name == "schema.extensions"] == []
