"""Netwerk in the browser: a parent fills the network on her phone, a case manager sets
her hours and an absence on a tablet, a caregiver sees only whom to call in an emergency.

The suite shares one server and the demo families: what a journey adds it takes away
again (the contacts, the absence), so other journeys read the demo as it was written.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from datetime import timedelta

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, expect

from dossier.clock import local_today  # the app's day (Amsterdam)
from tests.browser.support import (
    PHONE,
    TABLET,
    Account,
    AppServer,
    AxeReport,
    goto,
    invite_and_join,
    taps_settled,
)

pytestmark = pytest.mark.browser

DE_VRIES = "Gezin De Vries"
Login = Callable[[Page, Account], None]
CheckAxe = Callable[[Page, str], AxeReport]
NewContext = Callable[..., BrowserContext]


def open_network(page: Page, app_server: AppServer) -> None:
    goto(page, app_server.url("/netwerk"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Netwerk")
    expect(page.get_by_role("main").get_by_role("listitem").first).to_be_visible()


def contact_item(page: Page, name: str) -> Locator:
    return page.get_by_role("main").get_by_role("listitem").filter(has_text=name)


def add_contact(page: Page, name: str, number: str, *, emergency: bool, kind: str) -> Locator:
    taps_settled(page)
    page.get_by_role("button", name="Contact toevoegen").click()
    dialog = page.get_by_role("dialog", name="Nieuw contact")
    expect(dialog).to_be_visible()
    dialog.get_by_label("Naam").fill(name)
    dialog.get_by_label("Soort", exact=True).select_option(label=kind)
    dialog.get_by_label("Omschrijving nummer 1").fill("mobiel")
    dialog.get_by_label("Telefoonnummer 1").fill(number)
    if emergency:
        dialog.get_by_label("Bij spoed bellen").check()
    return dialog


def remove_contact(page: Page, name: str) -> None:
    """Open the contact (a dialog on a phone) and remove it, after the confirmation."""
    taps_settled(page)
    contact_item(page, name).get_by_role("button", name=re.compile("^" + re.escape(name))).click()
    details = page.get_by_role("dialog", name=name)
    expect(details).to_be_visible()
    details.get_by_role("button", name="Verwijderen").click()
    confirm = page.get_by_role("alertdialog", name="Contact verwijderen?")
    expect(confirm).to_contain_text(name)
    confirm.get_by_role("button", name="Ja, verwijderen").click()
    expect(contact_item(page, name)).to_have_count(0)


def set_hours(page: Page, mine: Locator, *, friday: bool, start: str, end: str) -> None:
    # The first range (a second one, for other days or times, stays empty).
    first = mine.get_by_role("group", name="Op welke dagen").first
    for day in ("maandag", "dinsdag", "woensdag", "donderdag"):
        first.get_by_label(day, exact=True).check()
    first.get_by_label("vrijdag", exact=True).set_checked(friday)
    mine.get_by_label("Van", exact=True).first.fill(start)
    mine.get_by_label("Tot", exact=True).first.fill(end)
    mine.get_by_role("button", name="Werktijden opslaan").click()
    expect(page.get_by_text("Werktijden opgeslagen.")).to_be_visible()


def test_a_parent_adds_the_gp_and_grandma_bij_spoed_on_her_phone(
    app_server: AppServer, new_context: NewContext, login: Login, check_axe: CheckAxe
) -> None:
    phone = new_context(PHONE).new_page()
    login(phone, app_server.account(DE_VRIES, "parent", 0))
    open_network(phone, app_server)
    # The demo's "bij spoed" contacts come first, marked.
    first = phone.get_by_role("main").get_by_role("listitem").first
    expect(first.get_by_text("Bij spoed", exact=True)).to_be_visible()
    expect(phone.get_by_text("Levensgevaar? Bel altijd 112.")).to_be_visible()
    check_axe(phone, "/netwerk (phone)")

    stamp = time.strftime("%H%M%S")
    gp, oma = f"Huisarts Berg {stamp}", f"Oma Wil {stamp}"

    # 112 is no contact's number: a clear message under the field, nothing saved.
    dialog = add_contact(phone, gp, "112", emergency=False, kind="Huisarts")
    check_axe(phone, "/netwerk, new contact form (phone)")
    dialog.get_by_role("button", name="Opslaan").click()
    expect(dialog.get_by_text("112 hoeft u niet op te slaan")).to_be_visible()
    expect(dialog.get_by_label("Telefoonnummer 1")).to_have_attribute("aria-invalid", "true")
    check_axe(phone, "/netwerk, form with a message (phone)")
    dialog.get_by_label("Telefoonnummer 1").fill("030-555 0111")
    dialog.get_by_role("button", name="Opslaan").click()
    expect(dialog).to_be_hidden()
    gp_item = contact_item(phone, gp)
    expect(gp_item).to_contain_text("Huisarts")
    expect(gp_item.get_by_role("link", name=re.compile("^Bel ")).first).to_have_attribute(
        "href", "tel:+31305550111"
    )

    dialog = add_contact(phone, oma, "06 1234 5699", emergency=True, kind="Familie / buren")
    dialog.get_by_role("button", name="Opslaan").click()
    expect(dialog).to_be_hidden()
    oma_item = contact_item(phone, oma)
    expect(oma_item.get_by_text("Bij spoed", exact=True)).to_be_visible()

    # A tap opens her: the number as a tel: link, in a dialog on the phone.
    taps_settled(phone)
    oma_item.get_by_role("button", name=re.compile("^" + re.escape(oma))).click()
    details = phone.get_by_role("dialog", name=oma)
    expect(details.get_by_role("link", name=re.compile("06 1234 5699"))).to_have_attribute(
        "href", "tel:+31612345699"
    )
    check_axe(phone, "/netwerk, a contact (phone)")
    details.get_by_role("button", name="Sluiten").click()
    expect(details).to_be_hidden()

    # The overview's "Bij spoed" card: a big tap-to-call button for her.
    goto(phone, app_server.url("/"))
    card = phone.get_by_role("region", name="Bij spoed")
    expect(card.get_by_role("link", name=re.compile(re.escape(oma)))).to_have_attribute(
        "href", "tel:+31612345699"
    )
    check_axe(phone, "/ with the Bij spoed card (phone)")

    # Taken away again, with a confirmation.
    open_network(phone, app_server)
    remove_contact(phone, oma)
    remove_contact(phone, gp)


def test_a_case_manager_sets_her_hours_and_an_absence_the_parent_reads_it_plainly(
    app_server: AppServer, new_context: NewContext, login: Login, check_axe: CheckAxe
) -> None:
    tablet = new_context(TABLET).new_page()
    login(tablet, app_server.account(DE_VRIES, "cm_hospital"))
    open_network(tablet, app_server)
    mine = tablet.get_by_role("region", name="Mijn bereikbaarheid")
    expect(mine).to_be_visible()
    check_axe(tablet, "/netwerk with Mijn bereikbaarheid (tablet)")

    # On a tablet a tap shows the contact in the pane beside the list.
    contact_item(tablet, "Oma Ria").get_by_role("button", name=re.compile("^Oma Ria")).click()
    pane = tablet.get_by_role("region", name="Gekozen contact")
    expect(pane.get_by_role("heading", level=2)).to_have_text("Oma Ria")
    expect(tablet.get_by_role("dialog")).to_have_count(0)
    check_axe(tablet, "/netwerk, a contact in the pane (tablet)")

    # Working hours (the demo has Monday to Friday, 8.30 to 17.00): Fridays off, 8 to 16.30.
    set_hours(tablet, mine, friday=False, start="08:00", end="16:30")
    expect(mine.get_by_text("Niet voor spoed · bereikbaar ma-do 8.00-16.30")).to_be_visible()

    # Away from today for five days; Femke stands in for this family.
    today = local_today()
    until = today + timedelta(days=5)
    mine.get_by_label("Eerste dag afwezig").fill(today.isoformat())
    mine.get_by_label("Laatste dag afwezig").fill(until.isoformat())
    mine.get_by_label("Vervanger in dit gezin").select_option(label="Femke Bos")
    mine.get_by_role("button", name="Afwezigheid toevoegen").click()
    expect(tablet.get_by_text("Afwezigheid opgeslagen.")).to_be_visible()
    expect(mine.get_by_text(re.compile("vervanger: Femke Bos"))).to_be_visible()
    check_axe(tablet, "/netwerk with an absence (tablet)")

    # The parent's overview says it plainly, under the case manager.
    phone = new_context(PHONE).new_page()
    login(phone, app_server.account(DE_VRIES, "parent", 0))
    team = phone.get_by_role("region", name="Ons team")
    expect(team).to_contain_text("Niet voor spoed · bereikbaar ma-do 8.00-16.30")
    expect(team).to_contain_text(
        re.compile(r"Sanne is afwezig tot \d+ \w+.* Vervanger: Femke Bos\.")
    )
    check_axe(phone, "/ with the team's reachability (phone)")

    # Femke turns out to be away too: Oma Ria stands in instead, and the overview follows.
    mine.get_by_label("Vervanger", exact=True).select_option(label="Oma Ria")
    expect(tablet.get_by_text("Vervanger aangepast.")).to_be_visible()
    expect(mine.get_by_text(re.compile("vervanger: Oma Ria"))).to_be_visible()
    goto(phone, app_server.url("/"))
    expect(phone.get_by_role("region", name="Ons team")).to_contain_text("Vervanger: Oma Ria.")

    # Back at work after all: the absence goes, and the overview no longer says it.
    mine.get_by_role("button", name=re.compile("^Afwezigheid verwijderen")).click()
    expect(mine.get_by_text("Geen afwezigheid gepland.")).to_be_visible()
    goto(phone, app_server.url("/"))
    expect(phone.get_by_role("region", name="Ons team")).not_to_contain_text("Sanne is afwezig")
    set_hours(tablet, mine, friday=True, start="08:30", end="17:00")  # as the demo wrote them


def test_a_caregiver_sees_only_whom_to_call_and_cannot_edit(
    app_server: AppServer, new_context: NewContext, login: Login, check_axe: CheckAxe
) -> None:
    # A caregiver of her own: the demo's may have been removed by another journey.
    parent = new_context(TABLET).new_page()
    login(parent, app_server.account(DE_VRIES, "parent", 1))
    phone = invite_and_join(
        app_server,
        parent,
        new_context,
        role="caregiver",
        name="Wendy Wijkzorg",
        email=f"wendy.{time.strftime('%H%M%S')}@example.nl",
    )
    goto(phone, app_server.url("/"))
    card = phone.get_by_role("region", name="Bij spoed")
    expect(card.get_by_role("link", name=re.compile("Oma Ria"))).to_be_visible()
    open_network(phone, app_server)
    items = phone.get_by_role("main").get_by_role("listitem")
    # Only the "bij spoed" contacts.
    expect(items.filter(has_text="Oma Ria")).to_have_count(1)
    expect(items.filter(has_text="Apotheek Lombok")).to_have_count(0)
    expect(items.filter(has_text="Basisschool De Regenboog")).to_have_count(0)
    expect(phone.get_by_role("button", name="Contact toevoegen")).to_have_count(0)
    check_axe(phone, "/netwerk as a caregiver (phone)")
