"""Alembic environment: runs migrations over the async engine."""

import asyncio

from alembic import context
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

import models  # noqa: F401  (registers the tables on the metadata)
from database import make_engine
from settings import Settings, get_settings

target_metadata = SQLModel.metadata


def configured_settings() -> Settings:
    """Settings whose database is the one this migration run was asked for."""
    url = context.config.attributes.get("database_url")
    if url is None:
        return get_settings()
    return get_settings().model_copy(update={"database_url": url})


def run_migrations(connection: Connection) -> None:
    """Apply the migrations on one connection, in one transaction."""
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


async def run_online() -> None:
    """Connect with the service's own engine settings and migrate."""
    settings = configured_settings()
    engine = make_engine(Settings.model_validate(settings.model_dump()))
    async with engine.connect() as connection:
        await connection.run_sync(run_migrations)
    await engine.dispose()


if context.is_offline_mode():
    context.configure(
        url=configured_settings().database_url, target_metadata=target_metadata
    )
    with context.begin_transaction():
        context.run_migrations()
else:
    asyncio.run(run_online())
