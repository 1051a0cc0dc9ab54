"""GraphQL object types of the account, and the converters from rows to them."""

from datetime import datetime

import strawberry

from auth.tokens import TokenPair as IssuedTokens
from models import Customer as CustomerRow


@strawberry.type(description="A customer account of the marketplace.")
class Customer:
    id: strawberry.ID = strawberry.field(description="The account's id.")
    email: str = strawberry.field(description="Login email, as the customer typed it.")
    first_name: str = strawberry.field(description="Given name; may be empty.")
    last_name: str = strawberry.field(description="Family name; may be empty.")
    phone: str | None = strawberry.field(description="Phone number, if given.")
    is_active: bool = strawberry.field(
        description="False once the account is deactivated; it can no longer log in."
    )
    is_staff: bool = strawberry.field(
        description="Staff may read every customer, deactivated ones included."
    )
    date_joined: datetime = strawberry.field(description="When the account was made.")
    deactivated_at: datetime | None = strawberry.field(
        description="When the account was deactivated, or null while active."
    )


@strawberry.type(description="Tokens handed out by `login` and `refreshToken`.")
class TokenPair:
    access_token: str = strawberry.field(
        description="Send as `Authorization: Bearer <accessToken>`."
    )
    refresh_token: str = strawberry.field(
        description="Trade for a new pair with `refreshToken` before it expires."
    )
    token_type: str = strawberry.field(description='Always "Bearer".')
    expires_in: int = strawberry.field(
        description="Seconds until the access token expires."
    )


@strawberry.type(description="The result of `deactivateCustomer`.")
class DeactivateCustomerPayload:
    customer: Customer = strawberry.field(
        description="The account, now with `isActive: false`."
    )


def customer_from_row(row: CustomerRow) -> Customer:
    """The GraphQL view of a customer row."""
    return Customer(
        id=strawberry.ID(str(row.id)),
        email=row.email,
        first_name=row.first_name,
        last_name=row.last_name,
        phone=row.phone,
        is_active=row.is_active,
        is_staff=row.is_staff,
        date_joined=row.date_joined,
        deactivated_at=row.deactivated_at,
    )


def token_pair_from_issued(tokens: IssuedTokens) -> TokenPair:
    """The GraphQL view of a freshly issued token pair."""
    return TokenPair(
        access_token=tokens.access,
        refresh_token=tokens.refresh,
        token_type="Bearer",
        expires_in=tokens.expires_in,
    )
