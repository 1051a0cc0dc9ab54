"""Documents too deep, too long or too aliased are refused before anything runs."""

from collections.abc import Iterator

import httpx
import pytest
from graphql import get_introspection_query, parse, specified_rules, validate
from sqlalchemy import event
from starlette.applications import Starlette

from schema import build_schema
from schema.extensions import cached_parse, cached_validate
from schema.limits import QueryLimits, limit_rules
from settings import Settings
from tests.conftest import client_with
from tests.live_server import REPO
from tests.test_readme import readme_graphql_blocks

GRAPHQL_RESPONSE = "application/graphql-response+json"
DEFAULTS = QueryLimits()


def nested_products(levels: int) -> str:
    """A public query that nests product -> store -> products `levels` times."""
    opening = "products(first: 1) { edges { node { store { " * levels
    return "{ " + opening + "id" + " } } } }" * levels + " }"


def many_aliases(count: int) -> str:
    """A public query asking for the first product under `count` aliases."""
    fields = " ".join(
        f"p{n}: products(first: 1) {{ edges {{ cursor }} }}" for n in range(count)
    )
    return "{ " + fields + " }"


def many_tokens(count: int) -> str:
    """A public query of about `count` tokens (one `cursor` field repeated)."""
    return "{ products(first: 1) { edges { " + "cursor " * count + "} } }"


def many_operations(tokens: int) -> str:
    """A document of named public operations, just under `tokens` tokens long.

    Each operation is 16 tokens. One field repeated that often would trip
    graphql-core's own guard against deep validation recursion instead.
    """
    operation = "query Op{n} {{ products(first: 1) {{ edges {{ cursor }} }} }}"
    return "\n".join(operation.format(n=n) for n in range(tokens // 16))


@pytest.fixture
def statements(app: Starlette) -> Iterator[list[str]]:
    """Every SQL statement the app runs while the test runs."""
    seen: list[str] = []
    engine = app.state.runtime.database.engine.sync_engine

    def record(*args: object) -> None:
        seen.append(str(args[2]))

    event.listen(engine, "before_cursor_execute", record)
    yield seen
    event.remove(engine, "before_cursor_execute", record)


async def post(
    client: httpx.AsyncClient, query: str, *, accept: str = "application/json"
) -> httpx.Response:
    """POST the query as a client that accepts `accept`."""
    return await client.post(
        "/graphql", json={"query": query}, headers={"Accept": accept}
    )


async def test_a_fifty_level_query_is_refused_before_any_sql_runs(
    client: httpx.AsyncClient, statements: list[str]
) -> None:
    query = nested_products(13)

    response = await post(client, query)

    (error,) = response.json()["errors"]
    assert error["message"] == "'anonymous' exceeds maximum operation depth of 15"
    assert error["extensions"] == {"code": "BAD_USER_INPUT"}
    assert "data" not in response.json()
    assert statements == []


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            nested_products(4),
            f"'anonymous' exceeds maximum operation depth of {DEFAULTS.max_depth}",
        ),
        (
            many_tokens(DEFAULTS.max_tokens),
            f"Syntax Error: Document contains more than {DEFAULTS.max_tokens} "
            "tokens. Parsing aborted.",
        ),
        (
            many_aliases(DEFAULTS.max_aliases + 1),
            f"{DEFAULTS.max_aliases + 1} aliases found. "
            f"Allowed: {DEFAULTS.max_aliases}",
        ),
    ],
    ids=["depth", "tokens", "aliases"],
)
async def test_a_document_over_a_limit_is_a_400_without_data_for_graphql_clients(
    client: httpx.AsyncClient, statements: list[str], query: str, message: str
) -> None:
    response = await post(client, query, accept=GRAPHQL_RESPONSE)

    body = response.json()
    assert response.status_code == 400
    assert response.headers["content-type"] == GRAPHQL_RESPONSE
    assert "data" not in body
    assert [error["message"] for error in body["errors"]] == [message]
    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT"}
    assert statements == []


@pytest.mark.parametrize(
    ("query", "operation"),
    [
        (nested_products(3), None),
        (many_operations(DEFAULTS.max_tokens), "Op0"),
        (many_aliases(DEFAULTS.max_aliases), None),
    ],
    ids=["depth", "tokens", "aliases"],
)
async def test_a_document_within_the_limits_runs(
    client: httpx.AsyncClient, query: str, operation: str | None
) -> None:
    response = await client.post(
        "/graphql", json={"query": query, "operationName": operation}
    )

    assert response.status_code == 200
    assert "errors" not in response.json()
    assert response.json()["data"] is not None


@pytest.mark.parametrize(
    ("setting", "query", "message"),
    [
        (
            {"graphql_max_depth": 3},
            nested_products(1),
            "'anonymous' exceeds maximum operation depth of 3",
        ),
        (
            {"graphql_max_tokens": 20},
            many_tokens(20),
            "Syntax Error: Document contains more than 20 tokens. Parsing aborted.",
        ),
        (
            {"graphql_max_aliases": 1},
            many_aliases(2),
            "2 aliases found. Allowed: 1",
        ),
    ],
    ids=["GRAPHQL_MAX_DEPTH", "GRAPHQL_MAX_TOKENS", "GRAPHQL_MAX_ALIASES"],
)
async def test_each_limit_follows_its_setting(
    settings: Settings, setting: dict[str, int], query: str, message: str
) -> None:
    async with client_with(settings.model_copy(update=setting)) as client:
        response = await post(client, query)

    assert [e["message"] for e in response.json()["errors"]] == [message]


def playground_examples() -> str:
    """The example operations the playground opens with."""
    source = (REPO / "graphiql" / "src" / "playground.js").read_text(encoding="utf-8")
    return source.split("const EXAMPLES = `", 1)[1].split("`;", 1)[0]


@pytest.mark.parametrize(
    "document",
    [
        playground_examples(),
        get_introspection_query(descriptions=True),
        *readme_graphql_blocks(),
    ],
    ids=lambda document: document.split("{", 1)[0].strip()[:30] or "anonymous",
)
def test_the_examples_and_introspection_fit_the_default_limits(document: str) -> None:
    parsed = parse(document, max_tokens=DEFAULTS.max_tokens)

    errors = validate(
        build_schema()._schema, parsed, [*specified_rules, *limit_rules(DEFAULTS)]
    )

    assert errors == []


async def test_the_playground_can_load_the_schema(client: httpx.AsyncClient) -> None:
    query = get_introspection_query(
        descriptions=True, specified_by_url=True, input_value_deprecation=True
    )

    response = await post(client, query)

    assert "errors" not in response.json()
    assert response.json()["data"]["__schema"]["queryType"]["name"] == "Query"


async def test_a_repeated_document_is_parsed_and_validated_once(
    client: httpx.AsyncClient,
) -> None:
    query = "query CacheProbe { products(first: 2) { edges { cursor } } }"
    await post(client, query)
    parse_hits = cached_parse.cache_info().hits
    validation_hits = cached_validate.cache_info().hits

    await post(client, query)

    assert cached_parse.cache_info().hits == parse_hits + 1
    assert cached_validate.cache_info().hits == validation_hits + 1


async def test_a_batch_of_operations_is_refused_with_a_400(
    client: httpx.AsyncClient, statements: list[str]
) -> None:
    batch = [{"query": "{ products(first: 1) { edges { cursor } } }"}] * 2

    response = await client.post("/graphql", json=batch)

    assert response.status_code == 400
    assert response.json() == {
        "errors": [
            {
                "message": "Batching is not enabled",
                "extensions": {"code": "BAD_USER_INPUT"},
            }
        ]
    }
    assert statements == []
