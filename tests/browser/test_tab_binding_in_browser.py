"""The shared family tablet: what one person's tab loaded never reaches the next person.

Reflex keeps a tab's state on the server under a client token in sessionStorage. A
parent opens "Wie doet wat" on the family tablet and walks away (no logout tap; the
idle timer only goes to the login page). Her son signs in in the same tab. Neither the
pages he sees nor any websocket frame his tab receives may carry the parents' list, and
his tab gets a new client token. The Yilmaz family's accounts are used, so the De Vries
journeys in other files see the data they expect.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Page, WebSocket, expect

from tests.browser.support import AppServer, goto, log_in

pytestmark = pytest.mark.browser

YILMAZ = "Gezin Yilmaz"
PARENTS_ONLY = "Opvang Emre op ziekenhuisdagen"  # an agreement siblings may not read
TOKEN = "() => window.sessionStorage.getItem('token')"
MENU = "Menu: taal, gezin en uitloggen"


def _record_frames(page: Page) -> list[tuple[str, str]]:
    """Every websocket frame the page receives, with the client token of its socket (the
    events of one socket can be handed to the test after the next page opened)."""
    frames: list[tuple[str, str]] = []

    def watch(socket: WebSocket) -> None:
        token = parse_qs(urlparse(socket.url).query).get("token", [""])[0]
        socket.on("framereceived", lambda payload: frames.append((token, str(payload))))

    page.on("websocket", watch)
    return frames


def test_a_sibling_signing_in_on_the_tablet_a_parent_used_never_receives_her_list(
    app_server: AppServer, page: Page
) -> None:
    frames = _record_frames(page)
    log_in(page, app_server, app_server.account(YILMAZ, "parent", 0))
    goto(page, app_server.url("/wie-doet-wat"))
    expect(page.get_by_text(PARENTS_ONLY).first).to_be_visible()
    parents_token = page.evaluate(TOKEN)
    assert any(PARENTS_ONLY in frame for _token, frame in frames), "her tab got her list"

    # She walks away; the idle timer takes the tab to the login page, as it does.
    page.goto(app_server.url("/login?reason=expired"))
    log_in(page, app_server, app_server.account(YILMAZ, "sibling", 0))
    goto(page, app_server.url("/wie-doet-wat"))
    page.wait_for_timeout(1500)  # every answer to the hydrate and the page's load

    sons_token = page.evaluate(TOKEN)
    assert sons_token not in (None, parents_token)
    sons_frames = [frame for token, frame in frames if token == sons_token]
    assert sons_frames
    assert not [frame for frame in sons_frames if PARENTS_ONLY in frame]
    expect(page.get_by_text(PARENTS_ONLY)).to_have_count(0)


def test_after_logout_the_tab_starts_again_with_a_new_client_token(
    app_server: AppServer, page: Page
) -> None:
    log_in(page, app_server, app_server.account(YILMAZ, "parent", 0))
    before = page.evaluate(TOKEN)

    page.get_by_role("button", name=MENU).click()
    page.get_by_role("button", name="Uitloggen", exact=True).click()
    expect(page).to_have_url(re.compile(r"/login/?\?bye=1$"))
    log_in(page, app_server, app_server.account(YILMAZ, "parent", 0))

    assert page.evaluate(TOKEN) not in (None, before)
