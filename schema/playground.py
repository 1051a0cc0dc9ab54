"""The GraphiQL playground page, served from the service's own bundled assets.

`graphiql/` holds the npm packages and the script that bundles them into
`graphiql-assets/`. The page then needs nothing from the internet and runs
under `Content-Security-Policy: default-src 'self'`, framed by no other site.
Where the bundle was never built, Strawberry's own page (which loads GraphiQL
from a CDN) stands in, and one warning says how to build it.
"""

import functools
import html
import logging
from pathlib import Path

from starlette.routing import BaseRoute, Mount
from starlette.staticfiles import StaticFiles

logger = logging.getLogger(__name__)

ASSETS_DIR = Path(__file__).resolve().parent.parent / "graphiql-assets"
ASSETS_URL = "/graphiql-assets"
# The page holds a customer's token: no other site may frame it (clickjacking).
CONTENT_SECURITY_POLICY = "default-src 'self'; frame-ancestors 'none'"
# The CDN page runs inline script from a template we do not own, so only the
# framing rule applies to it; build the bundle for the strict policy.
CDN_PAGE_CONTENT_SECURITY_POLICY = "frame-ancestors 'none'"
BUILD_COMMAND = "cd graphiql && npm ci && npm run build"
PLAYGROUND_FILES = ("playground.js", "playground.css")

PAGE = """<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <title>Marketplace accounts API playground</title>
    <link rel="stylesheet" href="{assets}/playground.css">
    <script src="{assets}/playground.js" defer></script>
  </head>
  <body>
    <div id="playground" data-endpoint="{endpoint}">Loading...</div>
  </body>
</html>
"""


def has_built_assets() -> bool:
    """True when the bundled playground script and stylesheet are there."""
    return all((ASSETS_DIR / name).is_file() for name in PLAYGROUND_FILES)


def asset_routes(*, enabled: bool) -> list[BaseRoute]:
    """The route serving the bundled assets, or none when there is nothing to serve."""
    if not enabled:
        return []
    if not has_built_assets():
        warn_assets_missing()
        return []
    return [Mount(ASSETS_URL, StaticFiles(directory=ASSETS_DIR), name="graphiql")]


@functools.cache
def warn_assets_missing() -> None:
    """Say once per process that the playground falls back to a CDN, and why."""
    logger.warning(
        "The GraphiQL assets are not built, so the playground at /graphql loads "
        "GraphiQL from a CDN and needs internet access; build them with `%s`.",
        BUILD_COMMAND,
    )


def render_page(*, endpoint: str) -> str:
    """The playground's HTML: no inline script or style, so the CSP stays strict."""
    return PAGE.format(assets=ASSETS_URL, endpoint=html.escape(endpoint, quote=True))
