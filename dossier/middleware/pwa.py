"""The home-screen app's two generated files: `/sw.js` and `/offline.html`.

`/sw.js` is `assets/sw.js` from the build with one line filled in: the build's version
and the list of files to precache (the app shell). The version is a hash over the
worker's own text and every precached file, so any deploy that changes the shell gives
browsers a new worker, and the page offers "Nieuwe versie beschikbaar - vernieuwen".
Browsers compare the worker byte for byte, so an unchanged build keeps its worker.

`/offline.html` is what the worker shows for a page when there is no network. It is
rendered from the message catalogue (Dutch text in the page; the English and Dutch
strings as data for /offline.js, which picks the language on the device) and holds no
family data: only the opt-in offline card (/offline-card.js) fills it from the device.

Both are public and the same for everyone. In development (`reflex run` without
`--env prod`) there is no build: the worker keeps its placeholder and precaches only the
offline page.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from dossier.i18n import LOCALES, catalogue
from dossier.middleware.headers import ASGIApp, build_dir

Scope = MutableMapping[str, Any]

SW_PATH = "/sw.js"
OFFLINE_PATH = "/offline.html"
# The line in assets/sw.js that this module fills in for a production build.
BUILD_LINE = re.compile(
    rb"^const BUILD = .*?; // filled in by dossier/middleware/pwa\.py$", re.MULTILINE
)
# Public files of every page besides the build's /assets/ (see dossier/dossier.py).
PUBLIC_SHELL = (
    "/app.css",
    "/toasts.css",
    "/my_checkin.css",
    "/session-timer.js",
    "/live.js",
    "/push.js",
    "/install.js",
    "/connectivity.js",
    "/one-tap.js",
    "/offline.js",
    "/offline-card.js",
    "/manifest.webmanifest",
    "/icons/icon-192.png",
    "/icons/badge-96.png",
    "/icons/favicon-32.png",
)
# Files of the build that pages load; route chunks are fetched by the pages that need them.
_ASSET_REFERENCE = re.compile(rb"""["'](/assets/[A-Za-z0-9._\-/]+\.(?:js|css))["']""")
OFFLINE_PREFIX = "offline."


@dataclass(frozen=True)
class Shell:
    version: str
    files: tuple[str, ...]


def shell_files(build: Path) -> tuple[str, ...]:
    """Every /assets/ file the prerendered pages reference, plus the public shell files."""
    referenced: set[str] = set()
    for page in build.rglob("*.html"):
        referenced.update(match.decode() for match in _ASSET_REFERENCE.findall(page.read_bytes()))
    present = {path for path in referenced if (build / path.lstrip("/")).is_file()}
    public = [path for path in PUBLIC_SHELL if (build / path.lstrip("/")).is_file()]
    return (OFFLINE_PATH, *public, *sorted(present))


def shell_version(build: Path, worker: bytes, files: tuple[str, ...]) -> str:
    digest = hashlib.sha256(worker)
    digest.update(offline_page().encode())  # a changed offline text is a new version too
    for path in files:
        if path == OFFLINE_PATH:
            continue
        digest.update(path.encode() + b"\0")
        digest.update(hashlib.sha256((build / path.lstrip("/")).read_bytes()).digest())
    return digest.hexdigest()[:16]


def filled_worker(worker: bytes, shell: Shell) -> bytes:
    build = json.dumps({"version": shell.version, "precache": list(shell.files)})
    line = f"const BUILD = {build}; // filled in by dossier/middleware/pwa.py".encode()
    return BUILD_LINE.sub(lambda _match: line, worker, count=1)


class _WorkerCache:
    """The filled-in worker for the current build; worked out again when a file changes."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._stamp: tuple | None = None
        self._body: bytes | None = None

    def _stamp_now(self) -> tuple:
        # Deploys rewrite the build; stat() of each shell file is cheap next to hashing.
        paths = [self.directory / "sw.js", *sorted(self.directory.rglob("*.html"))]
        paths += [self.directory / p.lstrip("/") for p in PUBLIC_SHELL]
        return tuple(path.stat().st_mtime_ns if path.exists() else 0 for path in paths)

    def get(self) -> bytes | None:
        worker_path = self.directory / "sw.js"
        if not worker_path.is_file():
            return None  # no build: the static file (development) answers instead
        stamp = self._stamp_now()
        if stamp != self._stamp or self._body is None:
            worker = worker_path.read_bytes()
            files = shell_files(self.directory)
            shell = Shell(version=shell_version(self.directory, worker, files), files=files)
            self._body = filled_worker(worker, shell)
            self._stamp = stamp
        return self._body


# --------------------------------------------------------------------------------------
# The offline page
# --------------------------------------------------------------------------------------


def offline_strings() -> dict[str, dict[str, str]]:
    return {
        locale: {k: v for k, v in catalogue(locale).items() if k.startswith(OFFLINE_PREFIX)}
        for locale in LOCALES
    }


@cache
def offline_page() -> str:
    """The page in Dutch; /offline.js swaps in English on an English device."""
    strings = offline_strings()
    nl = strings["nl"]
    # Inside <script type="application/json">: "</" must not end the element early.
    data = json.dumps(strings, ensure_ascii=False).replace("</", "<\\/")

    def t(key: str) -> str:
        return f'data-t="{key}">{html.escape(nl[key])}'

    return f"""<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<meta name="theme-color" content="#0d9488">
<title {t("offline.page_title")}</title>
<link rel="manifest" href="/manifest.webmanifest">
<link rel="icon" type="image/png" sizes="32x32" href="/icons/favicon-32.png">
<style>{OFFLINE_CSS}</style>
<script type="application/json" id="offline-strings">{data}</script>
<script src="/offline.js" defer></script>
<script src="/offline-card.js" defer></script>
</head>
<body>
<main class="offline">
<img src="/icons/icon-192.png" alt="" width="64" height="64">
<h1 {t("offline.title")}</h1>
<p {t("offline.text")}</p>
<p {t("offline.not_saved")}</p>
<button type="button" id="offline-retry" {t("offline.retry")}</button>
<p id="offline-status" role="status" aria-live="polite"></p>
<div id="offline-card" hidden></div>
</main>
</body>
</html>
"""


OFFLINE_CSS = """
:root { color-scheme: light; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; }
body { margin: 0; background: #f7faf9; color: #1a2b28; line-height: 1.5; }
.offline { max-width: 40rem; margin: 0 auto;
  padding: max(1.5rem, env(safe-area-inset-top)) max(1rem, env(safe-area-inset-right))
    max(2rem, env(safe-area-inset-bottom)) max(1rem, env(safe-area-inset-left)); }
h1 { font-size: 1.5rem; margin: 0.75rem 0 0.5rem; }
h2 { font-size: 1.2rem; margin: 1.5rem 0 0.5rem; }
button { min-height: 44px; padding: 0 1.25rem; font: inherit; font-weight: 600;
  color: #fff; background: #0f766e; border: 0; border-radius: 0.5rem; cursor: pointer; }
button:focus-visible { outline: 3px solid #134e4a; outline-offset: 2px; }
ul { padding-left: 1.25rem; }
li { margin: 0.25rem 0; }
a { color: #0f5f59; }
.muted { color: #4b5d59; font-size: 0.95rem; }
"""


# --------------------------------------------------------------------------------------
# Serving both
# --------------------------------------------------------------------------------------


async def _respond(send: Callable, body: bytes, content_type: bytes, *, head: bool) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [
                (b"content-type", content_type),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": b"" if head else body})


def pwa_files(app: ASGIApp, *, build: Path | None = None) -> ASGIApp:
    """Answer GET /sw.js and /offline.html; everything else goes to the app."""
    worker = _WorkerCache(build or build_dir())

    async def wrapped(scope: Scope, receive: Callable, send: Callable) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        method = scope.get("method", "")
        head = method == "HEAD"
        if method in {"GET", "HEAD"} and path == SW_PATH:
            body = worker.get()
            if body is not None:
                await _respond(send, body, b"text/javascript; charset=utf-8", head=head)
                return
        if method in {"GET", "HEAD"} and path == OFFLINE_PATH:
            page = offline_page().encode()
            await _respond(send, page, b"text/html; charset=utf-8", head=head)
            return
        await app(scope, receive, send)

    return wrapped
