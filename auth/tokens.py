"""Signed access and refresh tokens (JWT, HS256)."""

import logging
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal

import jwt

from errors import InvalidTokenError, NotFoundError
from resolvers.ids import parse_id

logger = logging.getLogger(__name__)

TokenType = Literal["access", "refresh"]
ALGORITHM = "HS256"
REQUIRED_CLAIMS = ["sub", "type", "iat", "nbf", "exp", "jti", "ver"]


@dataclass(frozen=True)
class TokenPair:
    """What a login or refresh hands out."""

    access: str
    refresh: str
    expires_in: int


@dataclass(frozen=True)
class Claims:
    """The parts of a verified token the service acts on."""

    customer_id: int
    version: int


class Tokens:
    """Issues and verifies tokens with one secret and the configured lifetimes."""

    def __init__(self, *, secret: str, access_ttl: int, refresh_ttl: int) -> None:
        self.secret = secret
        self.ttl: dict[TokenType, int] = {"access": access_ttl, "refresh": refresh_ttl}

    def issue_pair(self, *, customer_id: int, version: int) -> TokenPair:
        """A fresh access token and refresh token for the customer's current version."""
        return TokenPair(
            access=self.issue(customer_id=customer_id, version=version, kind="access"),
            refresh=self.issue(
                customer_id=customer_id, version=version, kind="refresh"
            ),
            expires_in=self.ttl["access"],
        )

    def issue(self, *, customer_id: int, version: int, kind: TokenType) -> str:
        """One signed token of `kind`."""
        now = datetime.now(UTC)
        claims = {
            "sub": str(customer_id),
            "type": kind,
            "iat": now,
            "nbf": now,
            "exp": now + timedelta(seconds=self.ttl[kind]),
            "jti": uuid.uuid4().hex,
            "ver": version,
        }
        return jwt.encode(claims, self.secret, algorithm=ALGORITHM)

    def verify(self, token: str, *, kind: TokenType) -> Claims:
        """The claims of a genuine, current token of `kind`; InvalidTokenError if not.

        Only HS256 is accepted, so a token that names another algorithm (or
        "none") is refused before its signature is even looked at.
        """
        try:
            claims = jwt.decode(
                token,
                self.secret,
                algorithms=[ALGORITHM],
                options={"require": REQUIRED_CLAIMS},
            )
        except jwt.PyJWTError as exc:
            logger.info("Refused a token: %s", type(exc).__name__)
            raise InvalidTokenError() from exc

        if claims["type"] != kind:
            logger.info(
                "Refused a %s token where a %s token belongs", claims["type"], kind
            )
            raise InvalidTokenError()
        return parse_claims(claims)


def parse_claims(claims: dict[str, object]) -> Claims:
    """Claims with the types we expect; InvalidTokenError for anything odd."""
    subject, version = claims["sub"], claims["ver"]
    if not isinstance(version, int) or isinstance(version, bool):
        raise InvalidTokenError()
    try:
        return Claims(customer_id=parse_id(subject), version=version)
    except NotFoundError as exc:
        raise InvalidTokenError() from exc
