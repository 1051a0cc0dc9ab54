"""The customer account and its addresses."""

from datetime import datetime

from sqlalchemy import Index, text
from sqlmodel import Field, SQLModel

from models.columns import UTCDateTime, utcnow


class Customer(SQLModel, table=True):
    """A person who can log in; never deleted, only deactivated or erased."""

    __table_args__ = (
        Index("ix_customer_email_lower", text("lower(email)"), unique=True),
    )

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254)
    password_hash: str = Field(max_length=255)
    first_name: str = Field(default="", max_length=150)
    last_name: str = Field(default="", max_length=150)
    phone: str | None = Field(default=None, max_length=32)
    is_staff: bool = False
    is_active: bool = True
    date_joined: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    deactivated_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    token_version: int = 0


class Address(SQLModel, table=True):
    """A postal address a customer keeps; kept when the account is deactivated."""

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id", index=True)
    line1: str = Field(max_length=200)
    line2: str = Field(default="", max_length=200)
    city: str = Field(max_length=100)
    postal_code: str = Field(max_length=20)
    country: str = Field(max_length=2)
