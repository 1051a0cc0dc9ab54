"""What deactivating an account will keep, told to its owner beforehand."""

from dataclasses import dataclass

from sqlalchemy import ColumnElement, ScalarSelect, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from errors import PREVIEW_NO_REACTIVATION, PREVIEW_STORE_STAYS_OPEN
from models import Address, Cart, CartItem, Customer, Order, Review, Store


@dataclass(frozen=True)
class DeactivationPreview:
    """Counts of what is kept, the store that stays open, and what to heed."""

    orders: int
    reviews: int
    addresses: int
    cart_items: int
    store: Store | None
    warnings: list[str]


async def preview_deactivation(
    session: AsyncSession, *, customer: Customer
) -> DeactivationPreview:
    """What `deactivate_customer` would keep for this customer, in two statements."""
    counts = (
        await session.execute(
            select(
                count_of(Order.id, Order.customer_id == customer.id),
                count_of(Review.id, Review.customer_id == customer.id),
                count_of(Address.id, Address.customer_id == customer.id),
                select(func.count(CartItem.id))
                .join(Cart, CartItem.cart_id == Cart.id)
                .where(Cart.customer_id == customer.id)
                .scalar_subquery(),
            )
        )
    ).one()
    store = (
        await session.scalars(
            select(Store).where(
                Store.owner_id == customer.id, Store.is_active.is_(True)
            )
        )
    ).first()

    return DeactivationPreview(
        orders=counts[0],
        reviews=counts[1],
        addresses=counts[2],
        cart_items=counts[3],
        store=store,
        warnings=preview_warnings(store),
    )


def count_of(
    column: InstrumentedAttribute[int], condition: ColumnElement[bool]
) -> ScalarSelect[int]:
    """A scalar subquery counting the rows of `column`'s table that match."""
    return select(func.count(column)).where(condition).scalar_subquery()


def preview_warnings(store: Store | None) -> list[str]:
    """The sentences the customer should read before deactivating."""
    warnings = [PREVIEW_NO_REACTIVATION]
    if store is not None:
        warnings.insert(
            0, PREVIEW_STORE_STAYS_OPEN.format(name=store.name, store_id=store.id)
        )
    return warnings
