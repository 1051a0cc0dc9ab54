"""A real server in a subprocess: `marketplace-api serve` on a free port.

For tests that drive the service from outside the Python process (a browser,
curl, node), the way a person following the README would, and for tests that
need real worker processes. The database is a temporary SQLite file, or the
PostgreSQL database a test names.
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
START_TIMEOUT_SECONDS = 30.0
STOP_TIMEOUT_SECONDS = 10.0
LIVE_SECRET = "live-server-secret-that-is-long-enough-for-hs256"


@dataclass(frozen=True)
class LiveServer:
    """A running server and the environment that reaches its database."""

    url: str
    port: int
    env: dict[str, str]
    pid: int
    log: Path


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


def postgres_env(database_url: str) -> dict[str, str]:
    """The environment for a server on PostgreSQL: the URL and a fixed secret."""
    env = server_env(Path("unused.db"))
    env.update(DATABASE_URL=database_url, JWT_SECRET=LIVE_SECRET)
    # Two workers share the test server with other databases: keep pools small.
    env.update(DATABASE_POOL_SIZE="5")
    return env


@contextmanager
def live_server(
    directory: Path, *, database_url: str | None = None, workers: int = 1
) -> Iterator[LiveServer]:
    """Serve the app on a free port until the block ends, then stop it.

    Without `database_url` the server gets its own SQLite file; with one
    (PostgreSQL, already migrated) it serves that database. Its output goes
    to `server.log` in `directory`.
    """
    if database_url is None:
        env = server_env(directory / "live.db")
        upgrade_database(Settings(database_url=env["DATABASE_URL"]).database_url)
    else:
        env = postgres_env(database_url)
    port = free_port()
    log = directory / "server.log"
    with log.open("ab") as output:
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            serve_command(port=port, workers=workers),
            cwd=REPO,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        url = f"http://127.0.0.1:{port}"
        wait_until_ready(url, process, log)
        yield LiveServer(url=url, port=port, env=env, pid=process.pid, log=log)
    finally:
        stop(process)


def serve_command(*, port: int, workers: int) -> list[str]:
    """`marketplace-api serve` on 127.0.0.1, run with this interpreter."""
    return [
        *(sys.executable, str(REPO / "server.py"), "serve"),
        *("--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)),
    ]


def stop(process: subprocess.Popen[bytes]) -> None:
    """Stop the server (its workers with it), killing it if it will not stop."""
    process.terminate()
    try:
        process.wait(timeout=STOP_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=STOP_TIMEOUT_SECONDS)


def wait_until_ready(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    """Return once `/healthz` answers; fail if the server died or took too long."""
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = log.read_text(errors="replace")[-2000:]
            raise RuntimeError(
                f"The server exited with status {process.returncode}:\n{output}"
            )
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


def workers_holding_connections(server: LiveServer) -> set[int]:
    """The pids of the server's worker processes that hold an open client connection.

    Read from Linux's /proc: the established TCP sockets whose local port is
    the server's, and which child process of the server owns each of them.
    Nothing but the test talks to the server, so every such socket is the
    test's own connection.
    """
    inodes = established_socket_inodes(server.port)
    return {pid for pid in child_pids(server.pid) if socket_inodes(pid) & inodes}


def established_socket_inodes(port: int) -> set[str]:
    """The inodes of established IPv4 TCP sockets whose local port is `port`."""
    inodes = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        local_port = int(fields[1].split(":")[1], 16)
        if local_port == port and fields[3] == "01":
            inodes.add(fields[9])
    return inodes


def child_pids(parent: int) -> list[int]:
    """The pids of the processes whose parent is `parent`."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            after_name = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended while we looked
        if int(after_name[1]) == parent:
            children.append(int(stat.parent.name))
    return children


def socket_inodes(pid: int) -> set[str]:
    """The inodes of the sockets process `pid` has open."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").glob("*"):
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[len("socket:[") : -1])
    return inodes
