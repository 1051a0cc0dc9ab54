"""The ASGI app and the `marketplace-api` command line."""

import argparse
import gc
import logging
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import uvicorn
from pydantic import ValidationError
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from commands import (
    CommandError,
    create_customer_command,
    erase_command,
    populate_command,
    reactivate_command,
    run_with_runtime,
    token_command,
)
from errors import ApiError
from logging_setup import configure_logging
from migrations import upgrade_database
from request_log import RequestLog
from request_size import RequestSizeLimit
from resolvers.demo import DEMO_CUSTOMERS, DEMO_SEED
from rest.middleware import ResponseHeaders
from rest.responses import handle_api_error, handle_http_error
from rest.routes import routes as rest_routes
from runtime import Runtime, build_runtime
from schema import build_schema
from schema.limits import QueryLimits
from schema.playground import asset_routes
from schema.view import GraphQLEndpoint
from settings import Settings, SettingsError, get_settings

logger = logging.getLogger(__name__)


# The collector's thresholds once start-up objects are frozen. Frozen objects
# no longer count as long-lived, so the collector's rule that a full pass waits
# until a quarter of the long-lived objects are new no longer holds it back,
# and a full pass came with every tenth middle one: under load, each walked
# the objects of every request in flight (17 of 41 ms of CPU per `products`
# page, 32 at once). Full passes come three times less often; rarer ones
# would keep more garbage (100 instead of 30: 15 MB more peak memory on `me`).
GC_THRESHOLDS = (700, 10, 30)


def create_app(settings: Settings | None = None) -> Starlette:
    """The whole service as one ASGI app; settings default to the environment."""
    settings = settings or get_settings()
    configure_logging(level=settings.log_level, log_format=settings.log_format)
    runtime = build_runtime(settings)
    graphql = GraphQLEndpoint(
        runtime=runtime,
        schema=build_schema(QueryLimits.from_settings(settings)),
        graphql_ide="graphiql" if settings.graphiql else None,
    )

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        # What start-up made lives as long as the process: the collector need
        # not walk it again on every full collection.
        gc.freeze()
        gc.set_threshold(*GC_THRESHOLDS)
        yield
        await runtime.database.dispose()

    app = Starlette(
        routes=[
            Route("/graphql", graphql, methods=["GET", "POST"]),
            Route("/healthz", healthz, methods=["GET"]),
            Route("/readyz", readyz, methods=["GET"]),
            *rest_routes,
            *asset_routes(enabled=settings.graphiql),
        ],
        middleware=middleware_for(settings),
        exception_handlers={
            ApiError: handle_api_error,
            HTTPException: handle_http_error,
        },
        lifespan=lifespan,
    )
    app.state.runtime = runtime
    return app


def middleware_for(settings: Settings) -> list[Middleware]:
    """Request ids and logging, common headers, and CORS when origins are set.

    Without allowed origins CORS would only pass every request through, so it
    is left out of the chain.
    """
    # ResponseHeaders is outermost, so even the 500 that RequestLog writes
    # gets the headers.
    middleware = [
        Middleware(ResponseHeaders),
        Middleware(RequestLog),
        Middleware(RequestSizeLimit, max_bytes=settings.max_request_body_bytes),
    ]
    if settings.cors_origins:
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=settings.cors_origins,
                allow_methods=["GET", "POST", "PATCH", "DELETE"],
                allow_headers=["Authorization", "Content-Type", "X-Request-ID"],
            )
        )
    return middleware


async def healthz(request: Request) -> Response:
    """Liveness: the process answers."""
    return JSONResponse({"status": "ok"})


async def readyz(request: Request) -> Response:
    """Readiness: 200 when the database answers, 503 when it does not."""
    runtime: Runtime = request.app.state.runtime
    if await runtime.database.is_reachable():
        return JSONResponse({"status": "ok", "database": "ok"})
    return JSONResponse({"status": "unavailable", "database": "unreachable"}, 503)


def serve(args: argparse.Namespace) -> None:
    """Migrate the embedded database if needed, then serve with uvicorn."""
    settings = get_settings()
    settings.signing_key()
    if settings.is_sqlite:
        upgrade_database(settings.database_url)
    uvicorn.run(
        "server:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        reload=args.reload,
        log_level=settings.log_level.lower(),
        # Our own handler formats every line and RequestLog writes the access log.
        log_config=None,
        access_log=False,
    )


def migrate(args: argparse.Namespace) -> None:
    """Apply every pending migration to `DATABASE_URL`."""
    upgrade_database(get_settings().database_url)
    print("The database is up to date.")


def build_parser() -> argparse.ArgumentParser:
    """The `marketplace-api` argument parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="marketplace-api", description="Marketplace accounts API."
    )
    commands = parser.add_subparsers(dest="command", required=True)

    serve_parser = commands.add_parser("serve", help="serve the API with uvicorn")
    serve_parser.add_argument("--host", default="127.0.0.1")
    serve_parser.add_argument("--port", type=int, default=8000)
    serve_parser.add_argument("--workers", type=int, default=1)
    serve_parser.add_argument("--reload", action="store_true")
    serve_parser.set_defaults(handler=serve)

    commands.add_parser(
        "migrate", help="apply migrations to DATABASE_URL"
    ).set_defaults(handler=migrate)

    create = commands.add_parser(
        "create-customer", help="add a customer or staff member"
    )
    create.add_argument("email")
    create.add_argument("--password", help="prompted for when left out")
    create.add_argument("--first-name", default="")
    create.add_argument("--last-name", default="")
    create.add_argument("--staff", action="store_true")
    create.set_defaults(handler=run_with_runtime(create_customer_command))

    token = commands.add_parser("token", help="print an access token for a customer")
    token.add_argument("email")
    token.set_defaults(handler=run_with_runtime(token_command))
    add_support_commands(commands)
    return parser


def add_support_commands(commands: argparse._SubParsersAction) -> None:
    """The `populate`, `reactivate` and `erase` subcommands."""
    populate_parser = commands.add_parser("populate", help="add demo data")
    populate_parser.add_argument("--customers", type=int, default=DEMO_CUSTOMERS)
    populate_parser.add_argument("--seed", type=int, default=DEMO_SEED)
    populate_parser.set_defaults(handler=run_with_runtime(populate_command))

    reactivate = commands.add_parser(
        "reactivate", help="support: reactivate a deactivated account"
    )
    reactivate.add_argument("id", help="the customer id")
    reactivate.set_defaults(handler=run_with_runtime(reactivate_command))

    erase = commands.add_parser(
        "erase", help="support: erase a customer's personal data (GDPR)"
    )
    erase.add_argument("id", help="the customer id")
    erase.add_argument("--yes", action="store_true", help="do not ask to confirm")
    erase.set_defaults(handler=run_with_runtime(erase_command))


def main(argv: list[str] | None = None) -> int:
    """Entry point of `marketplace-api`; returns the process exit status."""
    args = build_parser().parse_args(argv)
    try:
        settings = get_settings()
        configure_logging(level=settings.log_level, log_format=settings.log_format)
        if settings.is_sqlite and args.command != "serve":
            upgrade_database(settings.database_url)
        args.handler(args)
    except ValidationError as exc:
        print(f"error: {describe_invalid_settings(exc)}", file=sys.stderr)
        return 1
    except (ApiError, CommandError, SettingsError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


def describe_invalid_settings(exc: ValidationError) -> str:
    """One line naming the environment variable that is wrong, and why."""
    first = exc.errors()[0]
    variable = "_".join(str(part) for part in first["loc"]).upper() or "settings"
    return f"{variable}: {first['msg']}"


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["serve"]))
