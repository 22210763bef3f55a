"""Small helpers for HTTP requests and cookies, shared by the routes and the event gate."""

from __future__ import annotations

from http.cookies import CookieError, SimpleCookie
from urllib.parse import urlsplit

from dossier.settings import Settings

LANG_COOKIE = "dossier_lang"


def read_cookie(cookie_header: str, name: str) -> str | None:
    jar = SimpleCookie()
    try:
        jar.load(cookie_header or "")
    except CookieError:
        return None
    morsel = jar.get(name)
    return morsel.value if morsel else None


def is_same_origin(settings: Settings, origin: str | None, fetch_site: str | None) -> bool:
    """Refuse cross-site form posts (CSRF); requests without browser headers are no CSRF risk."""
    if fetch_site and fetch_site not in {"same-origin", "same-site", "none"}:
        return False
    if not origin:
        return True
    allowed = {settings.origin, *_local_aliases(settings.origin)}
    return origin.rstrip("/") in allowed


def _local_aliases(origin: str) -> set[str]:
    """localhost and 127.0.0.1 are the same machine during development."""
    parts = urlsplit(origin)
    if parts.hostname not in {"localhost", "127.0.0.1"}:
        return set()
    port = f":{parts.port}" if parts.port else ""
    return {f"{parts.scheme}://localhost{port}", f"{parts.scheme}://127.0.0.1{port}"}
