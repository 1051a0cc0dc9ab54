"""What the app builds once and every request shares."""

from dataclasses import dataclass

from auth.passwords import Passwords
from auth.tokens import Tokens
from database import Database
from resolvers.throttle import LoginThrottle
from settings import Settings


@dataclass(frozen=True)
class Runtime:
    """Settings, the database, the password and token services, the login throttle."""

    settings: Settings
    database: Database
    passwords: Passwords
    tokens: Tokens
    login_throttle: LoginThrottle


def build_runtime(settings: Settings) -> Runtime:
    """A runtime for `settings`; fails with SettingsError when the secret is missing."""
    secret = settings.signing_key()
    return Runtime(
        settings=settings,
        database=Database(settings),
        passwords=Passwords(
            time_cost=settings.password_hash_time_cost,
            memory_cost=settings.password_hash_memory_cost,
        ),
        tokens=Tokens(
            secret=secret,
            access_ttl=settings.access_token_ttl,
            refresh_ttl=settings.refresh_token_ttl,
        ),
        login_throttle=LoginThrottle.from_settings(settings, secret=secret),
    )
