"""Who is calling: the customer behind a request's bearer token."""

import logging

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import HTTPConnection

from auth.tokens import Tokens
from errors import InvalidTokenError, NotAuthenticatedError
from models import Customer
from resolvers.customers import find_customer

logger = logging.getLogger(__name__)


def client_address(connection: HTTPConnection) -> str | None:
    """The address of the connection's peer, or None when the server gives none.

    X-Forwarded-For is deliberately not read: any client can send it. Behind a
    reverse proxy, let the ASGI server rewrite the peer address from the
    addresses it trusts (uvicorn's `--forwarded-allow-ips`).
    """
    return connection.client.host if connection.client else None


def bearer_token(authorization: str | None) -> str:
    """The token of an `Authorization: Bearer <token>` header.

    No header, or another scheme (Basic, junk), means no credentials for this
    service, as Django REST Framework's JWT authentication reads it; a Bearer
    header whose token is missing or malformed is an invalid token.
    """
    scheme, _, token = (authorization or "").strip().partition(" ")
    if scheme.lower() != "bearer":
        raise NotAuthenticatedError()
    token = token.strip()
    if not token or " " in token:
        logger.info("Refused a Bearer header that does not hold one token")
        raise InvalidTokenError()
    return token


async def authenticate(
    session: AsyncSession, *, tokens: Tokens, authorization: str | None
) -> Customer:
    """The active customer the access token belongs to, loaded with one query.

    The token is refused when its customer is gone or inactive, or when it was
    issued before the customer's token version last changed (deactivation).
    """
    claims = tokens.verify(bearer_token(authorization), kind="access")

    customer = await find_customer(session, claims.customer_id)

    if customer is None or not customer.is_active:
        logger.info(
            "Refused a token of inactive or missing customer %s", claims.customer_id
        )
        raise InvalidTokenError()
    if customer.token_version != claims.version:
        logger.info("Refused a revoked token of customer %s", customer.id)
        raise InvalidTokenError()
    return customer
