"""SQLite for the async engine, with one thread hand-off per statement.

aiosqlite runs each SQLite connection in a thread of its own, and SQLAlchemy's
adapter crosses to that thread four times per statement (open the cursor,
execute, fetch, close) and once more for every commit and rollback, even when
no transaction is open. Each crossing wakes the event loop and waits for the
GIL. Here a statement runs as one call in the connection's thread, which
reports whether a transaction is open, so a commit or rollback of nothing is
skipped, and a BEGIN travels with the statement after it. Every statement
still runs off the event loop.
"""

import collections
import sqlite3
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy.dialects import registry
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_dbapi,
    SQLiteDialect_aiosqlite,
)
from sqlalchemy.util.concurrency import await_

DRIVER = "aiosqlite_onetrip"

Outcome = tuple[Any, int, int | None, list[Any], bool]


def run_statement(
    connection: sqlite3.Connection,
    operation: str,
    parameters: Any,
    many: bool,
    begin: str | None,
) -> Outcome:
    """In the connection's thread: execute, fetch every row, close the cursor.

    `begin`, when given, is a BEGIN statement run just before. Returns the
    description, row count, last row id, the rows, and whether a transaction
    is open afterwards.
    """
    cursor = connection.cursor()
    try:
        if begin is not None:
            cursor.execute(begin)
        if many:
            cursor.executemany(operation, parameters)
        else:
            cursor.execute(operation, () if parameters is None else parameters)
        description = cursor.description
        rows = cursor.fetchall() if description else []
        return (
            description,
            cursor.rowcount,
            cursor.lastrowid,
            rows,
            connection.in_transaction,
        )
    finally:
        cursor.close()


class OneTripCursor:
    """A DBAPI cursor whose statement runs, and is fetched, in one hand-off."""

    server_side = False
    __slots__ = (
        "_adapt_connection",
        "_rows",
        "arraysize",
        "description",
        "lastrowid",
        "rowcount",
    )

    def __init__(self, adapt_connection: "OneTripConnection") -> None:
        self._adapt_connection = adapt_connection
        self._rows: collections.deque[Any] = collections.deque()
        self.arraysize = 1
        self.description: Any = None
        self.lastrowid: int | None = None
        self.rowcount = -1

    def execute(self, operation: str, parameters: Any = None) -> None:
        """Run one statement and keep its rows."""
        self._run(operation, parameters, many=False)

    def executemany(self, operation: str, parameters: Sequence[Any]) -> None:
        """Run one statement for each set of parameters."""
        self._run(operation, parameters, many=True)

    def _run(self, operation: str, parameters: Any, *, many: bool) -> None:
        """Send the statement to the connection's thread and wait for it.

        A BEGIN is held back and sent with the statement that follows it, so
        a transaction costs one hand-off less.
        """
        adapted = self._adapt_connection
        if operation.startswith("BEGIN") and not adapted.in_transaction:
            adapted.pending_begin = operation
            return
        begin, adapted.pending_begin = adapted.pending_begin, None
        driver = adapted._connection
        try:
            outcome = await_(
                driver._execute(
                    run_statement, driver._conn, operation, parameters, many, begin
                )
            )
        except Exception as error:
            # Whatever the statement left open is rolled back by the caller.
            adapted.in_transaction = True
            adapted._handle_exception(error)
        (self.description, self.rowcount, self.lastrowid, rows, open_) = outcome
        adapted.in_transaction = open_
        self._rows = collections.deque(rows)

    def fetchone(self) -> Any:
        """The next row, or None."""
        return self._rows.popleft() if self._rows else None

    def fetchmany(self, size: int | None = None) -> list[Any]:
        """Up to `size` (default `arraysize`) of the remaining rows."""
        count = self.arraysize if size is None else size
        return [self._rows.popleft() for _ in range(min(count, len(self._rows)))]

    def fetchall(self) -> list[Any]:
        """Every remaining row."""
        rows = list(self._rows)
        self._rows.clear()
        return rows

    def __iter__(self) -> Iterator[Any]:
        """The remaining rows, one by one."""
        while self._rows:
            yield self._rows.popleft()

    def close(self) -> None:
        """Drop the remaining rows; the driver's cursor is already closed."""
        self._rows.clear()

    async def _async_soft_close(self) -> None:
        """Nothing to close: the driver's cursor was closed after the fetch."""

    def setinputsizes(self, *sizes: Any) -> None:
        """Nothing to do for SQLite."""

    def setoutputsize(self, size: Any, column: Any = None) -> None:
        """Nothing to do for SQLite."""


class OneTripConnection(AsyncAdapt_aiosqlite_connection):
    """aiosqlite's adapted connection, with one-trip cursors.

    A commit or rollback crosses to the thread only when a transaction is open.
    """

    __slots__ = ("in_transaction", "pending_begin")
    _cursor_cls = OneTripCursor  # type: ignore[assignment]

    def __init__(self, dbapi: Any, connection: Any) -> None:
        super().__init__(dbapi, connection)
        self.in_transaction = False
        self.pending_begin: str | None = None

    def commit(self) -> None:
        """Commit the open transaction, if there is one."""
        self.pending_begin = None
        if self.in_transaction:
            super().commit()
            self.in_transaction = False

    def rollback(self) -> None:
        """Roll back the open transaction, if there is one."""
        self.pending_begin = None
        if self.in_transaction:
            super().rollback()
            self.in_transaction = False


class OneTripDbapi(AsyncAdapt_aiosqlite_dbapi):
    """aiosqlite as a DBAPI module whose connections are OneTripConnections."""

    def connect(self, *args: Any, **kwargs: Any) -> OneTripConnection:
        """Open an aiosqlite connection in a daemon thread, and adapt it."""
        connection = self.aiosqlite.connect(*args, **kwargs)
        connection._thread.daemon = True
        return OneTripConnection(self, await_(connection))


class OneTripDialect(SQLiteDialect_aiosqlite):
    """The aiosqlite dialect over OneTripDbapi; URLs say `sqlite+aiosqlite_onetrip`."""

    driver = DRIVER
    supports_statement_cache = True
    supports_server_side_cursors = False

    @classmethod
    def import_dbapi(cls) -> OneTripDbapi:  # type: ignore[override]
        """The DBAPI module this dialect talks to."""
        return OneTripDbapi(__import__("aiosqlite"), __import__("sqlite3"))


def one_trip_url(url: str) -> str:
    """The same SQLite URL, served by this module's driver."""
    return url.replace("sqlite+aiosqlite://", f"sqlite+{DRIVER}://", 1)


registry.register(f"sqlite.{DRIVER}", __name__, "OneTripDialect")
