"""REST bodies and error responses in Django REST Framework's shapes."""

import json
from datetime import datetime

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from errors import (
    FIELD_NOT_TEXT,
    FIELD_REQUIRED,
    METHOD_NOT_ALLOWED,
    NOT_FOUND,
    ApiError,
    InvalidInputError,
    MalformedRequestError,
    ThrottledError,
)
from json_text import loads_json_text
from models import Customer

DEPRECATION_HEADERS = {
    "Deprecation": "true",
    "Link": '</graphql>; rel="successor-version"',
}


def customer_body(customer: Customer) -> dict[str, object]:
    """A customer as DRF's serializer would render it."""
    return {
        "id": customer.id,
        "email": customer.email,
        "first_name": customer.first_name,
        "last_name": customer.last_name,
        "phone": customer.phone,
        "is_staff": customer.is_staff,
        "is_active": customer.is_active,
        "date_joined": drf_datetime(customer.date_joined),
        "deactivated_at": drf_datetime(customer.deactivated_at),
    }


def drf_datetime(value: datetime | None) -> str | None:
    """ISO 8601 in UTC with a `Z`, as DRF writes it."""
    if value is None:
        return None
    return value.isoformat().replace("+00:00", "Z")


def api_error_response(error: ApiError) -> JSONResponse:
    """The DRF response for one of our errors."""
    headers: dict[str, str] = {}
    if error.status == 401:
        headers["WWW-Authenticate"] = 'Bearer realm="api"'
    if isinstance(error, ThrottledError):
        headers["Retry-After"] = str(error.retry_after)
    if isinstance(error, InvalidInputError):
        body: dict[str, object] = {error.field: [error.message]}
    else:
        body = {"detail": error.message}
    return JSONResponse(body, status_code=error.status, headers=headers)


async def handle_api_error(request: Request, exc: Exception) -> Response:
    """Starlette exception handler for our errors raised in REST routes."""
    assert isinstance(exc, ApiError)
    return api_error_response(exc)


async def handle_http_error(request: Request, exc: Exception) -> Response:
    """DRF bodies for unknown paths (404) and unserved methods (405)."""
    assert isinstance(exc, HTTPException)
    headers = dict(exc.headers or {})
    if exc.status_code == 405:
        detail = METHOD_NOT_ALLOWED.format(method=request.method)
    elif exc.status_code == 404:
        detail = NOT_FOUND
    else:
        detail = exc.detail
    return JSONResponse(
        {"detail": detail}, status_code=exc.status_code, headers=headers
    )


async def read_json_object(request: Request) -> dict[str, object]:
    """The request body as a JSON object; a 400 in DRF's words otherwise."""
    try:
        body = loads_json_text(await request.body() or b"{}")
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise MalformedRequestError() from exc
    if not isinstance(body, dict):
        raise MalformedRequestError()
    return body


def text_field(
    body: dict[str, object], name: str, *, required: bool = True
) -> str | None:
    """The string in `body[name]`; a DRF-style field error when absent or not text."""
    if name not in body or body[name] is None:
        if required:
            raise InvalidInputError(FIELD_REQUIRED, field=name)
        return None
    value = body[name]
    if not isinstance(value, str):
        raise InvalidInputError(FIELD_NOT_TEXT, field=name)
    return value
