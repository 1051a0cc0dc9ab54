"""Forged, stale and malformed credentials, each refused with the contract's 401.

Every attack is tried on four doors: `GET` and `DELETE` of the REST customer
route, and the GraphQL `me` query and `deactivateCustomer` mutation. The
attacked account must come out exactly as it went in. The odd headers are
also sent byte for byte to a real server.
"""

import base64
import json
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette

from models import Customer
from tests.conftest import Api
from tests.forged_tokens import (
    INVALID,
    NOT_PROVIDED,
    Answer,
    bearer,
    claims_for,
    deactivated,
    erased,
    forge,
    reactivated,
    unsigned,
    with_payload,
)
from tests.live_server import live_server

ME = "{ me { id } }"
DEACTIVATE = "mutation($id: ID!) { deactivateCustomer(id: $id) { customer { id } } }"
MISSING_CUSTOMER_ID = 2_000_000_000


@dataclass(frozen=True)
class Attack:
    """An Authorization header (raw bytes, or none at all) aimed at one account."""

    authorization: bytes | None
    target_id: str


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
