"""Login throttling: too many failed logins per email or client address are refused."""

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy import select
from starlette.applications import Starlette

from models import LoginFailure
from server import create_app
from settings import Settings
from tests.conftest import PASSWORD, Api, unique_email
from tests.login_attempts import (
    WRONG,
    Clock,
    Outcome,
    attempt,
    attempt_over_rest,
    client_from,
    fail,
    unique_address,
)

ADDRESS_LIMIT = 3
INTERFACES = pytest.mark.parametrize("interface", ["graphql", "rest"])


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """The throttle's clock, under the test's control."""
    clock = Clock()
    monkeypatch.setattr("resolvers.throttle.utcnow", clock)
    return clock


@pytest.fixture
def address() -> str:
    """The test's own client address."""
    return unique_address()


@pytest.fixture
async def strict_app(settings: Settings) -> AsyncIterator[Starlette]:
    """The service with a per-address limit low enough to reach in a test."""
    app = create_app(
        settings.model_copy(update={"login_max_failures_per_address": ADDRESS_LIMIT})
    )
    yield app
    await app.state.runtime.database.dispose()


@INTERFACES
async def test_the_login_after_too_many_failures_is_throttled_even_with_the_password(
    api: Api, client: httpx.AsyncClient, settings: Settings, interface: str
) -> None:
    account = await api.register()
    limit = settings.login_max_failures_per_email

    failures = await fail(client, account.email, limit, interface)
    outcome = await attempt(client, interface, account.email, PASSWORD)

    assert failures == ["refused"] * limit
    assert outcome.kind == "throttled"
    assert 1 <= (outcome.retry_after or 0) <= settings.login_throttle_window


async def test_failures_over_graphql_and_rest_count_together(
    api: Api, client: httpx.AsyncClient, settings: Settings
) -> None:
    account = await api.register()
    over_graphql = settings.login_max_failures_per_email // 2
    over_rest = settings.login_max_failures_per_email - over_graphql

    await fail(client, account.email, over_graphql, "graphql")
    await fail(client, account.email, over_rest, "rest")
    outcomes = [
        await attempt(client, interface, account.email, PASSWORD)
        for interface in ("graphql", "rest")
    ]

    assert [outcome.kind for outcome in outcomes] == ["throttled", "throttled"]


async def test_an_unknown_email_is_throttled_exactly_like_a_registered_one(
    api: Api, client: httpx.AsyncClient, settings: Settings, clock: Clock
) -> None:
    emails = [(await api.register()).email, unique_email()]
    limit = settings.login_max_failures_per_email

    answers = [await fail(client, email, limit) for email in emails]
    outcomes = [await attempt(client, "rest", email, WRONG) for email in emails]

    assert answers[0] == answers[1] == ["refused"] * limit
    window = settings.login_throttle_window
    assert outcomes[0] == outcomes[1] == Outcome("throttled", window)


async def test_the_letter_case_of_the_email_does_not_dodge_the_limit(
    api: Api, client: httpx.AsyncClient, settings: Settings
) -> None:
    account = await api.register()
    spellings = [account.email.upper(), account.email.title(), f" {account.email} "]

    for index in range(settings.login_max_failures_per_email):
        await fail(client, spellings[index % len(spellings)], 1)
    outcome = await attempt(client, "rest", account.email, PASSWORD)

    assert outcome.kind == "throttled"


@INTERFACES
async def test_other_customers_from_other_addresses_still_log_in(
    api: Api,
    app: Starlette,
    client: httpx.AsyncClient,
    settings: Settings,
    address: str,
    interface: str,
) -> None:
    victim, bystander = await api.register(), await api.register()
    await fail(client, victim.email, settings.login_max_failures_per_email + 2)

    async with client_from(app, address) as elsewhere:
        outcome = await attempt(elsewhere, interface, bystander.email, PASSWORD)

    assert outcome.kind == "ok"


async def test_the_email_limit_holds_from_every_address(
    api: Api,
    app: Starlette,
    client: httpx.AsyncClient,
    settings: Settings,
    address: str,
) -> None:
    account = await api.register()
    await fail(client, account.email, settings.login_max_failures_per_email)

    async with client_from(app, address) as elsewhere:
        outcome = await attempt(elsewhere, "rest", account.email, PASSWORD)

    assert outcome.kind == "throttled"


@INTERFACES
async def test_too_many_failures_from_one_address_throttle_every_email_from_it(
    api: Api, strict_app: Starlette, address: str, interface: str
) -> None:
    account = await api.register()

    async with client_from(strict_app, address) as attacker:
        failures = [
            (await fail(attacker, unique_email(), 1))[0] for _ in range(ADDRESS_LIMIT)
        ]
        from_there = await attempt(attacker, interface, account.email, PASSWORD)
    async with client_from(strict_app, unique_address()) as elsewhere:
        from_elsewhere = await attempt(elsewhere, interface, account.email, PASSWORD)

    assert failures == ["refused"] * ADDRESS_LIMIT
    assert from_there.kind == "throttled"
    assert from_elsewhere.kind == "ok"


async def test_a_forged_x_forwarded_for_does_not_dodge_the_address_limit(
    api: Api, strict_app: Starlette, address: str
) -> None:
    account = await api.register()

    async with client_from(strict_app, address) as attacker:
        for _ in range(ADDRESS_LIMIT):
            await fail(attacker, unique_email(), 1)
        outcome = await attempt_over_rest(
            attacker, account.email, PASSWORD, {"X-Forwarded-For": "192.0.2.7"}
        )

    assert outcome.kind == "throttled"


async def test_refused_attempts_do_not_count_against_the_email(
    api: Api,
    app: Starlette,
    strict_app: Starlette,
    settings: Settings,
    address: str,
) -> None:
    account = await api.register()
    almost = settings.login_max_failures_per_email - 1

    async with client_from(strict_app, address) as attacker:
        await fail(attacker, unique_email(), ADDRESS_LIMIT)
        refused = await fail(attacker, account.email, almost + 2)
    async with client_from(app, unique_address()) as owner:
        failures = await fail(owner, account.email, almost)
        outcome = await attempt(owner, "rest", account.email, PASSWORD)

    assert refused == ["throttled"] * (almost + 2)
    assert failures == ["refused"] * almost
    assert outcome.kind == "ok"


async def test_successful_logins_from_an_address_do_not_use_up_its_limit(
    api: Api, strict_app: Starlette, address: str
) -> None:
    account = await api.register()

    async with client_from(strict_app, address) as office:
        successes = [
            await attempt(office, "rest", account.email, PASSWORD)
            for _ in range(ADDRESS_LIMIT + 2)
        ]
        failures = await fail(office, unique_email(), ADDRESS_LIMIT + 1)

    assert {outcome.kind for outcome in successes} == {"ok"}
    assert failures == ["refused"] * ADDRESS_LIMIT + ["throttled"]


async def test_a_successful_login_clears_the_failures_of_its_email(
    api: Api, client: httpx.AsyncClient, settings: Settings
) -> None:
    account = await api.register()
    almost = settings.login_max_failures_per_email - 1

    before = await fail(client, account.email, almost)
    success = await attempt(client, "rest", account.email, PASSWORD)
    after = await fail(client, account.email, almost)
    again = await attempt(client, "graphql", account.email, PASSWORD)

    assert before == after == ["refused"] * almost
    assert success.kind == again.kind == "ok"


async def test_retry_after_counts_down_to_the_end_of_the_window(
    api: Api, client: httpx.AsyncClient, settings: Settings, clock: Clock
) -> None:
    account = await api.register()
    await fail(client, account.email, settings.login_max_failures_per_email)

    clock.advance(600)
    at_600 = await attempt(client, "rest", account.email, PASSWORD)
    clock.advance(299)
    at_899 = await attempt(client, "graphql", account.email, PASSWORD)

    assert settings.login_throttle_window == 900
    assert at_600 == Outcome("throttled", 300)
    assert at_899 == Outcome("throttled", 1)


async def test_the_email_may_log_in_again_once_the_window_has_passed(
    api: Api, client: httpx.AsyncClient, settings: Settings, clock: Clock
) -> None:
    account = await api.register()
    limit = settings.login_max_failures_per_email
    await fail(client, account.email, limit + 1)

    clock.advance(settings.login_throttle_window)
    failures_again = await fail(client, account.email, limit)
    throttled_again = await attempt(client, "rest", account.email, PASSWORD)
    clock.advance(settings.login_throttle_window)
    outcome = await attempt(client, "graphql", account.email, PASSWORD)

    assert failures_again == ["refused"] * limit
    assert throttled_again.kind == "throttled"
    assert outcome.kind == "ok"


async def test_the_throttle_holds_across_two_servers_sharing_the_database(
    api: Api, client: httpx.AsyncClient, settings: Settings
) -> None:
    account = await api.register()
    await fail(client, account.email, settings.login_max_failures_per_email)

    second_app = create_app(settings)
    async with client_from(second_app, "127.0.0.1") as second:
        outcome = await attempt(second, "graphql", account.email, PASSWORD)
    await second_app.state.runtime.database.dispose()

    assert outcome.kind == "throttled"


async def test_concurrent_failures_check_no_more_passwords_than_the_limit(
    api: Api, client: httpx.AsyncClient, settings: Settings
) -> None:
    account = await api.register()
    limit = settings.login_max_failures_per_email

    outcomes = await asyncio.gather(
        *(attempt(client, "rest", account.email, WRONG) for _ in range(limit + 4))
    )

    kinds = sorted(outcome.kind for outcome in outcomes)
    assert kinds == ["refused"] * limit + ["throttled"] * 4


async def test_the_throttle_stores_neither_the_email_nor_the_address(
    api: Api, strict_app: Starlette, address: str
) -> None:
    email = unique_email()
    throttle = strict_app.state.runtime.login_throttle
    subjects = throttle.subjects(email, address)

    async with client_from(strict_app, address) as attacker:
        await fail(attacker, email.upper(), 2)
    async with strict_app.state.runtime.database.session() as session:
        rows = (await session.scalars(select(LoginFailure))).all()

    counts = {row.subject: row.failures for row in rows}
    assert counts[subjects.email] == counts[subjects.address] == 2
    local_part = email.split("@")[0]
    assert not [row for row in rows if local_part in row.subject.lower()]
    assert not [row for row in rows if address in row.subject]


async def test_rows_of_passed_windows_are_removed_by_later_logins(
    app: Starlette, client: httpx.AsyncClient, settings: Settings, clock: Clock
) -> None:
    old_email, new_email = unique_email(), unique_email()
    throttle = app.state.runtime.login_throttle
    month = 30 * 24 * 3600
    clock.advance(-month)
    await fail(client, old_email, 1)

    clock.advance(month)
    await fail(client, new_email, 1)
    async with app.state.runtime.database.session() as session:
        subjects = set(await session.scalars(select(LoginFailure.subject)))

    assert throttle.subjects(old_email, None).email not in subjects
    assert throttle.subjects(new_email, None).email in subjects
