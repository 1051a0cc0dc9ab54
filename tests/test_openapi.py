"""The REST shim's OpenAPI document: valid, complete, served like the shim."""

import httpx
import pytest
from openapi_spec_validator import validate
from starlette.applications import Starlette
from starlette.routing import Route

from rest.openapi import OPENAPI_DOCUMENT
from tests.conftest import PASSWORD, unique_email

DOCUMENT_URL = "/api/v1/openapi.json"


def served_operations(app: Starlette) -> set[tuple[str, str]]:
    """Every (path, method) the app routes under /api/v1/; HEAD rides along with GET."""
    return {
        (route.path, method)
        for route in app.routes
        if isinstance(route, Route) and route.path.startswith("/api/v1/")
        for method in route.methods or ()
        if method != "HEAD"
    }


def documented_operations(document: dict[str, object]) -> set[tuple[str, str]]:
    """Every (path, method) the document lists."""
    paths = document["paths"]
    assert isinstance(paths, dict)
    return {
        (path, method.upper())
        for path, item in paths.items()
        for method in item
        if method != "description"
    }


def operations(document: dict[str, object]) -> list[dict[str, object]]:
    """The operation objects of the document."""
    paths = document["paths"]
    assert isinstance(paths, dict)
    return [
        operation
        for item in paths.values()
        for key, operation in item.items()
        if key != "description"
    ]


def component(reference: object, document: dict[str, object]) -> dict[str, object]:
    """The object a `$ref` points at."""
    assert isinstance(reference, dict)
    node: object = document
    for part in reference["$ref"].removeprefix("#/").split("/"):
        assert isinstance(node, dict)
        node = node[part]
    assert isinstance(node, dict)
    return node


async def test_the_served_document_is_valid_openapi(client: httpx.AsyncClient) -> None:
    response = await client.get(DOCUMENT_URL)

    assert response.status_code == 200
    assert response.headers["Deprecation"] == "true"
    document = response.json()
    validate(document)
    assert document["openapi"].startswith("3.")


async def test_every_rest_route_is_documented_and_nothing_else(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    document = (await client.get(DOCUMENT_URL)).json()

    assert documented_operations(document) == served_operations(app)


def test_every_operation_documents_server_errors_and_the_deprecation_header() -> None:
    for operation in operations(OPENAPI_DOCUMENT):
        responses = operation["responses"]
        assert isinstance(responses, dict)
        assert {"500", "503"} <= set(responses), operation["operationId"]
        for response in responses.values():
            if "$ref" in response:
                response = component(response, OPENAPI_DOCUMENT)
            assert {"Deprecation", "Link"} <= set(response["headers"])


@pytest.mark.parametrize(
    ("status", "header"),
    [("401", "WWW-Authenticate"), ("429", "Retry-After")],
    ids=["unauthorized", "throttled"],
)
def test_challenge_statuses_document_their_header(status: str, header: str) -> None:
    documented = [
        component(operation["responses"][status], OPENAPI_DOCUMENT)  # type: ignore[index]
        for operation in operations(OPENAPI_DOCUMENT)
        if status in operation["responses"]  # type: ignore[operator]
    ]

    assert documented
    assert all(header in response["headers"] for response in documented)  # type: ignore[operator]


def test_only_the_login_documents_throttling() -> None:
    throttled = [
        operation["operationId"]
        for operation in operations(OPENAPI_DOCUMENT)
        if "429" in operation["responses"]  # type: ignore[operator]
    ]

    assert throttled == ["obtainToken"]


def test_protected_routes_ask_for_a_bearer_jwt() -> None:
    schemes = OPENAPI_DOCUMENT["components"]["securitySchemes"]  # type: ignore[index]
    protected = {
        operation["operationId"]
        for operation in operations(OPENAPI_DOCUMENT)
        if operation.get("security")
    }

    assert schemes == {
        "bearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
    }
    assert protected == {
        "getCustomer",
        "updateCustomer",
        "deactivateCustomer",
        "deleteStore",
    }


async def test_the_customer_schema_lists_exactly_the_fields_rest_answers(
    client: httpx.AsyncClient,
) -> None:
    schema = OPENAPI_DOCUMENT["components"]["schemas"]["Customer"]  # type: ignore[index]
    body = {"email": unique_email(), "password": PASSWORD}

    response = await client.post("/api/v1/customers/", json=body)

    assert set(schema["properties"]) == set(response.json())
    assert set(schema["required"]) == set(response.json())
