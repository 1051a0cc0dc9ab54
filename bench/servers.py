"""The two servers of a benchmark run, and what the kernel says about them."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
IMPLEMENTATIONS = ("service", "floor")
Servers = dict[str, tuple[int, subprocess.Popen[bytes]]]


def free_port() -> int:
    """A TCP port on loopback nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen[bytes]) -> None:
    """Return once something accepts on `port`; fail if the process died."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server on port {port} exited with {process.returncode}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise SystemExit(f"nothing listens on port {port} after 30 s")


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time the process used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def peak_rss_mb(pid: int) -> float:
    """The process's peak resident memory so far, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def start_servers(env: dict[str, str], folder: Path) -> Servers:
    """The service and the floor, each on its own port, ready to serve."""
    bin_dir = Path(sys.executable).parent
    ports = {name: free_port() for name in IMPLEMENTATIONS}
    commands = {
        "service": [
            str(bin_dir / "marketplace-api"),
            "serve",
            "--port",
            str(ports["service"]),
        ],
        "floor": [
            sys.executable,
            "-m",
            "uvicorn",
            "floor:app",
            "--app-dir",
            str(HERE),
            "--port",
            str(ports["floor"]),
            "--loop",
            "uvloop",
            "--http",
            "httptools",
            "--no-access-log",
            "--log-level",
            "warning",
        ],
    }
    servers = {}
    for name, command in commands.items():
        log = (folder / f"{name}.log").open("wb")
        process = subprocess.Popen(command, env=env, cwd=folder, stdout=log, stderr=log)
        servers[name] = (ports[name], process)
    for port, process in servers.values():
        wait_for_port(port, process)
    return servers
