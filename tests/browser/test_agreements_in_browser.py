"""Wie doet wat, as the trio uses it: the hospital case manager proposes on her tablet
that the home case manager takes something on; a parent confirms on the phone; the home
case manager confirms on her tablet, and it is agreed. axe-core on the page, the form and
the overview per domain.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, expect

from tests.browser.support import PHONE, TABLET, Account, AppServer, AxeReport, goto

pytestmark = pytest.mark.browser

DE_VRIES = "Gezin De Vries"
TOPIC = "Medicijnen ophalen bij de apotheek"
HOW = "Femke haalt de medicijnen elke vrijdag op en brengt ze langs."
PATH = "/wie-doet-wat"

Login = Callable[[Page, Account], None]
CheckAxe = Callable[[Page, str], AxeReport]
NewContext = Callable[..., BrowserContext]


def card(page: Page, topic: str = TOPIC) -> Locator:
    return page.get_by_role("listitem").filter(has=page.get_by_role("heading", name=topic))


def open_agreements(page: Page, app_server: AppServer) -> None:
    goto(page, app_server.url(PATH))
    expect(page.get_by_role("heading", level=1)).to_have_text("Wie doet wat")
    expect(page.get_by_role("tab", name="Werkafspraken")).to_have_attribute("aria-selected", "true")
    expect(page.get_by_role("main").get_by_role("listitem").first).to_be_visible()


def test_propose_confirm_confirm_agreed(
    app_server: AppServer, login: Login, new_context: NewContext, check_axe: CheckAxe
) -> None:
    # Sanne, the hospital case manager, on her tablet.
    sanne_page = new_context(TABLET).new_page()
    login(sanne_page, app_server.account(DE_VRIES, "cm_hospital"))
    open_agreements(sanne_page, app_server)
    starters = sanne_page.get_by_role("region", name="Om mee te beginnen")
    expect(starters.get_by_role("button", name="Overnemen: Nazorg")).to_be_visible()
    check_axe(sanne_page, f"{PATH} (tablet, case manager)")

    # The starter set: skip one, it is offered no more.
    starters.get_by_role("button", name="Overslaan: Aanpassingen in huis").click()
    expect(starters.get_by_role("heading", name="Aanpassingen in huis")).to_have_count(0)
    expect(starters.get_by_role("heading", name="Gesprekken over wensen (ACP)")).to_be_visible()

    # A new agreement with Femke responsible. First without a topic: a clear message,
    # and what was typed stays.
    sanne_page.get_by_role("button", name="Nieuwe werkafspraak").click()
    dialog = sanne_page.get_by_role("dialog", name="Nieuwe werkafspraak")
    expect(dialog).to_be_visible()
    dialog.get_by_label("Domein").select_option(label="Zorg en behandeling")
    dialog.get_by_label("Wie regelt het?").select_option(label="Femke Bos (Casemanager thuis)")
    dialog.get_by_label("Wie valt in?").select_option(label="Sanne Jansen (Casemanager ziekenhuis)")
    dialog.get_by_role("checkbox", name="Anna de Vries (Ouder)").check()
    dialog.get_by_label("Hoe doen we het?").fill(HOW)
    check_axe(sanne_page, "new agreement form (tablet)")
    dialog.get_by_role("button", name="Voorstel opslaan").click()
    expect(
        dialog.get_by_role("alert").filter(has_text="Schrijf op waar de werkafspraak over gaat.")
    ).to_be_visible()
    expect(dialog.get_by_label("Onderwerp")).to_have_attribute("aria-invalid", "true")
    expect(dialog.get_by_label("Hoe doen we het?")).to_have_value(HOW)
    check_axe(sanne_page, "new agreement form with an error (tablet)")

    dialog.get_by_label("Onderwerp").fill(TOPIC)
    dialog.get_by_role("button", name="Voorstel opslaan").click()
    expect(dialog).to_be_hidden()
    proposal = card(sanne_page)
    expect(proposal).to_contain_text("Voorstel")
    expect(proposal).to_contain_text("Regelt het: Femke Bos")
    expect(proposal).to_contain_text("Wacht nog op: Femke Bos, een ouder")
    # Sanne is not the one it waits for: no confirm button for her.
    expect(proposal.get_by_role("button", name=f"Bevestigen: {TOPIC}")).to_have_count(0)

    # Anna, a parent, on her phone.
    anna_page = new_context(PHONE).new_page()
    login(anna_page, app_server.account(DE_VRIES, "parent", 0))
    open_agreements(anna_page, app_server)
    mine = card(anna_page)
    mine.get_by_role("button", name=f"Bevestigen: {TOPIC}").click()
    expect(mine).to_contain_text("Wacht nog op: Femke Bos")
    expect(mine).not_to_contain_text("een ouder")
    expect(mine.get_by_role("button", name=f"Bevestigen: {TOPIC}")).to_have_count(0)
    check_axe(anna_page, f"{PATH} (phone, parent)")

    # Femke, the home case manager, on her tablet: it waits for her.
    femke_page = new_context(TABLET).new_page()
    login(femke_page, app_server.account(DE_VRIES, "cm_home"))
    open_agreements(femke_page, app_server)
    hers = card(femke_page)
    hers.get_by_role("button", name=f"Bevestigen: {TOPIC}").click()
    expect(hers).to_contain_text("Afgesproken")
    expect(hers).not_to_contain_text("Wacht nog op")

    # Its details beside the list (a tablet): who confirmed, and the history.
    hers.get_by_role("button", name=f"Bekijken en aanpassen: {TOPIC}").click()
    pane = femke_page.get_by_role("region", name="Gekozen werkafspraak")
    expect(pane.get_by_role("heading", level=2)).to_have_text(TOPIC)
    expect(pane).to_contain_text("Bevestigd door: Anna de Vries, Femke Bos")
    expect(pane).to_contain_text("Sanne Jansen stelde deze werkafspraak voor.")
    check_axe(femke_page, "agreement in the pane beside the list (tablet)")
    # "Aanpassen" opens the form in a dialog.
    pane.get_by_role("button", name="Aanpassen", exact=True).click()
    details = femke_page.get_by_role("dialog", name=TOPIC)
    expect(details).to_contain_text("Bevestigd door: Anna de Vries, Femke Bos")
    expect(details).to_contain_text("Sanne Jansen stelde deze werkafspraak voor.")
    expect(details.get_by_label("Onderwerp")).to_have_value(TOPIC)
    check_axe(femke_page, "agreement details and history (tablet)")
    details.get_by_role("button", name="Sluiten").click()
    expect(details).to_be_hidden()

    # The overview per domain: the load per person as a chart and in words.
    femke_page.get_by_role("tab", name="Overzicht per domein").click()
    load = femke_page.get_by_role("region", name="Wie draagt wat")
    expect(
        load.get_by_role("img", name=re.compile(r"^Aantal werkafspraken per persoon\."))
    ).to_be_visible()
    expect(load.locator(".recharts-bar-rectangle").first).to_be_visible()
    # Femke now carries six: said in words, not by colour alone.
    expect(
        load.get_by_text(re.compile(r"Femke Bos draagt 6 werkafspraken\. Dat is veel\."))
    ).to_be_visible()
    expect(femke_page.get_by_role("region", name="Zorg en behandeling")).to_contain_text(TOPIC)
    check_axe(femke_page, f"{PATH} overview per domain (tablet)")
