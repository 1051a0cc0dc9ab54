"""A cap on request bodies, as a plain ASGI middleware.

Every route reads its whole body into memory before looking at it (JSON for
REST, a GraphQL document for `/graphql`), so a body past the cap is refused
with 413 before it is read to the end: by its `Content-Length` at once, or,
when the client streams it without one, as soon as the count passes the cap.
"""

from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from errors import BODY_TOO_LARGE


class BodyTooLargeError(Exception):
    """The request body passed the cap while the app was reading it."""


class RequestSizeLimit:
    """Refuses request bodies larger than `max_bytes` with 413."""

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on, counting its body; answer 413 past the cap."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.declares_too_much(scope):
            await self.refusal(scope)(scope, receive, send)
            return

        started = False

        async def counted_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, self.counting(receive), counted_send)
        except BodyTooLargeError:
            if started:
                raise
            await self.refusal(scope)(scope, receive, send)

    def declares_too_much(self, scope: Scope) -> bool:
        """True when `Content-Length` already says the body is past the cap."""
        declared = Headers(scope=scope).get("content-length", "")
        return declared.isdigit() and int(declared) > self.max_bytes

    def counting(self, receive: Receive) -> Receive:
        """`receive`, raising BodyTooLargeError once the body passes the cap."""
        received = 0

        async def receive_counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLargeError()
            return message

        return receive_counted

    def refusal(self, scope: Scope) -> JSONResponse:
        """The 413: GraphQL-shaped on `/graphql`, `{"detail"}` elsewhere."""
        message = BODY_TOO_LARGE.format(maximum=self.max_bytes)
        if scope["path"].startswith("/graphql"):
            error = {"message": message, "extensions": {"code": "BAD_USER_INPUT"}}
            return JSONResponse({"errors": [error]}, status_code=413)
        return JSONResponse({"detail": message}, status_code=413)
