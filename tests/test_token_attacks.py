"""Forged, stale and malformed credentials, each refused with the contract's 401.

Every attack is tried on four doors: `GET` and `DELETE` of the REST customer
route, and the GraphQL `me` query and `deactivateCustomer` mutation. The
attacked account must come out exactly as it went in.
"""

import base64
import json
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import jwt
import pytest
from starlette.applications import Starlette

from models import Customer, Interface
from resolvers.support import erase_customer, reactivate_customer
from tests.conftest import TEST_SECRET, Account, Api
from tests.live_server import live_server

NOT_PROVIDED = "Authentication credentials were not provided."
INVALID = "Given token not valid for any token type"
ME = "{ me { id } }"
DEACTIVATE = "mutation($id: ID!) { deactivateCustomer(id: $id) { customer { id } } }"
REFRESH = "mutation($t: String!) { refreshToken(refreshToken: $t) { accessToken } }"
MISSING_CUSTOMER_ID = 2_000_000_000


@dataclass(frozen=True)
class Attack:
    """An Authorization header (raw bytes, or none at all) aimed at one account."""

    authorization: bytes | None
    target_id: str


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


AttackMaker = Callable[[Starlette, Api], Awaitable[Attack]]


async def no_token(app: Starlette, api: Api) -> Attack:
    """No Authorization header at all."""
    return Attack(None, (await api.register()).id)


async def empty_bearer(app: Starlette, api: Api) -> Attack:
    """The Bearer scheme with nothing after it."""
    return Attack(b"Bearer ", (await api.register()).id)


async def basic_scheme(app: Starlette, api: Api) -> Attack:
    """Basic credentials, a scheme this service does not take."""
    account = await api.register()
    credentials = base64.b64encode(f"{account.email}:{account.password}".encode())
    return Attack(b"Basic " + credentials, account.id)


async def alg_none(app: Starlette, api: Api) -> Attack:
    """An unsigned token naming the algorithm "none"."""
    account = await api.register()
    return Attack(bearer(unsigned(claims_for(account.id))), account.id)


async def other_key(app: Starlette, api: Api) -> Attack:
    """A well-formed token signed with a key that is not the service's."""
    account = await api.register()
    token = forge(claims_for(account.id), key="another-key-that-is-long-enough-too")
    return Attack(bearer(token), account.id)


async def tampered_payload(app: Starlette, api: Api) -> Attack:
    """The attacker's genuine token with the victim's id put into the payload."""
    attacker, victim = await api.register(), await api.register()
    token = with_payload(attacker.access, claims_for(victim.id))
    return Attack(bearer(token), victim.id)


async def expired(app: Starlette, api: Api) -> Attack:
    """A token of the service whose `exp` has passed."""
    account = await api.register()
    past = datetime.now(UTC) - timedelta(hours=1)
    claims = claims_for(
        account.id, iat=past, nbf=past, exp=past + timedelta(minutes=15)
    )
    return Attack(bearer(forge(claims)), account.id)


async def not_yet_valid(app: Starlette, api: Api) -> Attack:
    """A token of the service whose `nbf` lies in the future."""
    account = await api.register()
    later = datetime.now(UTC) + timedelta(minutes=10)
    claims = claims_for(account.id, nbf=later, exp=later + timedelta(minutes=5))
    return Attack(bearer(forge(claims)), account.id)


async def issued_in_the_future(app: Starlette, api: Api) -> Attack:
    """A token of the service whose `iat` lies in the future."""
    account = await api.register()
    later = datetime.now(UTC) + timedelta(minutes=10)
    claims = claims_for(account.id, iat=later, exp=later + timedelta(minutes=5))
    return Attack(bearer(forge(claims)), account.id)


async def refresh_as_access(app: Starlette, api: Api) -> Attack:
    """A genuine refresh token sent where an access token belongs."""
    account = await api.register()
    return Attack(bearer(account.refresh), account.id)


async def deactivated_customer(app: Starlette, api: Api) -> Attack:
    """The access token of an account that deactivated itself."""
    account = await api.register()
    await deactivated(api, account)
    return Attack(bearer(account.access), account.id)


async def erased_customer(app: Starlette, api: Api) -> Attack:
    """The access token of an account support erased."""
    account = await api.register()
    await erased(app, account)
    return Attack(bearer(account.access), account.id)


async def missing_customer(app: Starlette, api: Api) -> Attack:
    """A token signed with the service's key for an id that names nobody."""
    account = await api.register()
    token = forge(claims_for(str(MISSING_CUSTOMER_ID)))
    return Attack(bearer(token), account.id)


async def old_token_version(app: Starlette, api: Api) -> Attack:
    """A token from before a deactivation, on an account support reactivated."""
    account = await api.register()
    await deactivated(api, account)
    await reactivated(app, account)
    return Attack(bearer(account.access), account.id)


async def oversized_header(app: Starlette, api: Api) -> Attack:
    """An 8 KB bearer token of junk."""
    return Attack(b"Bearer " + b"A" * 8192, (await api.register()).id)


async def non_ascii_bytes(app: Starlette, api: Api) -> Attack:
    """Raw bytes outside ASCII where the token belongs."""
    return Attack(b"Bearer \xff\xfe.\xc3\xa9\x80.\x9f", (await api.register()).id)


async def non_ascii_scheme(app: Starlette, api: Api) -> Attack:
    """Raw bytes outside ASCII and no scheme at all."""
    return Attack(b"\xe2\x82\xac\xff \xfe", (await api.register()).id)


ATTACKS: dict[str, tuple[AttackMaker, str]] = {
    "no-token": (no_token, NOT_PROVIDED),
    "empty-bearer": (empty_bearer, INVALID),
    "basic-scheme": (basic_scheme, NOT_PROVIDED),
    "alg-none": (alg_none, INVALID),
    "other-key": (other_key, INVALID),
    "tampered-payload": (tampered_payload, INVALID),
    "expired": (expired, INVALID),
    "nbf-in-future": (not_yet_valid, INVALID),
    "iat-in-future": (issued_in_the_future, INVALID),
    "refresh-as-access": (refresh_as_access, INVALID),
    "deactivated-customer": (deactivated_customer, INVALID),
    "erased-customer": (erased_customer, INVALID),
    "missing-customer": (missing_customer, INVALID),
    "old-token-version": (old_token_version, INVALID),
    "8kb-header": (oversized_header, INVALID),
    "non-ascii-token": (non_ascii_bytes, INVALID),
    "non-ascii-header": (non_ascii_scheme, NOT_PROVIDED),
}


def headers_for(attack: Attack) -> dict[str, bytes]:
    """The request headers that carry the attack, sent byte for byte."""
    if attack.authorization is None:
        return {}
    return {"Authorization": attack.authorization}


async def knock_rest(client: httpx.AsyncClient, method: str, attack: Attack) -> Answer:
    """Send the attack to the REST customer route."""
    url = f"/api/v1/customers/{attack.target_id}/"
    response = await client.request(method, url, headers=headers_for(attack))
    return Answer(
        status=response.status_code,
        code=None,
        message=response.json()["detail"],
        challenge=response.headers.get("www-authenticate"),
    )


async def knock_graphql(
    client: httpx.AsyncClient, query: str, attack: Attack
) -> Answer:
    """Send the attack to a GraphQL field that needs a token."""
    response = await client.post(
        "/graphql",
        json={"query": query, "variables": {"id": attack.target_id}},
        headers=headers_for(attack),
    )
    body = response.json()
    assert body["data"] is None
    (error,) = body["errors"]
    return Answer(
        status=response.status_code,
        code=error["extensions"]["code"],
        message=error["message"],
        challenge=None,
    )


DOORS: dict[str, Callable[[httpx.AsyncClient, Attack], Awaitable[Answer]]] = {
    "rest-get": lambda client, attack: knock_rest(client, "GET", attack),
    "rest-delete": lambda client, attack: knock_rest(client, "DELETE", attack),
    "graphql-me": lambda client, attack: knock_graphql(client, ME, attack),
    "graphql-deactivate": lambda client, attack: knock_graphql(
        client, DEACTIVATE, attack
    ),
}
EXPECTED: dict[str, tuple[int, str | None, str | None]] = {
    "rest-get": (401, None, 'Bearer realm="api"'),
    "rest-delete": (401, None, 'Bearer realm="api"'),
    "graphql-me": (200, "UNAUTHENTICATED", None),
    "graphql-deactivate": (200, "UNAUTHENTICATED", None),
}


async def account_state(app: Starlette, customer_id: str) -> tuple[bool, int]:
    """Whether the account is active, and its token version, read from the database."""
    async with app.state.runtime.database.session() as session:
        customer = await session.get(Customer, int(customer_id))
        assert customer is not None
        return customer.is_active, customer.token_version


@pytest.mark.parametrize("door", list(DOORS))
@pytest.mark.parametrize("attack_name", list(ATTACKS))
async def test_a_bad_credential_is_refused_with_the_contract_answer(
    app: Starlette, api: Api, client: httpx.AsyncClient, attack_name: str, door: str
) -> None:
    make_attack, message = ATTACKS[attack_name]
    attack = await make_attack(app, api)
    state_before = await account_state(app, attack.target_id)

    answer = await DOORS[door](client, attack)

    status, code, challenge = EXPECTED[door]
    assert answer == Answer(status, code, message, challenge)
    assert await account_state(app, attack.target_id) == state_before


async def access_as_refresh(app: Starlette, api: Api) -> str:
    """A genuine access token offered as a refresh token."""
    return (await api.register()).access


async def expired_refresh(app: Starlette, api: Api) -> str:
    """A refresh token of the service whose `exp` has passed."""
    account = await api.register()
    past = datetime.now(UTC) - timedelta(days=8)
    claims = claims_for(
        account.id, type="refresh", iat=past, nbf=past, exp=past + timedelta(days=7)
    )
    return forge(claims)


async def unsigned_refresh(app: Starlette, api: Api) -> str:
    """An unsigned refresh token naming the algorithm "none"."""
    account = await api.register()
    return unsigned(claims_for(account.id, type="refresh"))


async def refresh_of_old_version(app: Starlette, api: Api) -> str:
    """A refresh token from before a deactivation and a reactivation."""
    account = await api.register()
    await deactivated(api, account)
    await reactivated(app, account)
    return account.refresh


REFRESH_ATTACKS: dict[str, Callable[[Starlette, Api], Awaitable[str]]] = {
    "access-as-refresh": access_as_refresh,
    "expired-refresh": expired_refresh,
    "alg-none-refresh": unsigned_refresh,
    "old-version-refresh": refresh_of_old_version,
}


async def refresh_over_rest(client: httpx.AsyncClient, token: str) -> Answer:
    """Trade the token at the REST refresh endpoint."""
    response = await client.post("/api/v1/auth/token/refresh/", json={"refresh": token})
    return Answer(
        status=response.status_code,
        code=None,
        message=response.json()["detail"],
        challenge=response.headers.get("www-authenticate"),
    )


async def refresh_over_graphql(client: httpx.AsyncClient, token: str) -> Answer:
    """Trade the token with the `refreshToken` mutation."""
    response = await client.post(
        "/graphql", json={"query": REFRESH, "variables": {"t": token}}
    )
    (error,) = response.json()["errors"]
    return Answer(
        status=response.status_code,
        code=error["extensions"]["code"],
        message=error["message"],
        challenge=None,
    )


@pytest.mark.parametrize(
    ("refresh", "expected"),
    [
        (refresh_over_rest, Answer(401, None, INVALID, 'Bearer realm="api"')),
        (refresh_over_graphql, Answer(200, "UNAUTHENTICATED", INVALID, None)),
    ],
    ids=["rest", "graphql"],
)
@pytest.mark.parametrize("attack_name", list(REFRESH_ATTACKS))
async def test_a_bad_refresh_token_gets_no_new_pair(
    app: Starlette,
    api: Api,
    client: httpx.AsyncClient,
    attack_name: str,
    refresh: Callable[[httpx.AsyncClient, str], Awaitable[Answer]],
    expected: Answer,
) -> None:
    token = await REFRESH_ATTACKS[attack_name](app, api)

    answer = await refresh(client, token)

    assert answer == expected


def raw_request(port: int, authorization: bytes) -> bytes:
    """Send a GET with this Authorization header byte for byte; the whole answer."""
    request = (
        b"GET /api/v1/customers/1/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"Connection: close\r\nAuthorization: " + authorization + b"\r\n\r\n"
    )
    with socket.create_connection(("127.0.0.1", port), timeout=5) as connection:
        connection.sendall(request)
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    return answer


def test_a_real_server_answers_odd_headers_with_the_contract_401(
    tmp_path: Path,
) -> None:
    cases = [
        (b"Bearer " + b"A" * 8192, INVALID),
        (b"Bearer \xff\xfe.\xc3\xa9", INVALID),
        (b"\xe2\x82\xac\xff", NOT_PROVIDED),
    ]

    with live_server(tmp_path) as server:
        answers = [(raw_request(server.port, header), want) for header, want in cases]

    for answer, detail in answers:
        head, _, body = answer.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 401 ")
        assert b'\r\nwww-authenticate: Bearer realm="api"' in head
        assert json.loads(body) == {"detail": detail}
