"""Vendor stores and the products they sell."""

from datetime import datetime
from decimal import Decimal

from sqlmodel import Field, SQLModel

from models.columns import Money, UTCDateTime, utcnow


class Store(SQLModel, table=True):
    """A customer's shop; at most one per owner, closed by a soft delete."""

    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="customer.id", unique=True)
    name: str = Field(max_length=120)
    is_active: bool = True
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Product(SQLModel, table=True):
    """Something a store sells; public only while listed and its store is active."""

    id: int | None = Field(default=None, primary_key=True)
    store_id: int = Field(foreign_key="store.id", index=True)
    name: str = Field(max_length=200)
    price: Decimal = Field(sa_type=Money)
    is_listed: bool = True
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
