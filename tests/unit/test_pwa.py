"""/sw.js and /offline.html (dossier/middleware/pwa.py) on a small fake build, no browser."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from dossier.i18n import catalogue
from dossier.middleware.headers import security_headers
from dossier.middleware.pwa import (
    BUILD_LINE,
    OFFLINE_PATH,
    offline_page,
    offline_strings,
    pwa_files,
    shell_files,
)

REPO = Path(__file__).resolve().parents[2]
WORKER = (REPO / "assets" / "sw.js").read_bytes()


def fake_build(root: Path) -> Path:
    """A build like `reflex run --env prod` makes: pages referencing fingerprinted files."""
    (root / "assets").mkdir(parents=True)
    (root / "sw.js").write_bytes(WORKER)
    (root / "app.css").write_text("body { color: black; }")
    (root / "push.js").write_text("// push")
    (root / "assets" / "entry.client-AAAA.js").write_text("// entry")
    (root / "assets" / "root-BBBB.js").write_text("// root")
    (root / "assets" / "styles-CCCC.css").write_text("/* styles */")
    (root / "assets" / "unused-DDDD.js").write_text("// a lazily loaded icon")
    (root / "index.html").write_text(
        '<link rel="modulepreload" href="/assets/entry.client-AAAA.js"/>'
        '<link rel="stylesheet" href="/assets/styles-CCCC.css"/>'
        '<script type="module">import("/assets/root-BBBB.js")</script>'
    )
    (root / "taken.html").write_text('<link rel="modulepreload" href="/assets/root-BBBB.js"/>')
    return root


@pytest.fixture
def build(tmp_path: Path) -> Path:
    return fake_build(tmp_path / "client")


def worker_build(body: bytes) -> dict:
    line = BUILD_LINE.search(body)
    assert line, "the BUILD line was not found in the served worker"
    return json.loads(re.search(rb"const BUILD = (.*?); //", line.group(0)).group(1))


def client_for(build: Path) -> TestClient:
    async def fallback(_request):
        return PlainTextResponse("the app")

    app = Starlette(routes=[Route("/{path:path}", fallback, methods=["GET", "POST"])])
    return TestClient(security_headers(pwa_files(app, build=build)), base_url="http://localhost")


def test_the_source_worker_has_the_line_to_fill_in() -> None:
    assert worker_build(WORKER) == {"version": "dev", "precache": ["/offline.html"]}


def test_the_shell_is_the_offline_page_the_public_files_and_what_the_pages_load(
    build: Path,
) -> None:
    files = shell_files(build)
    assert files[0] == OFFLINE_PATH
    assert "/app.css" in files and "/push.js" in files
    assert {
        "/assets/entry.client-AAAA.js",
        "/assets/root-BBBB.js",
        "/assets/styles-CCCC.css",
    } <= set(files)
    # Files no page names (lazy icons) are cached on first use, not precached.
    assert "/assets/unused-DDDD.js" not in files
    assert "/connectivity.js" not in files  # listed, but not in this build: left out


def test_the_served_worker_carries_the_build_and_changes_when_the_shell_does(
    build: Path,
) -> None:
    client = client_for(build)
    first = client.get("/sw.js")
    assert first.status_code == 200
    assert first.headers["content-type"].startswith("text/javascript")
    assert first.headers["cache-control"] == "no-cache"  # browsers look for updates
    shell = worker_build(first.content)
    assert re.fullmatch(r"[0-9a-f]{16}", shell["version"])
    assert shell["precache"] == list(shell_files(build))
    assert client.get("/sw.js").content == first.content  # same build, same bytes

    (build / "app.css").write_text("body { color: navy; }")  # a deploy changed one file
    second = worker_build(client.get("/sw.js").content)
    assert second["version"] != shell["version"]


def test_without_a_build_the_static_worker_answers(tmp_path: Path) -> None:
    client = client_for(tmp_path / "no-build")
    assert client.get("/sw.js").text == "the app"


def test_other_paths_and_methods_go_to_the_app(build: Path) -> None:
    client = client_for(build)
    assert client.get("/taken").text == "the app"
    assert client.post("/sw.js").text == "the app"


def test_the_offline_page_is_public_static_and_in_both_languages(build: Path) -> None:
    response = client_for(build).get("/offline.html")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page = response.text
    nl = catalogue("nl")
    assert nl["offline.title"] in page and nl["offline.not_saved"] in page
    assert '<html lang="nl">' in page
    assert 'id="offline-card" hidden' in page  # filled only by the opt-in card
    assert '<script src="/offline.js" defer>' in page
    # No inline script runs (strict CSP): the only inline block is JSON data.
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", page)
    assert inline == [' type="application/json" id="offline-strings"']
    data = re.search(r'id="offline-strings">(.*?)</script>', page, re.S).group(1)
    assert json.loads(data) == offline_strings()


def test_the_offline_strings_are_complete_in_both_languages() -> None:
    strings = offline_strings()
    assert set(strings["nl"]) == set(strings["en"])
    assert {"offline.title", "offline.retry", "offline.unsaved"} <= set(strings["nl"])
    assert strings["en"]["offline.retry"] == catalogue("en")["offline.retry"]


def test_a_string_cannot_close_the_data_block_early(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        "dossier.middleware.pwa.offline_strings",
        lambda: {"nl": {**offline_strings()["nl"], "offline.x": "</script><b>"}, "en": {}},
    )
    offline_page.cache_clear()
    try:
        page = offline_page()
    finally:
        offline_page.cache_clear()
    assert "</script><b>" not in page
