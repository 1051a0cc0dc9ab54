"""Batch reads behind the GraphQL DataLoaders: one statement for many keys."""

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute


async def rows_by_id(
    session: AsyncSession, model: Any, ids: Sequence[int]
) -> list[Any | None]:
    """The rows of `model` with these ids, in the order asked; None where missing."""
    rows = (await session.scalars(select(model).where(model.id.in_(ids)))).all()
    found = {row.id: row for row in rows}
    return [found.get(row_id) for row_id in ids]


async def rows_by_parent(
    session: AsyncSession,
    model: Any,
    parent: InstrumentedAttribute[int],
    parent_ids: Sequence[int],
) -> list[list[Any]]:
    """Every row of `model` belonging to each parent, in id order."""
    query = select(model).where(parent.in_(parent_ids)).order_by(model.id)
    grouped: dict[int, list[Any]] = {parent_id: [] for parent_id in parent_ids}
    for row in (await session.scalars(query)).all():
        grouped[getattr(row, parent.key)].append(row)
    return [grouped[parent_id] for parent_id in parent_ids]


async def row_by_parent(
    session: AsyncSession,
    model: Any,
    parent: InstrumentedAttribute[int],
    parent_ids: Sequence[int],
) -> list[Any | None]:
    """The one row of `model` belonging to each parent (a cart, a store), or None."""
    groups = await rows_by_parent(session, model, parent, parent_ids)
    return [rows[0] if rows else None for rows in groups]
