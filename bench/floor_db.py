"""The floor's database layer: a few connections and one statement per step.

aiosqlite on SQLite (autocommit, the service's pragmas), asyncpg on
PostgreSQL. SQL is written with `$n` placeholders and rewritten for SQLite.
"""

import asyncio
import json
import os
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

import aiosqlite
import asyncpg

DATABASE_URL = os.environ["DATABASE_URL"]
IS_SQLITE = DATABASE_URL.startswith("sqlite")
POOL_SIZE = 10
# The service's own settings, so both write to SQLite alike.
SQLITE_PRAGMAS = (
    "PRAGMA foreign_keys = ON",
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = NORMAL",
    "PRAGMA busy_timeout = 5000",
)


class SqliteDatabase:
    """A fixed pool of aiosqlite connections in autocommit mode."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.idle: asyncio.Queue[aiosqlite.Connection] = asyncio.Queue()

    async def open(self) -> None:
        """Open the pool's connections."""
        for _ in range(POOL_SIZE):
            connection = await aiosqlite.connect(self.path, isolation_level=None)
            for pragma in SQLITE_PRAGMAS:
                await connection.execute(pragma)
            self.idle.put_nowait(connection)

    @asynccontextmanager
    async def connection(self) -> AsyncIterator[aiosqlite.Connection]:
        """A connection from the pool, returned after use."""
        connection = await self.idle.get()
        try:
            yield connection
        finally:
            self.idle.put_nowait(connection)

    async def rows(self, sql: str, *args: Any) -> Sequence[Any]:
        """Every row of one statement."""
        async with self.connection() as connection:
            return await connection.execute_fetchall(sql.replace("$", "?"), args)

    async def deactivate(self, customer: Any, interface: str) -> bool:
        """Flip the account and write its event in one transaction."""
        now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
        async with self.connection() as connection:
            await connection.execute("BEGIN IMMEDIATE")
            changed = await connection.execute_fetchall(
                DEACTIVATE.replace("$", "?"), (now, customer[0], customer[9])
            )
            if changed:
                await connection.execute(
                    EVENT.replace("$", "?"), (customer[0], interface, now)
                )
            await connection.execute("COMMIT")
        return bool(changed)


class PostgresDatabase:
    """An asyncpg pool."""

    def __init__(self, url: str) -> None:
        self.url = url.replace("postgresql+asyncpg://", "postgresql://")
        self.pool: asyncpg.Pool | None = None

    async def open(self) -> None:
        """Open the pool."""
        self.pool = await asyncpg.create_pool(
            self.url, min_size=POOL_SIZE, max_size=POOL_SIZE
        )

    async def rows(self, sql: str, *args: Any) -> Sequence[Any]:
        """Every row of one statement."""
        assert self.pool is not None
        return await self.pool.fetch(sql, *args)

    async def deactivate(self, customer: Any, interface: str) -> bool:
        """Flip the account and write its event in one transaction."""
        assert self.pool is not None
        now = datetime.now(UTC)
        async with self.pool.acquire() as connection, connection.transaction():
            changed = await connection.fetch(DEACTIVATE, now, customer[0], customer[9])
            if changed:
                await connection.execute(EVENT, customer[0], interface, now)
        return bool(changed)


DEACTIVATE = (
    "UPDATE customer SET is_active = false, deactivated_at = $1, "
    "token_version = token_version + 1 WHERE id = $2 AND is_active = true "
    "AND token_version = $3 RETURNING token_version"
)
EVENT = (
    "INSERT INTO account_event (customer_id, kind, interface, created_at) "
    "VALUES ($1, 'deactivated', $2, $3)"
)
if IS_SQLITE:
    database: Any = SqliteDatabase(DATABASE_URL.split(":///", 1)[1])
else:
    database = PostgresDatabase(DATABASE_URL)


def in_list(column: str, index: int) -> str:
    """`column = ANY($n)` on PostgreSQL, a JSON-array membership test on SQLite."""
    if IS_SQLITE:
        return f"{column} IN (SELECT value FROM json_each(${index}))"
    return f"{column} = ANY(${index})"


PRODUCTS = (
    "SELECT p.id, p.name, p.price, p.store_id FROM product p "
    "JOIN store s ON s.id = p.store_id "
    "WHERE p.is_listed AND s.is_active ORDER BY p.id LIMIT $1"
)
STORES = f"SELECT id, name FROM store WHERE {in_list('id', 1)}"
REVIEWS = (
    "SELECT product_id, customer_id, rating, body FROM ("
    "SELECT product_id, customer_id, rating, body, id, row_number() OVER "
    "(PARTITION BY product_id ORDER BY id) AS n FROM review "
    f"WHERE {in_list('product_id', 1)}) r WHERE n <= 4 ORDER BY id"
)
AUTHORS = f"SELECT id, first_name, last_name FROM customer WHERE {in_list('id', 1)}"


def list_arg(values: list[int]) -> Any:
    """A list parameter as each driver takes it."""
    return json.dumps(values) if IS_SQLITE else values
