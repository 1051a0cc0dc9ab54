"""The GraphQL HTTP endpoint: Strawberry's ASGI app with our context and errors."""

from cross_web import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.schema.exceptions import InvalidOperationTypeError

from runtime import Runtime
from schema.context import Context
from schema.playground import CONTENT_SECURITY_POLICY, has_built_assets, render_page


class GraphQLEndpoint(GraphQL[Context, None]):
    """Serves `/graphql`: POST for everything, GET for queries and the playground."""

    def __init__(self, *, runtime: Runtime, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.runtime = runtime
        self.has_bundled_playground = has_built_assets()

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        """A fresh context for each request."""
        assert isinstance(request, Request)
        assert isinstance(response, Response)
        return Context(request=request, response=response, runtime=self.runtime)

    async def render_graphql_ide(self, request: Request) -> Response:
        """The bundled playground under a strict CSP, or Strawberry's CDN page."""
        if not self.has_bundled_playground:
            return await super().render_graphql_ide(request)
        return HTMLResponse(
            render_page(endpoint=request.url.path),
            headers={"Content-Security-Policy": CONTENT_SECURITY_POLICY},
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Handle one HTTP request; failures before execution get a JSON error."""
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return

        request = Request(scope, receive)
        try:
            response = await self.run(request)
        except HTTPException as exc:
            response = http_error_response(exc)
        await response(scope, receive, send)

    async def execute_single(self, **kwargs: object) -> object:  # type: ignore[override]
        """Run one operation, then close its session; a mutation over GET is 405.

        Closing here rather than in a schema extension spares every request
        the extension's hooks.
        """
        context = kwargs["context"]
        assert isinstance(context, Context)
        try:
            return await super().execute_single(**kwargs)  # type: ignore[arg-type]
        except HTTPException as exc:
            if isinstance(exc.__cause__, InvalidOperationTypeError):
                raise HTTPException(405, exc.reason) from exc
            raise
        finally:
            await context.close()


def http_error_response(exc: HTTPException) -> Response:
    """A GraphQL-shaped error body for a request refused before execution."""
    headers = {"Allow": "GET, POST"} if exc.status_code == 405 else None
    return JSONResponse(
        {"errors": [{"message": exc.reason, "extensions": {"code": "BAD_USER_INPUT"}}]},
        status_code=exc.status_code,
        headers=headers,
        media_type="application/graphql-response+json",
    )
