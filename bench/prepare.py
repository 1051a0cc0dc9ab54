"""Untimed set-up of a benchmark run: schema, shop data, customers and tokens."""

import asyncio
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, insert, select

from auth.passwords import Passwords
from auth.tokens import Tokens
from database import Database
from migrations import upgrade_database
from models import AccountEvent, Customer, EventKind
from resolvers.demo import populate
from settings import Settings

SHOP_CUSTOMERS = 400
POOL_SIZE = 64
DEACTIVATIONS = 3000
BATCH = 1000
# One cheap hash shared by every bench customer: nobody logs in during the run.
CHEAP_PASSWORDS = Passwords(time_cost=1, memory_cost=1024)


@dataclass(frozen=True)
class Prepared:
    """Row files for the load script, by name, and the ids each one holds."""

    files: dict[str, Path]
    ids: dict[str, list[int]]


def prepare(database_url: str, secret: str, run_id: str, folder: Path) -> Prepared:
    """Migrate, add the shop and the bench customers, and write their tokens."""
    upgrade_database(database_url)
    return asyncio.run(prepare_rows(database_url, secret, run_id, folder))


async def prepare_rows(
    database_url: str, secret: str, run_id: str, folder: Path
) -> Prepared:
    """The customers of every group, and one row file per group."""
    database = Database(Settings(database_url=database_url))
    tokens = Tokens(secret=secret, access_ttl=3600, refresh_ttl=3600)
    try:
        await populate(database, passwords=CHEAP_PASSWORDS, customers=SHOP_CUSTOMERS)
        sizes = {"pool": POOL_SIZE}
        for name in ("gql_app", "gql_floor", "rest_app", "rest_floor"):
            sizes[name] = DEACTIVATIONS
        files, ids = {}, {}
        for name, size in sizes.items():
            ids[name] = await add_customers(database, f"bench-{run_id}-{name}", size)
            files[name] = write_rows(folder / f"{name}.rows", ids[name], tokens)
        return Prepared(files=files, ids=ids)
    finally:
        await database.dispose()


async def add_customers(database: Database, prefix: str, count: int) -> list[int]:
    """Insert `count` active customers in bulk; their ids in order."""
    password_hash = await CHEAP_PASSWORDS.hash("bench-password")
    rows = [
        {
            "email": f"{prefix}-{number}@example.com",
            "password_hash": password_hash,
            "first_name": "Bench",
            "last_name": f"Customer {number}",
        }
        for number in range(count)
    ]
    async with database.session() as session:
        for start in range(0, count, BATCH):
            await session.execute(insert(Customer), rows[start : start + BATCH])
        await session.commit()
        query = select(Customer.id).where(Customer.email.like(f"{prefix}-%"))
        return sorted((await session.scalars(query)).all())


def write_rows(path: Path, ids: list[int], tokens: Tokens) -> Path:
    """One "id target token" line per customer; the target is someone else."""
    lines = []
    for index, customer_id in enumerate(ids):
        target = ids[(index + 1) % len(ids)]
        token = tokens.issue(customer_id=customer_id, version=0, kind="access")
        lines.append(f"{customer_id} {target} {token}\n")
    path.write_text("".join(lines))
    return path


def verify(database_url: str, ids: list[int]) -> str:
    """ "ok" when every customer is inactive with one deactivation event."""
    return asyncio.run(count_deactivated(database_url, ids))


async def count_deactivated(database_url: str, ids: list[int]) -> str:
    """How many of `ids` are deactivated, and with how many events."""
    database = Database(Settings(database_url=database_url))
    try:
        async with database.session() as session:
            inactive = await session.scalar(
                select(func.count())
                .select_from(Customer)
                .where(
                    Customer.id.in_(ids),
                    Customer.is_active.is_(False),
                    Customer.token_version == 1,
                )
            )
            events = await session.scalar(
                select(func.count())
                .select_from(AccountEvent)
                .where(
                    AccountEvent.customer_id.in_(ids),
                    AccountEvent.kind == EventKind.DEACTIVATED,
                )
            )
    finally:
        await database.dispose()
    if inactive == events == len(ids):
        return "ok"
    return f"{inactive} inactive, {events} events of {len(ids)}"
