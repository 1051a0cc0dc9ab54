"""Our error classes and every message a client can read, in one place.

Rules raise these; the GraphQL and REST edges translate them into the contract's
codes, statuses and bodies.
"""

from typing import ClassVar

NOT_AUTHENTICATED = "Authentication credentials were not provided."
INVALID_TOKEN = "Given token not valid for any token type"
INVALID_CREDENTIALS = "No active account found with the given credentials"
NOT_FOUND = "Not found."
PERMISSION_DENIED = "You do not have permission to perform this action."
THROTTLED = "Request was throttled."
UNEXPECTED = "Unexpected error."
UNAVAILABLE = "The service is temporarily unavailable; try again shortly."
OPERATION_NAME_REQUIRED = (
    "The document holds several operations; name the one to run in operationName."
)
BODY_TOO_LARGE = "The request body must be at most {maximum} bytes."

EMAIL_INVALID = "Enter a valid email address, such as ada@example.com."
EMAIL_TAKEN = "A customer with this email address already exists."
PASSWORD_TOO_SHORT = "The password must be at least {minimum} characters long."
PASSWORD_TOO_LONG = "The password must be at most {maximum} characters long."
TEXT_TOO_LONG = "This value must be at most {maximum} characters long."
TEXT_BLANK = "This value must not be blank."
TEXT_HAS_NUL = "This value must not contain the NUL character (U+0000)."
PHONE_INVALID = "Enter a phone number of 5 to 20 digits, optionally starting with +."
FIELD_REQUIRED = "This field is required."
FIELD_NOT_TEXT = "This value must be a string."
FIELD_NOT_INTEGER = "This value must be a whole number."
JSON_BODY_INVALID = "JSON parse error - the request body is not a JSON object."
METHOD_NOT_ALLOWED = 'Method "{method}" not allowed.'
NOT_ACCEPTABLE = (
    "Cannot answer in {accept!r}; accept application/graphql-response+json "
    "or application/json."
)
UNSUPPORTED_MEDIA_TYPE = (
    "Content type {content_type!r} is not supported; send application/json in UTF-8."
)
GRAPHQL_REQUEST_NOT_OBJECT = (
    "The request body, `variables` and `extensions` must be JSON objects."
)
OPERATION_NAME_NOT_TEXT = (
    "The GraphQL operation's `operationName` must be a string or null, got {value}."
)
PAGE_SIZE_INVALID = "`first` must be between 0 and {maximum}, got {value}."
CURSOR_INVALID = "`after` is not a cursor this list gave out."

CUSTOMER_ID_INVALID = "{value!r} is not a customer id; give a whole number such as 42."
CUSTOMER_UNKNOWN = "No customer has the id {customer_id}."
CUSTOMER_ALREADY_ACTIVE = "Customer {customer_id} is already active."
CUSTOMER_ERASED = (
    "Customer {customer_id} was erased; an erased account cannot be reactivated."
)
CUSTOMER_ALREADY_ERASED = "Customer {customer_id} is already erased."
STORE_ALREADY_OWNED = (
    "You already own store {store_id}; a customer can own one store at most."
)
PRICE_INVALID = "The price must be between 0.01 and {maximum}, got {value}."
QUANTITY_INVALID = "The quantity must be between 1 and {maximum}, got {value}."
CART_QUANTITY_TOO_HIGH = (
    "A cart holds at most {maximum} of one product; this would make {value}."
)
CART_EMPTY = "Your cart is empty; add a product with addToCart first."
CART_HAS_UNAVAILABLE = (
    "Products {product_ids} are no longer for sale; remove them with "
    "removeFromCart and order again."
)
RATING_INVALID = "The rating must be a whole number from 1 to 5, got {value}."
COUNTRY_INVALID = "Enter a two-letter country code such as DE, got {value!r}."
PREVIEW_STORE_STAYS_OPEN = (
    'Your store "{name}" (id {store_id}) stays open after deactivation and its '
    "products stay listed. To remove your presence from the marketplace, delete "
    "the store first with deleteStore."
)
PREVIEW_NO_REACTIVATION = (
    "You cannot reactivate the account yourself: only support can, and your "
    "current tokens stop working at once."
)
DEMO_CUSTOMERS_INVALID = "--customers must be between 1 and {maximum}, got {value}."


class ApiError(Exception):
    """A failure the client caused or may see, with its contract code and status."""

    code: ClassVar[str] = "INTERNAL_SERVER_ERROR"
    status: ClassVar[int] = 500
    default_message: ClassVar[str] = UNEXPECTED

    def __init__(self, message: str | None = None, *, field: str | None = None) -> None:
        self.message = message or self.default_message
        self.field = field
        super().__init__(self.message)

    @property
    def extensions(self) -> dict[str, object]:
        """The GraphQL `extensions` of this error; graphql-core copies them."""
        if self.field is None:
            return {"code": self.code}
        return {"code": self.code, "field": camel_case(self.field)}


def camel_case(name: str) -> str:
    """A snake_case field name as GraphQL spells it: `first_name` -> `firstName`."""
    head, *rest = name.split("_")
    return head + "".join(word.capitalize() for word in rest)


class NotAuthenticatedError(ApiError):
    """The request carries no credentials but the field needs them."""

    code = "UNAUTHENTICATED"
    status = 401
    default_message = NOT_AUTHENTICATED


class InvalidTokenError(NotAuthenticatedError):
    """The token is malformed, expired, revoked, or its account is inactive."""

    default_message = INVALID_TOKEN


class InvalidCredentialsError(NotAuthenticatedError):
    """The email and password match no active account."""

    default_message = INVALID_CREDENTIALS


class NotFoundError(ApiError):
    """The id names nothing that exists (or nothing this caller may know of)."""

    code = "NOT_FOUND"
    status = 404
    default_message = NOT_FOUND


class PermissionDeniedError(ApiError):
    """The id exists but belongs to someone else."""

    code = "FORBIDDEN"
    status = 403
    default_message = PERMISSION_DENIED


class InvalidInputError(ApiError):
    """An input value is wrong; `field` names it in the client's spelling."""

    code = "BAD_USER_INPUT"
    status = 400

    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(message, field=field)


class MalformedRequestError(ApiError):
    """The request body cannot be read at all (REST: not a JSON object)."""

    code = "BAD_USER_INPUT"
    status = 400
    default_message = JSON_BODY_INVALID


class ThrottledError(ApiError):
    """Too many failed logins; `retry_after` says when to try again, in seconds."""

    code = "TOO_MANY_REQUESTS"
    status = 429
    default_message = THROTTLED

    def __init__(self, *, retry_after: int) -> None:
        super().__init__()
        self.retry_after = retry_after

    @property
    def extensions(self) -> dict[str, object]:
        """The code and the number of seconds to wait."""
        return {"code": self.code, "retryAfter": self.retry_after}


class ServiceUnavailableError(ApiError):
    """The database cannot be reached; the request may be retried."""

    code = "SERVICE_UNAVAILABLE"
    status = 503
    default_message = UNAVAILABLE


class AccountStateError(ApiError):
    """The account is not in a state that allows the operation (an operator error)."""

    code = "CONFLICT"
    status = 409

    def __init__(self, message: str) -> None:
        super().__init__(message)
