"""Security headers on every HTTP response (Reflex sets none).

The Content-Security-Policy fits what `reflex run --env prod` serves:

* `script-src 'self'` plus the **hashes of the inline scripts** in the prerendered pages
  (React Router's context and route-module loader, React's streaming helpers, Reflex's
  colour-mode snippet). They are fixed for a build, so they are read from the build
  output (`.web/build/client/**/*.html`) and hashed once per build. No 'unsafe-inline'
  and no 'unsafe-eval' for scripts: Reflex's `rx.call_script` and dynamic components
  need eval and are not used; toasts from event handlers go through
  dossier/state/toasts.py for the same reason.
* `style-src 'self' 'unsafe-inline'`: emotion (Reflex's CSS-in-JS) writes `<style>`
  elements at run time and Radix sets `style=` attributes; there is no nonce support
  for those in a static build. Styles cannot run code; scripts stay strict.
* `connect-src 'self'` plus the websocket origin of DOSSIER_ORIGIN (ws:// or wss://),
  not every ws: host.
* `img-src 'self' data: blob:` (icons, QR codes as data: URLs, photo previews),
  `font-src 'self' data:`, `object-src 'none'`, `base-uri 'none'`,
  `frame-ancestors 'none'` (and X-Frame-Options for old browsers), `form-action 'self'`.

`Cache-Control: no-store` goes on every HTML page, on everything under /api/auth/, and
on every response to a request that carries the session cookie, except the build's
fingerprinted files under /assets/ (the same public JavaScript and CSS for everyone;
caching them keeps the app fast on phones). /sw.js always gets `no-cache`, so browsers
check for a new service worker on every visit. HSTS only when the origin is https.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from dossier.settings import PROJECT_ROOT, Settings, get_settings
from dossier.web import read_cookie

Scope = MutableMapping[str, Any]
ASGIApp = Callable[[Scope, Callable, Callable], Awaitable[None]]

BASE_HEADERS = (
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
    (b"cross-origin-opener-policy", b"same-origin"),
)
HSTS = (b"strict-transport-security", b"max-age=31536000; includeSubDomains")
NO_STORE = b"no-store"
ALWAYS_NO_STORE_PREFIXES = ("/api/auth/",)
PUBLIC_STATIC_PREFIXES = ("/assets/",)  # fingerprinted build output, same for everyone
# The service worker: the browser must ask every time whether it changed (no-cache), so a
# new version reaches every device; it is the same public file for everyone.
SERVICE_WORKER_PATHS = ("/sw.js",)
NO_CACHE = b"no-cache"

_INLINE_SCRIPT = re.compile(rb"<script\b([^>]*)>(.*?)</script\s*>", re.DOTALL | re.IGNORECASE)
_HAS_SRC = re.compile(rb"\bsrc\s*=", re.IGNORECASE)


def build_dir() -> Path:
    """Where `reflex run --env prod` puts the static frontend it serves."""
    web = Path(os.environ.get("REFLEX_WEB_WORKDIR") or PROJECT_ROOT / ".web")
    if not web.is_absolute():
        web = PROJECT_ROOT / web
    return web / "build" / "client"


def inline_script_hashes(html: bytes) -> set[str]:
    """CSP source expressions ('sha256-...') for the inline scripts of one page."""
    hashes = set()
    for attributes, body in _INLINE_SCRIPT.findall(html):
        if _HAS_SRC.search(attributes) or not body.strip():
            continue
        digest = base64.b64encode(hashlib.sha256(body).digest()).decode()
        hashes.add(f"'sha256-{digest}'")
    return hashes


def build_script_hashes(directory: Path) -> list[str]:
    """The hashes of every inline script in every prerendered page of the build."""
    found: set[str] = set()
    for page in directory.rglob("*.html"):
        found |= inline_script_hashes(page.read_bytes())
    return sorted(found)


def websocket_origin(origin: str) -> str:
    parts = urlsplit(origin)
    return f"{'wss' if parts.scheme == 'https' else 'ws'}://{parts.netloc}"


def content_security_policy(settings: Settings, script_hashes: list[str]) -> str:
    directives = [
        "default-src 'self'",
        " ".join(["script-src 'self'", *script_hashes]),
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        f"connect-src 'self' {websocket_origin(settings.origin)}",
        "manifest-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ]
    if settings.secure_cookies:
        directives.append("upgrade-insecure-requests")
    return "; ".join(directives)


class _PolicyCache:
    """The CSP for the current build; worked out again only when the build changes."""

    def __init__(self, settings: Settings, directory: Path) -> None:
        self.settings = settings
        self.directory = directory
        self._stamp: tuple[int, int] | None = (-1, -1)
        self._value = b""

    def get(self) -> bytes:
        try:
            # A new build replaces the directory; its pages are rewritten, too.
            stamp: tuple[int, int] | None = (
                self.directory.stat().st_mtime_ns,
                (self.directory / "index.html").stat().st_mtime_ns,
            )
        except OSError:
            stamp = None  # no build (tests, `reflex run` in dev mode): 'self' only
        if stamp != self._stamp:
            hashes = build_script_hashes(self.directory) if stamp is not None else []
            self._value = content_security_policy(self.settings, hashes).encode()
            self._stamp = stamp
        return self._value


def _needs_no_store(path: str, request_headers: list, settings: Settings) -> bool:
    if path.startswith(ALWAYS_NO_STORE_PREFIXES):
        return True
    if path.startswith(PUBLIC_STATIC_PREFIXES):
        return False
    cookies = b"; ".join(value for name, value in request_headers if name == b"cookie")
    return bool(cookies) and bool(
        read_cookie(cookies.decode("latin-1"), settings.session_cookie_name)
    )


def security_headers(app: ASGIApp, *, build: Path | None = None) -> ASGIApp:
    settings = get_settings()
    fixed = [*BASE_HEADERS, *([HSTS] if settings.secure_cookies else [])]
    policy = _PolicyCache(settings, build or build_dir())

    async def wrapped(scope: Scope, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        signed_in_or_auth = _needs_no_store(scope.get("path", ""), scope["headers"], settings)
        service_worker = scope.get("path", "") in SERVICE_WORKER_PATHS

        async def send_with_headers(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                extra = [(b"content-security-policy", policy.get()), *fixed]
                headers += [(name, value) for name, value in extra if name not in present]
                content_type = next((v for n, v in headers if n.lower() == b"content-type"), b"")
                if service_worker:
                    headers = [(n, v) for n, v in headers if n.lower() != b"cache-control"]
                    headers.append((b"cache-control", NO_CACHE))
                elif signed_in_or_auth or content_type.startswith(b"text/html"):
                    headers = [(n, v) for n, v in headers if n.lower() != b"cache-control"]
                    headers.append((b"cache-control", NO_STORE))
                message["headers"] = headers
            await send(message)

        await app(scope, receive, send_with_headers)

    return wrapped
