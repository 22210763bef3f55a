"""The bundle budget's measuring (tests/bundles.py) on a small fake build: what a page's
HTML brings in, and a failure message that names the file that grew."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from tests.bundles import PageBundle, measure, over_budget, stable_name

HTML = """<!doctype html><html><head>
<link rel="modulepreload" href="/assets/entry-AbCdEf12.js"/>
<link rel="stylesheet" href="/assets/styles-Zz9_Yy8-.css"/>
<link rel="icon" href="/icons/favicon.png"/>
<script defer src="/push.js"></script>
<script src="https://elsewhere.example/tracker.js"></script>
<script type="module" async>import "/assets/manifest-11112222.js";
import("/assets/later-33334444.js");</script>
</head><body></body></html>"""


def _gz(text: str) -> int:
    return len(gzip.compress(text.encode(), compresslevel=6, mtime=0))


@pytest.fixture
def build(tmp_path: Path) -> Path:
    files = {
        "index.html": HTML,
        "taken.html": HTML.replace("entry-AbCdEf12", "route-99998888"),
        "assets/entry-AbCdEf12.js": 'import{a}from"./react-12345678.js";export const b=a;',
        "assets/route-99998888.js": 'import"./entry-AbCdEf12.js";',
        "assets/react-12345678.js": "export const a=" + "1+" * 500 + "1;",
        "assets/manifest-11112222.js": "window.m={};",
        "assets/later-33334444.js": "export const never=1;",
        "assets/styles-Zz9_Yy8-.css": '@import "./tokens-abcdefgh.css";body{color:red}',
        "assets/tokens-abcdefgh.css": ":root{--x:1}",
        "push.js": "navigator.serviceWorker;",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    return tmp_path


def test_the_overview_counts_its_preloads_scripts_styles_and_their_static_imports(
    build: Path,
) -> None:
    bundle = measure("/", build)
    assert set(bundle.files) == {
        "/assets/entry-AbCdEf12.js",
        "/assets/react-12345678.js",  # imported statically by entry
        "/assets/manifest-11112222.js",  # imported by the inline module script
        "/assets/styles-Zz9_Yy8-.css",
        "/assets/tokens-abcdefgh.css",  # @import
        "/push.js",
    }  # not the dynamic import(), not another origin, not the icon
    assert bundle.files["/push.js"] == _gz("navigator.serviceWorker;")
    assert bundle.css == _gz('@import "./tokens-abcdefgh.css";body{color:red}') + _gz(
        ":root{--x:1}"
    )
    assert measure("/", build) == bundle  # the same build gives the same bytes


def test_another_page_is_read_from_its_own_prerendered_html(build: Path) -> None:
    assert "/assets/route-99998888.js" in measure("/taken", build).files
    assert "/assets/entry-AbCdEf12.js" in measure("/taken", build).files  # via its import


def test_a_missing_page_or_file_says_which(build: Path) -> None:
    with pytest.raises(FileNotFoundError, match="agenda"):
        measure("/agenda", build)
    (build / "push.js").unlink()
    with pytest.raises(FileNotFoundError, match=r"/push\.js"):
        measure("/", build)


def test_names_survive_a_rebuild_without_the_content_hash() -> None:
    assert stable_name("/assets/entry.client-CS7job2t.js") == "/assets/entry.client.js"
    assert stable_name("/assets/react-dom-p5-f7VGD.js") == "/assets/react-dom.js"
    assert stable_name("/assets/_wie_._index-DO0kFIi-.js") == "/assets/_wie_._index.js"
    assert stable_name("/push.js") == "/push.js"


def test_a_page_over_budget_names_the_budget_file_and_the_file_that_grew() -> None:
    bundle = PageBundle(
        page="/",
        files={
            "/assets/esm-AAAAAAAA.js": 90_000,
            "/assets/chart-BBBBBBBB.js": 70_000,
            "/assets/tiny-CCCCCCCC.js": 300,
            "/assets/styles-DDDDDDDD.css": 1_000,
        },
    )
    before = {"/assets/esm.js": 80_000, "/assets/styles.css": 1_000}
    messages = over_budget(bundle, js=150_000, css=2_000, before=before, where="budget.py")
    assert len(messages) == 1  # the CSS is within its budget
    message = messages[0]
    assert "/: JavaScript is 160,300 B gzip, over its budget of 150,000 B in budget.py" in message
    assert message.index("/assets/chart.js: 70,000 B (new)") < message.index(
        "/assets/esm.js: 80,000 -> 90,000 B (+10,000)"
    )
    assert "tiny" not in message
    assert over_budget(bundle, js=160_300, css=1_000, before=before, where="x") == []
