"""The GraphQL over HTTP rules at `/graphql`: media types, status codes, bodies."""

import httpx
import pytest

from schema.media_types import graphql_response_status, negotiate_media_type

NEW = "application/graphql-response+json"
LEGACY = "application/json"
TYPENAME = {"query": "{ __typename }"}


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, LEGACY),
        ("*/*", LEGACY),
        ("application/*", LEGACY),
        (LEGACY, LEGACY),
        (NEW, NEW),
        (f"{NEW}, {LEGACY};q=0.9", NEW),
        (f"{NEW};q=0.5, {LEGACY}", LEGACY),
        (f"{LEGACY}, {NEW}", NEW),
        ("text/html, */*;q=0.8", LEGACY),
        (f"{NEW};charset=utf-8", NEW),
        (f"{NEW};charset=latin1, {LEGACY}", LEGACY),
        ("text/plain", None),
        (f"{NEW};q=0, {LEGACY};q=0", None),
    ],
    ids=[
        "missing",
        "anything",
        "any-application-type",
        "legacy",
        "new",
        "recommended-header",
        "legacy-preferred",
        "both-equal-prefers-new",
        "browser",
        "utf-8-charset",
        "other-charset-skipped",
        "unsupported",
        "both-refused",
    ],
)
def test_accept_header_picks_the_response_media_type(
    accept: str | None, expected: str | None
) -> None:
    assert negotiate_media_type(accept) == expected


def error(code: str) -> dict[str, object]:
    """One GraphQL error with this code."""
    return {"message": "x", "extensions": {"code": code}}


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"data": {"me": None}}, 200),
        ({"data": None, "errors": [error("UNAUTHENTICATED")]}, 200),
        ({"errors": [error("BAD_USER_INPUT")]}, 400),
        ({"errors": [error("INTERNAL_SERVER_ERROR")]}, 500),
        ({"errors": [error("BAD_USER_INPUT"), error("SERVICE_UNAVAILABLE")]}, 503),
    ],
    ids=["data", "null-data", "never-ran", "server-failed", "database-down"],
)
def test_status_follows_whether_the_operation_ran(
    body: dict[str, object], status: int
) -> None:
    assert graphql_response_status(body) == status


async def test_query_in_the_new_media_type_is_200_with_that_content_type(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post("/graphql", json=TYPENAME, headers={"Accept": NEW})

    assert response.status_code == 200
    assert response.headers["content-type"] == NEW
    assert response.json() == {"data": {"__typename": "Query"}}


# Documents refused before anything runs: broken, invalid, or missing a variable.
never_ran = pytest.mark.parametrize(
    "query",
    ["{", "{ nonexistentField }", "query($id: ID!) { product(id: $id) { id } }"],
    ids=["parse-error", "validation-error", "missing-variable"],
)


@never_ran
async def test_operation_that_never_ran_is_400_without_data_in_the_new_type(
    client: httpx.AsyncClient, query: str
) -> None:
    response = await client.post(
        "/graphql", json={"query": query}, headers={"Accept": NEW}
    )

    assert response.status_code == 400
    assert response.headers["content-type"] == NEW
    body = response.json()
    assert "data" not in body
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


@never_ran
async def test_operation_that_never_ran_is_200_without_data_for_legacy_clients(
    client: httpx.AsyncClient, query: str
) -> None:
    response = await client.post(
        "/graphql", json={"query": query}, headers={"Accept": LEGACY}
    )

    assert response.status_code == 200
    assert response.headers["content-type"] == LEGACY
    assert "data" not in response.json()
    assert response.json()["errors"]


async def test_field_error_keeps_data_and_200_in_the_new_type(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post(
        "/graphql", json={"query": "{ me { id } }"}, headers={"Accept": NEW}
    )

    assert response.status_code == 200
    assert response.json()["data"] is None
    assert response.json()["errors"][0]["path"] == ["me"]


@pytest.mark.parametrize("accept", [NEW, LEGACY], ids=["new", "legacy"])
@pytest.mark.parametrize(
    "body",
    [
        b"{not json",
        b"42",
        b"null",
        b'{"variables": {}}',
        b'{"query": 1}',
        b'{"query": "{ __typename }", "variables": []}',
        b'{"query": "{ __typename }", "extensions": "x"}',
        b'{"query": "{ __typename }", "operationName": 1}',
    ],
    ids=[
        "bad-json",
        "number",
        "null",
        "no-query",
        "query-not-text",
        "variables-not-map",
        "extensions-not-map",
        "operation-name-not-text",
    ],
)
async def test_malformed_request_is_400_in_either_type(
    client: httpx.AsyncClient, accept: str, body: bytes
) -> None:
    response = await client.post(
        "/graphql",
        content=body,
        headers={"Accept": accept, "Content-Type": "application/json"},
    )

    assert response.status_code == 400
    assert response.headers["content-type"] == accept
    assert "data" not in response.json()
    assert response.json()["errors"][0]["message"]


@pytest.mark.parametrize(
    "content_type",
    [
        None,
        "text/plain",
        "application/x-www-form-urlencoded",
        f"{LEGACY}; charset=latin1",
    ],
    ids=["missing", "text", "form", "not-utf-8"],
)
async def test_post_that_is_not_json_is_415(
    client: httpx.AsyncClient, content_type: str | None
) -> None:
    headers = {"Accept": NEW}
    if content_type is not None:
        headers["Content-Type"] = content_type

    response = await client.post("/graphql", content=b"{}", headers=headers)

    assert response.status_code == 415
    assert "application/json" in response.json()["errors"][0]["message"]


async def test_unacceptable_accept_header_is_406(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/graphql", json=TYPENAME, headers={"Accept": "text/plain"}
    )

    assert response.status_code == 406
    assert "text/plain" in response.json()["errors"][0]["message"]


async def test_get_takes_variables_and_extensions_as_json(
    client: httpx.AsyncClient,
) -> None:
    params = {
        "query": "query($name: String!) { __type(name: $name) { name } }",
        "variables": '{"name": "Customer"}',
        "extensions": "{}",
    }

    response = await client.get("/graphql", params=params, headers={"Accept": NEW})

    assert response.status_code == 200
    assert response.json() == {"data": {"__type": {"name": "Customer"}}}


async def test_get_with_variables_that_are_not_json_is_400(
    client: httpx.AsyncClient,
) -> None:
    params = {"query": "{ __typename }", "variables": "{first"}

    response = await client.get("/graphql", params=params, headers={"Accept": NEW})

    assert response.status_code == 400
    assert "data" not in response.json()


async def test_mutation_over_get_is_405_in_the_negotiated_type(
    client: httpx.AsyncClient,
) -> None:
    params = {"query": "mutation { placeOrder { id } }"}

    response = await client.get("/graphql", params=params, headers={"Accept": LEGACY})

    assert response.status_code == 405
    assert response.headers["content-type"] == LEGACY
    assert "POST" in response.headers["Allow"]


async def test_several_operations_without_a_name_are_a_request_error(
    client: httpx.AsyncClient,
) -> None:
    document = "query A { __typename } query B { __typename }"

    unnamed = await client.post(
        "/graphql", json={"query": document}, headers={"Accept": NEW}
    )
    named = await client.post(
        "/graphql",
        json={"query": document, "operationName": "B"},
        headers={"Accept": NEW},
    )

    assert unnamed.status_code == 400
    assert "data" not in unnamed.json()
    assert unnamed.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert named.json() == {"data": {"__typename": "Query"}}
