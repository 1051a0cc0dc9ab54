"""Stores and their products: what the public may see, and what owners may do."""

from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import ColumnElement, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from database import write_transaction
from errors import (
    PRICE_INVALID,
    STORE_ALREADY_OWNED,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
)
from models import Customer, Product, Store
from resolvers.batches import select_rows
from resolvers.pages import Page, PageRequest, fetch_page
from resolvers.validation import clean_text

MIN_PRICE = Decimal("0.01")
MAX_PRICE = Decimal("9999999999.99")
MAX_STORE_NAME_LENGTH = 120
MAX_PRODUCT_NAME_LENGTH = 200


def is_for_sale() -> ColumnElement[bool]:
    """The condition on a product joined to its store that makes it public."""
    return Product.is_listed.is_(True) & Store.is_active.is_(True)


async def list_products(session: AsyncSession, request: PageRequest) -> Page[Any]:
    """A page of the products for sale, as plain rows: listed, in open stores."""
    query = select_rows(Product).join(Store, Product.store_id == Store.id)
    return await fetch_page(session, query.where(is_for_sale()), request, Product)


async def list_stores(session: AsyncSession, request: PageRequest) -> Page[Any]:
    """A page of the open stores, as plain rows."""
    query = select_rows(Store).where(Store.is_active.is_(True))
    return await fetch_page(session, query, request, Store)


async def find_product_for_sale(session: AsyncSession, product_id: int) -> Product:
    """The product when it is for sale; NotFoundError when not (or not at all)."""
    query = (
        select(Product)
        .join(Store, Product.store_id == Store.id)
        .where(Product.id == product_id, is_for_sale())
    )
    product = (await session.scalars(query)).first()
    if product is None:
        raise NotFoundError()
    return product


async def find_open_store(session: AsyncSession, store_id: int) -> Store:
    """The store when it is open; NotFoundError for a closed or unknown one."""
    store = await session.get(Store, store_id)
    if store is None or not store.is_active:
        raise NotFoundError()
    return store


async def require_own_store(
    session: AsyncSession, *, actor: Customer, store_id: int
) -> Store:
    """The open store `store_id` when the actor owns it.

    Existence comes before ownership: a closed or unknown store is NOT_FOUND,
    someone else's is FORBIDDEN.
    """
    store = await find_open_store(session, store_id)
    if store.owner_id != actor.id:
        raise PermissionDeniedError()
    return store


async def create_store(session: AsyncSession, *, actor: Customer, name: str) -> Store:
    """A new open store owned by the actor, who must not own one already."""
    store_name = clean_text(
        name, field="name", maximum=MAX_STORE_NAME_LENGTH, required=True
    )
    if (existing := await owned_store_id(session, actor)) is not None:
        raise store_owned_error(existing)

    store = Store(owner_id=actor.id, name=store_name)
    try:
        async with write_transaction(session):
            session.add(store)
    except IntegrityError as exc:
        # A second createStore of the same owner raced past the check above;
        # the unique owner column lets exactly one of them in.
        raise store_owned_error(await owned_store_id(session, actor)) from exc
    return store


async def owned_store_id(session: AsyncSession, owner: Customer) -> int | None:
    """The id of the store the customer owns, open or closed, if any."""
    query = select(Store.id).where(Store.owner_id == owner.id)
    return (await session.scalars(query)).first()


def store_owned_error(store_id: int | None) -> InvalidInputError:
    """The error for a second store of one owner."""
    return InvalidInputError(
        STORE_ALREADY_OWNED.format(store_id=store_id), field="name"
    )


async def delete_store(
    session: AsyncSession, *, actor: Customer, store_id: int
) -> None:
    """Close the actor's store: it and its products leave every public list.

    A soft delete: the store and product rows stay, so the orders that name
    them keep their history.
    """
    store = await require_own_store(session, actor=actor, store_id=store_id)

    async with write_transaction(session):
        await session.execute(
            update(Store)
            .where(Store.id == store.id, Store.is_active.is_(True))
            .values(is_active=False)
        )


async def add_product(
    session: AsyncSession, *, actor: Customer, store_id: int, name: str, price: object
) -> Product:
    """A new listed product in the actor's open store."""
    store = await require_own_store(session, actor=actor, store_id=store_id)
    product = Product(
        store_id=store.id,
        name=clean_text(
            name, field="name", maximum=MAX_PRODUCT_NAME_LENGTH, required=True
        ),
        price=clean_price(price),
    )

    async with write_transaction(session):
        session.add(product)
    return product


def clean_price(value: object) -> Decimal:
    """A price between MIN_PRICE and MAX_PRICE, written with two decimals."""
    try:
        price = Decimal(str(value))
    except InvalidOperation as exc:
        raise price_error(value) from exc
    if not price.is_finite() or not MIN_PRICE <= price <= MAX_PRICE:
        raise price_error(value)
    cents = price.quantize(MIN_PRICE)
    if price != cents:
        raise price_error(value)
    return cents


def price_error(value: object) -> InvalidInputError:
    """The error for a price that is not a positive amount in cents."""
    message = PRICE_INVALID.format(maximum=MAX_PRICE, value=value)
    return InvalidInputError(message, field="price")
