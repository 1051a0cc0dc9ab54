"""Headers every response carries."""

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from rest.responses import DEPRECATION_HEADERS


class ResponseHeaders:
    """Adds `X-Content-Type-Options` everywhere and `Deprecation` under `/api/`.

    A plain ASGI middleware, so streaming and the request path pay almost
    nothing for it.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on and amend the response's start message."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        is_rest = scope["path"].startswith("/api/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                if is_rest:
                    headers.update(DEPRECATION_HEADERS)
            await send(message)

        await self.app(scope, receive, send_with_headers)
