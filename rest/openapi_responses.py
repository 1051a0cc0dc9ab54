"""The responses and headers of the REST shim's OpenAPI document.

The error responses live under `components.responses`, where every route
refers to them; their example bodies are the messages of `errors.py`.
"""

from errors import (
    BODY_TOO_LARGE,
    FIELD_REQUIRED,
    METHOD_NOT_ALLOWED,
    NOT_AUTHENTICATED,
    NOT_FOUND,
    PERMISSION_DENIED,
    THROTTLED,
    UNAVAILABLE,
    UNEXPECTED,
)
from rest.openapi_schemas import ref

JSON = "application/json"
ERROR_RESPONSES = {
    "400": "BadRequest",
    "401": "Unauthorized",
    "403": "Forbidden",
    "404": "NotFound",
    "413": "TooLarge",
    "429": "Throttled",
    "500": "ServerError",
    "503": "Unavailable",
}


def header(description: str, example: str) -> dict[str, object]:
    """A string response header."""
    return {
        "description": description,
        "schema": {"type": "string"},
        "example": example,
    }


HEADERS = {
    "Deprecation": header("Always `true`: the REST shim is deprecated.", "true"),
    "Link": header(
        "Points to the successor, the GraphQL endpoint.",
        '</graphql>; rel="successor-version"',
    ),
    "WWW-Authenticate": header(
        "The scheme to authenticate with.", 'Bearer realm="api"'
    ),
    "Retry-After": header("Seconds to wait before trying again.", "60"),
    "Allow": header("The methods this path serves.", "GET, PATCH, DELETE"),
}


def headers(*names: str) -> dict[str, object]:
    """References to the deprecation headers and the named extra ones."""
    return {
        name: {"$ref": f"#/components/headers/{name}"}
        for name in ("Deprecation", "Link", *names)
    }


def json_response(
    description: str,
    schema: dict[str, object],
    *extra_headers: str,
    example: object = None,
) -> dict[str, object]:
    """A response with a JSON body and the deprecation headers."""
    content: dict[str, object] = {"schema": schema}
    if example is not None:
        content["example"] = example
    return {
        "description": description,
        "headers": headers(*extra_headers),
        "content": {JSON: content},
    }


def empty_response(description: str) -> dict[str, object]:
    """A response without a body (204)."""
    return {"description": description, "headers": headers()}


def detail_response(
    description: str, example: str, *extra_headers: str
) -> dict[str, object]:
    """An error response whose body is `{"detail": ...}`."""
    return json_response(
        description, ref("Detail"), *extra_headers, example={"detail": example}
    )


def error_responses() -> dict[str, object]:
    """The contract's error responses, shared by every route."""
    return {
        "BadRequest": json_response(
            "Invalid input: field errors, or a body that is not a JSON object.",
            {"oneOf": [ref("FieldErrors"), ref("Detail")]},
            example={"email": [FIELD_REQUIRED]},
        ),
        "Unauthorized": detail_response(
            "No token; a bad, expired or revoked one; or a wrong login.",
            NOT_AUTHENTICATED,
            "WWW-Authenticate",
        ),
        "Forbidden": detail_response("The id is someone else's.", PERMISSION_DENIED),
        "NotFound": detail_response("The id names nothing.", NOT_FOUND),
        "MethodNotAllowed": detail_response(
            "The path does not serve this method.",
            METHOD_NOT_ALLOWED.format(method="PUT"),
            "Allow",
        ),
        "TooLarge": detail_response(
            "The body is larger than `MAX_REQUEST_BODY_BYTES`.",
            BODY_TOO_LARGE.format(maximum=262_144),
        ),
        "Throttled": detail_response(
            "Too many failed logins.", THROTTLED, "Retry-After"
        ),
        "ServerError": detail_response("An unexpected error.", UNEXPECTED),
        "Unavailable": detail_response("The database cannot be reached.", UNAVAILABLE),
    }


def errors(*statuses: str) -> dict[str, object]:
    """References to the given error responses, plus 500 and 503.

    Any route may answer 500 (unexpected) or 503 (database unreachable).
    """
    return {
        status: {"$ref": f"#/components/responses/{ERROR_RESPONSES[status]}"}
        for status in (*statuses, "500", "503")
    }
