"""Logging in and refreshing: turning credentials into a token pair."""

import logging

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from auth.passwords import Passwords
from auth.tokens import TokenPair, Tokens
from database import write_transaction
from errors import InvalidCredentialsError, InvalidTokenError
from models import Customer
from resolvers.customers import find_customer, find_customer_by_email
from resolvers.throttle import (
    LoginThrottle,
    admit_login_attempt,
    settle_successful_login,
)

logger = logging.getLogger(__name__)


async def log_in(
    session: AsyncSession,
    *,
    passwords: Passwords,
    tokens: Tokens,
    throttle: LoginThrottle,
    email: str,
    password: str,
    client_address: str | None,
) -> TokenPair:
    """A token pair for the active customer with this email and password.

    Unknown emails, wrong passwords and deactivated accounts all get the same
    error after the same amount of work, so the answer reveals nothing. Too
    many failures for the email or the client address are refused with
    ThrottledError before the password is checked, known email or not.
    """
    subjects = throttle.subjects(email, client_address)
    await admit_login_attempt(session, throttle=throttle, subjects=subjects)

    customer = await find_customer_by_email(session, email.strip())
    password_hash = customer.password_hash if customer else None

    is_valid = await passwords.verify(password_hash, password)

    if customer is None or not is_valid or not customer.is_active:
        logger.info("Refused a login: %s", refusal_reason(customer, is_valid))
        raise InvalidCredentialsError()
    assert customer.id is not None
    await settle_successful_login(session, subjects=subjects)
    if passwords.needs_rehash(customer.password_hash):
        await store_new_hash(session, customer, await passwords.hash(password))
    return tokens.issue_pair(customer_id=customer.id, version=customer.token_version)


async def refresh_tokens(
    session: AsyncSession, *, tokens: Tokens, refresh_token: str
) -> TokenPair:
    """A new token pair for a genuine refresh token whose account is still active."""
    claims = tokens.verify(refresh_token, kind="refresh")

    customer = await find_customer(session, claims.customer_id)

    if customer is None or not customer.is_active:
        raise InvalidTokenError()
    if customer.token_version != claims.version:
        raise InvalidTokenError()
    return tokens.issue_pair(customer_id=claims.customer_id, version=claims.version)


async def store_new_hash(
    session: AsyncSession, customer: Customer, password_hash: str
) -> None:
    """Save a hash made with the current cost settings."""
    async with write_transaction(session):
        await session.execute(
            update(Customer)
            .where(Customer.id == customer.id)
            .values(password_hash=password_hash)
        )


def refusal_reason(customer: Customer | None, is_valid: bool) -> str:
    """Why a login was refused, for the log (never the email)."""
    if customer is None:
        return "unknown email"
    if not is_valid:
        return f"wrong password for customer {customer.id}"
    return f"customer {customer.id} is inactive"
