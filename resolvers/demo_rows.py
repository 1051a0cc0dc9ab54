"""The rows of one demo customer, drawn from that customer's own seeded generator.

Nothing here touches the database; `resolvers.demo` writes what these return.
Each customer's generator is consumed in a fixed order (profile, addresses,
store, orders, reviews, cart), which is what makes a seed repeatable.
"""

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from models import EventKind, Interface
from resolvers import demo_data
from resolvers.demo_data import END, START, demo_email, moment_between

STORE_EVERY = 16
DEACTIVATED_SHARE = 0.03

Row = dict[str, object]
PricedProduct = tuple[int, Decimal]
PlannedOrder = tuple[Row, list[Row]]


@dataclass
class DemoCustomer:
    """One planned demo customer and the generator its rows are drawn from."""

    number: int
    rng: random.Random
    joined: datetime
    deactivated_at: datetime | None
    profile: Row
    id: int = 0

    @property
    def is_store_owner(self) -> bool:
        """Every STORE_EVERY-th customer, starting with the first, owns a store."""
        return self.number % STORE_EVERY == 1


def plan_customer(seed: int, number: int) -> DemoCustomer:
    """Demo customer `number`: when they joined, whether they left, who they are.

    Customer 1 never leaves: it is the login the command prints.
    """
    rng = demo_data.customer_random(seed, number)
    joined = moment_between(rng, START, END - timedelta(days=60))
    leaves = number != 1 and rng.random() < DEACTIVATED_SHARE
    deactivated_at = moment_between(rng, joined, END) if leaves else None
    return DemoCustomer(number, rng, joined, deactivated_at, demo_data.person(rng))


def customer_row(member: DemoCustomer, password_hash: str) -> Row:
    """The customer table row; one who left is deactivated as the API would do it."""
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


def event_rows(member: DemoCustomer) -> list[Row]:
    """A `registered` event, and a `deactivated` one for a customer who left."""
    moments = [(EventKind.REGISTERED, member.joined)]
    if member.deactivated_at:
        moments.append((EventKind.DEACTIVATED, member.deactivated_at))
    return [
        {
            "customer_id": member.id,
            "kind": kind,
            "interface": Interface.CLI,
            "created_at": moment,
        }
        for kind, moment in moments
    ]


def address_rows(member: DemoCustomer) -> list[Row]:
    """Nought to two addresses, most customers having one."""
    count = member.rng.choice((0, 1, 1, 1, 2))
    return [
        {"customer_id": member.id, **demo_data.address(member.rng)}
        for _ in range(count)
    ]


def store_row(owner: DemoCustomer) -> Row:
    """The owner's store, opened within a month of joining."""
    opened = owner.joined + timedelta(days=30)
    return {
        "owner_id": owner.id,
        "name": demo_data.shop_name(owner.rng, owner.number),
        "is_active": True,
        "created_at": moment_between(owner.rng, owner.joined, opened),
    }


def product_rows(owner: DemoCustomer, store_id: int, opened: object) -> list[Row]:
    """Six to fourteen products, a few of them unlisted."""
    return [
        {
            "store_id": store_id,
            **demo_data.product(owner.rng),
            "is_listed": owner.rng.random() > 0.05,
            "created_at": opened,
        }
        for _ in range(owner.rng.randint(6, 14))
    ]


def planned_orders(
    member: DemoCustomer, pool: list[PricedProduct]
) -> list[PlannedOrder]:
    """Nought to five orders, placed between joining and leaving (or the end)."""
    rng, last = member.rng, member.deactivated_at or END
    orders = []
    for _ in range(rng.choice((0, 0, 1, 1, 2, 2, 3, 4, 5))):
        lines, total = order_lines(rng, pool)
        created_at = moment_between(rng, member.joined, last)
        order = {"customer_id": member.id, "created_at": created_at, "total": total}
        orders.append((order, lines))
    return orders


def order_lines(
    rng: random.Random, pool: list[PricedProduct]
) -> tuple[list[Row], Decimal]:
    """One to four different products with the prices copied, and their total."""
    picks = rng.sample(pool, k=min(rng.randint(1, 4), len(pool)))
    quantities = [rng.randint(1, 3) for _ in picks]
    lines: list[Row] = [
        {"product_id": product_id, "quantity": quantity, "unit_price": price}
        for (product_id, price), quantity in zip(picks, quantities, strict=True)
    ]
    total = sum(
        (
            price * quantity
            for (_, price), quantity in zip(picks, quantities, strict=True)
        ),
        Decimal(0),
    )
    return lines, total


def review_rows(member: DemoCustomer, orders: list[PlannedOrder]) -> list[Row]:
    """Reviews of about half the products the customer ordered, once each."""
    reviewed: set[object] = set()
    rows = []
    for order, lines in orders:
        for line in lines:
            if line["product_id"] in reviewed or member.rng.random() < 0.5:
                continue
            reviewed.add(line["product_id"])
            rows.append(
                {
                    "product_id": line["product_id"],
                    "customer_id": member.id,
                    **demo_data.review(member.rng),
                    "created_at": order["created_at"],
                }
            )
    return rows


def is_shopping(member: DemoCustomer) -> bool:
    """True for a little under half the active customers: they have a cart."""
    return member.rng.random() < 0.45 and member.deactivated_at is None


def cart_item_rows(
    member: DemoCustomer, cart_id: int, pool: list[PricedProduct]
) -> list[Row]:
    """One to four different products in the cart, one to three of each."""
    picks = member.rng.sample(pool, k=min(member.rng.randint(1, 4), len(pool)))
    return [
        {
            "cart_id": cart_id,
            "product_id": product_id,
            "quantity": member.rng.randint(1, 3),
        }
        for product_id, _ in picks
    ]
