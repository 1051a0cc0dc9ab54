"""Tokens a test can forge, and the support actions that make tokens stale."""

import base64
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import jwt
from starlette.applications import Starlette

from models import Interface
from resolvers.support import erase_customer, reactivate_customer
from tests.conftest import TEST_SECRET, Account, Api

NOT_PROVIDED = "Authentication credentials were not provided."
INVALID = "Given token not valid for any token type"


@dataclass(frozen=True)
class Answer:
    """What a door said: status, contract code or None, message, auth challenge."""

    status: int
    code: str | None
    message: str
    challenge: str | None


def claims_for(customer_id: str, **overrides: object) -> dict[str, object]:
    """The claims a genuine access token of this customer would carry."""
    now = datetime.now(UTC)
    claims: dict[str, object] = {
        "sub": customer_id,
        "type": "access",
        "iat": now,
        "nbf": now,
        "exp": now + timedelta(minutes=5),
        "jti": "forged",
        "ver": 0,
    }
    return {**claims, **overrides}


def forge(claims: dict[str, object], *, key: str = TEST_SECRET) -> str:
    """A token signed with HS256 and `key` (the service's own key by default)."""
    return jwt.encode(claims, key, algorithm="HS256")


def bearer(token: str) -> bytes:
    """The header value carrying `token`."""
    return f"Bearer {token}".encode()


def segment(data: dict[str, object]) -> str:
    """One unpadded base64url JWT segment holding `data` as JSON."""
    raw = json.dumps(data, default=str).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def unsigned(claims: dict[str, object]) -> str:
    """A token that names the algorithm "none" and carries no signature."""
    header = {"alg": "none", "typ": "JWT"}
    return f"{segment(header)}.{segment(jwt_times(claims))}."


def jwt_times(claims: dict[str, object]) -> dict[str, object]:
    """The claims with datetimes as the integer seconds a JWT holds."""
    return {
        name: int(value.timestamp()) if isinstance(value, datetime) else value
        for name, value in claims.items()
    }


def with_payload(token: str, claims: dict[str, object]) -> str:
    """`token` with its payload swapped for `claims`, header and signature kept."""
    header, _, signature = token.split(".")
    return f"{header}.{segment(jwt_times(claims))}.{signature}"


async def reactivated(app: Starlette, account: Account) -> None:
    """Support reactivates the account, as `marketplace-api reactivate` would."""
    async with app.state.runtime.database.session() as session:
        await reactivate_customer(
            session, customer_id=int(account.id), interface=Interface.CLI
        )


async def erased(app: Starlette, account: Account) -> None:
    """Support erases the account, as `marketplace-api erase` would."""
    runtime = app.state.runtime
    async with runtime.database.session() as session:
        await erase_customer(
            session,
            customer_id=int(account.id),
            erasure_key=runtime.tokens.secret,
            interface=Interface.CLI,
        )


async def deactivated(api: Api, account: Account) -> None:
    """The account deactivates itself over REST."""
    response = await api.client.delete(
        f"/api/v1/customers/{account.id}/", headers=account.headers
    )
    assert response.status_code == 204
