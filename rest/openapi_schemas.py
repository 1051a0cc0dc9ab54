"""The JSON schemas of the REST shim's bodies, in DRF's snake_case."""

from resolvers.validation import (
    MAX_NAME_LENGTH,
    MAX_PASSWORD_LENGTH,
    MIN_PASSWORD_LENGTH,
)


def ref(name: str) -> dict[str, str]:
    """A reference to one of the schemas below."""
    return {"$ref": f"#/components/schemas/{name}"}


def text(description: str, **constraints: object) -> dict[str, object]:
    """A string property."""
    return {"type": "string", "description": description, **constraints}


def nullable_text(description: str, **constraints: object) -> dict[str, object]:
    """A string property that may also be null."""
    return {**text(description, **constraints), "nullable": True}


def closed_object(
    properties: dict[str, object], required: list[str]
) -> dict[str, object]:
    """An object with exactly these properties."""
    return {
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


def request_object(
    properties: dict[str, object], required: list[str]
) -> dict[str, object]:
    """A request body: these properties are read, any others are ignored."""
    schema: dict[str, object] = {"type": "object", "properties": properties}
    if required:
        schema["required"] = required
    return schema


NAME = f"At most {MAX_NAME_LENGTH} characters; surrounding spaces are removed."
PHONE = "5 to 20 digits, optionally starting with +; null clears it."
PASSWORD = f"{MIN_PASSWORD_LENGTH} to {MAX_PASSWORD_LENGTH} characters."

SCHEMAS: dict[str, object] = {
    "Detail": closed_object(
        {"detail": text("What went wrong, in one sentence.")}, ["detail"]
    ),
    "FieldErrors": {
        "type": "object",
        "description": "For each invalid field, what is wrong with it.",
        "minProperties": 1,
        "additionalProperties": {
            "type": "array",
            "items": {"type": "string"},
            "minItems": 1,
        },
    },
    "TokenObtain": request_object(
        {"email": text("The account's email."), "password": text("Its password.")},
        ["email", "password"],
    ),
    "TokenRefresh": request_object(
        {"refresh": text("A refresh token from an earlier response.")}, ["refresh"]
    ),
    "TokenPair": closed_object(
        {
            "access": text("A JWT access token for the Authorization header."),
            "refresh": text("A JWT refresh token; each works once."),
        },
        ["access", "refresh"],
    ),
    "Registration": request_object(
        {
            "email": text("Unique in any letter case.", format="email"),
            "password": text(PASSWORD),
            "first_name": nullable_text(NAME),
            "last_name": nullable_text(NAME),
            "phone": nullable_text(PHONE),
        },
        ["email", "password"],
    ),
    "ProfileChanges": request_object(
        {
            "first_name": text(NAME),
            "last_name": text(NAME),
            "phone": nullable_text(PHONE),
        },
        [],
    ),
    "Customer": closed_object(
        {
            "id": {"type": "integer"},
            "email": text("The email, as registered."),
            "first_name": text(NAME),
            "last_name": text(NAME),
            "phone": nullable_text(PHONE),
            "is_staff": {"type": "boolean"},
            "is_active": {"type": "boolean"},
            "date_joined": text("When the account was made (UTC).", format="date-time"),
            "deactivated_at": nullable_text(
                "When the account was deactivated (UTC), or null.", format="date-time"
            ),
        },
        [
            "id",
            "email",
            "first_name",
            "last_name",
            "phone",
            "is_staff",
            "is_active",
            "date_joined",
            "deactivated_at",
        ],
    ),
}
