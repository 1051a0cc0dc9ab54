"""`marketplace-api populate`: deterministic demo data, safe to run twice."""

import io
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.applications import Starlette

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
from progress import ProgressBar
from resolvers.demo import is_demo_customer
from tests.cli import Cli, Terminal, count_rows
from tests.conftest import Api

pytestmark = pytest.mark.anyio

Snapshot = dict[str, list[tuple[object, ...]]]


@pytest.fixture
async def session(app: Starlette) -> AsyncIterator[AsyncSession]:
    """A session on a database without demo data, cleared again afterwards.

    PostgreSQL test databases outlive a run, so demo rows from an earlier run
    would otherwise make the first `populate` of this one add nothing.
    """
    async with app.state.runtime.database.session() as session:
        await remove_demo_data(session)
        yield session
        await session.rollback()
        await remove_demo_data(session)


async def remove_demo_data(session: AsyncSession) -> None:
    """Delete every row that belongs to a demo customer."""
    customers = select(Customer.id).where(is_demo_customer())
    stores = select(Store.id).where(Store.owner_id.in_(customers))
    products = select(Product.id).where(Product.store_id.in_(stores))
    carts = select(Cart.id).where(Cart.customer_id.in_(customers))
    orders = select(Order.id).where(Order.customer_id.in_(customers))
    for statement in (
        delete(CartItem).where(CartItem.cart_id.in_(carts)),
        delete(CartItem).where(CartItem.product_id.in_(products)),
        delete(OrderLine).where(OrderLine.order_id.in_(orders)),
        delete(OrderLine).where(OrderLine.product_id.in_(products)),
        delete(Review).where(Review.customer_id.in_(customers)),
        delete(Review).where(Review.product_id.in_(products)),
        delete(Cart).where(Cart.customer_id.in_(customers)),
        delete(Order).where(Order.customer_id.in_(customers)),
        delete(Product).where(Product.store_id.in_(stores)),
        delete(Store).where(Store.owner_id.in_(customers)),
        delete(Address).where(Address.customer_id.in_(customers)),
        delete(AccountEvent).where(AccountEvent.customer_id.in_(customers)),
        delete(Customer).where(is_demo_customer()),
    ):
        await session.execute(statement)
    await session.commit()


async def demo_counts(session: AsyncSession) -> dict[str, int]:
    """How many demo rows of each kind the database holds."""
    customers = select(Customer.id).where(is_demo_customer())
    stores = select(Store.id).where(Store.owner_id.in_(customers))
    orders = select(Order.id).where(Order.customer_id.in_(customers))
    counts = {
        "customers": await count_rows(session, Customer, is_demo_customer()),
        "stores": await count_rows(session, Store, Store.owner_id.in_(customers)),
        "products": await count_rows(session, Product, Product.store_id.in_(stores)),
        "orders": await count_rows(session, Order, Order.id.in_(orders)),
        "lines": await count_rows(session, OrderLine, OrderLine.order_id.in_(orders)),
        "reviews": await count_rows(session, Review, Review.customer_id.in_(customers)),
        "carts": await count_rows(session, Cart, Cart.customer_id.in_(customers)),
        "events": await count_rows(
            session, AccountEvent, AccountEvent.customer_id.in_(customers)
        ),
    }
    await session.rollback()
    return counts


async def snapshot(session: AsyncSession) -> Snapshot:
    """The demo data without its ids, in a stable order, to compare two runs."""
    demo = is_demo_customer()
    queries = {
        "customers": select(
            Customer.email,
            Customer.first_name,
            Customer.last_name,
            Customer.phone,
            Customer.is_active,
            Customer.date_joined,
        ).where(demo),
        "addresses": select(Customer.email, Address.line1, Address.city)
        .join(Address, Address.customer_id == Customer.id)
        .where(demo),
        "products": select(Store.name, Product.name, Product.price)
        .join(Product, Product.store_id == Store.id)
        .join(Customer, Customer.id == Store.owner_id)
        .where(demo),
        "lines": select(
            Customer.email, Order.created_at, Product.name, OrderLine.unit_price
        )
        .join(Order, Order.customer_id == Customer.id)
        .join(OrderLine, OrderLine.order_id == Order.id)
        .join(Product, Product.id == OrderLine.product_id)
        .where(demo),
        "reviews": select(Customer.email, Product.name, Review.rating, Review.body)
        .join(Review, Review.customer_id == Customer.id)
        .join(Product, Product.id == Review.product_id)
        .where(demo),
    }
    taken = {
        name: sorted(tuple(row) for row in await session.execute(query))  # type: ignore[misc]
        for name, query in queries.items()
    }
    await session.rollback()
    return taken


async def test_populate_makes_customers_with_stores_orders_and_reviews(
    cli: Cli, session: AsyncSession
) -> None:
    outcome = await cli.run("populate", "--customers", "30", "--seed", "7")

    assert outcome.code == 0
    assert outcome.out.startswith("Added 30 customers (")
    assert outcome.out.endswith(
        "Log in as demo-0001@example.com with the password demo-password.\n"
    )
    counts = await demo_counts(session)
    assert counts["customers"] == 30
    assert counts["stores"] == 2
    assert counts["products"] >= 12
    assert counts["orders"] > 0
    assert counts["lines"] >= counts["orders"]
    assert counts["reviews"] > 0
    assert counts["carts"] > 0
    assert counts["events"] >= 30


async def test_order_lines_copy_product_prices_and_totals_add_up(
    cli: Cli, session: AsyncSession
) -> None:
    await cli.run("populate", "--customers", "30")

    lines = await session.execute(
        select(Order.id, Order.total, OrderLine.quantity, OrderLine.unit_price)
        .join(OrderLine, OrderLine.order_id == Order.id)
        .join(Product, Product.id == OrderLine.product_id)
        .join(Customer, Customer.id == Order.customer_id)
        .where(is_demo_customer(), OrderLine.unit_price == Product.price)
    )
    totals: dict[int, list[object]] = {}
    for order_id, total, quantity, unit_price in lines:
        totals.setdefault(order_id, [total, 0])[1] += quantity * unit_price  # type: ignore[operator]
    assert totals
    assert all(total == summed for total, summed in totals.values())


async def test_demo_customer_can_log_in_with_the_demo_password(
    cli: Cli, session: AsyncSession, api: Api
) -> None:
    await cli.run("populate", "--customers", "5")

    tokens = await api.login("demo-0001@example.com", "demo-password")

    body = await api.graphql("{ me { email isActive } }", token=tokens["access"])
    assert body["data"] == {"me": {"email": "demo-0001@example.com", "isActive": True}}


async def test_second_run_adds_nothing_and_says_so(
    cli: Cli, session: AsyncSession
) -> None:
    await cli.run("populate", "--customers", "30")
    before = await demo_counts(session)

    outcome = await cli.run("populate", "--customers", "30")

    assert outcome.code == 0
    assert outcome.out.startswith(
        "All 30 demo customers exist already; nothing was added.\n"
    )
    assert await demo_counts(session) == before


async def test_larger_run_adds_only_the_missing_customers(
    cli: Cli, session: AsyncSession
) -> None:
    await cli.run("populate", "--customers", "10")

    outcome = await cli.run("populate", "--customers", "25")

    assert outcome.out.startswith("Added 15 customers (")
    assert "Skipped 10 existing." in outcome.out
    assert (await demo_counts(session))["customers"] == 25


async def test_same_seed_gives_the_same_data(cli: Cli, session: AsyncSession) -> None:
    await cli.run("populate", "--customers", "20", "--seed", "11")
    first = await snapshot(session)
    await remove_demo_data(session)

    await cli.run("populate", "--customers", "20", "--seed", "11")

    assert await snapshot(session) == first


async def test_another_seed_gives_other_data(cli: Cli, session: AsyncSession) -> None:
    await cli.run("populate", "--customers", "20", "--seed", "11")
    first = await snapshot(session)
    await remove_demo_data(session)

    await cli.run("populate", "--customers", "20", "--seed", "12")

    assert await snapshot(session) != first


async def test_populate_refuses_a_count_out_of_range(cli: Cli) -> None:
    outcome = await cli.run("populate", "--customers", "0")

    assert outcome.code == 1
    assert outcome.err == "error: --customers must be between 1 and 100000, got 0.\n"


def test_progress_bar_redraws_one_line_on_a_terminal() -> None:
    stream = Terminal()
    bar = ProgressBar(stream, label="Populating")

    bar.update(50, 200)
    bar.update(200, 200)
    bar.finish()

    drawn = stream.getvalue()
    assert drawn.count("\r") == 2
    assert "[" + "#" * 30 + "] 100% 200/200" in drawn
    assert drawn.endswith("\n")


def test_progress_bar_stays_quiet_off_a_terminal() -> None:
    stream = io.StringIO()
    bar = ProgressBar(stream, label="Populating")

    bar.update(1, 2)
    bar.finish()

    assert stream.getvalue() == ""
