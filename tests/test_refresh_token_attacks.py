"""Bad refresh tokens get no new pair, at the REST endpoint or the mutation."""

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from starlette.applications import Starlette

from tests.conftest import Api
from tests.forged_tokens import (
    INVALID,
    Answer,
    claims_for,
    deactivated,
    forge,
    reactivated,
    unsigned,
)

REFRESH = "mutation($t: String!) { refreshToken(refreshToken: $t) { accessToken } }"


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
