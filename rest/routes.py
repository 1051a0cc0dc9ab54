"""REST endpoints; each one authenticates, then calls the shared rules."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from auth.identity import authenticate, client_address
from models import Customer, Interface
from outages import service_unavailable
from resolvers.catalog import delete_store
from resolvers.customers import (
    UNCHANGED,
    ProfileChanges,
    Registration,
    deactivate_customer,
    register_customer,
    require_self,
    require_self_or_staff,
    update_customer,
)
from resolvers.ids import parse_id
from resolvers.tokens import log_in, refresh_tokens
from rest.openapi import OPENAPI_DOCUMENT
from rest.responses import customer_body, read_json_object, text_field
from runtime import Runtime


def runtime_of(request: Request) -> Runtime:
    """The app's shared runtime."""
    return request.app.state.runtime


@asynccontextmanager
async def open_session(request: Request) -> AsyncIterator[AsyncSession]:
    """A database session for one REST request; a lost database is a 503."""
    try:
        async with runtime_of(request).database.session() as session:
            yield session
    except Exception as exc:
        if unavailable := service_unavailable(exc):
            raise unavailable from exc
        raise


async def current_customer(request: Request, session: AsyncSession) -> Customer:
    """The authenticated customer of a REST request."""
    return await authenticate(
        session,
        tokens=runtime_of(request).tokens,
        authorization=request.headers.get("authorization"),
    )


async def obtain_token(request: Request) -> Response:
    """POST /api/v1/auth/token/: email and password in, `{access, refresh}` out."""
    body = await read_json_object(request)
    email, password = text_field(body, "email"), text_field(body, "password")

    async with open_session(request) as session:
        runtime = runtime_of(request)
        pair = await log_in(
            session,
            passwords=runtime.passwords,
            tokens=runtime.tokens,
            throttle=runtime.login_throttle,
            email=email or "",
            password=password or "",
            client_address=client_address(request),
        )
    return JSONResponse({"access": pair.access, "refresh": pair.refresh})


async def refresh_token(request: Request) -> Response:
    """POST /api/v1/auth/token/refresh/: a refresh token in, a new pair out."""
    body = await read_json_object(request)
    token = text_field(body, "refresh") or ""

    async with open_session(request) as session:
        pair = await refresh_tokens(
            session, tokens=runtime_of(request).tokens, refresh_token=token
        )
    return JSONResponse({"access": pair.access, "refresh": pair.refresh})


async def create_customer(request: Request) -> Response:
    """POST /api/v1/customers/: register; 201 with the new customer."""
    body = await read_json_object(request)
    registration = Registration(
        email=text_field(body, "email") or "",
        password=text_field(body, "password") or "",
        first_name=text_field(body, "first_name", required=False) or "",
        last_name=text_field(body, "last_name", required=False) or "",
        phone=text_field(body, "phone", required=False),
    )

    async with open_session(request) as session:
        customer = await register_customer(
            session,
            passwords=runtime_of(request).passwords,
            registration=registration,
            interface=Interface.REST,
            erasure_key=runtime_of(request).tokens.secret,
        )
    return JSONResponse(customer_body(customer), status_code=201)


async def customer_detail(request: Request) -> Response:
    """GET, PATCH and DELETE /api/v1/customers/<id>/."""
    async with open_session(request) as session:
        actor = await current_customer(request, session)
        customer_id = parse_id(request.path_params["customer_id"])

        if request.method == "GET":
            customer = await require_self_or_staff(
                session, actor=actor, customer_id=customer_id
            )
            return JSONResponse(customer_body(customer))

        customer = await require_self(session, actor=actor, customer_id=customer_id)
        if request.method == "PATCH":
            changes = await read_profile_changes(request)
            customer = await update_customer(
                session, customer=customer, changes=changes
            )
            return JSONResponse(customer_body(customer))

        await deactivate_customer(session, customer=customer, interface=Interface.REST)
    return Response(status_code=204)


async def read_profile_changes(request: Request) -> ProfileChanges:
    """The profile fields a PATCH body names; absent fields stay unchanged."""
    body = await read_json_object(request)
    values = {
        name: text_field(body, name, required=False) if name in body else UNCHANGED
        for name in ("first_name", "last_name", "phone")
    }
    return ProfileChanges(**values)


async def store_detail(request: Request) -> Response:
    """DELETE /api/v1/stores/<id>/: close your store; 204 with no body."""
    async with open_session(request) as session:
        actor = await current_customer(request, session)
        store_id = parse_id(request.path_params["store_id"])

        await delete_store(session, actor=actor, store_id=store_id)
    return Response(status_code=204)


async def openapi_document(request: Request) -> Response:
    """GET /api/v1/openapi.json: the OpenAPI 3 document of these routes."""
    return JSONResponse(OPENAPI_DOCUMENT)


routes = [
    Route("/api/v1/auth/token/", obtain_token, methods=["POST"]),
    Route("/api/v1/auth/token/refresh/", refresh_token, methods=["POST"]),
    Route("/api/v1/customers/", create_customer, methods=["POST"]),
    Route(
        "/api/v1/customers/{customer_id}/",
        customer_detail,
        methods=["GET", "PATCH", "DELETE"],
    ),
    Route("/api/v1/stores/{store_id}/", store_detail, methods=["DELETE"]),
    Route("/api/v1/openapi.json", openapi_document, methods=["GET"]),
]
