"""The sibling check-in from end to end, as a family lives it.

1. A parent sets up Daan's (9) personal link on the check-in settings page.
2. Daan opens it on a phone that nobody is signed in on, checks in and shares only with
   the home case manager, asking her to talk. The link reaches nothing else.
3. His mother sees no trace of it; the home case manager sees it and its signal.
4. Lotte (14) shares a check-in with her parents, and they see it.
axe-core checks the settings page, the link dialog and the link's check-in screen.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, expect

from tests.browser.support import PHONE, Account, AppServer, AxeReport, goto

pytestmark = pytest.mark.browser

# Femke, and any home case manager another browser test invited into the demo family.
ONLY_HOME_CASE_MANAGERS = re.compile(
    r"Dit lezen: Femke( en [^()]+)? \(help(t|en) jullie gezin thuis\)(?!,)"
)

DE_VRIES = "Gezin De Vries"
Login = Callable[[Page, Account], None]
CheckAxe = Callable[[Page, str], AxeReport]
NewContext = Callable[..., BrowserContext]


def tick(choice: Locator, on: bool = True) -> None:
    """A tap; the check-in screen follows the server's answer (controlled inputs)."""
    if choice.is_checked() != on:
        choice.click()
    expect(choice).to_be_checked(checked=on)


def member(app_server: AppServer, role: str, first_name: str) -> Account:
    (found,) = [
        a
        for a in app_server.accounts
        if a.family == DE_VRIES and a.role == role and a.name.startswith(first_name)
    ]
    return found


def make_link_for_daan(page: Page, check_axe: CheckAxe) -> str:
    """As a parent: the settings page, then a new personal link for Daan (shown once)."""
    page.get_by_role("button", name="Menu: taal, gezin en uitloggen").click()
    page.get_by_role("dialog").get_by_role("link", name="Check-in instellen").click()
    expect(page).to_have_url(re.compile(r"/check-in/instellingen/?$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Check-in instellen")
    daan = page.get_by_role("region", name="Daan de Vries")
    expect(daan).to_contain_text("9 jaar · Jonger dan 12")
    expect(daan.get_by_role("checkbox", name="Ouders").first).to_be_checked()
    check_axe(page, "check-in settings (phone, parent)")

    links = page.get_by_role("region", name="Persoonlijke check-in-link")
    card = links.get_by_role("listitem").filter(has_text="Daan de Vries")
    card.get_by_role("button", name=re.compile("link", re.IGNORECASE)).first.click()
    confirm = page.get_by_role("alertdialog")
    if confirm.count():  # Daan already had a link: making a new one asks first
        confirm.get_by_role("button", name="Ja, maak een nieuwe link").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("Deze link opent alleen het check-in-scherm van Daan")
    expect(dialog.get_by_role("img", name=re.compile("QR-code"))).to_be_visible()
    check_axe(page, "personal link dialog (phone, parent)")
    link = dialog.get_by_label("De link").input_value()
    assert re.fullmatch(r"https?://[^/]+/api/k/[\w-]{43}", link), link
    dialog.get_by_role("button", name="Sluiten").click()
    expect(card).to_contain_text("Link actief")
    return link


def daan_checks_in_with_the_link(
    link: str, phone: Page, check_axe: CheckAxe, app_server: AppServer, note: str
) -> None:
    goto(phone, link)
    expect(phone).to_have_url(re.compile(r"/mijn-check-in/?$"))
    expect(phone.get_by_role("banner")).to_contain_text("Hoi Daan")
    # A link session has no way into the dossier.
    expect(phone.get_by_role("link", name="Naar mijn taken")).to_have_count(0)
    expect(phone.get_by_role("navigation", name="Hoofdmenu")).to_have_count(0)
    check_axe(phone, "my check-in via the personal link (phone)")

    tick(phone.get_by_role("radio", name="Heel slecht", exact=True))
    tick(phone.get_by_role("checkbox", name="Iemand om mee te praten"))
    phone.get_by_label("Je berichtje (mag ook leeg blijven)").fill(note)
    # Under 12 the default is parents and home case manager; Daan keeps only Femke.
    tick(phone.get_by_role("checkbox", name=re.compile(r"^Je ouders")), False)
    tick(phone.get_by_role("checkbox", name=re.compile(r"^Uit het ziekenhuis")), False)
    tick(phone.get_by_role("checkbox", name=re.compile(r"^Helpt jullie gezin thuis")), True)
    expect(phone.locator("#mc-readers")).to_have_text(ONLY_HOME_CASE_MANAGERS)
    tick(phone.get_by_role("checkbox", name="Ik wil graag praten"))
    # Only Femke, or anyone another test invited as home case manager, can be chosen.
    tick(phone.get_by_role("radio", name="Femke, helpt jullie gezin thuis"))
    phone.get_by_role("button", name="Versturen").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Dank je wel!")
    expect(phone.locator(".mc-thanks")).to_contain_text("Femke weet nu")

    # Every other page of the dossier brings the link back to its check-in screen.
    for path in ["/", "/taken", "/agenda", "/check-in", "/gezin", "/check-in/instellingen"]:
        goto(phone, app_server.url(path))
        expect(phone).to_have_url(re.compile(r"/mijn-check-in/?$"))
        expect(phone.get_by_role("banner")).to_contain_text("Hoi Daan")


def open_daan_on_checkin_page(page: Page, app_server: AppServer) -> None:
    goto(page, app_server.url("/check-in"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Hoe gaat het?")
    page.get_by_role("radio", name=re.compile(r"^Daan \(\d+\)$")).click()
    expect(page.locator("#gedeeld")).to_contain_text("Daan")


def test_a_nine_year_old_checks_in_with_a_link_and_only_femke_reads_it(
    app_server: AppServer,
    page: Page,
    login: Login,
    check_axe: CheckAxe,
    new_context: NewContext,
) -> None:
    login(page, member(app_server, "parent", "Anna"))
    link = make_link_for_daan(page, check_axe)

    note = f"Ik ben bang voor Sam {secrets.token_hex(3)}"
    phone = new_context(PHONE).new_page()
    daan_checks_in_with_the_link(link, phone, check_axe, app_server, note)

    # Anna: not in the notes, no signal, not on the overview.
    open_daan_on_checkin_page(page, app_server)
    expect(page.locator("main")).not_to_contain_text(note)
    expect(page.locator("main")).not_to_contain_text("Daan wil graag praten")
    goto(page, app_server.url("/"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Daan wil graag praten")

    # Femke: the signal on her overview, and the note on the check-in page.
    femke = new_context(PHONE).new_page()
    login(femke, member(app_server, "cm_home", "Femke"))
    attention = femke.get_by_role("region", name="Misschien aandacht nodig")
    expect(attention).to_contain_text("Daan wil graag praten met Femke Bos")
    open_daan_on_checkin_page(femke, app_server)
    expect(femke.get_by_role("region", name="Berichtjes")).to_contain_text(note)
    expect(femke.get_by_role("region", name="Misschien aandacht nodig")).to_contain_text(
        "Daan wil graag praten met Femke Bos"
    )

    # Revoking the link closes Daan's screen at his next tap.
    goto(page, app_server.url("/check-in/instellingen"))
    links = page.get_by_role("region", name="Persoonlijke check-in-link")
    card = links.get_by_role("listitem").filter(has_text="Daan de Vries")
    card.get_by_role("button", name=re.compile("intrekken", re.IGNORECASE)).click()
    page.get_by_role("alertdialog").get_by_role("button", name="Ja, trek de link in").click()
    expect(card).to_contain_text("Geen link")
    phone.get_by_role("radio", name="Goed", exact=True).click()
    expect(phone).to_have_url(re.compile(r"/login"))
    expect(phone.locator("main")).not_to_contain_text("Daan")


def test_a_fourteen_year_old_shares_with_her_parents(
    app_server: AppServer, page: Page, login: Login, new_context: NewContext
) -> None:
    note = f"Fijn weekend gehad {secrets.token_hex(3)}"
    login(page, member(app_server, "sibling", "Lotte"))
    goto(page, app_server.url("/mijn-check-in"))
    tick(page.get_by_role("radio", name="Goed", exact=True))
    tick(page.get_by_role("checkbox", name="Even iets leuks doen"))
    page.get_by_label("Je berichtje (mag ook leeg blijven)").fill(note)
    tick(page.get_by_role("checkbox", name=re.compile(r"^Je ouders")), True)
    tick(page.get_by_role("checkbox", name=re.compile(r"^Helpt jullie gezin thuis")), False)
    tick(page.get_by_role("checkbox", name=re.compile(r"^Uit het ziekenhuis")), False)
    expect(page.locator("#mc-readers")).to_contain_text("Dit lezen: ")
    expect(page.locator("#mc-readers")).to_contain_text("(je ouders)")
    expect(page.locator("#mc-readers")).not_to_contain_text("ziekenhuis")
    page.get_by_role("button", name="Versturen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dank je wel!")

    mark = new_context(PHONE).new_page()
    login(mark, member(app_server, "parent", "Mark"))
    goto(mark, app_server.url("/check-in"))
    mark.get_by_role("radio", name=re.compile(r"^Lotte \(\d+\)$")).click()
    expect(mark.get_by_role("region", name="Berichtjes")).to_contain_text(note)

    sanne = new_context(PHONE).new_page()
    login(sanne, member(app_server, "cm_hospital", "Sanne"))
    goto(sanne, app_server.url("/check-in"))
    sanne.get_by_role("radio", name=re.compile(r"^Lotte \(\d+\)$")).click()
    expect(sanne.locator("#gedeeld")).to_contain_text("Lotte")
    expect(sanne.locator("main")).not_to_contain_text(note)
