"""Demo data: customers with stores, products, addresses, carts, orders and reviews.

Customers are numbered (demo-0001@example.com, ...) and each one's data comes
from a generator seeded with the seed and that number, so a run with the same
seed on an empty database always writes the same rows, and a second run skips
the customers that exist already. Rows are written in bulk, one transaction
per group of customers, so a failed run leaves whole customers or none.
"""

import random
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import ColumnElement, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession
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
    EventKind,
    Interface,
    Order,
    OrderLine,
    Product,
    Review,
    Store,
)
from resolvers import demo_data
from resolvers.demo_data import END, START, demo_email, demo_number, moment_between

DEMO_CUSTOMERS = 1000
DEMO_SEED = 2026
MAX_DEMO_CUSTOMERS = 100_000
GROUP_SIZE = 250
STORE_EVERY = 16
DEACTIVATED_SHARE = 0.03

Progress = Callable[[int, int], None]
PricedProduct = tuple[int, Decimal]
PlannedOrder = tuple[dict[str, object], list[dict[str, object]]]


@dataclass
class DemoCustomer:
    """One planned demo customer and the generator its rows are drawn from."""

    number: int
    rng: random.Random
    joined: datetime
    deactivated_at: datetime | None
    profile: dict[str, object]
    id: int = 0

    @property
    def is_store_owner(self) -> bool:
        """Every STORE_EVERY-th customer, starting with the first, owns a store."""
        return self.number % STORE_EVERY == 1


@dataclass
class DemoSummary:
    """What a run added, and how many requested customers were there already."""

    requested: int
    existing: int = 0
    added: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0

    def describe(self) -> str:
        """A few lines for the operator: counts, and a login to try."""
        login = (
            f"Log in as {demo_email(1)} with the password {demo_data.DEMO_PASSWORD}."
        )
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
    if not 1 <= customers <= MAX_DEMO_CUSTOMERS:
        message = DEMO_CUSTOMERS_INVALID.format(
            maximum=MAX_DEMO_CUSTOMERS, value=customers
        )
        raise InvalidInputError(message, field="customers")
    started = time.monotonic()
    summary = DemoSummary(requested=customers)
    async with database.session() as session:
        existing = await existing_demo_numbers(session)
    numbers = [n for n in range(1, customers + 1) if n not in existing]
    summary.existing = customers - len(numbers)
    if not numbers:
        return summary

    # Every demo customer shares one password, so it is hashed once: argon2 is
    # slow on purpose, and a thousand hashes would take minutes.
    password_hash = await passwords.hash(demo_data.DEMO_PASSWORD)
    for start in range(0, len(numbers), GROUP_SIZE):
        group = [plan_customer(seed, n) for n in numbers[start : start + GROUP_SIZE]]
        async with database.session() as session, write_transaction(session):
            await write_group(session, group, password_hash, summary.added)
        if on_progress:
            on_progress(start + len(group), len(numbers))
    summary.seconds = time.monotonic() - started
    return summary


async def existing_demo_numbers(session: AsyncSession) -> set[int]:
    """The numbers of the demo customers already in the database."""
    query = select(Customer.email).where(is_demo_customer())
    numbers = (demo_number(email) for email in await session.scalars(query))
    return {number for number in numbers if number is not None}


def is_demo_customer() -> ColumnElement[bool]:
    """A filter matching customers whose email looks like a demo email."""
    pattern = f"{demo_data.DEMO_EMAIL_PREFIX}%@{demo_data.DEMO_EMAIL_DOMAIN}"
    return func.lower(Customer.email).like(pattern)


def plan_customer(seed: int, number: int) -> DemoCustomer:
    """Demo customer `number`: when they joined, whether they left, who they are."""
    rng = demo_data.customer_random(seed, number)
    joined = moment_between(rng, START, END - timedelta(days=60))
    leaves = number != 1 and rng.random() < DEACTIVATED_SHARE
    deactivated_at = moment_between(rng, joined, END) if leaves else None
    return DemoCustomer(number, rng, joined, deactivated_at, demo_data.person(rng))


async def write_group(
    session: AsyncSession,
    group: list[DemoCustomer],
    password_hash: str,
    added: Counter[str],
) -> None:
    """Write a group's customers, events, addresses and stores, then their activity."""
    rows = [customer_row(member, password_hash) for member in group]
    for member, customer_id in zip(
        group, await insert_rows(session, Customer, rows, added), strict=True
    ):
        member.id = customer_id
    added["deactivated"] += sum(1 for member in group if member.deactivated_at)
    await insert_rows(session, AccountEvent, event_rows(group), added)
    address_rows = [row for member in group for row in addresses_of(member)]
    await insert_rows(session, Address, address_rows, added)
    await write_stores(session, [m for m in group if m.is_store_owner], added)

    pool = await product_pool(session)
    if pool:
        await write_activity(session, group, pool, added)


def customer_row(member: DemoCustomer, password_hash: str) -> dict[str, object]:
    """The customer table row of a planned demo customer."""
    return {
        "email": demo_email(member.number),
        "password_hash": password_hash,
        **member.profile,
        "is_staff": False,
        "is_active": member.deactivated_at is None,
        "date_joined": member.joined,
        "deactivated_at": member.deactivated_at,
        "token_version": 0 if member.deactivated_at is None else 1,
    }


def event_rows(group: list[DemoCustomer]) -> list[dict[str, object]]:
    """A `registered` event per customer, and `deactivated` for those who left."""
    rows = []
    for member in group:
        moments = [(EventKind.REGISTERED, member.joined)]
        if member.deactivated_at:
            moments.append((EventKind.DEACTIVATED, member.deactivated_at))
        rows += [
            {
                "customer_id": member.id,
                "kind": kind,
                "interface": Interface.CLI,
                "created_at": moment,
            }
            for kind, moment in moments
        ]
    return rows


def addresses_of(member: DemoCustomer) -> list[dict[str, object]]:
    """Nought to two addresses, most customers having one."""
    count = member.rng.choice((0, 1, 1, 1, 2))
    return [
        {"customer_id": member.id, **demo_data.address(member.rng)}
        for _ in range(count)
    ]


async def write_stores(
    session: AsyncSession, owners: list[DemoCustomer], added: Counter[str]
) -> None:
    """A store per owner, each with six to fourteen products."""
    store_rows = [
        {
            "owner_id": owner.id,
            "name": demo_data.shop_name(owner.rng, owner.number),
            "is_active": True,
            "created_at": moment_between(
                owner.rng, owner.joined, owner.joined + timedelta(days=30)
            ),
        }
        for owner in owners
    ]
    store_ids = await insert_rows(session, Store, store_rows, added)
    product_rows = [
        {
            "store_id": store_id,
            **demo_data.product(owner.rng),
            "is_listed": owner.rng.random() > 0.05,
            "created_at": store["created_at"],
        }
        for owner, store_id, store in zip(owners, store_ids, store_rows, strict=True)
        for _ in range(owner.rng.randint(6, 14))
    ]
    await insert_rows(session, Product, product_rows, added)


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
    pool: Sequence[PricedProduct],
    added: Counter[str],
) -> None:
    """The group's orders and their lines, reviews of what they bought, and carts."""
    planned = [(member, orders_of(member, pool)) for member in group]
    orders = [order for _, member_orders in planned for order in member_orders]
    order_ids = await insert_rows(session, Order, [row for row, _ in orders], added)
    line_rows = [
        {"order_id": order_id, **line}
        for order_id, (_, lines) in zip(order_ids, orders, strict=True)
        for line in lines
    ]
    await insert_rows(session, OrderLine, line_rows, added)
    review_rows = [row for plan in planned for row in reviews_of(*plan)]
    await insert_rows(session, Review, review_rows, added)
    await write_carts(
        session, [m for m in group if m.deactivated_at is None], pool, added
    )


def orders_of(
    member: DemoCustomer, pool: Sequence[PricedProduct]
) -> list[PlannedOrder]:
    """Nought to five orders of one to four products, prices copied as they were."""
    rng, last = member.rng, member.deactivated_at or END
    orders = []
    for _ in range(rng.choice((0, 0, 1, 1, 2, 2, 3, 4, 5))):
        picks = rng.sample(list(pool), k=min(rng.randint(1, 4), len(pool)))
        quantities = [rng.randint(1, 3) for _ in picks]
        lines: list[dict[str, object]] = [
            {"product_id": product_id, "quantity": quantity, "unit_price": price}
            for (product_id, price), quantity in zip(picks, quantities, strict=True)
        ]
        total = sum(
            (
                price * quantity
                for (_, price), quantity in zip(picks, quantities, strict=False)
            ),
            Decimal(0),
        )
        row = {
            "customer_id": member.id,
            "created_at": moment_between(rng, member.joined, last),
            "total": total,
        }
        orders.append((row, lines))
    return orders


def reviews_of(
    member: DemoCustomer, orders: list[PlannedOrder]
) -> list[dict[str, object]]:
    """Reviews of about half the products the customer ordered, once each."""
    reviewed: set[object] = set()
    rows = []
    for row, lines in orders:
        for line in lines:
            if line["product_id"] in reviewed or member.rng.random() < 0.5:
                continue
            reviewed.add(line["product_id"])
            rows.append(
                {
                    "product_id": line["product_id"],
                    "customer_id": member.id,
                    **demo_data.review(member.rng),
                    "created_at": row["created_at"],
                }
            )
    return rows


async def write_carts(
    session: AsyncSession,
    members: list[DemoCustomer],
    pool: Sequence[PricedProduct],
    added: Counter[str],
) -> None:
    """A cart of one to four products for a little under half the active customers."""
    shoppers = [member for member in members if member.rng.random() < 0.45]
    cart_rows = [{"customer_id": member.id, "updated_at": END} for member in shoppers]
    cart_ids = await insert_rows(session, Cart, cart_rows, added)
    item_rows = [
        {
            "cart_id": cart_id,
            "product_id": product_id,
            "quantity": member.rng.randint(1, 3),
        }
        for member, cart_id in zip(shoppers, cart_ids, strict=True)
        for product_id, _ in member.rng.sample(
            list(pool), k=min(member.rng.randint(1, 4), len(pool))
        )
    ]
    await insert_rows(session, CartItem, item_rows, added)


async def insert_rows(
    session: AsyncSession,
    model: type[SQLModel],
    rows: list[dict[str, object]],
    added: Counter[str],
) -> list[int]:
    """Insert `rows` in bulk and return their new ids, in the order given."""
    if not rows:
        return []
    statement = insert(model).returning(
        model.id,  # type: ignore[attr-defined]
        sort_by_parameter_order=True,
    )
    result = await session.execute(statement, rows)
    added[TALLY_NAMES[model]] += len(rows)
    return list(result.scalars())


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
