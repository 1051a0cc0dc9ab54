"""Running `marketplace-api` commands in-process against the test database."""

import io
import sys
from dataclasses import dataclass

import anyio.to_thread
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import SQLModel

import server
from settings import Settings, get_settings
from tests.conftest import TEST_SECRET


@dataclass(frozen=True)
class Outcome:
    """What a command did: its exit status and what it printed."""

    code: int
    out: str
    err: str


class Terminal(io.StringIO):
    """Standard input that claims to be a terminal and holds the operator's answer."""

    def isatty(self) -> bool:
        """Always a terminal, so the command asks."""
        return True


class Cli:
    """Runs commands with the environment pointing at the test database."""

    def __init__(
        self,
        settings: Settings,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        self.monkeypatch = monkeypatch
        self.capsys = capsys
        monkeypatch.setenv("DATABASE_URL", settings.database_url)
        monkeypatch.setenv("JWT_SECRET", TEST_SECRET)
        monkeypatch.setenv("PASSWORD_HASH_TIME_COST", "1")
        monkeypatch.setenv("PASSWORD_HASH_MEMORY_COST", "1024")
        get_settings.cache_clear()

    async def run(self, *args: str, answer: str | None = None) -> Outcome:
        """Run `marketplace-api ARGS`; `answer` is typed at a prompt, if given.

        The command runs in a worker thread because it starts its own event loop.
        """
        stdin = io.StringIO("") if answer is None else Terminal(answer + "\n")
        self.monkeypatch.setattr(sys, "stdin", stdin)
        self.capsys.readouterr()
        code = await anyio.to_thread.run_sync(server.main, list(args))
        out, err = self.capsys.readouterr()
        return Outcome(code, out, err)


async def count_rows(
    session: AsyncSession, model: type[SQLModel], *conditions: object
) -> int:
    """How many rows of `model` match every condition."""
    query = select(func.count()).select_from(model).where(*conditions)  # type: ignore[arg-type]
    return (await session.scalar(query)) or 0
