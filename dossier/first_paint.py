"""The page paints before its modules load (issue 18): a build step for the prerendered HTML.

Reflex prerenders every page, so the HTML of `/` already holds the header, the navigation
and the page's heading and introduction. React Router's HTML also asks for every module
of the page at once (`<link rel="modulepreload">`, about 40 files, 250 KB gzip) and
imports them from an inline module script. On a slow phone those downloads share the
line with the render-blocking CSS, so the page that is already there paints later
(Lighthouse's simulation even charges every module fetched before the largest paint to
that paint: Lighthouse issue 16539). The modules only make the page interactive; the
first paint does not need them.

After `npm run export` (Reflex's `post_build` hook, before the files are compressed) this
rewrites each prerendered page so that:

* each `<link rel="modulepreload">` stays in the page (what the page loads is still
  written in it: the bundle budget and the service worker's precache list read it) but
  is inert until the first paint (`media="not all"`, `data-after-paint`);
* the inline module script is kept as text (`type="text/x-after-paint"`), so the
  Content-Security-Policy hashes it like every other inline script;
* a small inline script starts both after the first frame was painted: it runs the
  module script and adds the modulepreload links again (all modules load in parallel,
  as before). In a tab that is not visible (no frames are painted) it starts at once.

The plugin is listed in rxconfig.py (`plugins=[...]`); the environment variable
`REFLEX_EXTRA_PLUGINS=dossier.first_paint.FirstPaintPlugin` adds it to a build too.
Nothing is evaluated from a string: the module script is the build's own, and its hash
is in the CSP (dossier/middleware/headers.py reads the built pages).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import reflex as rx

MARK = "data-after-paint"
MODULE_TYPE = "text/x-after-paint"
MODULE_ID = "after-paint-module"

_MODULEPRELOAD = re.compile(r'<link rel="modulepreload" href="(/[^"]+)"\s*/?>')
_INLINE_MODULE = re.compile(r'<script type="module" async="">(.*?)</script>', re.DOTALL)

# Runs where the module script was. rAF waits for the first frame (Chrome produces none
# while render-blocking CSS is still loading); the timeout after it lets that frame paint.
# The module script goes first (its imports are fetched at once), then the preloads for
# the rest of the module graph, a few per task: adding them all at once was one long task.
LOADER = (
    "(function(){var started=false;function start(){if(started)return;started=true;"
    'var module=document.createElement("script");module.type="module";'
    'module.textContent=document.getElementById("' + MODULE_ID + '").textContent;'
    "document.body.appendChild(module);"
    'var links=document.querySelectorAll("link[' + MARK + ']"),next=0;'
    "(function preload(){for(var end=Math.min(next+BATCH,links.length);next<end;next++){"
    'var link=document.createElement("link");link.rel="modulepreload";'
    'link.href=links[next].getAttribute("href");document.head.appendChild(link);}'
    "if(next<links.length)setTimeout(preload,0);})();}"
    'if(document.visibilityState!=="visible"){start();return;}'
    "requestAnimationFrame(function(){setTimeout(start,0);});"
    'document.addEventListener("visibilitychange",start);})();'
).replace("BATCH", "4")


def paint_first(html: str) -> str:
    """One prerendered page, rewritten; a page without an inline module stays as it is."""
    if f'id="{MODULE_ID}"' in html:
        return html  # rewritten already
    module = _INLINE_MODULE.search(html)
    if module is None:
        return html
    html = (
        html[: module.start()]
        + f'<script type="{MODULE_TYPE}" id="{MODULE_ID}">{module.group(1)}</script>'
        + f"<script>{LOADER}</script>"
        + html[module.end() :]
    )
    return _MODULEPRELOAD.sub(
        lambda link: (
            f'<link rel="modulepreload" href="{link.group(1)}" media="not all" {MARK}=""/>'
        ),
        html,
    )


def rewrite_build(static_dir: Path) -> int:
    """Every prerendered page of the build; returns how many were rewritten."""
    changed = 0
    for page in static_dir.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        new = paint_first(text)
        if new != text:
            page.write_text(new, encoding="utf-8")
            changed += 1
    return changed


class FirstPaintPlugin(rx.plugins.Plugin):
    """`post_build`: the prerendered pages paint before their modules load."""

    def post_build(self, **context: Any) -> None:
        rewrite_build(Path(context["static_dir"]))
