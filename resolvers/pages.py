"""Keyset pagination: pages of rows in id order, and the cursors between them."""

import base64
import binascii
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, Select, bindparam, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from errors import CURSOR_INVALID, PAGE_SIZE_INVALID, InvalidInputError
from resolvers.batches import ChildRead
from resolvers.ids import MAX_ID

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
CURSOR_PREFIX = "id:"

Row = TypeVar("Row")


@dataclass(frozen=True)
class PageRequest:
    """A checked `first` and the id the page starts after (0: from the start)."""

    first: int
    after_id: int


@dataclass(frozen=True)
class Page(Generic[Row]):
    """The rows of one page and whether more follow."""

    rows: list[Row]
    has_next: bool


def page_request(first: int | None, after: str | None) -> PageRequest:
    """`first` and `after` as the client sent them, checked and decoded."""
    size = DEFAULT_PAGE_SIZE if first is None else first
    if not 0 <= size <= MAX_PAGE_SIZE:
        message = PAGE_SIZE_INVALID.format(maximum=MAX_PAGE_SIZE, value=size)
        raise InvalidInputError(message, field="first")
    return PageRequest(first=size, after_id=decode_cursor(after))


def encode_cursor(row_id: int) -> str:
    """An opaque cursor that points just after the row `row_id`."""
    return base64.urlsafe_b64encode(f"{CURSOR_PREFIX}{row_id}".encode()).decode()


def decode_cursor(cursor: str | None) -> int:
    """The row id a cursor points after; InvalidInputError for a forged one."""
    if cursor is None:
        return 0
    try:
        text = base64.urlsafe_b64decode(cursor.encode("ascii")).decode("ascii")
    except (UnicodeError, binascii.Error, ValueError) as exc:
        raise InvalidInputError(CURSOR_INVALID, field="after") from exc
    number = text.removeprefix(CURSOR_PREFIX)
    if not text.startswith(CURSOR_PREFIX) or not number.isdigit():
        raise InvalidInputError(CURSOR_INVALID, field="after")
    if int(number) > MAX_ID:
        raise InvalidInputError(CURSOR_INVALID, field="after")
    return int(number)


def to_page(rows: Sequence[Row], request: PageRequest) -> Page[Row]:
    """A page from up to `first + 1` rows: the extra one only says more follow."""
    return Page(rows=list(rows[: request.first]), has_next=len(rows) > request.first)


async def fetch_page(
    session: AsyncSession, query: Select[Any], request: PageRequest, model: Any
) -> Page[Any]:
    """One page of `query`'s rows of `model`, in id order, in one statement.

    The rows are whatever `query` selects: entities, or plain rows of columns.
    """
    query = (
        query.where(model.id > request.after_id)
        .order_by(model.id)
        .limit(request.first + 1)
    )
    return to_page((await session.execute(query)).all(), request)


def child_pages_query(
    model: Any, parent: InstrumentedAttribute[int], *conditions: ColumnElement[bool]
) -> ChildRead:
    """The statement behind `fetch_child_pages`, built once per kind of child.

    Each parent's children are numbered in id order with a window function, so
    one query returns the first `size` rows of every parent however many
    parents there are. It takes `parent_ids`, `after_id` and `size` as
    parameters; building it again on every request would cost more than
    running it.
    """
    position = func.row_number().over(partition_by=parent, order_by=model.id)
    numbered = (
        select(*model.__table__.columns, position.label("position"))
        .where(
            parent.in_(bindparam("parent_ids", expanding=True)),
            model.id > bindparam("after_id"),
            *conditions,
        )
        .subquery()
    )
    columns = [numbered.c[column.name] for column in model.__table__.columns]
    statement = (
        select(*columns)
        .where(numbered.c.position <= bindparam("size"))
        .order_by(numbered.c.id)
    )
    return ChildRead(statement, parent.key)


async def fetch_child_pages(
    session: AsyncSession,
    read: ChildRead,
    parent_ids: Sequence[int],
    request: PageRequest,
) -> dict[int, Page[Any]]:
    """The same page of children for many parents at once, in one statement.

    `read` comes from `child_pages_query`. The number of statements does not
    grow with the page, and the children come back as plain rows of their
    table's columns.
    """
    values = {
        "parent_ids": list(parent_ids),
        "after_id": request.after_id,
        "size": request.first + 1,
    }
    result = await session.execute(read.statement, values)
    groups = read.group(result.all(), parent_ids)
    return {
        parent_id: to_page(children, request)
        for parent_id, children in zip(parent_ids, groups, strict=True)
    }
