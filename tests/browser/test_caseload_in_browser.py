"""Mijn gezinnen: the demo hospital case manager on a tablet and a phone."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.support import PHONE, Account, AppServer, AxeReport, goto, wait_until_live

pytestmark = pytest.mark.browser

DE_VRIES, YILMAZ = "Gezin De Vries", "Gezin Yilmaz"
MENU = "Menu: taal, gezin en uitloggen"
TALL_TABLET = {"width": 1024, "height": 1366}
CheckAxe = Callable[[Page, str], AxeReport]
NewContext = Callable[..., BrowserContext]
# Which elements reach past the right edge (for the message when the width check fails).
WIDER_THAN_THE_SCREEN = """() => [...document.querySelectorAll("body *")]
    .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5)
    .slice(0, 8)
    .map((el) => `${el.tagName.toLowerCase()}.${el.className}`.slice(0, 80))"""


def sign_in(page: Page, server: AppServer, account: Account) -> None:
    """The real login form, until the overview has its data (like support.log_in, but it
    waits for a *visible* section: the shell may hold a hidden install hint)."""
    goto(page, server.url("/login"))
    page.get_by_label("E-mailadres").fill(account.email)
    page.get_by_label("Wachtwoord").fill(account.password)
    page.get_by_role("button", name="Inloggen").click()
    expect(page).to_have_url(server.url("/"))
    wait_until_live(page)
    expect(page.get_by_role("banner")).to_contain_text(re.compile(r"Gezin \w+"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Overzicht")


def family_headings(page: Page):
    return page.locator(".caseload-grid").get_by_role("heading", level=2)


def test_the_hospital_case_manager_sees_her_families_and_opens_the_other_one(
    app_server: AppServer, check_axe: CheckAxe, new_context: NewContext
) -> None:
    sanne = app_server.account(DE_VRIES, "cm_hospital")
    page = new_context(TALL_TABLET).new_page()
    sign_in(page, app_server, sanne)
    page.get_by_role("button", name=MENU).click()
    page.get_by_role("link", name="Mijn gezinnen").click()
    expect(page).to_have_url(app_server.url("/mijn-gezinnen"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn gezinnen")
    # Sorted by urgency: De Vries has more late tasks than Yilmaz in the demo data.
    expect(family_headings(page)).to_have_text([DE_VRIES, YILMAZ])
    grid = page.locator(".caseload-grid > li")
    first, second = grid.nth(0).bounding_box(), grid.nth(1).bounding_box()
    assert first and second and abs(first["y"] - second["y"]) < 2, "two columns at 1024 px"
    expect(grid.nth(0)).to_contain_text("Andere casemanager: Femke Bos")
    expect(grid.nth(1)).to_contain_text("Andere casemanager: Rik Willems")
    expect(grid.nth(0)).to_contain_text(re.compile(r"\d+ taken te laat of nabellen"))
    check_axe(page, "caseload (tablet 1024x1366)")

    page.get_by_role("radio", name="Signalen").click()
    expect(page.get_by_text("Geen gezinnen bij deze keuze.")).to_be_visible()
    page.get_by_role("radio", name="Aandacht nodig").click()
    expect(family_headings(page)).to_have_text([DE_VRIES, YILMAZ])
    page.get_by_role("radio", name="Alles").click()
    expect(family_headings(page)).to_have_count(2)

    page.get_by_role("button", name=f"Open dossier van {YILMAZ}").click()
    expect(page).to_have_url(app_server.url("/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Overzicht")
    expect(page.get_by_role("banner")).to_contain_text(YILMAZ)


def test_the_caseload_on_a_phone_and_for_a_parent(
    app_server: AppServer, check_axe: CheckAxe, new_context: NewContext
) -> None:
    phone = new_context(PHONE).new_page()
    sign_in(phone, app_server, app_server.account(DE_VRIES, "cm_hospital"))
    goto(phone, app_server.url("/mijn-gezinnen"))
    expect(family_headings(phone)).to_have_count(2)
    grid = phone.locator(".caseload-grid > li")
    first, second = grid.nth(0).bounding_box(), grid.nth(1).bounding_box()
    assert first and second and second["y"] > first["y"] + 10, "one column on a phone"
    # Nothing sticks out at 390 px: the page never scrolls sideways.
    too_wide = phone.evaluate(WIDER_THAN_THE_SCREEN)
    width = phone.evaluate("document.scrollingElement.scrollWidth")
    assert width <= 390, f"scrolls sideways to {width} px: {too_wide}"
    check_axe(phone, "caseload (phone)")

    parent = new_context(PHONE).new_page()
    sign_in(parent, app_server, app_server.account(DE_VRIES, "parent", 0))
    parent.get_by_role("button", name=MENU).click()
    expect(parent.get_by_role("link", name="Gezin en toegang")).to_be_visible()
    expect(parent.get_by_role("link", name="Mijn gezinnen")).to_have_count(0)
    parent.keyboard.press("Escape")
    goto(parent, app_server.url("/mijn-gezinnen"))
    expect(parent.get_by_text("Je bent in geen enkel gezin casemanager.")).to_be_visible()
    check_axe(parent, "caseload (not a case manager)")
