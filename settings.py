"""Service settings, read once from the environment and an optional `.env`."""

import functools
import logging
import os
import secrets
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

logger = logging.getLogger(__name__)

EMBEDDED_DATABASE_URL = "sqlite+aiosqlite:///./marketplace.db"
MIN_SECRET_LENGTH = 32
PLACEHOLDER_SECRETS = {"changeme", "change-me", "secret", "your-secret-key"}
# Deep enough for a connection inside a connection inside a connection (each
# costs two levels: edges and node), far below what a hostile query needs.
DEFAULT_GRAPHQL_MAX_DEPTH = 15
DEFAULT_GRAPHQL_MAX_TOKENS = 2000
DEFAULT_GRAPHQL_MAX_ALIASES = 20


class SettingsError(Exception):
    """The configuration cannot start the service; the message names the variable."""


class Settings(BaseSettings):
    """Every knob of the service; see the README's "Configuration" section."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    database_url: str = EMBEDDED_DATABASE_URL
    jwt_secret: SecretStr | None = None
    access_token_ttl: int = Field(default=900, gt=0)
    refresh_token_ttl: int = Field(default=604800, gt=0)
    cors_origins: Annotated[list[str], NoDecode] = []
    graphiql: bool = True
    log_level: str = "INFO"
    log_format: Literal["console", "json"] = "console"
    password_hash_time_cost: int = Field(default=3, ge=1)
    password_hash_memory_cost: int = Field(default=65536, ge=8)

    # Login throttling: failed logins allowed per window (README, "Login throttling").
    login_max_failures_per_email: int = Field(default=5, ge=1)
    login_max_failures_per_address: int = Field(default=50, ge=1)
    login_throttle_window: int = Field(default=900, gt=0)

    max_request_body_bytes: int = Field(default=262_144, ge=1024)
    database_pool_size: int = Field(default=10, ge=1)
    sqlite_busy_timeout_ms: int = Field(default=5000, ge=0)
    graphql_max_depth: int = Field(default=DEFAULT_GRAPHQL_MAX_DEPTH, ge=1)
    graphql_max_tokens: int = Field(default=DEFAULT_GRAPHQL_MAX_TOKENS, ge=1)
    graphql_max_aliases: int = Field(default=DEFAULT_GRAPHQL_MAX_ALIASES, ge=0)

    @field_validator("database_url")
    @classmethod
    def use_async_driver(cls, value: str) -> str:
        """Accept the usual URL spellings and pick the async driver for each."""
        for prefix, driver in (
            ("postgres://", "postgresql+asyncpg://"),
            ("postgresql://", "postgresql+asyncpg://"),
            ("sqlite://", "sqlite+aiosqlite://"),
        ):
            if value.startswith(prefix):
                return driver + value.removeprefix(prefix)
        return value

    @field_validator("cors_origins", mode="before")
    @classmethod
    def split_origins(cls, value: object) -> object:
        """Read `CORS_ORIGINS` as a comma-separated list of origins."""
        if isinstance(value, str):
            return [origin.strip() for origin in value.split(",") if origin.strip()]
        return value

    @model_validator(mode="after")
    def check_secret(self) -> "Settings":
        """Refuse a secret that is short or a placeholder."""
        if self.jwt_secret is None:
            return self
        secret = self.jwt_secret.get_secret_value()
        if secret.lower() in PLACEHOLDER_SECRETS or len(secret) < MIN_SECRET_LENGTH:
            raise ValueError(
                f"JWT_SECRET must be a random string of at least "
                f"{MIN_SECRET_LENGTH} characters."
            )
        return self

    @property
    def is_sqlite(self) -> bool:
        """True when the database is the embedded SQLite engine."""
        return self.database_url.startswith("sqlite")

    @property
    def sqlite_path(self) -> Path | None:
        """The SQLite database file, or None for PostgreSQL and in-memory SQLite."""
        if not self.is_sqlite:
            return None
        path = self.database_url.split(":///", 1)[-1].split("?", 1)[0]
        if not path or path == ":memory:":
            return None
        return Path(path)

    def signing_key(self) -> str:
        """The JWT signing key, made and kept beside an embedded database if unset."""
        if self.jwt_secret is not None:
            return self.jwt_secret.get_secret_value()
        if not self.is_sqlite:
            raise SettingsError(
                "JWT_SECRET is not set: it is required with any database other "
                "than the embedded SQLite default."
            )
        if self.sqlite_path is None:
            return secrets.token_urlsafe(48)
        return read_or_make_secret(self.sqlite_path.with_suffix(".jwt-secret"))


def read_or_make_secret(path: Path) -> str:
    """Return the secret kept in `path`, writing a new random one (mode 0600) first."""
    if not path.exists():
        write_secret_once(path, secrets.token_urlsafe(48))
    return path.read_text().strip()


def write_secret_once(path: Path, secret: str) -> None:
    """Write `secret` to `path` unless another process got there first."""
    path.parent.mkdir(parents=True, exist_ok=True)
    draft = path.with_name(f".{path.name}.{os.getpid()}")
    fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as file:
        file.write(secret)
    try:
        # A hard link publishes the whole file at once, so two workers starting
        # together agree on one secret and never read a half-written one.
        os.link(draft, path)
        logger.info("Made a new JWT signing secret in %s", path)
    except FileExistsError:
        pass
    finally:
        draft.unlink()


@functools.cache
def get_settings() -> Settings:
    """The settings of this process, read from the environment on first use."""
    return Settings()
