"""Request ids, the one line logged per request, and what must never be logged."""

import json
import logging
import re

import httpx
import pytest
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from logging_setup import (
    HANDLER_NAME,
    AddRequestId,
    JsonFormatter,
    configure_logging,
)
from request_log import RequestLog
from tests.conftest import PASSWORD, Api, unique_email

ME = "query Me { me { id email } }"

# Marked here, not only by the conftest hook, so parametrized cases keep ids.
pytestmark = pytest.mark.anyio


def request_lines(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    """The request log's records captured so far."""
    return [r for r in caplog.records if r.name == "request_log"]


async def test_a_request_without_an_id_gets_a_new_one(
    client: httpx.AsyncClient,
) -> None:
    first = await client.get("/healthz")
    second = await client.get("/healthz")

    assert re.fullmatch(r"[0-9a-f]{32}", first.headers["x-request-id"])
    assert first.headers["x-request-id"] != second.headers["x-request-id"]


async def test_a_safe_client_request_id_is_returned_as_given(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/healthz", headers={"X-Request-ID": "trace-42.a:b"})

    assert response.headers["x-request-id"] == "trace-42.a:b"


@pytest.mark.parametrize(
    "offered",
    ["x" * 65, "two words", "<script>", "-starts-with-a-dash", ""],
    ids=["too-long", "space", "markup", "leading-dash", "empty"],
)
async def test_an_unsafe_client_request_id_is_replaced(
    client: httpx.AsyncClient, offered: str
) -> None:
    response = await client.get("/healthz", headers={"X-Request-ID": offered})

    assert re.fullmatch(r"[0-9a-f]{32}", response.headers["x-request-id"])


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/graphql?query={__typename}"),
        ("DELETE", "/api/v1/customers/1/"),
        ("PUT", "/api/v1/customers/1/"),
        ("GET", "/api/v1/customers/abc/"),
        ("GET", "/no-such-page"),
    ],
    ids=["graphql", "rest-401", "rest-405", "rest-404", "unknown-path"],
)
async def test_every_response_carries_the_request_id(
    client: httpx.AsyncClient, method: str, path: str
) -> None:
    response = await client.request(method, path, headers={"X-Request-ID": "abc123"})

    assert response.headers["x-request-id"] == "abc123"


async def test_one_line_names_the_graphql_operation_status_and_id(
    api: Api, client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    account = await api.register()
    caplog.set_level(logging.INFO, logger="request_log")
    caplog.clear()

    await client.post(
        "/graphql",
        json={"query": ME},
        headers={**account.headers, "X-Request-ID": "me-call"},
    )

    [line] = request_lines(caplog)
    assert line.getMessage().startswith("POST /graphql Me 200 ")
    assert line.getMessage().endswith("request_id=me-call")
    assert (line.method, line.path, line.operation, line.status) == (
        "POST",
        "/graphql",
        "Me",
        200,
    )
    assert line.duration_ms >= 0


async def test_the_query_string_is_left_out_of_the_line(
    client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="request_log")

    await client.get("/graphql", params={"query": "query Public { __typename }"})

    [line] = request_lines(caplog)
    assert line.getMessage().startswith("GET /graphql Public 200 ")
    assert "__typename" not in line.getMessage()


async def test_json_format_writes_the_line_as_one_object(
    client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="request_log")

    await client.get("/api/v1/customers/abc/", headers={"X-Request-ID": "json-1"})

    [line] = request_lines(caplog)
    text = JsonFormatter().format(line)
    assert "\n" not in text
    assert json.loads(text) | {"time": "-"} == {
        "time": "-",
        "level": "INFO",
        "logger": "request_log",
        "message": line.getMessage(),
        "method": "GET",
        "path": "/api/v1/customers/abc/",
        "operation": None,
        "status": 401,
        "duration_ms": line.duration_ms,
        "request_id": "json-1",
    }


async def test_records_logged_while_serving_carry_the_request_id(
    client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.handler.addFilter(AddRequestId())
    caplog.set_level(logging.INFO)

    await client.post(
        "/api/v1/auth/token/",
        json={"email": unique_email(), "password": "wrong-pass"},
        headers={"X-Request-ID": "refused-1"},
    )

    [refusal] = [r for r in caplog.records if "Refused a login" in r.getMessage()]
    assert refusal.request_id == "refused-1"
    assert json.loads(JsonFormatter().format(refusal))["request_id"] == "refused-1"


def test_configuring_twice_keeps_one_handler_and_others_handlers() -> None:
    root = logging.getLogger()
    before = [h for h in root.handlers if h.get_name() != HANDLER_NAME]

    configure_logging(level="INFO", log_format="json")
    configure_logging(level="INFO", log_format="console")

    ours = [h for h in root.handlers if h.get_name() == HANDLER_NAME]
    assert len(ours) == 1
    assert not isinstance(ours[0].formatter, JsonFormatter)
    assert [h for h in root.handlers if h.get_name() != HANDLER_NAME] == before


async def test_logs_never_hold_emails_passwords_or_tokens(
    api: Api, client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    account = await api.register()

    await api.login(account.email, account.password)
    await client.post(
        "/api/v1/auth/token/", json={"email": account.email, "password": "wrong-pass"}
    )
    await api.graphql(
        "mutation($e: String!, $p: String!) { login(email: $e, password: $p) {"
        " accessToken } }",
        {"e": unique_email(), "p": PASSWORD},
    )
    await api.graphql(ME, token=account.access)

    logged = "\n".join(
        f"{r.getMessage()} {r.__dict__}" for r in caplog.records if r.name != "httpx"
    )
    assert "Refused a login" in logged
    for secret in (account.email.split("@")[0], PASSWORD, "wrong-pass"):
        assert secret not in logged
    for token in (account.access, account.refresh):
        assert token.split(".")[2] not in logged


async def echo_request_id(request: Request) -> Response:
    """A route that shows what the middleware left in `request.state`."""
    return PlainTextResponse(request.state.request_id)


async def fail(request: Request) -> Response:
    """A route that breaks."""
    raise RuntimeError("boom")


@pytest.fixture
def bare_client() -> httpx.AsyncClient:
    """A client of a tiny app with only the request log in front."""
    app = Starlette(
        routes=[Route("/id", echo_request_id), Route("/fail", fail)],
        middleware=[Middleware(RequestLog)],
    )
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://t"
    )


async def test_the_request_id_is_kept_in_request_state(
    bare_client: httpx.AsyncClient,
) -> None:
    response = await bare_client.get("/id", headers={"X-Request-ID": "state-1"})

    assert response.text == "state-1"


async def test_an_unhandled_error_is_a_500_with_the_id_and_one_logged_trace(
    bare_client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="request_log")

    response = await bare_client.get("/fail", headers={"X-Request-ID": "fail-1"})

    assert response.status_code == 500
    assert response.json() == {"detail": "Unexpected error."}
    assert response.headers["x-request-id"] == "fail-1"
    [error, line] = request_lines(caplog)
    assert error.exc_info is not None
    assert "fail-1" in error.getMessage()
    assert line.status == 500
