"""Alembic migrations, and the function that applies them."""

from pathlib import Path

from alembic import command
from alembic.config import Config

HERE = Path(__file__).resolve().parent


def alembic_config(database_url: str) -> Config:
    """An Alembic configuration for `database_url`, with no ini file needed."""
    config = Config()
    config.set_main_option("script_location", str(HERE))
    config.attributes["database_url"] = database_url
    return config


def upgrade_database(database_url: str) -> None:
    """Apply every migration not yet applied to the database (blocking)."""
    command.upgrade(alembic_config(database_url), "head")
