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


# --------------------------------------------------------------------------------------
# Withdraw, end, a change that waits, and what waits for you first (phone, 390 px)
# --------------------------------------------------------------------------------------

KEPT = "Logeerhuis regelen in de zomer"
DRAFTED = "Boodschappen op zaterdag"


def propose_on_phone(page: Page, topic: str, responsible: str) -> None:
    page.get_by_role("button", name="Nieuwe werkafspraak").click()
    dialog = page.get_by_role("dialog", name="Nieuwe werkafspraak")
    dialog.get_by_label("Onderwerp").fill(topic)
    dialog.get_by_label("Domein").select_option(label="Gezin, broers en zussen")
    dialog.get_by_label("Wie regelt het?").select_option(label=responsible)
    dialog.get_by_role("button", name="Voorstel opslaan").click()
    expect(dialog).to_be_hidden()


def test_a_parent_withdraws_a_proposal_with_an_undo(
    app_server: AppServer, login: Login, new_context: NewContext, check_axe: CheckAxe
) -> None:
    anna = new_context(PHONE).new_page()
    login(anna, app_server.account(DE_VRIES, "parent", 0))
    open_agreements(anna, app_server)
    propose_on_phone(anna, DRAFTED, "Nog niemand (dit is een gat)")
    card(anna, DRAFTED).get_by_role("button", name=f"Bekijken en aanpassen: {DRAFTED}").click()
    dialog = anna.get_by_role("dialog", name=DRAFTED)
    dialog.get_by_role("button", name="Voorstel intrekken").click()
    expect(dialog).to_be_hidden()
    bar = anna.get_by_role("status").filter(has_text=f"Voorstel ingetrokken: {DRAFTED}.")
    expect(bar).to_be_visible()
    expect(card(anna, DRAFTED)).to_have_count(0)
    check_axe(anna, f"{PATH} after a withdrawal (phone)")
    # The undo puts it back; withdrawn again, it stays gone.
    bar.get_by_role("button", name="Ongedaan maken").click()
    expect(card(anna, DRAFTED)).to_contain_text("Voorstel")
    card(anna, DRAFTED).get_by_role("button", name=f"Bekijken en aanpassen: {DRAFTED}").click()
    anna.get_by_role("dialog", name=DRAFTED).get_by_role(
        "button", name="Voorstel intrekken"
    ).click()
    expect(card(anna, DRAFTED)).to_have_count(0)


def test_a_change_waits_for_the_other_parent_first_and_a_parent_ends_it(
    app_server: AppServer, login: Login, new_context: NewContext, check_axe: CheckAxe
) -> None:
    # Anna: the parents keep it (agreed at once), then Mark should do it: a change.
    anna = new_context(PHONE).new_page()
    login(anna, app_server.account(DE_VRIES, "parent", 0))
    open_agreements(anna, app_server)
    propose_on_phone(anna, KEPT, "Ouders houden dit zelf")
    expect(card(anna, KEPT)).to_contain_text("Afgesproken")
    card(anna, KEPT).get_by_role("button", name=f"Bekijken en aanpassen: {KEPT}").click()
    dialog = anna.get_by_role("dialog", name=KEPT)
    dialog.get_by_label("Wie regelt het?").select_option(label="Mark de Vries (Ouder)")
    dialog.get_by_role("button", name="Wijziging voorstellen").click()
    expect(dialog).to_be_hidden()

    # Mark on his phone: it waits for him, at the top, above the starter set.
    mark = new_context(PHONE).new_page()
    login(mark, app_server.account(DE_VRIES, "parent", 1))
    open_agreements(mark, app_server)
    waiting = mark.get_by_role("region", name="Wacht op jou")
    his = waiting.get_by_role("listitem").filter(has=mark.get_by_role("heading", name=KEPT))
    expect(his).to_contain_text("Gewijzigd, wacht op bevestiging")
    expect(his).not_to_contain_text("Opnieuw bekijken")
    confirm = his.get_by_role("button", name=f"Bevestigen: {KEPT}")
    starters = mark.get_by_role("region", name="Om mee te beginnen")
    expect(starters).to_be_visible()
    confirm_box, starters_box = confirm.bounding_box(), starters.bounding_box()
    assert confirm_box and starters_box and confirm_box["y"] < starters_box["y"]
    assert confirm_box["y"] + confirm_box["height"] < 844  # on the first screen
    check_axe(mark, f"{PATH} waiting for you (phone)")

    # What changed, in words: what it was and what it becomes.
    his.get_by_role("button", name=f"Bekijken en aanpassen: {KEPT}").click()
    details = mark.get_by_role("dialog", name=KEPT)
    changed = details.get_by_role("listitem").filter(has_text="Wordt:")
    expect(changed).to_contain_text("Was: Ouders houden dit zelf")
    expect(changed).to_contain_text("Wordt: Mark de Vries")
    check_axe(mark, "a changed agreement with old and new (phone)")

    # Ending asks first, in a clear sentence; "No" keeps it.
    details.get_by_role("button", name="Werkafspraak beëindigen").click()
    question = mark.get_by_role("alertdialog", name="Werkafspraak beëindigen?")
    expect(question).to_contain_text(KEPT)
    expect(question).to_contain_text("geldt dan niet meer")
    check_axe(mark, "the question before ending (phone)")
    question.get_by_label("Waarom? (niet verplicht)").fill("Oma regelt het logeren nu.")
    question.get_by_role("button", name="Ja, beëindigen").click()
    expect(question).to_be_hidden()
    expect(card(mark, KEPT)).to_have_count(0)

    # Under "Beëindigd" (collapsed): who ended it, when, and why.
    ended = mark.locator("details#beeindigd")
    ended.locator("summary").click()
    item = ended.get_by_role("listitem").filter(has=mark.get_by_role("heading", name=KEPT))
    expect(item).to_contain_text(re.compile(r"Beëindigd door Mark de Vries op \w+"))
    expect(item).to_contain_text("Reden: Oma regelt het logeren nu.")
    check_axe(mark, f"{PATH} with Beëindigd open (phone)")
    item.get_by_role("button", name=f"Bekijken: {KEPT}").click()
    read = mark.get_by_role("dialog", name=KEPT)
    expect(read).to_contain_text("Mark de Vries beëindigde deze werkafspraak.")
    expect(read.get_by_label("Onderwerp")).to_have_count(0)  # read only now
