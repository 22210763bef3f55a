"""Who is in: a parent invites by link, removes someone, and reads the access log."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.support import PHONE, TABLET, Account, AppServer, AxeReport, goto

pytestmark = pytest.mark.browser

DE_VRIES = "Gezin De Vries"
MENU = "Menu: taal, gezin en uitloggen"
Login = Callable[[Page, Account], None]
CheckAxe = Callable[[Page, str], AxeReport]
NewContext = Callable[..., BrowserContext]


def open_members_page(page: Page, app_server: AppServer) -> None:
    page.get_by_role("button", name=MENU).click()
    page.get_by_role("link", name="Gezin en toegang").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gezin en toegang")
    expect(page).to_have_url(app_server.url("/gezin"))


def test_parent_invites_the_home_case_manager_who_joins_on_a_tablet(
    app_server: AppServer, page: Page, login: Login, check_axe: CheckAxe, new_context: NewContext
) -> None:
    login(page, app_server.account(DE_VRIES, "parent", 0))
    open_members_page(page, app_server)
    expect(page.get_by_text("Femke Bos", exact=True)).to_be_visible()
    check_axe(page, "members (parent)")

    page.get_by_label("Rol", exact=True).select_option("cm_home")
    page.get_by_label("Wie is het voor jullie? (niet verplicht)").fill("casemanager thuis (nieuw)")
    page.get_by_role("button", name="Maak uitnodigingslink").click()
    link_field = page.get_by_label("Uitnodigingslink")
    expect(link_field).to_have_value(re.compile(r"/uitnodiging\?t=[\w-]{40,}$"))
    expect(page.get_by_role("img", name="QR-code met de uitnodigingslink")).to_be_visible()
    check_axe(page, "members with a new invitation")
    link = link_field.input_value()

    tablet = new_context(TABLET).new_page()
    goto(tablet, link)
    expect(tablet.get_by_role("heading", level=1)).to_have_text("Uitnodiging")
    expect(tablet.get_by_text(DE_VRIES)).to_be_visible()
    check_axe(tablet, "invitation (tablet)")
    tablet.get_by_label("Je naam").fill("Noor Jansen")
    tablet.get_by_label("E-mailadres").fill("noor.jansen@example.nl")
    tablet.get_by_label("Kies een wachtwoord").fill("een goed lang wachtwoord")
    tablet.get_by_role("button", name="Doe mee").click()
    expect(tablet.get_by_role("heading", level=1)).to_have_text("Overzicht")
    expect(tablet.get_by_role("banner")).to_contain_text(DE_VRIES)

    # The link worked once; opened again it grants nothing and says why.
    again = new_context(PHONE).new_page()
    goto(again, link)
    expect(again.get_by_role("alert")).to_contain_text("al gebruikt")


def test_a_removed_caregiver_is_logged_out_of_her_open_tab_at_once(
    app_server: AppServer, page: Page, login: Login, new_context: NewContext
) -> None:
    caregiver = app_server.account(DE_VRIES, "caregiver", 0)
    their_tab = new_context(PHONE).new_page()
    login(their_tab, caregiver)

    login(page, app_server.account(DE_VRIES, "parent", 0))
    open_members_page(page, app_server)
    # Removing sits apart, inside the role dialog, behind its own confirmation.
    page.get_by_role("button", name=f"Rol wijzigen: {caregiver.name}").click()
    page.get_by_role("button", name=f"Verwijderen: {caregiver.name}").click()
    page.get_by_role("button", name="Ja, verwijderen").click()
    # The list is the lasting proof (the confirmation toast fades after a few seconds).
    expect(page.get_by_role("button", name=f"Rol wijzigen: {caregiver.name}")).to_have_count(0)

    # Their open tab leaves the family's data by itself: the removal is a change, pushed to
    # every open tab of the family, and its reload is refused and lands on the login page.
    expect(their_tab).to_have_url(re.compile(r"/login\?reason=expired"))
    expect(their_tab.get_by_role("alert")).to_contain_text("Je sessie is afgelopen")


def test_parent_reads_who_looked_at_what(
    app_server: AppServer, page: Page, login: Login, check_axe: CheckAxe
) -> None:
    login(page, app_server.account(DE_VRIES, "parent", 1))
    page.get_by_role("button", name=MENU).click()
    page.get_by_role("link", name="Wie heeft wat bekeken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wie heeft wat bekeken")
    entries = page.locator("main li")
    expect(entries.first).to_be_visible()
    expect(page.locator("main")).to_contain_text("bekeek")
    check_axe(page, "access log (parent)")
    page.get_by_label("Periode").select_option("7")
    expect(entries.first).to_be_visible()


def browse_a_morning(page: Page, app_server: AppServer) -> None:
    """A case manager's ordinary morning: the lists she opens, some of them twice."""
    for route in ("/taken", "/agenda", "/taken", "/wie-doet-wat", "/taken", "/agenda", "/"):
        goto(page, app_server.url(route))
        expect(page.get_by_role("heading", level=1)).to_be_visible()


def test_a_parent_reads_a_morning_of_looking_as_a_few_lines_on_a_phone(
    app_server: AppServer, page: Page, login: Login, new_context: NewContext
) -> None:
    femke = new_context(PHONE).new_page()
    login(femke, app_server.account(DE_VRIES, "cm_home", 0))
    browse_a_morning(femke, app_server)

    login(page, app_server.account(DE_VRIES, "parent", 0))
    goto(page, app_server.url("/wie-heeft-wat-bekeken"))
    entries = page.locator("main li")
    expect(entries.first).to_be_visible()
    height = page.evaluate("document.scrollingElement.scrollHeight")
    print(f"\naccess log at 390 px: {entries.count()} lines, {height} px high")
    # Her repeated looks at the task list fold into one sentence with a count and times.
    expect(page.locator("main")).to_contain_text(re.compile(r"Femke Bos.*bekeek \d+ keer"))
