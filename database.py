"""The async engine, sessions, and the one way to run a write transaction."""

import asyncio
import logging
import weakref
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import Engine, event, text
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from settings import Settings
from sqlite_driver import one_trip_url

logger = logging.getLogger(__name__)

# Each SQLite connection is a thread with its own page cache. Connections past
# the pool size are closed when returned, and opening one (a thread, pragmas)
# costs far more than a query, so the pool keeps enough for a busy worker.
SQLITE_POOL_SIZE = 32
SQLITE_POOL_OVERFLOW = 32


class SerializedSession(AsyncSession):
    """An AsyncSession that runs one operation at a time.

    GraphQL resolves sibling fields concurrently, and they share the request's
    session; an AsyncSession refuses (or corrupts) overlapping operations, so
    each one waits for the previous to finish. Reads interleave statement by
    statement, which is all that concurrent query fields ever do; mutation
    fields run one after another by the GraphQL spec. (`scalars` goes through
    `execute`, so it is serialized too.)
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lock = asyncio.Lock()

    async def execute(self, *args: Any, **kwargs: Any) -> Any:
        """AsyncSession.execute, one at a time."""
        async with self.lock:
            return await super().execute(*args, **kwargs)

    async def scalar(self, *args: Any, **kwargs: Any) -> Any:
        """AsyncSession.scalar, one at a time."""
        async with self.lock:
            return await super().scalar(*args, **kwargs)

    async def get(self, *args: Any, **kwargs: Any) -> Any:
        """AsyncSession.get, one at a time."""
        async with self.lock:
            return await super().get(*args, **kwargs)

    async def flush(self, *args: Any, **kwargs: Any) -> None:
        """AsyncSession.flush, one at a time."""
        async with self.lock:
            await super().flush(*args, **kwargs)

    async def commit(self) -> None:
        """AsyncSession.commit, one at a time."""
        async with self.lock:
            await super().commit()


class Database:
    """One engine and its session factory, made once per app."""

    def __init__(self, settings: Settings) -> None:
        self.is_sqlite = settings.is_sqlite
        self.engine = make_engine(settings)
        self.sessions = async_sessionmaker(
            self.engine, class_=SerializedSession, expire_on_commit=False
        )

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        """A session that is closed (and its open transaction rolled back) after use."""
        async with self.sessions() as session:
            yield session

    async def is_reachable(self) -> bool:
        """True when a trivial statement succeeds within the pool's timeout."""
        try:
            async with self.engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
        except Exception as exc:
            logger.warning("Database is not reachable: %s", type(exc).__name__)
            return False
        return True

    async def dispose(self) -> None:
        """Close every pooled connection."""
        await self.engine.dispose()


def make_engine(settings: Settings) -> AsyncEngine:
    """An async engine; SQLite gets foreign keys, WAL and a busy timeout."""
    if not settings.is_sqlite:
        return create_async_engine(
            settings.database_url,
            pool_size=settings.database_pool_size,
            # No ping before each checkout: it costs a round trip per request.
            # A connection the server dropped fails the one request that meets
            # it, and the pool then replaces every connection older than that.
            connect_args={"timeout": 5, "command_timeout": 30},
        )

    if path := settings.sqlite_path:
        path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_async_engine(
        one_trip_url(settings.database_url),
        connect_args={"timeout": settings.sqlite_busy_timeout_ms / 1000},
        pool_size=SQLITE_POOL_SIZE,
        max_overflow=SQLITE_POOL_OVERFLOW,
    )
    event.listen(engine.sync_engine, "connect", configure_sqlite)
    return engine


def configure_sqlite(dbapi_connection: Any, _record: object) -> None:
    """Turn on what SQLite leaves off: foreign keys, WAL, a sane sync level."""
    cursor = dbapi_connection.cursor()
    for pragma in (
        "PRAGMA foreign_keys = ON",
        "PRAGMA journal_mode = WAL",
        "PRAGMA synchronous = NORMAL",
    ):
        cursor.execute(pragma)
    cursor.close()


@asynccontextmanager
async def write_transaction(session: AsyncSession) -> AsyncIterator[AsyncSession]:
    """Run the block as one transaction that commits at the end or rolls back.

    Whatever the session read before is committed first, so the write starts
    from fresh data. On SQLite the transaction takes the write lock up front
    (BEGIN IMMEDIATE): a read that later turns into a write could otherwise
    fail at once with "database is locked" instead of waiting its turn. The
    writers of one process queue for it in the event loop first: SQLite's own
    busy handler would have them sleep and retry, for up to 100 ms a time.
    """
    if session.in_transaction():
        await session.commit()

    if session.bind.dialect.name != "sqlite":
        async with session.begin():
            yield session
        return
    async with sqlite_writer_lock(session.bind.sync_engine), session.begin():
        await session.execute(BEGIN_IMMEDIATE)
        yield session


BEGIN_IMMEDIATE = text("BEGIN IMMEDIATE")
# One lock per engine and event loop (tests run several loops in one process).
writer_locks: weakref.WeakKeyDictionary[
    Engine, weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock]
] = weakref.WeakKeyDictionary()


def sqlite_writer_lock(engine: Engine) -> asyncio.Lock:
    """The lock the writers of `engine` in this event loop take turns on."""
    locks = writer_locks.setdefault(engine, weakref.WeakKeyDictionary())
    return locks.setdefault(asyncio.get_running_loop(), asyncio.Lock())
