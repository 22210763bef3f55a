"""GET /api/k/<token>: a sibling opens their personal check-in link (or scans its QR code).

A live link starts a *link session* (dossier/domain/checkin_links.py), sets the session
cookie and sends the browser to the sibling's check-in screen (/mijn-check-in); that
session reaches nothing else. Whoever was signed in on this browser before (a parent
on the shared family tablet) is signed out in the same transaction, and the browser's
stored page state is cleared, so nothing of theirs stays behind for the child.

A dead link (unknown, revoked, the sibling left) goes to the login page, which says
the link no longer works, and counts as a failure against the client's IP: from the
21st in a minute even a good link waits (Retry-After), which makes guessing hopeless.
The token is never put anywhere but the database lookup; answers are not cached.
A HEAD request (link checkers) opens nothing.

Asked first: when the link comes from another site (`Sec-Fetch-Site: cross-site` or
`same-site`; in older browsers an Origin or Referer of another site) and this browser
has an adult's full session, nothing ends on the GET. A small page asks "Je bent
ingelogd als X. Wil je uitloggen en de check-in van Y openen?"; its button POSTs to the
same address, and that POST is refused unless it comes from this site (CSRF). A link the
user opened themselves (typed, pasted, scanned: `Sec-Fetch-Site: none`, or from this
site: `same-origin`) works as before, at once.
"""

from __future__ import annotations

import base64
import hashlib
import html
from urllib.parse import quote, urlsplit

from sqlmodel import col, select
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from dossier import routes
from dossier.api.http import (
    client,
    client_ip,
    cookie,
    forbidden_cross_site,
    no_store,
    redirect,
    session_token,
    set_session_cookie,
)
from dossier.api.identity import login_from
from dossier.api.throttle import count_failure, refuse_if_throttled
from dossier.db import session_scope
from dossier.domain import sessions, throttle
from dossier.domain.checkin_links import LINK_PATH, MAX_TOKEN_LENGTH, link_is_live, open_link
from dossier.i18n import pick_locale, translate
from dossier.models import CheckinLink, Membership, User, saved_id
from dossier.settings import get_settings
from dossier.web import LANG_COOKIE, is_same_origin

DEAD_LINK_REASON = "link"  # /login?reason=link: "this link no longer works"
# Navigations the user made: typed, pasted, scanned, a bookmark (none), or on this site.
OWN_NAVIGATION = {"none", "same-origin"}


def _open(token: str, previous: str | None, ip: str, user_agent: str) -> str | None:
    """The new link session's token, with the browser's earlier session ended; or None."""
    with session_scope() as session:
        new_token = open_link(session, token, ip=ip, user_agent=user_agent)
        if new_token is not None and previous:
            sessions.end_session(session, previous)
        return new_token


def _from_elsewhere(request: Request) -> bool:
    """Whether the link was followed from another site, not opened by the user here."""
    fetch_site = request.headers.get("sec-fetch-site")
    if fetch_site:
        return fetch_site not in OWN_NAVIGATION
    # Older browsers: only what they say of where the link was (no header: opened directly).
    source = request.headers.get("origin") or request.headers.get("referer") or ""
    if not source:
        return False
    if source == "null":  # an opaque origin: a sandbox, or a redirect that hides it
        return True
    parts = urlsplit(source)
    return not is_same_origin(get_settings(), f"{parts.scheme}://{parts.netloc}", None)


def _question(request: Request, token: str) -> tuple[str, str] | None:
    """(signed-in adult, sibling) when a live link would end this browser's full session."""
    with session_scope() as session:
        current = login_from(request, session, touch=True)  # a link session: None
        if current is None or len(token) > MAX_TOKEN_LENGTH:
            return None
        link = session.exec(
            select(CheckinLink).where(CheckinLink.token_hash == sessions.hash_token(token))
        ).first()
        if link is None or not link_is_live(session, saved_id(link)):
            return None  # a dead link ends nothing: it is handled as before
        sibling = session.exec(
            select(User.name)
            .join(Membership, col(Membership.user_id) == User.id)
            .where(Membership.id == link.sibling_id)
        ).first()
        adult = session.get(User, current.user_id)
        return (adult.name if adult else ""), sibling or ""


CONFIRM_CSS = """
:root { color-scheme: light; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; }
body { margin: 0; background: #f7faf9; color: #1a2b28; line-height: 1.5; }
main { max-width: 36rem; margin: 0 auto; padding: 2rem 1rem; }
h1 { font-size: 1.5rem; margin: 0 0 0.75rem; }
.muted { color: #4b5d59; font-size: 0.95rem; }
button { min-height: 44px; padding: 0 1.25rem; font: inherit; font-weight: 600;
  color: #fff; background: #0f766e; border: 0; border-radius: 0.5rem; cursor: pointer; }
button:focus-visible, a:focus-visible { outline: 3px solid #134e4a; outline-offset: 2px; }
a { color: #0f5f59; display: inline-block; min-height: 44px; line-height: 44px; }
"""
_CSS_HASH = base64.b64encode(hashlib.sha256(CONFIRM_CSS.encode()).digest()).decode()
# No scripts at all; only this page's own style, and the form may only post here.
CONFIRM_CSP = (
    f"default-src 'none'; style-src 'sha256-{_CSS_HASH}'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)


def confirm_page(lang: str, token: str, adult: str, sibling: str) -> str:
    """Asks before an adult's session ends for a link from elsewhere (no script, one form)."""

    def t(key: str, **params: str) -> str:
        return html.escape(translate(lang, key, **params))

    action = html.escape(LINK_PATH + quote(token, safe=""))
    return f"""<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>{t("links.confirm.title")}</title>
<style>{CONFIRM_CSS}</style>
</head>
<body>
<main>
<h1>{t("links.confirm.title")}</h1>
<p>{t("links.confirm.text", name=adult, sibling=sibling)}</p>
<p class="muted">{t("links.confirm.why")}</p>
<form method="post" action="{action}">
<button type="submit">{t("links.confirm.continue")}</button>
</form>
<p><a href="/">{t("links.confirm.stay")}</a></p>
</main>
</body>
</html>
"""


async def open_checkin_link(request: Request) -> Response:
    if request.method == "HEAD":  # link checkers and previews: open nothing, count nothing
        return no_store(Response(status_code=204))
    if request.method == "POST" and forbidden_cross_site(request):
        return no_store(Response(status_code=403))  # the "yes" only counts from this site
    token = str(request.path_params.get("token", ""))[: MAX_TOKEN_LENGTH + 1]
    keys = throttle.link_keys(ip=client_ip(request))
    if refused := await refuse_if_throttled(keys, routes.LOGIN):
        return no_store(refused)
    ip, user_agent = client(request)
    previous = session_token(request)
    asked = None
    if request.method == "GET" and previous and _from_elsewhere(request):
        asked = await run_in_threadpool(_question, request, token)
    if asked is not None:
        lang = pick_locale(cookie(request, LANG_COOKIE))
        page = HTMLResponse(confirm_page(lang, token, *asked))
        page.headers["Content-Security-Policy"] = CONFIRM_CSP
        return no_store(page)
    new_token = await run_in_threadpool(_open, token, previous, ip, user_agent)
    if new_token is None:
        await count_failure(keys)
        return no_store(redirect(routes.LOGIN, reason=DEAD_LINK_REASON))
    response = redirect(routes.MY_CHECKIN)
    set_session_cookie(response, new_token)
    # A fresh start for the child: no page state of whoever used this browser before.
    response.headers["Clear-Site-Data"] = '"cache", "storage"'
    return no_store(response)


def checkin_link_routes() -> list[Route]:
    # POST: the "yes" of the page that asks first (a GET from another site).
    return [Route(LINK_PATH + "{token}", open_checkin_link, methods=["GET", "POST"])]
