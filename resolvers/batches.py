"""Batch reads behind the GraphQL DataLoaders: one statement for many keys.

The reads select the table's columns rather than the ORM entity: each row
comes back as a read-only named tuple with the model's attribute names,
without the identity map, change tracking and per-object state of the ORM.
A page of 50 products with their reviews and authors loads about 300 rows,
and as entities those were a fifth of the request's CPU and most of the
garbage its cycles left for the collector. The statements are built once,
with the keys as a parameter.
"""

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute


def select_rows(model: Any) -> Select[Any]:
    """A Core select of every column of `model`'s table, read as plain rows."""
    return select(*model.__table__.columns)


def by_id_query(model: Any) -> Select[Any]:
    """The rows of `model` whose ids are in the `ids` parameter."""
    return select_rows(model).where(model.id.in_(bindparam("ids", expanding=True)))


def by_parent_query(model: Any, parent: InstrumentedAttribute[int]) -> Select[Any]:
    """The rows of `model` whose parent is in the `ids` parameter, in id order."""
    ids = bindparam("ids", expanding=True)
    return select_rows(model).where(parent.in_(ids)).order_by(model.id)


async def rows_by_id(
    session: AsyncSession, query: Select[Any], ids: Sequence[int]
) -> list[Any | None]:
    """The rows `query` (a `by_id_query`) finds, in the order asked; None if missing."""
    result = await session.execute(query, {"ids": list(ids)})
    found = {row.id: row for row in result.all()}
    return [found.get(row_id) for row_id in ids]


async def rows_by_parent(
    session: AsyncSession,
    query: Select[Any],
    parent_key: str,
    parent_ids: Sequence[int],
) -> list[list[Any]]:
    """The rows `query` (a `by_parent_query`) finds, grouped by each parent."""
    grouped: dict[int, list[Any]] = {parent_id: [] for parent_id in parent_ids}
    for row in (await session.execute(query, {"ids": list(parent_ids)})).all():
        grouped[getattr(row, parent_key)].append(row)
    return [grouped[parent_id] for parent_id in parent_ids]


async def row_by_parent(
    session: AsyncSession,
    query: Select[Any],
    parent_key: str,
    parent_ids: Sequence[int],
) -> list[Any | None]:
    """The one row (a cart, a store) `query` finds for each parent, or None."""
    groups = await rows_by_parent(session, query, parent_key, parent_ids)
    return [rows[0] if rows else None for rows in groups]
