"""Demo data: customers with stores, products, addresses, carts, orders and reviews.

Customers are numbered (demo-0001@example.com, ...) and each one's data comes
from a generator seeded with the seed and that number, so a run with the same
seed on an empty database always writes the same rows, and a second run skips
the customers that exist already. Rows are written in bulk, one transaction
per group of customers, so a failed run leaves whole customers or none.
"""

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute
from sqlmodel import SQLModel

from auth.passwords import Passwords
from database import Database, write_transaction
from errors import DEMO_CUSTOMERS_INVALID, InvalidInputError
from models import (
    AccountEvent,
    Address,
    Cart,
    CartItem,
    Customer,
    Order,
    OrderLine,
    Product,
    Review,
    Store,
)
from resolvers import demo_rows
from resolvers.demo_data import (
    DEMO_EMAIL_DOMAIN,
    DEMO_EMAIL_PREFIX,
    DEMO_PASSWORD,
    demo_email,
    demo_number,
)
from resolvers.demo_rows import DemoCustomer, PricedProduct, Row

DEMO_CUSTOMERS = 1000
DEMO_SEED = 2026
MAX_DEMO_CUSTOMERS = 100_000
GROUP_SIZE = 250

Progress = Callable[[int, int], None]


@dataclass
class DemoSummary:
    """What a run added, and how many requested customers were there already."""

    requested: int
    existing: int = 0
    added: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0

    def describe(self) -> str:
        """A few lines for the operator: counts, and a login to try."""
        login = f"Log in as {demo_email(1)} with the password {DEMO_PASSWORD}."
        if not self.added:
            return (
                f"All {self.requested} demo customers exist already; "
                f"nothing was added.\n{login}"
            )
        counts = Counter(self.added)
        left = counts.pop("deactivated", 0)
        made = ", ".join(f"{count} {name}" for name, count in counts.items())
        made = made.replace(" customers", f" customers ({left} deactivated)", 1)
        skipped = f" Skipped {self.existing} existing." if self.existing else ""
        return f"Added {made} in {self.seconds:.1f}s.{skipped}\n{login}"


async def populate(
    database: Database,
    *,
    passwords: Passwords,
    customers: int = DEMO_CUSTOMERS,
    seed: int = DEMO_SEED,
    on_progress: Progress | None = None,
) -> DemoSummary:
    """Add the demo customers 1..`customers` that are missing, with all their data."""
    check_count(customers)
    started = time.monotonic()
    async with database.session() as session:
        existing = await existing_demo_numbers(session)
    numbers = [n for n in range(1, customers + 1) if n not in existing]
    summary = DemoSummary(requested=customers, existing=customers - len(numbers))
    if not numbers:
        return summary

    # Every demo customer shares one password, so it is hashed once: argon2 is
    # slow on purpose, and a thousand hashes would take minutes.
    password_hash = await passwords.hash(DEMO_PASSWORD)
    for start in range(0, len(numbers), GROUP_SIZE):
        chunk = numbers[start : start + GROUP_SIZE]
        group = [demo_rows.plan_customer(seed, number) for number in chunk]
        async with database.session() as session, write_transaction(session):
            await write_group(session, group, password_hash, summary.added)
        if on_progress:
            on_progress(start + len(group), len(numbers))
    summary.seconds = time.monotonic() - started
    return summary


def check_count(customers: int) -> None:
    """Refuse a number of customers that is not positive or absurdly large."""
    if not 1 <= customers <= MAX_DEMO_CUSTOMERS:
        message = DEMO_CUSTOMERS_INVALID.format(
            maximum=MAX_DEMO_CUSTOMERS, value=customers
        )
        raise InvalidInputError(message, field="customers")


async def existing_demo_numbers(session: AsyncSession) -> set[int]:
    """The numbers of the demo customers already in the database."""
    query = select(Customer.email).where(is_demo_customer())
    numbers = (demo_number(email) for email in await session.scalars(query))
    return {number for number in numbers if number is not None}


def is_demo_customer() -> ColumnElement[bool]:
    """A filter matching customers whose email looks like a demo email."""
    pattern = f"{DEMO_EMAIL_PREFIX}%@{DEMO_EMAIL_DOMAIN}"
    return func.lower(Customer.email).like(pattern)


async def write_group(
    session: AsyncSession,
    group: list[DemoCustomer],
    password_hash: str,
    added: Counter[str],
) -> None:
    """Write a group's customers, events, addresses and stores, then their activity."""
    rows = [demo_rows.customer_row(member, password_hash) for member in group]
    await insert_rows(session, Customer, rows, added)
    ids = await ids_by(session, Customer.email, [row["email"] for row in rows])
    for member, row in zip(group, rows, strict=True):
        member.id = ids[row["email"]]
    added["deactivated"] += sum(1 for member in group if member.deactivated_at)

    await insert_rows(session, AccountEvent, each(demo_rows.event_rows, group), added)
    await insert_rows(session, Address, each(demo_rows.address_rows, group), added)
    await write_stores(session, [m for m in group if m.is_store_owner], added)

    pool = await product_pool(session)
    if pool:
        await write_activity(session, group, pool, added)


def each(
    rows_of: Callable[[DemoCustomer], list[Row]], group: list[DemoCustomer]
) -> list[Row]:
    """The rows `rows_of` makes for every member of the group, in order."""
    return [row for member in group for row in rows_of(member)]


async def write_stores(
    session: AsyncSession, owners: list[DemoCustomer], added: Counter[str]
) -> None:
    """A store per owner, each with its products."""
    stores = [demo_rows.store_row(owner) for owner in owners]
    await insert_rows(session, Store, stores, added)
    store_ids = await ids_by(session, Store.owner_id, [owner.id for owner in owners])
    products = [
        row
        for owner, store in zip(owners, stores, strict=True)
        for row in demo_rows.product_rows(
            owner, store_ids[owner.id], store["created_at"]
        )
    ]
    await insert_rows(session, Product, products, added)


async def product_pool(session: AsyncSession) -> list[PricedProduct]:
    """Every product on sale in a demo store, in id order.

    Other stores are left out so that what demo customers buy depends on the
    seed alone, not on whatever else the database holds.
    """
    query = (
        select(Product.id, Product.price)
        .join(Store, Store.id == Product.store_id)
        .join(Customer, Customer.id == Store.owner_id)
        .where(Product.is_listed.is_(True), Store.is_active.is_(True))
        .where(is_demo_customer())
        .order_by(Product.id)
    )
    return [(row.id, row.price) for row in await session.execute(query)]


async def write_activity(
    session: AsyncSession,
    group: list[DemoCustomer],
    pool: list[PricedProduct],
    added: Counter[str],
) -> None:
    """The group's orders with their lines, reviews of what they bought, and carts."""
    planned = [(member, demo_rows.planned_orders(member, pool)) for member in group]
    orders = [order for _, member_orders in planned for order in member_orders]
    await insert_rows(session, Order, [row for row, _ in orders], added)
    order_ids = await order_ids_of(session, [member.id for member in group])
    lines = [
        {"order_id": order_id, **line}
        for order_id, (_, order_lines) in zip(order_ids, orders, strict=True)
        for line in order_lines
    ]
    await insert_rows(session, OrderLine, lines, added)
    reviews = [row for plan in planned for row in demo_rows.review_rows(*plan)]
    await insert_rows(session, Review, reviews, added)

    shoppers = [member for member in group if demo_rows.is_shopping(member)]
    carts = [{"customer_id": m.id, "updated_at": m.joined} for m in shoppers]
    await insert_rows(session, Cart, carts, added)
    cart_ids = await ids_by(session, Cart.customer_id, [m.id for m in shoppers])
    items = [
        row
        for member in shoppers
        for row in demo_rows.cart_item_rows(member, cart_ids[member.id], pool)
    ]
    await insert_rows(session, CartItem, items, added)


async def insert_rows(
    session: AsyncSession,
    model: type[SQLModel],
    rows: list[Row],
    added: Counter[str],
) -> None:
    """Insert `rows` with one bulk statement (an executemany, not a round trip each).

    No RETURNING: on SQLite, returning ids in parameter order would insert one
    row per statement; the ids are read back by a unique column instead.
    """
    if rows:
        # The table, not the ORM entity: the ORM would split the rows into
        # smaller statements by which of their values are None.
        await session.execute(insert(model.__table__), rows)  # type: ignore[attr-defined]
        added[TALLY_NAMES[model]] += len(rows)


async def ids_by(
    session: AsyncSession, key: InstrumentedAttribute[Any], values: list[Any]
) -> dict[Any, int]:
    """The ids of the rows whose unique column `key` holds one of `values`."""
    if not values:
        return {}
    table = key.class_
    query = select(table.id, key).where(key.in_(values))
    return {value: row_id for row_id, value in await session.execute(query)}


async def order_ids_of(session: AsyncSession, customer_ids: list[int]) -> list[int]:
    """The ids of these new customers' orders, in the order they were inserted.

    The customers are new in this transaction, so all their orders are ours,
    and one bulk insert hands out ascending ids in the order of its rows.
    """
    query = (
        select(Order.id).where(Order.customer_id.in_(customer_ids)).order_by(Order.id)
    )
    return list(await session.scalars(query))


TALLY_NAMES: dict[type[SQLModel], str] = {
    Customer: "customers",
    AccountEvent: "events",
    Address: "addresses",
    Store: "stores",
    Product: "products",
    Order: "orders",
    OrderLine: "order lines",
    Review: "reviews",
    Cart: "carts",
    CartItem: "cart items",
}
