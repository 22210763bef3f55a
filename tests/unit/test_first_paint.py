"""The prerendered page paints before its modules load (dossier/first_paint.py)."""

from __future__ import annotations

from pathlib import Path

from dossier.first_paint import MARK, MODULE_ID, MODULE_TYPE, paint_first, rewrite_build
from dossier.middleware.headers import inline_script_hashes
from dossier.middleware.pwa import shell_files

MODULE = (
    'import "/assets/manifest-a0f0fcb1.js";\n'
    'import * as route0 from "/assets/root-BqciN4vJ.js";\n'
    'window.__reactRouterRouteModules = {"root":route0};\n'
    'import("/assets/entry.client-CS7job2t.js");'
)
PAGE = (
    "<!DOCTYPE html><html><head>"
    '<link rel="modulepreload" href="/assets/manifest-a0f0fcb1.js"/>'
    '<link rel="modulepreload" href="/assets/entry.client-CS7job2t.js"/>'
    '<link rel="modulepreload" href="/assets/root-BqciN4vJ.js"/>'
    '<link href="/assets/styles-Deg4pEvH.css" rel="stylesheet" type="text/css"/>'
    "</head><body><h1>Overzicht</h1>"
    f'<script type="module" async="">{MODULE}</script>'
    "<script>window.done = 1;</script></body></html>"
)


def test_a_parent_on_a_slow_phone_gets_the_page_painted_before_its_modules_are_fetched():
    page = paint_first(PAGE)
    # no module is fetched or run while the page waits for its first paint
    assert '<script type="module"' not in page
    assert page.count('<link rel="modulepreload"') == 3
    assert page.count(f'media="not all" {MARK}=""') == 3
    # the module script is kept word for word, inert, for the loader to run after paint
    assert f'<script type="{MODULE_TYPE}" id="{MODULE_ID}">{MODULE}</script>' in page
    assert "requestAnimationFrame" in page
    # the page itself and its stylesheet are untouched
    assert "<h1>Overzicht</h1>" in page
    assert '<link href="/assets/styles-Deg4pEvH.css" rel="stylesheet" type="text/css"/>' in page


def test_the_csp_allows_the_module_the_loader_runs_after_paint():
    page = paint_first(PAGE).encode()
    hashes = inline_script_hashes(page)
    assert hashes >= inline_script_hashes(f"<script>{MODULE}</script>".encode())


def test_a_page_rewritten_twice_stays_the_same():
    once = paint_first(PAGE)
    assert paint_first(once) == once


def test_a_page_without_modules_is_left_as_it_is():
    plain = "<html><head></head><body><p>Offline</p></body></html>"
    assert paint_first(plain) == plain


def test_the_phone_still_precaches_every_module_the_page_loads(tmp_path: Path):
    (tmp_path / "assets").mkdir()
    for name in ("manifest-a0f0fcb1.js", "entry.client-CS7job2t.js", "root-BqciN4vJ.js"):
        (tmp_path / "assets" / name).write_text("export {};")
    (tmp_path / "index.html").write_text(PAGE)
    before = shell_files(tmp_path)
    assert rewrite_build(tmp_path) == 1
    assert shell_files(tmp_path) == before
    assert "/assets/entry.client-CS7job2t.js" in before
