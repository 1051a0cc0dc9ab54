"""A real server in a subprocess: uvicorn on a free port over a temporary SQLite file.

For tests that drive the service from outside the Python process (a browser,
curl, node), the way a person following the README would.
"""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from migrations import upgrade_database
from settings import Settings

REPO = Path(__file__).resolve().parent.parent
START_TIMEOUT_SECONDS = 20.0


@dataclass(frozen=True)
class LiveServer:
    """A running server and the environment that reaches its database."""

    url: str
    port: int
    env: dict[str, str]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_env(database: Path) -> dict[str, str]:
    """The environment for the server and the command line: one SQLite file.

    No JWT_SECRET is set, so the server and `marketplace-api token` share the
    secret kept beside the database, as they do on a developer's machine.
    """
    env = {k: v for k, v in os.environ.items() if k not in {"JWT_SECRET", "GRAPHIQL"}}
    env.update(
        DATABASE_URL=f"sqlite:///{database}",
        PASSWORD_HASH_TIME_COST="1",
        PASSWORD_HASH_MEMORY_COST="1024",
        LOG_LEVEL="WARNING",
    )
    return env


@contextmanager
def live_server(directory: Path) -> Iterator[LiveServer]:
    """Serve the app on a free port until the block ends, then stop it."""
    env = server_env(directory / "live.db")
    upgrade_database(Settings(database_url=env["DATABASE_URL"]).database_url)
    port = free_port()
    command = [sys.executable, "-m", "uvicorn", "server:create_app", "--factory"]
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
        [*command, "--host", "127.0.0.1", "--port", str(port)], cwd=REPO, env=env
    )
    try:
        url = f"http://127.0.0.1:{port}"
        wait_until_ready(url, process)
        yield LiveServer(url=url, port=port, env=env)
    finally:
        process.terminate()
        process.wait(timeout=10)


def wait_until_ready(url: str, process: subprocess.Popen[bytes]) -> None:
    """Return once `/healthz` answers; fail if the server died or took too long."""
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"The server exited with status {process.returncode}.")
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError(f"The server did not answer within {START_TIMEOUT_SECONDS}s.")


def register(server: LiveServer, email: str, password: str) -> str:
    """Register a customer on the live server over GraphQL; returns the id."""
    response = httpx.post(
        f"{server.url}/graphql",
        json={
            "query": "mutation($input: RegisterCustomerInput!) {"
            " registerCustomer(input: $input) { id } }",
            "variables": {"input": {"email": email, "password": password}},
        },
    )
    return str(response.json()["data"]["registerCustomer"]["id"])
