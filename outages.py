"""When a failure means "the database is out of reach": the one rule both edges use.

GraphQL's error masking and the REST session both ask `service_unavailable`,
so a lost database reads the same everywhere: 503 over REST,
`SERVICE_UNAVAILABLE` in GraphQL, one warning in the log and no traceback.
Anything else stays an unexpected error.
"""

import logging
import sqlite3
from collections.abc import Iterator

import asyncpg
from sqlalchemy import exc as sqlalchemy_errors

from errors import ServiceUnavailableError

logger = logging.getLogger(__name__)

# PostgreSQL refusing or dropping the connection: class 08, shutdowns, full.
POSTGRES_OUTAGES = (
    asyncpg.PostgresConnectionError,
    asyncpg.CannotConnectNowError,
    asyncpg.AdminShutdownError,
    asyncpg.CrashShutdownError,
    asyncpg.TooManyConnectionsError,
)
# Local files are not the network: a missing asset is a bug, not an outage.
FILE_ERRORS = (
    FileNotFoundError,
    FileExistsError,
    IsADirectoryError,
    NotADirectoryError,
    PermissionError,
)
# SQLite's transient failures: another writer held the lock past the busy
# timeout, or the file cannot be opened right now.
SQLITE_OUTAGES = ("database is locked", "unable to open database file")
MAX_DEPTH = 6


def service_unavailable(error: BaseException | None) -> ServiceUnavailableError | None:
    """A ServiceUnavailableError when `error` is a database outage, else None.

    The outage is logged as one warning naming the failure's type; the
    message is left out because SQLAlchemy puts the statement in it.
    """
    if error is None or not is_database_outage(error):
        return None
    logger.warning("The database is unavailable: %s", type(error).__name__)
    return ServiceUnavailableError()


def is_database_outage(error: BaseException) -> bool:
    """True when `error`, or an error it wraps, says the database cannot be reached."""
    return any(is_outage_itself(cause) for cause in causes(error))


def is_outage_itself(error: BaseException) -> bool:
    """True for one connection-level failure, without looking at what it wraps."""
    if isinstance(error, sqlalchemy_errors.DBAPIError) and error.connection_invalidated:
        return True
    if isinstance(error, sqlalchemy_errors.TimeoutError):
        return True  # no pooled connection came free in time
    if isinstance(error, OSError):
        return not isinstance(error, FILE_ERRORS)  # refused, reset, timed out
    if isinstance(error, POSTGRES_OUTAGES):
        return True
    if isinstance(error, asyncpg.InterfaceError):
        return "connection is closed" in str(error)
    if isinstance(error, sqlite3.OperationalError):
        return str(error) in SQLITE_OUTAGES
    return False


def causes(error: BaseException) -> Iterator[BaseException]:
    """The error, then what it wraps (SQLAlchemy's `orig`, `raise from`), in order."""
    current: BaseException | None = error
    for _ in range(MAX_DEPTH):
        if current is None:
            return
        yield current
        wrapped = getattr(current, "orig", None)
        current = wrapped if isinstance(wrapped, BaseException) else current.__cause__
