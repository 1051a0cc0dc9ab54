"""Property-based fuzzing of both interfaces with schemathesis, in-process.

The REST shim is fuzzed from its own OpenAPI document: no 5xx, and every
status, header and body must match what the document promises. The GraphQL
schema is fuzzed from introspection: no 5xx and no masked unexpected error.
Generation is derandomized and bounded, so a run is repeatable and short.
"""

import uuid
from typing import Any

import pytest
import schemathesis
from graphql import build_schema as build_graphql_schema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy
from schemathesis import BaseSchema, Case, GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.graphql import nodes
from schemathesis.python import asgi
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from starlette.applications import Starlette

from rest.openapi import OPENAPI_DOCUMENT
from server import create_app
from settings import Settings
from tests.conftest import PASSWORD
from tests.live_server import REPO

SCHEMA_FILE = REPO / "schema.graphql"
REGISTER = (
    "mutation($email: String!, $password: String!) {"
    " registerCustomer(input: {email: $email, password: $password}) { id } }"
)
CREATE_STORE = 'mutation { createStore(input: {name: "Fuzz"}) { id } }'
ADD_PRODUCT = (
    "mutation($store: ID!) {"
    ' addProduct(storeId: $store, input: {name: "Thing", price: "9.99"}) { id } }'
)

REST_EXAMPLES = 50
GRAPHQL_EXAMPLES = 40
REST_CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
FUZZ_SETTINGS = settings(
    derandomize=True,
    print_blob=False,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)

# Prices are sent as strings: well-formed ones, NaN, infinities, huge
# exponents and plain text.
schemathesis.graphql.scalar(
    "Decimal", st.one_of(st.decimals().map(str), st.text()).map(nodes.String)
)
# Text: anything, and often text ending in NUL, which PostgreSQL cannot store.
schemathesis.graphql.scalar(
    "String",
    st.one_of(st.text(), st.text().map(lambda text: text + "\x00")).map(nodes.String),
)
# Ids: mostly small numbers, so the fuzzed requests reach rows that exist.
schemathesis.graphql.scalar(
    "ID",
    st.one_of(st.integers(-1, 400).map(str), st.text(max_size=12)).map(nodes.String),
)


@pytest.fixture(scope="module")
def fuzzed_app(database_url: str) -> Starlette:
    """One app for the whole module, run by schemathesis on its own event loop.

    Schemathesis shuts it down, closing its database pool, at process exit.
    """
    return create_app(
        Settings(
            _env_file=None,
            database_url=database_url,
            jwt_secret="fuzzing-secret-that-is-long-enough-for-hs256",
            password_hash_time_cost=1,
            password_hash_memory_cost=1024,
        )
    )


@pytest.fixture(scope="module")
def rest_schema(fuzzed_app: Starlette) -> BaseSchema:
    """The REST shim as its OpenAPI document describes it."""
    return schemathesis.openapi.from_asgi("/api/v1/openapi.json", fuzzed_app)


@pytest.fixture(scope="module")
def graphql_schema(fuzzed_app: Starlette) -> BaseSchema:
    """The GraphQL schema as introspection describes it."""
    return schemathesis.graphql.from_asgi("/graphql", fuzzed_app)


@pytest.fixture
def auth_headers(fuzzed_app: Starlette) -> dict[str, str]:
    """A fresh customer's bearer token; the customer owns a store with a product.

    Fresh for every operation, so a fuzzed deactivation cannot spoil the
    operations after it. The token is issued directly: the fuzzed logins fail
    often enough to be throttled, and this must not depend on them.
    """
    email = f"fuzz-{uuid.uuid4().hex[:10]}@example.com"
    body = call_graphql(fuzzed_app, REGISTER, {"email": email, "password": PASSWORD})
    customer_id = int(body["data"]["registerCustomer"]["id"])
    tokens = fuzzed_app.state.runtime.tokens
    access = tokens.issue(customer_id=customer_id, version=0, kind="access")
    headers = {"Authorization": f"Bearer {access}"}
    me = call_graphql(fuzzed_app, "{ me { id } }", {}, headers)
    assert me == {"data": {"me": {"id": str(customer_id)}}}
    store = call_graphql(fuzzed_app, CREATE_STORE, {}, headers)
    store_id = store["data"]["createStore"]["id"]
    call_graphql(fuzzed_app, ADD_PRODUCT, {"store": store_id}, headers)
    return headers


def call_graphql(
    app: Starlette,
    query: str,
    variables: dict[str, object],
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    """POST one operation through schemathesis's client, on the app's own loop."""
    with asgi.get_client(app) as client:
        response = client.post(
            f"http://{asgi.HOST}/graphql",
            json={"query": query, "variables": variables},
            headers=headers or {},
        )
    assert response.status_code == 200, response.text
    return response.json()


def rest_operations() -> list[tuple[str, str]]:
    """Every (path, method) the OpenAPI document lists."""
    paths = OPENAPI_DOCUMENT["paths"]
    assert isinstance(paths, dict)
    return [
        (path, method.upper())
        for path, item in paths.items()
        for method in item
        if method in {"get", "post", "patch", "delete"}
    ]


def graphql_fields() -> list[tuple[str, str]]:
    """Every (root type, field) of the printed schema."""
    schema = build_graphql_schema(SCHEMA_FILE.read_text(encoding="utf-8"))
    roots = [schema.query_type, schema.mutation_type]
    return [(root.name, field) for root in roots if root for field in root.fields]


def any_case(operation: schemathesis.APIOperation) -> SearchStrategy[Case]:
    """Valid and invalid requests for one operation."""
    return st.one_of(
        operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
        operation.as_strategy(generation_mode=GenerationMode.NEGATIVE),
    )


@pytest.mark.parametrize(
    ("path", "method"),
    rest_operations(),
    ids=[f"{method} {path}" for path, method in rest_operations()],
)
def test_rest_answers_as_its_openapi_document_says(
    rest_schema: BaseSchema, auth_headers: dict[str, str], path: str, method: str
) -> None:
    operation = rest_schema[path][method]

    @given(case=any_case(operation))
    @settings(FUZZ_SETTINGS, max_examples=REST_EXAMPLES)
    def call(case: Case) -> None:
        case.call_and_validate(headers=auth_headers, checks=REST_CHECKS)

    call()


@pytest.mark.parametrize(
    ("root", "field"),
    graphql_fields(),
    ids=[f"{root}.{field}" for root, field in graphql_fields()],
)
def test_graphql_never_fails_unexpectedly(
    graphql_schema: BaseSchema, auth_headers: dict[str, str], root: str, field: str
) -> None:
    operation = graphql_schema[root][field]

    @given(case=operation.as_strategy())
    @settings(FUZZ_SETTINGS, max_examples=GRAPHQL_EXAMPLES)
    def call(case: Case) -> None:
        # Not schemathesis's GraphQL check: it counts every error in a
        # response without data as a server error, expected ones included.
        response = case.call(headers=auth_headers)
        errors = response.json().get("errors") or []
        codes = [error.get("extensions", {}).get("code") for error in errors]
        assert response.status_code < 500, case.as_curl_command()
        assert "INTERNAL_SERVER_ERROR" not in codes, case.as_curl_command()

    call()
