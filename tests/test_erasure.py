"""`marketplace-api erase`: GDPR erasure keeps the history but not the person."""

import asyncio
from decimal import Decimal

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import SQLModel
from starlette.applications import Starlette

from errors import AccountStateError
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
from resolvers.customers import display_name, erased_email
from resolvers.support import erase_customer
from tests.cli import Cli, count_rows
from tests.conftest import TEST_SECRET, Account, Api

pytestmark = pytest.mark.anyio

REGISTER = (
    "mutation($input: RegisterCustomerInput!) {"
    " registerCustomer(input: $input) { id } }"
)
UPDATE = (
    "mutation($id: ID!, $input: UpdateCustomerInput!) {"
    " updateCustomer(id: $id, input: $input) { phone } }"
)


async def give_history(app: Starlette, customer_id: str) -> None:
    """An address, a store with a product, a cart, an order and a review."""
    owner = int(customer_id)
    async with app.state.runtime.database.session() as session:
        session.add(
            Address(
                customer_id=owner,
                line1="1 Mill Lane",
                line2="Flat 2",
                city="Bristol",
                postal_code="BS1 4DJ",
                country="GB",
            )
        )
        store = Store(owner_id=owner, name="Quiet Workshop")
        session.add(store)
        await session.flush()
        product = Product(store_id=store.id, name="Oak Bowl", price=Decimal("24.50"))
        cart = Cart(customer_id=owner)
        order = Order(customer_id=owner, total=Decimal("49.00"))
        session.add_all([product, cart, order])
        await session.flush()
        session.add_all(
            [
                CartItem(cart_id=cart.id, product_id=product.id, quantity=1),
                OrderLine(
                    order_id=order.id,
                    product_id=product.id,
                    quantity=2,
                    unit_price=Decimal("24.50"),
                ),
                Review(
                    product_id=product.id, customer_id=owner, rating=5, body="Lovely."
                ),
            ]
        )
        await session.commit()


async def history_counts(session: AsyncSession, customer_id: str) -> dict[str, int]:
    """How many rows of each kind belong to the customer, directly or not."""
    owner = int(customer_id)
    stores = select(Store.id).where(Store.owner_id == owner)
    carts = select(Cart.id).where(Cart.customer_id == owner)
    orders = select(Order.id).where(Order.customer_id == owner)
    conditions: dict[type[SQLModel], object] = {
        Address: Address.customer_id == owner,
        Store: Store.owner_id == owner,
        Product: Product.store_id.in_(stores),
        Cart: Cart.customer_id == owner,
        CartItem: CartItem.cart_id.in_(carts),
        Order: Order.customer_id == owner,
        OrderLine: OrderLine.order_id.in_(orders),
        Review: Review.customer_id == owner,
        AccountEvent: AccountEvent.customer_id == owner,
    }
    return {
        model.__name__: await count_rows(session, model, condition)
        for model, condition in conditions.items()
    }


async def load_customer(app: Starlette, customer_id: str) -> Customer:
    """The customer row as the database holds it now."""
    async with app.state.runtime.database.session() as session:
        customer = await session.get(Customer, int(customer_id))
    assert customer is not None
    return customer


async def test_erase_removes_names_phone_and_email(
    api: Api, cli: Cli, app: Starlette
) -> None:
    account = await api.register()
    updated = await api.graphql(
        UPDATE,
        {"id": account.id, "input": {"lastName": "Lovelace", "phone": "+4420794600"}},
        token=account.access,
    )
    assert updated == {"data": {"updateCustomer": {"phone": "+4420794600"}}}

    outcome = await cli.run("erase", account.id, "--yes")

    assert outcome.code == 0
    assert outcome.out == (
        f"Erased the personal data of customer {account.id}; the account is closed.\n"
    )
    customer = await load_customer(app, account.id)
    assert (customer.first_name, customer.last_name, customer.phone) == ("", "", None)
    assert customer.email == erased_email(account.email, key=TEST_SECRET)
    assert account.email.split("@")[0] not in customer.email
    assert display_name(customer) == "Former customer"
    assert customer.is_active is False
    assert customer.deactivated_at is not None


async def test_erasure_is_logged_as_a_command_line_event(
    api: Api, cli: Cli, app: Starlette
) -> None:
    account = await api.register()

    await cli.run("erase", account.id, "--yes")

    query = (
        select(AccountEvent.kind, AccountEvent.interface)
        .where(AccountEvent.customer_id == int(account.id))
        .order_by(AccountEvent.id)
    )
    async with app.state.runtime.database.session() as session:
        events = [(str(kind), str(door)) for kind, door in await session.execute(query)]
    assert events == [("registered", "graphql"), ("erased", "cli")]


async def test_erase_keeps_every_row_of_the_history(
    api: Api, cli: Cli, app: Starlette
) -> None:
    account = await api.register()
    await give_history(app, account.id)
    async with app.state.runtime.database.session() as session:
        before = await history_counts(session, account.id)

    await cli.run("erase", account.id, "--yes")

    async with app.state.runtime.database.session() as session:
        after = await history_counts(session, account.id)
    assert after == {**before, "AccountEvent": before["AccountEvent"] + 1}
    assert all(count >= 1 for count in before.values())


async def test_erase_scrubs_address_lines_but_keeps_the_country(
    api: Api, cli: Cli, app: Starlette
) -> None:
    account = await api.register()
    await give_history(app, account.id)

    await cli.run("erase", account.id, "--yes")

    query = select(
        Address.line1, Address.line2, Address.city, Address.postal_code, Address.country
    ).where(Address.customer_id == int(account.id))
    async with app.state.runtime.database.session() as session:
        rows = [tuple(row) for row in await session.execute(query)]
    assert rows == [("", "", "", "", "GB")]


async def test_erased_customer_cannot_log_in_and_old_tokens_die(
    api: Api, cli: Cli, client: httpx.AsyncClient
) -> None:
    account = await api.register()

    await cli.run("erase", account.id, "--yes")

    login = await client.post(
        "/api/v1/auth/token/",
        json={"email": account.email, "password": account.password},
    )
    assert login.status_code == 401
    body = await api.graphql("{ me { id } }", token=account.access)
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"  # type: ignore[index]


async def test_erased_email_stays_reserved_in_any_letter_case(
    api: Api, cli: Cli
) -> None:
    account = await api.register()
    await cli.run("erase", account.id, "--yes")

    body = await api.graphql(
        REGISTER,
        {"input": {"email": account.email.upper(), "password": account.password}},
    )

    error = body["errors"][0]  # type: ignore[index]
    assert error["message"] == "A customer with this email address already exists."
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "email"}


async def test_erased_email_stays_reserved_through_rest(
    api: Api, cli: Cli, client: httpx.AsyncClient
) -> None:
    account = await api.register()
    await cli.run("erase", account.id, "--yes")

    response = await client.post(
        "/api/v1/customers/",
        json={"email": account.email.title(), "password": account.password},
    )

    assert response.status_code == 400
    assert response.json() == {
        "email": ["A customer with this email address already exists."]
    }


async def test_addresses_in_the_erased_domain_cannot_register(api: Api) -> None:
    body = await api.graphql(
        REGISTER,
        {"input": {"email": "someone@erased.invalid", "password": "long enough pw"}},
    )

    assert body["errors"][0]["extensions"] == {
        "code": "BAD_USER_INPUT",
        "field": "email",
    }  # type: ignore[index]


async def test_erase_works_on_a_deactivated_account_and_keeps_its_date(
    api: Api, cli: Cli, app: Starlette
) -> None:
    account: Account = await api.register()
    await api.graphql(
        "mutation($id: ID!) { deactivateCustomer(id: $id) { customer { id } } }",
        {"id": account.id},
        token=account.access,
    )
    deactivated_at = (await load_customer(app, account.id)).deactivated_at

    outcome = await cli.run("erase", account.id, "--yes")

    assert outcome.code == 0
    assert (await load_customer(app, account.id)).deactivated_at == deactivated_at


async def test_two_erasures_at_once_leave_one_erased_account_and_one_event(
    api: Api, app: Starlette
) -> None:
    account = await api.register()
    database = app.state.runtime.database

    async def erase() -> str:
        async with database.session() as session:
            try:
                await erase_customer(
                    session,
                    customer_id=int(account.id),
                    erasure_key=TEST_SECRET,
                    interface=Interface.CLI,
                )
            except AccountStateError:
                return "refused"
        return "erased"

    outcomes = await asyncio.gather(erase(), erase())

    assert sorted(outcomes) == ["erased", "refused"]
    async with database.session() as session:
        events = await count_rows(
            session,
            AccountEvent,
            AccountEvent.customer_id == int(account.id),
            AccountEvent.kind == EventKind.ERASED,
        )
    assert events == 1
