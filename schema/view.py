"""The GraphQL HTTP endpoint: Strawberry's ASGI app with our context and errors.

Strawberry answers every request in `application/json`; this view adds the
GraphQL over HTTP rules for `application/graphql-response+json` (status codes,
no `data` for operations that never ran), `Accept` negotiation (406) and
`Content-Type` checks (415).
"""

import json

from cross_web import AsyncHTTPRequestAdapter, HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.schema.exceptions import InvalidOperationTypeError
from strawberry.types import ExecutionResult

from errors import (
    GRAPHQL_REQUEST_NOT_OBJECT,
    NOT_ACCEPTABLE,
    OPERATION_NAME_NOT_TEXT,
    UNSUPPORTED_MEDIA_TYPE,
)
from json_text import loads_json_text
from runtime import Runtime
from schema.context import Context
from schema.media_types import (
    GRAPHQL_RESPONSE_JSON,
    JSON,
    graphql_response_status,
    is_json_content_type,
    is_request_error,
    negotiate_media_type,
)
from schema.playground import (
    CDN_PAGE_CONTENT_SECURITY_POLICY,
    CONTENT_SECURITY_POLICY,
    has_built_assets,
    render_page,
)


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
            page = await super().render_graphql_ide(request)
            page.headers["Content-Security-Policy"] = CDN_PAGE_CONTENT_SECURITY_POLICY
            return page
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
        media_type = negotiate_media_type(request.headers.get("accept"))
        request.state.graphql_media_type = media_type or JSON
        try:
            if media_type is None and not self.is_playground_request(request):
                accept = request.headers.get("accept", "")
                raise HTTPException(406, NOT_ACCEPTABLE.format(accept=accept))
            response = await self.run(request)
        except HTTPException as exc:
            response = http_error_response(exc, request.state.graphql_media_type)
        await response(scope, receive, send)

    def is_playground_request(self, request: Request) -> bool:
        """True when the request asks for the playground page, not a result."""
        return self.should_render_graphql_ide(self.request_adapter_class(request))

    async def get_sub_response(self, request: Request | WebSocket) -> Response:
        """The response resolvers may amend, in the media type the client accepts."""
        sub_response = await super().get_sub_response(request)
        sub_response.media_type = request.state.graphql_media_type
        return sub_response

    def decode_json(self, data: str | bytes) -> object:
        """JSON from the body or a query parameter; text must be valid Unicode."""
        return loads_json_text(data)

    def parse_json(self, data: str | bytes) -> object:
        """A JSON object or list from the body or a query parameter; 400 otherwise."""
        value = super().parse_json(data)
        if not isinstance(value, dict | list):
            raise HTTPException(400, GRAPHQL_REQUEST_NOT_OBJECT)
        return value

    async def parse_http_body(  # type: ignore[override]
        self, request: AsyncHTTPRequestAdapter
    ) -> GraphQLRequestData:
        """The operation a request carries; 415 for a body that is not JSON."""
        content_type = request.content_type
        if request.method == "POST" and not is_json_content_type(content_type):
            message = UNSUPPORTED_MEDIA_TYPE.format(content_type=content_type or "")
            raise HTTPException(415, message)

        data = await super().parse_http_body(request)
        assert isinstance(data, GraphQLRequestData)  # batching is off
        if not isinstance(data.operation_name, str | None):
            value = json.dumps(data.operation_name)
            raise HTTPException(400, OPERATION_NAME_NOT_TEXT.format(value=value))
        return data

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        """The response body; no `data` entry when the operation never ran."""
        body = await super().process_result(request, result)
        if is_request_error(result):
            del body["data"]
        return body

    def create_response(
        self,
        response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse],
        sub_response: Response,
    ) -> Response:
        """The HTTP response: the negotiated media type and its status rules.

        With `application/graphql-response+json`, an operation that never ran
        is a 4xx (5xx when the server failed); with `application/json` it stays
        200, as legacy clients expect.
        """
        response = super().create_response(response_data, sub_response)
        media_type = sub_response.media_type or JSON
        response.headers["content-type"] = media_type
        if media_type == GRAPHQL_RESPONSE_JSON and not sub_response.status_code:
            response.status_code = graphql_response_status(response_data)
        return response

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


def http_error_response(exc: HTTPException, media_type: str) -> Response:
    """A GraphQL-shaped error body for a request refused before execution."""
    headers = {"Allow": "GET, POST"} if exc.status_code == 405 else None
    return JSONResponse(
        {"errors": [{"message": exc.reason, "extensions": {"code": "BAD_USER_INPUT"}}]},
        status_code=exc.status_code,
        headers=headers,
        media_type=media_type,
    )
