"""Login throttling: failed logins counted per email and per client address.

Each subject (one email, one client address) has a fixed window that opens at
its first failure and lasts `LOGIN_THROTTLE_WINDOW` seconds. An attempt is
counted as a failure before the password is checked, in the same atomic
statement that reads the count, so concurrent attempts can never verify more
passwords than the limit allows; a successful login then gives its count back.
"""

import hashlib
import hmac
import logging
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, delete, literal, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.dml import Insert

from database import write_transaction
from errors import ThrottledError
from models import LoginFailure
from models.columns import UTCDateTime, utcnow
from settings import Settings

logger = logging.getLogger(__name__)

# Expired rows removed per admitted attempt: each attempt adds at most two rows,
# so the table stays near the number of subjects that failed in one window.
PRUNE_BATCH = 100


@dataclass(frozen=True)
class Subjects:
    """Who one login attempt counts against: its email and its client address."""

    email: str
    address: str | None

    def with_limits(self, throttle: "LoginThrottle") -> dict[str, int]:
        """Each subject with the number of failures its window allows, email first."""
        limits = {self.email: throttle.max_per_email}
        if self.address is not None:
            limits[self.address] = throttle.max_per_address
        return limits


@dataclass(frozen=True)
class LoginThrottle:
    """How many failed logins one window allows, and the key that hashes subjects."""

    max_per_email: int
    max_per_address: int
    window: timedelta
    secret: str

    @classmethod
    def from_settings(cls, settings: Settings, *, secret: str) -> "LoginThrottle":
        """The throttle the settings describe, hashing subjects under `secret`."""
        return cls(
            max_per_email=settings.login_max_failures_per_email,
            max_per_address=settings.login_max_failures_per_address,
            window=timedelta(seconds=settings.login_throttle_window),
            secret=secret,
        )

    def subjects(self, email: str, client_address: str | None) -> Subjects:
        """The hashed subjects of an attempt; with no address, by email only."""
        address = None
        if client_address:
            address = subject_of("address", client_address, key=self.secret)
        return Subjects(
            email=subject_of("email", email.strip().lower(), key=self.secret),
            address=address,
        )


def subject_of(scope: str, value: str, *, key: str) -> str:
    """`scope:` and the HMAC-SHA256 of the value under `key`, never the value itself.

    Without the key, the stored subjects cannot be matched to emails or
    addresses by hashing a list of guesses.
    """
    digest = hmac.new(key.encode(), f"{scope}:{value}".encode(), hashlib.sha256)
    return f"{scope}:{digest.hexdigest()}"


async def admit_login_attempt(
    session: AsyncSession, *, throttle: LoginThrottle, subjects: Subjects
) -> None:
    """Count the attempt as a failure of each subject; ThrottledError past a limit.

    A refused attempt is rolled back, so it neither counts nor extends a window,
    and it is refused before any password is checked.
    """
    now, window = utcnow(), throttle.window

    async with write_transaction(session):
        waits = [
            await count_failure(session, subject, limit=limit, now=now, window=window)
            for subject, limit in subjects.with_limits(throttle).items()
        ]
        if retry_after := max(waits):
            logger.info("Refused a login: throttled for %d s", retry_after)
            raise ThrottledError(retry_after=retry_after)
        await prune_expired(session, cutoff=now - window)


async def count_failure(
    session: AsyncSession, subject: str, *, limit: int, now: datetime, window: timedelta
) -> int:
    """Add one failure to the subject's window; the seconds to wait if over `limit`.

    0 means the attempt may go ahead. One upsert both counts and reads, so
    concurrent attempts each see their own count.
    """
    result = await session.execute(
        upsert_failure(session, subject, now=now, cutoff=now - window)
    )
    failures, window_started_at = result.one()

    if failures <= limit:
        return 0
    window_ends_at = window_started_at + window
    return max(1, math.ceil((window_ends_at - now).total_seconds()))


def upsert_failure(
    session: AsyncSession, subject: str, *, now: datetime, cutoff: datetime
) -> Insert:
    """An INSERT of a first failure that adds one to an existing live window.

    A window that opened at or before `cutoff` has passed: its row is reused
    for a new window that opens now.
    """
    table = LoginFailure.__table__
    dialect = session.bind.dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    window_has_passed = table.c.window_started_at <= cutoff

    statement = insert(table).values(subject=subject, failures=1, window_started_at=now)
    return statement.on_conflict_do_update(
        index_elements=[table.c.subject],
        set_={
            "failures": case((window_has_passed, 1), else_=table.c.failures + 1),
            "window_started_at": case(
                (window_has_passed, literal(now, UTCDateTime())),
                else_=table.c.window_started_at,
            ),
        },
    ).returning(table.c.failures, table.c.window_started_at)


async def prune_expired(session: AsyncSession, *, cutoff: datetime) -> None:
    """Delete up to PRUNE_BATCH rows whose window has passed, oldest first.

    Rows another transaction holds are skipped (PostgreSQL), so pruning never
    waits on, or deadlocks with, a concurrent login.
    """
    expired = (
        select(LoginFailure.subject)
        .where(LoginFailure.window_started_at <= cutoff)
        .order_by(LoginFailure.window_started_at)
        .limit(PRUNE_BATCH)
        .with_for_update(skip_locked=True)
    )
    await session.execute(
        delete(LoginFailure)
        .where(LoginFailure.subject.in_(expired))
        .execution_options(synchronize_session=False)
    )


async def settle_successful_login(session: AsyncSession, *, subjects: Subjects) -> None:
    """Clear the email's failures and take back the address's count of this attempt.

    The address keeps its other failures: otherwise logging in to one's own
    account between guesses would reset the limit for a whole address.
    """
    async with write_transaction(session):
        await session.execute(
            delete(LoginFailure)
            .where(LoginFailure.subject == subjects.email)
            .execution_options(synchronize_session=False)
        )
        if subjects.address is not None:
            await session.execute(
                update(LoginFailure)
                .where(LoginFailure.subject == subjects.address)
                .where(LoginFailure.failures > 0)
                .values(failures=LoginFailure.failures - 1)
                .execution_options(synchronize_session=False)
            )
