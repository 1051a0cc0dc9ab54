"""What a customer does in the shop: addresses, the cart, orders and reviews."""

from dataclasses import dataclass

from sqlalchemy import Insert, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import SQLModel

from database import write_transaction
from errors import (
    CART_EMPTY,
    CART_HAS_UNAVAILABLE,
    CART_QUANTITY_TOO_HIGH,
    COUNTRY_INVALID,
    QUANTITY_INVALID,
    RATING_INVALID,
    InvalidInputError,
)
from models import (
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
from models.columns import utcnow
from resolvers.catalog import find_product_for_sale
from resolvers.validation import clean_text

MAX_QUANTITY = 99
MAX_REVIEW_LENGTH = 5000


@dataclass(frozen=True)
class NewAddress:
    """What a customer sends to add an address."""

    line1: str
    city: str
    postal_code: str
    country: str
    line2: str = ""


async def add_address(
    session: AsyncSession, *, actor: Customer, address: NewAddress
) -> Address:
    """A new address of the actor's, with every line checked."""
    row = Address(
        customer_id=actor.id,
        line1=clean_text(address.line1, field="line1", maximum=200, required=True),
        line2=clean_text(address.line2, field="line2", maximum=200),
        city=clean_text(address.city, field="city", maximum=100, required=True),
        postal_code=clean_text(
            address.postal_code, field="postal_code", maximum=20, required=True
        ),
        country=clean_country(address.country),
    )

    async with write_transaction(session):
        session.add(row)
    return row


def clean_country(value: str) -> str:
    """A two-letter country code in capitals."""
    code = value.strip().upper()
    if len(code) != 2 or not (code.isascii() and code.isalpha()):
        raise InvalidInputError(COUNTRY_INVALID.format(value=value), field="country")
    return code


async def add_to_cart(
    session: AsyncSession, *, actor: Customer, product_id: int, quantity: int
) -> Cart:
    """The actor's cart, made if needed, with `quantity` more of the product."""
    check_quantity(quantity)
    product = await find_product_for_sale(session, product_id)

    async with write_transaction(session):
        cart = await open_cart(session, actor)
        item = await find_cart_item(session, cart, product)
        total = quantity + (item.quantity if item else 0)
        if total > MAX_QUANTITY:
            message = CART_QUANTITY_TOO_HIGH.format(maximum=MAX_QUANTITY, value=total)
            raise InvalidInputError(message, field="quantity")
        if item is None:
            item = CartItem(cart_id=cart.id, product_id=product.id, quantity=total)
            session.add(item)
        item.quantity = total
        cart.updated_at = utcnow()
    return cart


async def remove_from_cart(
    session: AsyncSession, *, actor: Customer, product_id: int
) -> Cart:
    """The actor's cart without the product (a no-op when it is not in it)."""
    async with write_transaction(session):
        cart = await open_cart(session, actor)
        await session.execute(
            delete(CartItem).where(
                CartItem.cart_id == cart.id, CartItem.product_id == product_id
            )
        )
        cart.updated_at = utcnow()
    return cart


def check_quantity(quantity: int) -> None:
    """Refuse a quantity outside 1 to MAX_QUANTITY."""
    if not 1 <= quantity <= MAX_QUANTITY:
        message = QUANTITY_INVALID.format(maximum=MAX_QUANTITY, value=quantity)
        raise InvalidInputError(message, field="quantity")


async def open_cart(session: AsyncSession, owner: Customer) -> Cart:
    """The owner's cart, made if missing, locked until the transaction ends.

    The insert skips quietly when the cart exists, so two first additions
    racing each other both end up in the one cart the unique owner allows.
    """
    values = {"customer_id": owner.id, "updated_at": utcnow()}
    await session.execute(insert_if_absent(session, Cart, values))
    cart = await lock_cart(session, owner)
    assert cart is not None, "the insert above made sure the cart exists"
    return cart


async def lock_cart(session: AsyncSession, owner: Customer) -> Cart | None:
    """The owner's cart, if any, locked until the transaction ends.

    The row lock (PostgreSQL) or the write lock taken up front (SQLite) keeps
    two requests of one customer from changing the cart at the same time.
    """
    query = (
        select(Cart)
        .where(Cart.customer_id == owner.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return (await session.scalars(query)).first()


def insert_if_absent(
    session: AsyncSession, model: type[SQLModel], values: dict[str, object]
) -> Insert:
    """An INSERT of one row that does nothing when a unique key already has it."""
    dialect = session.bind.dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return insert(model).values(values).on_conflict_do_nothing()


async def find_cart_item(
    session: AsyncSession, cart: Cart, product: Product
) -> CartItem | None:
    """The cart's line for the product, if it has one."""
    query = select(CartItem).where(
        CartItem.cart_id == cart.id, CartItem.product_id == product.id
    )
    return (await session.scalars(query)).first()


async def place_order(session: AsyncSession, *, actor: Customer) -> Order:
    """An order of everything in the actor's cart, prices copied; the cart emptied.

    One transaction: the order, its lines and the emptied cart are written
    together or not at all. Products no longer for sale stop the order.
    """
    async with write_transaction(session):
        cart = await lock_cart(session, actor)
        lines = await priced_cart_lines(session, cart)
        order = Order(
            customer_id=actor.id,
            total=sum((line.unit_price * line.quantity for line in lines), start=0),
        )
        session.add(order)
        await session.flush()

        for line in lines:
            line.order_id = order.id
        session.add_all(lines)
        await session.execute(delete(CartItem).where(CartItem.cart_id == cart.id))
    return order


async def priced_cart_lines(
    session: AsyncSession, cart: Cart | None
) -> list[OrderLine]:
    """Order lines (without an order yet) for every item of the cart, priced now."""
    if cart is None:
        raise InvalidInputError(CART_EMPTY, field="cart")
    query = (
        select(CartItem, Product, Store.is_active)
        .join(Product, CartItem.product_id == Product.id)
        .join(Store, Product.store_id == Store.id)
        .where(CartItem.cart_id == cart.id)
        .order_by(CartItem.id)
    )
    rows = (await session.execute(query)).all()
    if not rows:
        raise InvalidInputError(CART_EMPTY, field="cart")

    unavailable = [
        product.id
        for _, product, store_open in rows
        if not (product.is_listed and store_open)
    ]
    if unavailable:
        ids = ", ".join(map(str, unavailable))
        raise InvalidInputError(
            CART_HAS_UNAVAILABLE.format(product_ids=ids), field="cart"
        )
    return [
        OrderLine(
            order_id=0,
            product_id=product.id,
            quantity=item.quantity,
            unit_price=product.price,
        )
        for item, product, _ in rows
    ]


async def create_review(
    session: AsyncSession, *, actor: Customer, product_id: int, rating: int, body: str
) -> Review:
    """A new review of a product for sale, by the actor."""
    if not 1 <= rating <= 5:
        raise InvalidInputError(RATING_INVALID.format(value=rating), field="rating")
    text = clean_text(body, field="body", maximum=MAX_REVIEW_LENGTH, required=True)
    product = await find_product_for_sale(session, product_id)

    review = Review(
        product_id=product.id, customer_id=actor.id, rating=rating, body=text
    )
    async with write_transaction(session):
        session.add(review)
    return review
