"""Carts, and the orders they turn into."""

from datetime import datetime
from decimal import Decimal

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from models.columns import Money, UTCDateTime, utcnow


class Cart(SQLModel, table=True):
    """A customer's one cart; kept, out of reach, after deactivation."""

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id", unique=True)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class CartItem(SQLModel, table=True):
    """A product and how many of it are in a cart."""

    __tablename__ = "cart_item"
    __table_args__ = (UniqueConstraint("cart_id", "product_id"),)

    id: int | None = Field(default=None, primary_key=True)
    cart_id: int = Field(foreign_key="cart.id", index=True)
    product_id: int = Field(foreign_key="product.id")
    quantity: int = Field(gt=0)


class Order(SQLModel, table=True):
    """A placed order; its total and line prices never change afterwards."""

    __tablename__ = "customer_order"

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id", index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    total: Decimal = Field(sa_type=Money)


class OrderLine(SQLModel, table=True):
    """One product of an order, with the unit price copied at order time."""

    __tablename__ = "order_line"

    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="customer_order.id", index=True)
    product_id: int = Field(foreign_key="product.id")
    quantity: int = Field(gt=0)
    unit_price: Decimal = Field(sa_type=Money)
