"""The check-in trends in the browser: the home case manager on a phone and on a tablet.

Femke (casemanager thuis, Gezin De Vries) finds Lotte's request to talk first on the
overview and on the check-in page, sees the mood chart (a real svg), switches period and
sibling, picks the signal up, and downloads the check-ins shared with her. On the tablet
the two charts stand side by side. axe-core finds no serious or critical problems.

The signal is made here, as Lotte would make it (the domain's own record_checkin), in
the server's database: the demo data may or may not have signals of its own.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect
from sqlmodel import select

from tests.browser.support import PHONE, TABLET, Account, AppServer, AxeReport, goto

pytestmark = pytest.mark.browser

DE_VRIES = "Gezin De Vries"
SIGNAL = "Lotte wil graag praten met Femke Bos"

Login = Callable[[Page, Account], None]
CheckAxe = Callable[[Page, str], AxeReport]
NewContext = Callable[..., BrowserContext]


def lotte_asks_femke_to_talk(app_server: AppServer) -> str:
    """Lotte's check-in, shared with the home case manager only, asking to talk to her."""
    from dossier.db import session_scope
    from dossier.domain.access import actor_for
    from dossier.domain.checkins import record_checkin
    from dossier.models import Membership, Role, User

    note = f"Kunnen we praten? {secrets.token_hex(3)}"
    url = f"sqlite:///{app_server.log_path.parent / 'dossier.db'}"
    with session_scope(url) as session:

        def member(email_start: str, role: Role) -> Membership:
            return session.exec(
                select(Membership)
                .join(User, User.id == Membership.user_id)
                .where(User.email.startswith(email_start), Membership.role == role)
            ).one()

        lotte = member("lotte.devries", Role.SIBLING)
        femke = member("femke.bos", Role.CM_HOME)
        actor = actor_for(session, user_id=lotte.user_id, family_id=lotte.family_id)
        record_checkin(
            session,
            actor,
            mood=2,
            needs=["someone_to_talk"],
            note=note,
            audience=["cm_home"],
            wants_to_talk=True,
            talk_to_id=femke.id,
        )
    return note


def open_checkin(page: Page) -> None:
    nav = page.get_by_role("navigation", name="Hoofdmenu")
    nav.get_by_role("link", name="Check-in", exact=True).click()
    expect(page).to_have_url(re.compile(r"/check-in/?$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Hoe gaat het?")
    expect(page.locator("#mood-chart svg.recharts-surface").first).to_be_visible()


def shared_line(page: Page):
    return page.get_by_role("region", name="Zo ging het de laatste tijd").locator("#gedeeld")


def test_home_case_manager_follows_the_siblings_on_a_phone(
    app_server: AppServer, page: Page, login: Login, check_axe: CheckAxe
) -> None:
    note = lotte_asks_femke_to_talk(app_server)
    login(page, app_server.account(DE_VRIES, "cm_home"))

    # The overview names the signal first, with the way to the check-in page.
    attention = page.get_by_role("region", name="Misschien aandacht nodig")
    expect(attention).to_contain_text(SIGNAL)
    expect(attention.get_by_role("link", name="Naar check-in")).to_be_visible()

    open_checkin(page)
    signals = page.get_by_role("region", name="Misschien aandacht nodig")
    card = signals.get_by_role("listitem").filter(has_text=SIGNAL).first
    expect(card).to_be_visible()
    open_before = signals.get_by_role("listitem").filter(has_text=SIGNAL).count()

    # The mood chart: a real svg with a line, the face words on the y axis, and the same
    # numbers in words next to it.
    figure = page.locator("figure").filter(has=page.locator("#mood-chart"))
    expect(figure.locator(".recharts-line-curve").first).to_be_visible()
    expect(figure.locator("#mood-chart")).to_contain_text("Heel goed")
    expect(figure.locator("figcaption")).to_have_text(
        re.compile(r"^Gemiddeld \d,\d over \d+ check-ins?; laatste: [a-z ]+$")
    )
    expect(
        page.get_by_role("img", name=re.compile(r"^Grafiek: hoe \w+ zich voelde"))
    ).to_be_visible()
    expect(page.locator("#needs-chart svg.recharts-surface").first).to_be_visible()
    # Nothing sticks out sideways on a 390 px phone.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    check_axe(page, "/check-in (phone, home case manager)")

    # Another period, then another sibling.
    page.get_by_role("radio", name="4 weken").click()
    expect(shared_line(page)).to_contain_text("de laatste 4 weken")
    expect(page.get_by_role("radio", name="4 weken")).to_have_attribute("aria-checked", "true")
    page.get_by_role("radio", name=re.compile(r"^Lotte \(\d+\)$")).click()
    expect(shared_line(page)).to_have_text(
        re.compile(r"^Lotte deelde \d+ check-ins? met jou in de laatste 4 weken\.$")
    )
    notes = page.get_by_role("region", name="Berichtjes")
    expect(notes).to_contain_text(note)
    expect(page.locator("#mood-chart svg.recharts-surface").first).to_be_visible()
    page.get_by_role("radio", name=re.compile(r"^Daan \(\d+\)$")).click()
    expect(shared_line(page)).to_contain_text("Daan")
    expect(notes).not_to_contain_text(note)

    # Femke picks it up: it leaves the open list and shows who picked it up.
    card.get_by_role("button", name=f"Opgepakt: {SIGNAL}").click()
    expect(signals.get_by_role("listitem").filter(has_text=SIGNAL)).to_have_count(open_before - 1)
    signals.get_by_text(re.compile(r"^Onlangs opgepakt")).click()
    expect(signals.get_by_text(re.compile(r"^Opgepakt door Femke Bos, ")).first).to_be_visible()
    check_axe(page, "/check-in after picking up (phone)")

    # The download holds what was shared with her, as a Dutch Excel file.
    link = page.get_by_role("link", name="Download als bestand (CSV)")
    href = link.get_attribute("href")
    assert href and href.startswith("/api/checkins/export.csv?sibling=")
    response = page.request.get(app_server.url(href))
    assert response.status == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.body().startswith("\ufeffDatum;Stemming".encode())


def test_the_tablet_shows_the_charts_side_by_side(
    app_server: AppServer, login: Login, check_axe: CheckAxe, new_context: NewContext
) -> None:
    tablet = new_context(TABLET).new_page()
    login(tablet, app_server.account(DE_VRIES, "cm_home"))
    open_checkin(tablet)
    tablet.get_by_role("radio", name="6 maanden").click()
    expect(shared_line(tablet)).to_contain_text("de laatste 6 maanden")
    mood = tablet.locator("#mood-chart").bounding_box()
    needs = tablet.locator("#needs-chart").bounding_box()
    assert mood and needs
    assert needs["x"] > mood["x"] + mood["width"] - 1  # next to each other...
    assert mood["width"] > 400 and needs["width"] > 240  # ...the mood over time the widest
    assert tablet.evaluate("() => document.documentElement.scrollWidth") <= TABLET["width"]
    check_axe(tablet, "/check-in (tablet, home case manager)")


def test_a_sibling_opening_the_page_goes_to_their_own_screen(
    app_server: AppServer, page: Page, login: Login
) -> None:
    login(page, app_server.account(DE_VRIES, "sibling"))
    goto(page, app_server.url("/check-in"))
    expect(page).to_have_url(re.compile(r"/mijn-check-in/?$"))
