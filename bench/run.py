"""Benchmark the service against a bare-Starlette floor; print one table.

    .venv/bin/python bench/run.py [--postgres postgresql://user@127.0.0.1/db]

Starts the service as users run it (`marketplace-api serve`: uvicorn, one
worker, uvloop and httptools) and the floor app of `bench/floor.py`, both on
127.0.0.1 and the same database, prepares customers and tokens untimed, then
drives every scenario with wrk from a separate process, concurrency 32.
"""

import argparse
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from bench.prepare import (  # noqa: E402
    DEACTIVATIONS,
    Prepared,
    prepare,
    verify,
)
from bench.servers import (  # noqa: E402
    IMPLEMENTATIONS,
    Servers,
    cpu_seconds,
    peak_rss_mb,
    start_servers,
)

CONNECTIONS = 32
WRK = "wrk"


@dataclass(frozen=True)
class Scenario:
    """One load pattern: its wrk name, its row file, and a count or a duration."""

    name: str
    label: str
    rows: str
    limit: int = 0


SCENARIOS = [
    Scenario("me", "GraphQL me", "pool"),
    Scenario("rest_get", "REST GET customer", "pool"),
    Scenario("gql_deactivate", "GraphQL deactivate", "gql", DEACTIVATIONS),
    Scenario("rest_deactivate", "REST deactivate", "rest", DEACTIVATIONS),
    Scenario("gql_refused", "GraphQL refused (FORBIDDEN)", "pool"),
    Scenario("rest_refused", "REST refused (403)", "pool"),
    Scenario("products", "GraphQL products(first: 50)", "pool"),
]


@dataclass
class Measure:
    """What one scenario against one implementation gave."""

    database: str
    scenario: Scenario
    implementation: str
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int
    cpu_ms: float
    rss_mb: float


def run_wrk(
    port: int, scenario: Scenario, rows: Path, folder: Path, seconds: float
) -> dict[str, float]:
    """Drive one scenario with wrk; the numbers of its RESULT line."""
    done = folder / "done"
    done.unlink(missing_ok=True)
    env = dict(
        os.environ,
        BENCH_SCENARIO=scenario.name,
        BENCH_ROWS=str(rows),
        BENCH_LIMIT=str(scenario.limit),
        BENCH_DONE=str(done),
    )
    # A counted scenario runs until its last response; wrk itself would sleep
    # out the whole duration, so it is interrupted once the script says so.
    duration = 120 if scenario.limit else round(seconds)
    command = [WRK, "-t1", f"-c{CONNECTIONS}", f"-d{duration}s", "--timeout", "10s"]
    command += ["-s", str(HERE / "load.lua"), f"http://127.0.0.1:{port}"]
    wrk = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    if scenario.limit:
        while not done.exists() and wrk.poll() is None:
            time.sleep(0.02)
        time.sleep(0.05)
        wrk.send_signal(signal.SIGINT)
    output = wrk.communicate(timeout=duration + 30)[0].decode()
    line = next((x for x in output.splitlines() if x.startswith("RESULT ")), None)
    if line is None:
        logs = "".join(path.read_text()[-3000:] for path in folder.glob("*.log"))
        raise SystemExit(f"wrk gave no result:\n{output}\nserver logs:\n{logs}")
    return {
        key: float(value) for key, value in (p.split("=") for p in line.split()[1:])
    }


def measure(
    database: str,
    scenario: Scenario,
    implementation: str,
    port: int,
    pid: int,
    rows: Path,
    folder: Path,
    seconds: float,
) -> Measure:
    """One scenario against one server, with its CPU and memory."""
    # Writing 5 to clear_refs resets the peak, so each row shows its own.
    Path(f"/proc/{pid}/clear_refs").write_text("5")
    cpu_before = cpu_seconds(pid)
    result = run_wrk(port, scenario, rows, folder, seconds)
    cpu = cpu_seconds(pid) - cpu_before
    received = max(result["received"], 1)
    return Measure(
        database=database,
        scenario=scenario,
        implementation=implementation,
        rps=received / result["seconds"] if result["seconds"] > 0 else 0.0,
        p50_ms=result["p50_us"] / 1000,
        p99_ms=result["p99_us"] / 1000,
        errors=int(result["bad"] + result["socket_errors"]),
        cpu_ms=cpu * 1000 / received,
        rss_mb=peak_rss_mb(pid),
    )


def rows_file(
    prepared: Prepared, scenario: Scenario, implementation: str
) -> tuple[str, Path]:
    """The row group and file a scenario uses against an implementation."""
    if scenario.rows == "pool":
        return "pool", prepared.files["pool"]
    group = f"{scenario.rows}_{'app' if implementation == 'service' else 'floor'}"
    return group, prepared.files[group]


def bench_database(
    label: str, url: str, seconds: float, warmup: float
) -> tuple[list[Measure], list[str]]:
    """Every scenario on one database; the measures and the checks made after."""
    secret = secrets.token_urlsafe(48)
    with tempfile.TemporaryDirectory(prefix="bench-") as name:
        folder = Path(name)
        if url == "sqlite":
            url = f"sqlite+aiosqlite:///{folder / 'bench.db'}"
        print(f"[{label}] preparing customers and tokens ...", file=sys.stderr)
        prepared = prepare(url, secret, secrets.token_hex(4), folder)
        env = dict(os.environ, DATABASE_URL=url, JWT_SECRET=secret)
        servers = start_servers(env, folder)
        try:
            return run_scenarios(label, url, prepared, servers, folder, seconds, warmup)
        finally:
            for _, process in servers.values():
                process.terminate()
                process.wait(timeout=10)


def run_scenarios(
    label: str,
    url: str,
    prepared: Prepared,
    servers: Servers,
    folder: Path,
    seconds: float,
    warmup: float,
) -> tuple[list[Measure], list[str]]:
    """Warm both servers, run each scenario on each, then verify deactivations."""
    for port, _ in servers.values():
        # Products last, and not in the warm-up: its pages raise the peak RSS.
        run_wrk(port, SCENARIOS[0], prepared.files["pool"], folder, warmup)
    measures, checks = [], []
    for scenario in SCENARIOS:
        for implementation in IMPLEMENTATIONS:
            port, process = servers[implementation]
            group, rows = rows_file(prepared, scenario, implementation)
            print(f"[{label}] {scenario.label} / {implementation} ...", file=sys.stderr)
            measures.append(
                measure(
                    label,
                    scenario,
                    implementation,
                    port,
                    process.pid,
                    rows,
                    folder,
                    seconds,
                )
            )
            if scenario.limit:
                outcome = verify(url, prepared.ids[group])
                checks.append(f"{label} {scenario.label} / {implementation}: {outcome}")
    return measures, checks


def table(measures: list[Measure]) -> str:
    """The results as a Markdown table, with each service row's ratio to the floor."""
    floors = {
        (m.database, m.scenario.name): m
        for m in measures
        if m.implementation == "floor"
    }
    lines = [
        "| database | scenario | implementation | req/s | p50 ms | p99 ms | errors "
        "| CPU ms/req | peak RSS MB | req/s vs floor | CPU vs floor |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for m in measures:
        floor = floors[(m.database, m.scenario.name)]
        ratio, cpu = fraction(m.rps, floor.rps), fraction(m.cpu_ms, floor.cpu_ms)
        lines.append(
            f"| {m.database} | {m.scenario.label} | {m.implementation} "
            f"| {m.rps:,.0f} | "
            f"{m.p50_ms:.1f} | {m.p99_ms:.1f} | {m.errors} | {m.cpu_ms:.2f} | "
            f"{m.rss_mb:.0f} | {ratio} | {cpu} |"
        )
    return "\n".join(lines)


def fraction(value: float, floor: float) -> str:
    """`value / floor` with two decimals, or a dash when the floor is zero."""
    return f"{value / floor:.2f}" if floor else "-"


def main() -> None:
    """Parse the arguments, run every database asked for, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", help="also run on this PostgreSQL database URL")
    parser.add_argument(
        "--seconds", type=int, default=5, help="length of each timed scenario"
    )
    parser.add_argument(
        "--warmup", type=int, default=1, help="warm-up per server and scenario kind"
    )
    args = parser.parse_args()
    started = time.monotonic()
    measures, checks = bench_database("SQLite", "sqlite", args.seconds, args.warmup)
    if args.postgres:
        more, more_checks = bench_database(
            "PostgreSQL", args.postgres, args.seconds, args.warmup
        )
        measures, checks = measures + more, checks + more_checks
    print(table(measures))
    print()
    for check in checks:
        print(f"- deactivations verified, {check}")
    print(f"\nwhole run: {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
