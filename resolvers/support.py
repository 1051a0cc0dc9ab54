"""What support may do to an account that the API cannot: reactivate and erase."""

import logging

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from database import write_transaction
from errors import (
    CUSTOMER_ALREADY_ACTIVE,
    CUSTOMER_ALREADY_ERASED,
    CUSTOMER_ERASED,
    CUSTOMER_ID_INVALID,
    CUSTOMER_UNKNOWN,
    AccountStateError,
    InvalidInputError,
    NotFoundError,
)
from models import Address, Customer, EventKind, Interface
from models.columns import utcnow
from resolvers.customers import erased_email, is_erased, record_event
from resolvers.ids import parse_id

logger = logging.getLogger(__name__)

# An argon2 hash never looks like this, so no password can ever match it.
UNUSABLE_PASSWORD_HASH = "!erased"  # noqa: S105 - a marker, not a secret


def parse_customer_id(value: str) -> int:
    """The customer id an operator typed; InvalidInputError when it is not one."""
    try:
        return parse_id(value.strip())
    except NotFoundError as exc:
        message = CUSTOMER_ID_INVALID.format(value=value)
        raise InvalidInputError(message, field="id") from exc


async def lock_customer(session: AsyncSession, customer_id: int) -> Customer:
    """The customer row, freshly read and locked until the transaction ends.

    PostgreSQL locks the row (FOR UPDATE); SQLite already holds the write lock
    that `write_transaction` takes up front.
    """
    query = (
        select(Customer)
        .where(Customer.id == customer_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    customer = (await session.scalars(query)).first()
    if customer is None:
        raise NotFoundError(CUSTOMER_UNKNOWN.format(customer_id=customer_id))
    return customer


async def require_erasable(session: AsyncSession, *, customer_id: int) -> Customer:
    """The customer `customer_id` when it exists and is not erased yet."""
    customer = await session.get(Customer, customer_id)
    if customer is None:
        raise NotFoundError(CUSTOMER_UNKNOWN.format(customer_id=customer_id))
    if is_erased(customer):
        raise AccountStateError(CUSTOMER_ALREADY_ERASED.format(customer_id=customer_id))
    return customer


async def reactivate_customer(
    session: AsyncSession, *, customer_id: int, interface: Interface
) -> Customer:
    """The deactivated customer, active again, with a `reactivated` event.

    The token version stays as deactivation left it, so tokens issued before
    deactivation stay dead: the customer logs in afresh. An erased account
    cannot come back: it has no email or name left to come back with.
    """
    async with write_transaction(session):
        customer = await lock_customer(session, customer_id)
        if is_erased(customer):
            raise AccountStateError(CUSTOMER_ERASED.format(customer_id=customer_id))
        if customer.is_active:
            raise AccountStateError(
                CUSTOMER_ALREADY_ACTIVE.format(customer_id=customer_id)
            )

        customer.is_active = True
        customer.deactivated_at = None
        session.add(record_event(customer, EventKind.REACTIVATED, interface))

    logger.info("Reactivated customer %s", customer_id)
    return customer


async def erase_customer(
    session: AsyncSession, *, customer_id: int, erasure_key: str, interface: Interface
) -> Customer:
    """The customer with its personal data gone, deactivated, every token revoked.

    Names and phone are blanked, the password hash made unusable, the address
    lines scrubbed (the country stays: alone it names no one, and sales per
    country still add up), and the email replaced by its keyed hash so it
    stays reserved. Orders, reviews, cart and store keep every row; reviews
    then show "Former customer". One transaction, with an `erased` event.
    """
    async with write_transaction(session):
        customer = await lock_customer(session, customer_id)
        if is_erased(customer):
            raise AccountStateError(
                CUSTOMER_ALREADY_ERASED.format(customer_id=customer_id)
            )

        scrub_customer(customer, erasure_key=erasure_key)
        await session.execute(
            update(Address)
            .where(Address.customer_id == customer_id)
            .values(line1="", line2="", city="", postal_code="")
        )
        session.add(record_event(customer, EventKind.ERASED, interface))

    logger.info("Erased the personal data of customer %s", customer_id)
    return customer


def scrub_customer(customer: Customer, *, erasure_key: str) -> None:
    """Replace the loaded row's personal fields and close the account."""
    customer.email = erased_email(customer.email, key=erasure_key)
    customer.first_name = ""
    customer.last_name = ""
    customer.phone = None
    customer.password_hash = UNUSABLE_PASSWORD_HASH
    customer.is_active = False
    customer.deactivated_at = customer.deactivated_at or utcnow()
    customer.token_version += 1
