"""The database layer: SQLite is configured for a server, and rows keep their FKs."""

from datetime import timedelta

import pytest
from sqlalchemy.exc import IntegrityError
from starlette.applications import Starlette

from models import Address, Customer
from tests.conftest import Api


async def test_sqlite_runs_with_foreign_keys_wal_and_a_busy_timeout(
    app: Starlette,
) -> None:
    database = app.state.runtime.database
    if not database.is_sqlite:
        pytest.skip("SQLite pragmas only apply to the embedded database")

    async with database.engine.connect() as connection:
        pragmas = [
            (await connection.exec_driver_sql(f"PRAGMA {name}")).scalar()
            for name in ("foreign_keys", "journal_mode", "busy_timeout")
        ]

    assert pragmas == [1, "wal", 5000]


async def test_a_row_pointing_at_a_missing_customer_is_refused(app: Starlette) -> None:
    database = app.state.runtime.database

    async with database.session() as session:
        session.add(
            Address(customer_id=2_000_000_000, line1="1 Main St", city="X",
                    postal_code="1", country="GB")
        )  # fmt: skip
        with pytest.raises(IntegrityError):
            await session.commit()


async def test_timestamps_come_back_timezone_aware_in_utc(
    app: Starlette, api: Api
) -> None:
    account = await api.register()

    async with app.state.runtime.database.session() as session:
        row = await session.get(Customer, int(account.id))

    assert row is not None
    assert row.date_joined.utcoffset() == timedelta(0)
