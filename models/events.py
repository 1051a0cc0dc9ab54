"""The account event log: what happened to an account, when, and through what."""

import enum
from datetime import datetime

from sqlalchemy import Column, Enum
from sqlmodel import Field, SQLModel

from models.columns import UTCDateTime, utcnow


class EventKind(enum.StrEnum):
    """What happened to the account."""

    REGISTERED = "registered"
    DEACTIVATED = "deactivated"
    REACTIVATED = "reactivated"
    ERASED = "erased"


class Interface(enum.StrEnum):
    """Through which door the change came in."""

    GRAPHQL = "graphql"
    REST = "rest"
    CLI = "cli"


def text_enum(enum_class: type[enum.StrEnum]) -> Enum:
    """A column type that stores the enum's lowercase values as plain text."""
    return Enum(
        enum_class,
        native_enum=False,
        create_constraint=False,
        length=20,
        values_callable=lambda members: [member.value for member in members],
    )


class AccountEvent(SQLModel, table=True):
    """One entry of an account's history; rows are only ever added."""

    __tablename__ = "account_event"

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id", index=True)
    kind: EventKind = Field(sa_column=Column(text_enum(EventKind), nullable=False))
    interface: Interface = Field(sa_column=Column(text_enum(Interface), nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
