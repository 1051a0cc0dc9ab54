"""The OpenAPI 3 document of the REST shim, served at `/api/v1/openapi.json`.

Built from small pieces so each route reads as one function; the pieces are
in `rest.openapi_schemas` and `rest.openapi_responses`.
"""

from rest.openapi_responses import (
    HEADERS,
    JSON,
    empty_response,
    error_responses,
    errors,
    json_response,
)
from rest.openapi_schemas import SCHEMAS, ref

OTHER_METHODS = (
    "Any other method is refused with 405 and an `Allow` header "
    "(`components.responses.MethodNotAllowed`)."
)
BEARER = [{"bearerAuth": []}]
TAGS = [("Token", "auth"), ("Customer", "customers"), ("Store", "stores"), ("", "meta")]


def json_body(name: str) -> dict[str, object]:
    """A required JSON request body of the named schema."""
    return {"required": True, "content": {JSON: {"schema": ref(name)}}}


def operation(
    operation_id: str, summary: str, responses: dict[str, object], **extra: object
) -> dict[str, object]:
    """One operation, tagged with the part of the shim its id names.

    An operation that takes a body may also answer 413 for one past the cap.
    """
    tag = next(tag for word, tag in TAGS if word in operation_id)
    if "requestBody" in extra:
        responses = {**responses, **errors("413")}
    return {
        "operationId": operation_id,
        "summary": summary,
        "tags": [tag],
        "responses": responses,
        **extra,
    }


def token_paths() -> dict[str, object]:
    """The two token routes: log in, and trade a refresh token for a new pair."""
    pair = json_response("A new access and refresh token.", ref("TokenPair"))
    return {
        "/api/v1/auth/token/": {
            "description": OTHER_METHODS,
            "post": operation(
                "obtainToken",
                "Log in with email and password.",
                {"200": pair, **errors("400", "401", "429")},
                requestBody=json_body("TokenObtain"),
            ),
        },
        "/api/v1/auth/token/refresh/": {
            "description": OTHER_METHODS,
            "post": operation(
                "refreshToken",
                "Trade a refresh token for a new pair.",
                {"200": pair, **errors("400", "401")},
                requestBody=json_body("TokenRefresh"),
            ),
        },
    }


def customer_paths() -> dict[str, object]:
    """Register, read, update and deactivate customers."""
    customer = json_response("The customer.", ref("Customer"))
    mine = {"security": BEARER, "parameters": [id_parameter("customer_id")]}
    return {
        "/api/v1/customers/": {
            "description": OTHER_METHODS,
            "post": operation(
                "createCustomer",
                "Register a customer.",
                {
                    "201": json_response("The new customer.", ref("Customer")),
                    **errors("400"),
                },
                requestBody=json_body("Registration"),
            ),
        },
        "/api/v1/customers/{customer_id}/": {
            "description": OTHER_METHODS,
            "get": operation(
                "getCustomer",
                "Read yourself, or anyone when you are staff.",
                {"200": customer, **errors("401", "403", "404")},
                **mine,
            ),
            "patch": operation(
                "updateCustomer",
                "Change your own profile; absent fields stay, `phone: null` clears.",
                {"200": customer, **errors("400", "401", "403", "404")},
                requestBody=json_body("ProfileChanges"),
                **mine,
            ),
            "delete": operation(
                "deactivateCustomer",
                "Deactivate your own account; every token stops working.",
                {"204": empty_response("Deactivated."), **errors("401", "403", "404")},
                **mine,
            ),
        },
    }


def store_and_document_paths() -> dict[str, object]:
    """Closing a store, and this document itself."""
    return {
        "/api/v1/stores/{store_id}/": {
            "description": OTHER_METHODS,
            "delete": operation(
                "deleteStore",
                "Close your store; it and its products leave public lists.",
                {"204": empty_response("Closed."), **errors("401", "403", "404")},
                security=BEARER,
                parameters=[id_parameter("store_id")],
            ),
        },
        "/api/v1/openapi.json": {
            "description": OTHER_METHODS,
            "get": operation(
                "getOpenApiDocument",
                "This document.",
                {
                    "200": json_response("The OpenAPI document.", {"type": "object"}),
                    **errors(),
                },
            ),
        },
    }


def id_parameter(name: str) -> dict[str, object]:
    """A path id; anything but a whole number from 1 is answered with 404."""
    return {
        "name": name,
        "in": "path",
        "required": True,
        "description": "A whole number; anything else is 404.",
        "schema": {"type": "string"},
    }


def build_document() -> dict[str, object]:
    """The whole OpenAPI document of the REST shim."""
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Marketplace accounts API: legacy REST shim",
            "version": "1",
            "description": (
                "Django REST Framework compatible routes kept for legacy "
                "clients; new clients use GraphQL at `/graphql`. Paths end "
                "with `/`; the same path without it redirects (307)."
            ),
        },
        "paths": {**token_paths(), **customer_paths(), **store_and_document_paths()},
        "components": {
            "schemas": SCHEMAS,
            "responses": error_responses(),
            "headers": HEADERS,
            "securitySchemes": {
                "bearerAuth": {
                    "type": "http",
                    "scheme": "bearer",
                    "bearerFormat": "JWT",
                }
            },
        },
    }


OPENAPI_DOCUMENT = build_document()
