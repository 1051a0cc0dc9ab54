"""Settings: the signing secret and the database URL."""

import stat
from pathlib import Path

import pytest
from pydantic import ValidationError

from settings import Settings, SettingsError


def test_embedded_database_makes_a_private_secret_once(tmp_path: Path) -> None:
    settings = Settings(_env_file=None, database_url=f"sqlite:///{tmp_path}/shop.db")

    first, second = settings.signing_key(), settings.signing_key()

    secret_file = tmp_path / "shop.jwt-secret"
    assert first == second
    assert len(first) >= 32
    assert stat.S_IMODE(secret_file.stat().st_mode) == 0o600


def test_other_databases_refuse_to_start_without_a_secret() -> None:
    settings = Settings(_env_file=None, database_url="postgresql://db/shop")

    with pytest.raises(SettingsError, match="JWT_SECRET"):
        settings.signing_key()


@pytest.mark.parametrize("secret", ["changeme", "short", "secret"])
def test_weak_secrets_are_refused(secret: str) -> None:
    with pytest.raises(ValidationError, match="JWT_SECRET"):
        Settings(_env_file=None, jwt_secret=secret)


@pytest.mark.parametrize(
    ("given", "used"),
    [
        ("postgres://u@h/db", "postgresql+asyncpg://u@h/db"),
        ("postgresql://u@h/db", "postgresql+asyncpg://u@h/db"),
        ("sqlite:///./x.db", "sqlite+aiosqlite:///./x.db"),
        ("sqlite+aiosqlite:///./x.db", "sqlite+aiosqlite:///./x.db"),
    ],
)
def test_database_urls_get_the_async_driver(given: str, used: str) -> None:
    assert Settings(_env_file=None, database_url=given).database_url == used


def test_cors_origins_read_as_a_comma_separated_list(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CORS_ORIGINS", "https://a.example, https://b.example")

    assert Settings(_env_file=None).cors_origins == [
        "https://a.example",
        "https://b.example",
    ]
