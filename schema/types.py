"""GraphQL object types of the account, and the converters from rows to them."""

import enum
from datetime import datetime

import strawberry
from strawberry import relay
from strawberry.types import Info

from auth.permissions import IsStaff
from auth.tokens import TokenPair as IssuedTokens
from models import AccountEvent as AccountEventRow
from models import Address as AddressRow
from models import Customer as CustomerRow
from resolvers.pages import DEFAULT_PAGE_SIZE, page_request
from resolvers.preview import DeactivationPreview as Preview
from schema.catalog import Review, Store, review_from_row, store_from_row
from schema.context import Context
from schema.orders import Cart, Order, cart_from_row, order_from_row
from schema.pagination import After, First, connection


@strawberry.enum(description="What happened to an account.")
class AccountEventKind(enum.Enum):
    REGISTERED = strawberry.enum_value(
        "registered", description="The account was opened."
    )
    DEACTIVATED = strawberry.enum_value(
        "deactivated", description="The customer deactivated the account."
    )
    REACTIVATED = strawberry.enum_value(
        "reactivated", description="Support reactivated the account."
    )
    ERASED = strawberry.enum_value(
        "erased", description="Support erased the personal data (GDPR)."
    )


@strawberry.enum(description="Through which door a change came in.")
class ChangeInterface(enum.Enum):
    GRAPHQL = strawberry.enum_value("graphql", description="This GraphQL API.")
    REST = strawberry.enum_value("rest", description="The legacy REST API.")
    CLI = strawberry.enum_value("cli", description="An operator's command line.")


@strawberry.type(description="One entry of an account's history.")
class AccountEvent:
    kind: AccountEventKind = strawberry.field(description="What happened.")
    interface: ChangeInterface = strawberry.field(description="Through what.")
    created_at: datetime = strawberry.field(description="When.")


@strawberry.type(description="A postal address a customer keeps.")
class Address:
    id: strawberry.ID = strawberry.field(description="The address's id.")
    line1: str = strawberry.field(description="Street and number.")
    line2: str = strawberry.field(description="More of the address; may be empty.")
    city: str = strawberry.field(description="Town or city.")
    postal_code: str = strawberry.field(description="Postal code.")
    country: str = strawberry.field(description="Two-letter country code.")


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

    @strawberry.field(description="The addresses the customer keeps.")
    async def addresses(self, info: Info[Context, None]) -> list[Address]:
        rows = await info.context.loaders.addresses.load(int(self.id))
        return [address_from_row(row) for row in rows]

    @strawberry.field(description="The orders the customer placed, oldest first.")
    async def orders(
        self,
        info: Info[Context, None],
        first: First = DEFAULT_PAGE_SIZE,
        after: After = None,
    ) -> relay.Connection[Order]:
        key = (int(self.id), page_request(first, after))
        page = await info.context.loaders.orders_page.load(key)
        return connection(page, order_from_row)

    @strawberry.field(description="The reviews the customer wrote, oldest first.")
    async def reviews(
        self,
        info: Info[Context, None],
        first: First = DEFAULT_PAGE_SIZE,
        after: After = None,
    ) -> relay.Connection[Review]:
        key = (int(self.id), page_request(first, after))
        page = await info.context.loaders.customer_reviews_page.load(key)
        return connection(page, review_from_row)

    @strawberry.field(
        description=(
            "The cart, or null when there is none. A deactivated account's cart "
            "is kept but out of reach: null here."
        )
    )
    async def cart(self, info: Info[Context, None]) -> Cart | None:
        if not self.is_active:
            return None
        row = await info.context.loaders.cart_of.load(int(self.id))
        return cart_from_row(row) if row else None

    @strawberry.field(
        description="The store the customer owns (open or deleted), or null."
    )
    async def store(self, info: Info[Context, None]) -> Store | None:
        row = await info.context.loaders.store_of.load(int(self.id))
        return store_from_row(row) if row else None

    @strawberry.field(
        description="The account's history, oldest first. Staff only.",
        permission_classes=[IsStaff],
    )
    async def events(self, info: Info[Context, None]) -> list[AccountEvent]:
        rows = await info.context.loaders.events.load(int(self.id))
        return [event_from_row(row) for row in rows]


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


@strawberry.type(
    description="What deactivating your account keeps, and what to do first."
)
class DeactivationPreview:
    orders: int = strawberry.field(description="Orders kept for business records.")
    reviews: int = strawberry.field(
        description="Reviews that stay visible with your name."
    )
    addresses: int = strawberry.field(description="Addresses kept.")
    cart_items: int = strawberry.field(
        description="Cart items kept, out of your reach."
    )
    store: Store | None = strawberry.field(
        description="The store you own that stays open, or null."
    )
    warnings: list[str] = strawberry.field(
        description="Sentences to read before you deactivate."
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


def address_from_row(row: AddressRow) -> Address:
    """The GraphQL view of an address row."""
    return Address(
        id=strawberry.ID(str(row.id)),
        line1=row.line1,
        line2=row.line2,
        city=row.city,
        postal_code=row.postal_code,
        country=row.country,
    )


def event_from_row(row: AccountEventRow) -> AccountEvent:
    """The GraphQL view of an account event row."""
    return AccountEvent(
        kind=AccountEventKind(row.kind.value),
        interface=ChangeInterface(row.interface.value),
        created_at=row.created_at,
    )


def preview_from_result(preview: Preview) -> DeactivationPreview:
    """The GraphQL view of a deactivation preview."""
    return DeactivationPreview(
        orders=preview.orders,
        reviews=preview.reviews,
        addresses=preview.addresses,
        cart_items=preview.cart_items,
        store=store_from_row(preview.store) if preview.store else None,
        warnings=preview.warnings,
    )
