"""Customer accounts: register, read, update, deactivate."""

import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, func, inspect, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import configure_mappers

from auth.passwords import Passwords
from database import write_transaction
from errors import (
    EMAIL_INVALID,
    EMAIL_TAKEN,
    InvalidInputError,
    InvalidTokenError,
    NotFoundError,
    PermissionDeniedError,
)
from models import AccountEvent, Customer, EventKind, Interface
from models.columns import utcnow
from resolvers.batches import select_rows
from resolvers.pages import Page, PageRequest, fetch_page
from resolvers.validation import check_password, clean_email, clean_phone, clean_text

UNCHANGED = object()
ERASED_EMAIL_DOMAIN = "erased.invalid"
FORMER_CUSTOMER = "Former customer"
CUSTOMER_MAPPER = inspect(Customer)
CUSTOMERS = Customer.__table__
# Built once: Core statements on the tables skip the ORM's bulk update and
# insert machinery, which would only track objects these rules do not keep.
DEACTIVATE = (
    CUSTOMERS.update()
    .where(
        CUSTOMERS.c.id == bindparam("customer_id"),
        CUSTOMERS.c.is_active.is_(True),
        CUSTOMERS.c.token_version == bindparam("version"),
    )
    .values(
        is_active=False,
        deactivated_at=bindparam("now"),
        token_version=CUSTOMERS.c.token_version + 1,
    )
    .returning(CUSTOMERS.c.token_version)
)
RECORD_EVENT = AccountEvent.__table__.insert()
CUSTOMER_BY_ID = select(*CUSTOMERS.columns).where(
    CUSTOMERS.c.id == bindparam("customer_id")
)


@dataclass(frozen=True)
class Registration:
    """What a new customer sends."""

    email: str
    password: str
    first_name: str = ""
    last_name: str = ""
    phone: str | None = None
    is_staff: bool = False


@dataclass(frozen=True)
class ProfileChanges:
    """Profile fields to change; a field left as UNCHANGED keeps its value."""

    first_name: object = UNCHANGED
    last_name: object = UNCHANGED
    phone: object = UNCHANGED


async def find_customer(session: AsyncSession, customer_id: int) -> Customer | None:
    """The customer with this id, active or not, or None, read with one statement.

    Every authenticated request reads its customer, so the read skips the ORM:
    one Core statement on a pooled connection of its own costs about half of a
    session `get`. The customer comes back detached from the session; the rules
    below that change a customer change this object too.
    """
    async with session.bind.connect() as connection:
        result = await connection.execute(CUSTOMER_BY_ID, {"customer_id": customer_id})
        row = result.first()
    return None if row is None else customer_from_columns(row._mapping)


def customer_from_columns(values: Mapping[str, Any]) -> Customer:
    """A detached Customer holding these column values, made without validation.

    The values come from the table, so checking them again is wasted: this is
    a tenth of the cost of `Customer(**values)`.
    """
    configure_mappers()  # at once when done already; else attributes are unset
    customer = CUSTOMER_MAPPER.class_manager.new_instance()
    customer.__dict__.update(values)
    return customer


async def find_customer_by_email(session: AsyncSession, email: str) -> Customer | None:
    """The customer whose email matches in any letter case, or None."""
    if "\x00" in email:
        # No stored email holds NUL, and PostgreSQL refuses it even in a query.
        return None
    query = select(Customer).where(func.lower(Customer.email) == email.lower())
    return (await session.scalars(query)).first()


async def require_self(
    session: AsyncSession, *, actor: Customer, customer_id: int
) -> Customer:
    """The actor's own account when `customer_id` is theirs.

    Existence is checked before ownership, so someone else's id is FORBIDDEN
    and an id that names nobody is NOT_FOUND.
    """
    if actor.id == customer_id:
        return actor
    if await find_customer(session, customer_id) is None:
        raise NotFoundError()
    raise PermissionDeniedError()


async def require_self_or_staff(
    session: AsyncSession, *, actor: Customer, customer_id: int
) -> Customer:
    """The customer `customer_id` when the actor is that customer or staff."""
    if actor.id == customer_id:
        return actor
    customer = await find_customer(session, customer_id)
    if customer is None:
        raise NotFoundError()
    if not actor.is_staff:
        raise PermissionDeniedError()
    return customer


def require_staff(actor: Customer) -> Customer:
    """The actor when they are staff; PermissionDeniedError otherwise."""
    if not actor.is_staff:
        raise PermissionDeniedError()
    return actor


async def list_customers(
    session: AsyncSession, request: PageRequest, *, include_inactive: bool
) -> Page[Any]:
    """A page of customers in id order, as plain rows; deactivated ones when asked."""
    query = select_rows(Customer)
    if not include_inactive:
        query = query.where(Customer.is_active.is_(True))
    return await fetch_page(session, query, request, Customer)


async def register_customer(
    session: AsyncSession,
    *,
    passwords: Passwords,
    registration: Registration,
    interface: Interface,
    erasure_key: str,
) -> Customer:
    """A new active customer and its `registered` event, written in one transaction.

    The email must not be taken in any letter case, by an active, deactivated
    or erased account; `erasure_key` finds the erased ones (see `erased_email`).
    """
    email = clean_email(registration.email)
    if is_erased_email(email):
        raise InvalidInputError(EMAIL_INVALID, field="email")
    password = check_password(registration.password)
    customer = Customer(
        email=email,
        password_hash="",
        first_name=clean_text(registration.first_name, field="first_name"),
        last_name=clean_text(registration.last_name, field="last_name"),
        phone=clean_phone(registration.phone),
        is_staff=registration.is_staff,
    )
    if await is_email_taken(session, email, erasure_key=erasure_key):
        raise InvalidInputError(EMAIL_TAKEN, field="email")
    customer.password_hash = await passwords.hash(password)

    try:
        async with write_transaction(session):
            session.add(customer)
            await session.flush()
            session.add(record_event(customer, EventKind.REGISTERED, interface))
    except IntegrityError as exc:
        # Two registrations of one email raced past the check above; the
        # unique index on lower(email) lets exactly one of them in.
        raise InvalidInputError(EMAIL_TAKEN, field="email") from exc
    return customer


async def update_customer(
    session: AsyncSession, *, customer: Customer, changes: ProfileChanges
) -> Customer:
    """The customer with the given profile fields changed and saved."""
    values: dict[str, object] = {}
    for field in ("first_name", "last_name"):
        value = getattr(changes, field)
        if value is not UNCHANGED:
            values[field] = clean_text(str(value or ""), field=field)
    if changes.phone is not UNCHANGED:
        values["phone"] = clean_phone(changes.phone)  # type: ignore[arg-type]
    if not values:
        return customer

    async with write_transaction(session):
        await session.execute(
            update(Customer).where(Customer.id == customer.id).values(**values)
        )
    for field, value in values.items():
        setattr(customer, field, value)
    return customer


async def deactivate_customer(
    session: AsyncSession, *, customer: Customer, interface: Interface
) -> Customer:
    """The customer, now inactive, with every token it held revoked.

    One transaction flips `is_active`, stamps `deactivated_at`, bumps the token
    version and writes the event. The update only matches the account while it
    is active and at the token version the caller authenticated with, so of
    two deactivations racing, one wins and the other finds its token revoked.
    Nothing else is touched: orders, reviews, addresses, cart and store stay.
    """
    now = utcnow()
    async with write_transaction(session):
        result = await session.execute(
            DEACTIVATE,
            {"customer_id": customer.id, "version": customer.token_version, "now": now},
        )
        version = result.scalar_one_or_none()
        if version is None:
            raise InvalidTokenError()
        event = {"customer_id": customer.id, "kind": EventKind.DEACTIVATED}
        await session.execute(
            RECORD_EVENT, {**event, "interface": interface, "created_at": now}
        )
    customer.is_active, customer.deactivated_at = False, now
    customer.token_version = version
    return customer


async def is_email_taken(
    session: AsyncSession, email: str, *, erasure_key: str
) -> bool:
    """True when a customer has this email, or had it before being erased."""
    candidates = [email.lower(), erased_email(email, key=erasure_key)]
    query = select(Customer.id).where(func.lower(Customer.email).in_(candidates))
    return (await session.scalars(query)).first() is not None


def erased_email(email: str, *, key: str) -> str:
    """The address an erased account keeps instead of `email`: a keyed hash of it.

    HMAC-SHA256 of the lower-cased email under the service's signing key: the
    same email always gives the same address, so it stays reserved, while the
    email itself cannot be read back or found by hashing a list of guesses
    without the key.
    """
    digest = hmac.new(key.encode(), email.lower().encode(), hashlib.sha256)
    return f"{digest.hexdigest()}@{ERASED_EMAIL_DOMAIN}"


def is_erased_email(email: str) -> bool:
    """True for addresses in the domain kept for erased accounts."""
    return email.lower().endswith(f"@{ERASED_EMAIL_DOMAIN}")


def is_erased(customer: Customer) -> bool:
    """True once support has erased the customer's personal data."""
    return is_erased_email(customer.email)


def display_name(customer: Customer) -> str:
    """The name shown beside a customer's reviews: "Ada L.", or "Former customer".

    Deactivation keeps the name; only erasure replaces it.
    """
    if is_erased(customer):
        return FORMER_CUSTOMER
    initial = f" {customer.last_name[:1]}." if customer.last_name else ""
    return f"{customer.first_name}{initial}".strip() or FORMER_CUSTOMER


def record_event(
    customer: Customer, kind: EventKind, interface: Interface
) -> AccountEvent:
    """A new event row for the customer (added by the caller's transaction)."""
    assert customer.id is not None
    return AccountEvent(customer_id=customer.id, kind=kind, interface=interface)
