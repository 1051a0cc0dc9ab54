"""Request ids and one log line per request, as a plain ASGI middleware."""

import itertools
import logging
import re
import secrets
import time

from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from errors import UNEXPECTED
from logging_setup import current_request_id

logger = logging.getLogger(__name__)

REQUEST_ID_HEADER = "X-Request-ID"
# Ids from clients end up in logs and headers: keep them short and inert.
SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,63}")
OPERATION_STATE_KEY = "graphql_operation"


# New ids: a random prefix per process and a counter, 32 hex digits in all.
# Unique without asking the kernel for randomness on every request, as a
# uuid4 would; an id names a request, it guards nothing.
ID_PREFIX = secrets.token_hex(8)
id_counter = itertools.count()


def request_id_for(scope: Scope) -> str:
    """The client's `X-Request-ID` when it is short and safe, else a new one."""
    offered = Headers(scope=scope).get(REQUEST_ID_HEADER, "")
    if SAFE_REQUEST_ID.fullmatch(offered):
        return offered
    return f"{ID_PREFIX}{next(id_counter):016x}"


class RequestLog:
    """Gives each request an id and logs one line when it is answered.

    The id is returned in `X-Request-ID` on every response and kept in
    `request.state.request_id`. The line holds the method, the path (never the
    query string, which may carry GraphQL variables), the GraphQL operation
    name when there is one, the status and the duration.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve the request, tagging the response and logging its outcome."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = request_id_for(scope)
        scope.setdefault("state", {})["request_id"] = request_id
        context_token = current_request_id.set(request_id)
        started = time.perf_counter()
        status: int | None = None

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message)[REQUEST_ID_HEADER] = request_id
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            logger.exception("Unhandled error (request %s)", request_id)
            if status is not None:
                raise
            await JSONResponse({"detail": UNEXPECTED}, 500)(
                scope, receive, send_with_id
            )
        finally:
            elapsed = time.perf_counter() - started
            log_request(scope, status=status or 500, seconds=elapsed)
            current_request_id.reset(context_token)


def log_request(scope: Scope, *, status: int, seconds: float) -> None:
    """Write the request's one line, with its parts also as structured fields."""
    state = scope.get("state", {})
    fields = {
        "method": scope["method"],
        "path": printable_path(scope),
        "operation": state.get(OPERATION_STATE_KEY),
        "status": status,
        "duration_ms": round(seconds * 1000, 1),
        "request_id": state.get("request_id"),
    }
    logger.info(
        "%s %s%s %s %.1fms request_id=%s",
        fields["method"],
        fields["path"],
        f" {fields['operation']}" if fields["operation"] else "",
        status,
        fields["duration_ms"],
        fields["request_id"],
        extra=fields,
    )


def printable_path(scope: Scope) -> str:
    """The path as the client sent it, percent-escapes kept, so it fits one line."""
    raw = scope.get("raw_path") or scope["path"].encode()
    return raw.decode("ascii", errors="backslashreplace")
