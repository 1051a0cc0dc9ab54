"""The `marketplace-api` command line, run in-process as an operator would."""

import asyncio
from collections.abc import Iterator

import httpx
import pytest

import settings as settings_module
from server import create_app, main
from settings import Settings
from tests.conftest import PASSWORD, TEST_SECRET, unique_email


@pytest.fixture
def cli_env(monkeypatch: pytest.MonkeyPatch, settings: Settings) -> Iterator[Settings]:
    """Point the command line at the test database, with cheap password hashing."""
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    monkeypatch.setenv("JWT_SECRET", TEST_SECRET)
    monkeypatch.setenv("PASSWORD_HASH_TIME_COST", "1")
    monkeypatch.setenv("PASSWORD_HASH_MEMORY_COST", "1024")
    settings_module.get_settings.cache_clear()
    yield settings
    settings_module.get_settings.cache_clear()


def test_created_customer_can_deactivate_with_a_printed_token(
    cli_env: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    email = unique_email()

    created = main(["create-customer", email, "--password", PASSWORD])
    customer_id = capsys.readouterr().out.split()[2]
    token_status = main(["token", email])
    token = capsys.readouterr().out.strip()

    assert (created, token_status) == (0, 0)
    statuses = asyncio.run(delete_twice(cli_env, customer_id, token))
    assert statuses == [204, 401]


async def delete_twice(settings: Settings, customer_id: str, token: str) -> list[int]:
    """Send the seed's DELETE twice with one token; the statuses of both."""
    app = create_app(settings)
    transport = httpx.ASGITransport(app=app)
    url, headers = (
        f"/api/v1/customers/{customer_id}/",
        {"Authorization": f"Bearer {token}"},
    )
    async with httpx.AsyncClient(transport=transport, base_url="http://cli") as client:
        statuses = [
            (await client.delete(url, headers=headers)).status_code for _ in "12"
        ]
    await app.state.runtime.database.dispose()
    return statuses


def test_create_staff_says_so(
    cli_env: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(
        ["create-customer", unique_email(), "--password", PASSWORD, "--staff"]
    )

    assert status == 0
    assert "staff member" in capsys.readouterr().out


def test_taken_email_fails_with_one_line(
    cli_env: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    email = unique_email()
    main(["create-customer", email, "--password", PASSWORD])

    status = main(["create-customer", email.upper(), "--password", PASSWORD])

    error = capsys.readouterr().err
    assert status == 1
    assert error.count("\n") == 1
    assert "already exists" in error


def test_token_for_unknown_email_fails(
    cli_env: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["token", unique_email()])

    assert status == 1
    assert "No active customer" in capsys.readouterr().err


def test_migrate_reports_an_up_to_date_database(
    cli_env: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["migrate"])

    assert status == 0
    assert "up to date" in capsys.readouterr().out


def test_weak_secret_fails_with_one_line_naming_it(
    cli_env: Settings,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("JWT_SECRET", "changeme")
    settings_module.get_settings.cache_clear()

    status = main(["token", unique_email()])

    error = capsys.readouterr().err
    assert status == 1
    assert error.count("\n") == 1
    assert "JWT_SECRET" in error


def test_serve_refuses_postgresql_without_a_secret(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://nobody@127.0.0.1:1/none")
    monkeypatch.delenv("JWT_SECRET", raising=False)
    settings_module.get_settings.cache_clear()

    status = main(["serve", "--port", "1"])

    settings_module.get_settings.cache_clear()
    assert status == 1
    assert "JWT_SECRET is not set" in capsys.readouterr().err
