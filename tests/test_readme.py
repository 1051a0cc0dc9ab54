"""The README's quickstart works as written, against a real server.

Each snippet is taken from its fenced block in README.md and run with the
port, the customer id and the token filled in, for a fresh customer each.
"""

import os
import re
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from graphql import parse, validate

from schema import build_schema
from tests.live_server import REPO, LiveServer, live_server

FENCE = re.compile(r"^```(\w+)\n(.*?)^```$", re.MULTILINE | re.DOTALL)
RUN_TIMEOUT_SECONDS = 60


def quickstart_blocks() -> list[tuple[str, str]]:
    """The (language, code) of every fenced block in the Quickstart section."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    return FENCE.findall(section)


def block_containing(language: str, text: str) -> str:
    """The one Quickstart block in `language` whose code contains `text`."""
    [code] = [c for lang, c in quickstart_blocks() if lang == language and text in c]
    return code


def run(command: list[str], *, env: dict[str, str]) -> str:
    """Run a snippet's interpreter; fail the test with its output if it fails."""
    result = subprocess.run(  # noqa: S603 - the README's own snippets
        command,
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT_SECONDS,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """One live server for the README's snippets."""
    with live_server(tmp_path_factory.mktemp("readme")) as running:
        yield running


def shell_env(server: LiveServer, **extra: str) -> dict[str, str]:
    """The server's environment with `marketplace-api` on the PATH."""
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    return {**server.env, "PATH": path, **extra}


def new_customer(server: LiveServer) -> tuple[str, str]:
    """Follow the README's setup block for a fresh email; the id and the token."""
    email = f"readme-{uuid.uuid4().hex[:8]}@example.com"
    setup = block_containing("sh", "create-customer").replace("you@example.com", email)

    output = run(
        ["bash", "-euc", setup + 'echo "token: $TOKEN"\n'], env=shell_env(server)
    )

    customer_id = re.search(r"Created customer (\d+) ", output)
    token = re.search(r"^token: (\S+)$", output, re.MULTILINE)
    assert customer_id, output
    assert token, output
    return customer_id.group(1), token.group(1)


def filled_in(code: str, server: LiveServer, customer_id: str, token: str) -> str:
    """The snippet aimed at the test server, the customer and its token."""
    return (
        code.replace("localhost:8000", f"127.0.0.1:{server.port}")
        .replace("/customers/42/", f"/customers/{customer_id}/")
        .replace("YOUR_ACCESS_TOKEN", token)
    )


def is_deactivated(server: LiveServer, customer_id: str, token: str) -> bool:
    """True when the customer's token is now refused, as after deactivation."""
    response = httpx.get(
        f"{server.url}/api/v1/customers/{customer_id}/",
        headers={"Authorization": f"Bearer {token}"},
    )
    return response.status_code == 401


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_the_curl_example_deactivates_the_account(server: LiveServer) -> None:
    customer_id, token = new_customer(server)
    code = filled_in(block_containing("sh", "curl"), server, customer_id, token)
    code = code.rstrip() + ' -o /dev/null -w "%{http_code}"\n'

    status = run(["bash", "-euc", code], env=shell_env(server, TOKEN=token))

    assert status == "204"
    assert is_deactivated(server, customer_id, token)


def test_the_python_example_deactivates_the_account(server: LiveServer) -> None:
    customer_id, token = new_customer(server)
    code = filled_in(block_containing("python", "requests"), server, customer_id, token)

    output = run([sys.executable, "-c", code], env=shell_env(server))

    assert output == "Status Code: 204\n"
    assert is_deactivated(server, customer_id, token)


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_the_javascript_example_deactivates_the_account(server: LiveServer) -> None:
    customer_id, token = new_customer(server)
    code = filled_in(
        block_containing("javascript", "fetch"), server, customer_id, token
    )

    output = run(["node", "--input-type=module", "-e", code], env=shell_env(server))

    assert output == "Status: 204\n"
    assert is_deactivated(server, customer_id, token)


def readme_graphql_blocks() -> list[str]:
    """Every GraphQL block anywhere in the README."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    return [code for language, code in FENCE.findall(readme) if language == "graphql"]


@pytest.mark.parametrize("document", readme_graphql_blocks())
def test_every_graphql_example_is_valid_against_the_schema(document: str) -> None:
    errors = validate(build_schema()._schema, parse(document))

    assert errors == []
