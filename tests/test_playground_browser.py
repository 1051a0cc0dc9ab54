"""The playground in a real browser: log in, run `me`, deactivate, offline.

Needs node, Debian's `chromium` and `npm ci` in `tests/browser/` and
`graphiql/` (with `npm run build`); skipped with the reason when one is missing.
"""

import os
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest

from schema.playground import BUILD_COMMAND, has_built_assets
from tests.live_server import REPO, live_server, register

BROWSER_DIR = REPO / "tests" / "browser"
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
SCRIPT_TIMEOUT_SECONDS = 120


def missing_tool() -> str | None:
    """Why the browser test cannot run here, or None when it can."""
    if shutil.which("node") is None:
        return "node is not installed"
    if not Path(CHROMIUM).exists():
        return f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    if not (BROWSER_DIR / "node_modules" / "playwright-core").is_dir():
        return "playwright-core is not installed (npm ci --prefix tests/browser)"
    if not has_built_assets():
        return f"the GraphiQL assets are not built ({BUILD_COMMAND})"
    return None


@pytest.mark.skipif(missing_tool() is not None, reason=str(missing_tool()))
def test_playground_logs_in_shows_me_and_deactivates_without_internet(
    tmp_path: Path,
) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    email, password = f"browser-{uuid.uuid4().hex[:8]}@example.com", "browser-pass-1"

    with live_server(tmp_path) as server:
        customer_id = register(server, email, password)
        result = subprocess.run(  # noqa: S603 - our own script and arguments
            ["node", str(BROWSER_DIR / "playground.mjs")],  # noqa: S607
            env={
                **os.environ,
                "PLAYGROUND_URL": server.url,
                "CUSTOMER_ID": customer_id,
                "CUSTOMER_EMAIL": email,
                "CUSTOMER_PASSWORD": password,
                "CHROMIUM": CHROMIUM,
                "SCREENSHOT": str(ARTIFACTS / "playground.png"),
            },
            capture_output=True,
            text=True,
            timeout=SCRIPT_TIMEOUT_SECONDS,
            check=False,
        )

    assert result.returncode == 0, result.stdout + result.stderr
    assert '"ok":true' in result.stdout
    assert (ARTIFACTS / "playground.png").stat().st_size > 0
