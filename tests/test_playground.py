"""The GraphiQL playground page: bundled assets under a strict CSP, or the CDN page."""

import logging
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from graphql import parse, validate

import schema.playground
from schema import build_schema
from server import create_app
from settings import Settings
from tests.conftest import client_with
from tests.live_server import REPO

HTML = {"Accept": "text/html"}

# Marked here, not only by the conftest hook, so parametrized cases keep ids.
pytestmark = pytest.mark.anyio


@pytest.fixture
def bundled_assets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A stand-in for the built bundle, so the test needs no npm."""
    (tmp_path / "playground.js").write_text("console.log('playground');\n")
    (tmp_path / "playground.css").write_text("body { margin: 0; }\n")
    monkeypatch.setattr(schema.playground, "ASSETS_DIR", tmp_path)
    return tmp_path


@pytest.fixture
def no_assets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The bundle was never built; the once-only warning may be given again."""
    monkeypatch.setattr(schema.playground, "ASSETS_DIR", tmp_path / "missing")
    schema.playground.warn_assets_missing.cache_clear()


@pytest.fixture
async def page_client(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """A client of an app built with GraphiQL on."""
    async with client_with(settings) as client:
        yield client


@pytest.mark.usefixtures("bundled_assets")
async def test_playground_page_is_served_under_a_strict_csp(
    page_client: httpx.AsyncClient,
) -> None:
    response = await page_client.get("/graphql", headers=HTML)

    assert response.status_code == 200
    assert response.headers["content-security-policy"] == (
        "default-src 'self'; frame-ancestors 'none'"
    )
    assert '<script src="/graphiql-assets/playground.js" defer>' in response.text
    assert "<script>" not in response.text
    assert "<style" not in response.text
    assert "http" not in response.text


@pytest.mark.usefixtures("bundled_assets")
async def test_playground_assets_come_from_the_service(
    page_client: httpx.AsyncClient,
) -> None:
    script = await page_client.get("/graphiql-assets/playground.js")
    style = await page_client.get("/graphiql-assets/playground.css")

    assert script.status_code == 200
    assert "javascript" in script.headers["content-type"]
    assert style.status_code == 200
    assert "text/css" in style.headers["content-type"]


@pytest.mark.usefixtures("no_assets")
async def test_without_a_bundle_the_cdn_page_stands_in_after_one_warning(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="schema.playground")
    for _ in range(2):
        create_app(settings)

    async with client_with(settings) as client:
        response = await client.get("/graphql", headers=HTML)

    warnings = [r for r in caplog.records if r.name == "schema.playground"]
    assert len(warnings) == 1
    assert "npm run build" in warnings[0].getMessage()
    assert response.status_code == 200
    assert "https://" in response.text
    assert response.headers["content-security-policy"] == "frame-ancestors 'none'"


@pytest.mark.usefixtures("bundled_assets")
async def test_graphiql_off_serves_neither_page_nor_assets(settings: Settings) -> None:
    async with client_with(settings.model_copy(update={"graphiql": False})) as client:
        page = await client.get("/graphql", headers=HTML)
        script = await client.get("/graphiql-assets/playground.js")

    assert page.status_code == 404
    assert "text/html" not in page.headers["content-type"]
    assert script.status_code == 404


def test_the_example_operations_are_valid_against_the_schema() -> None:
    source = (REPO / "graphiql" / "src" / "playground.js").read_text(encoding="utf-8")
    examples = source.split("const EXAMPLES = `", 1)[1].split("`;", 1)[0]

    document = parse(examples)

    assert validate(build_schema()._schema, document) == []
    names = [definition.name.value for definition in document.definitions]  # type: ignore[attr-defined]
    assert names == ["Login", "Me", "Preview", "Deactivate"]
