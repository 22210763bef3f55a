"""Het zorgplan, as the families and their case managers use it: Sanne, the hospital
case manager, makes the Yilmaz family's plan on her tablet and records the acute
agreements on behalf of the main practitioner; Elif, a parent, gives consent on her
phone and confirms the section after seeing old and new side by side (and again after
Sanne changed it); a caregiver who joins De Vries sees only the sections released
to caregivers. axe-core at 390 px and 1024 px.

Shared server, shared demo families: the journeys that write use Yilmaz's plan (no other
journey makes it); the De Vries journey only reads the demo plan.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, expect

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

DE_VRIES, YILMAZ = "Gezin De Vries", "Gezin Yilmaz"
PATH = "/zorgplan"
PRACTITIONER = "dr. A. Bakker, kinderneuroloog"
ACUTE = "Afspraken bij acute situaties"

Login = Callable[[Page, Account], None]
CheckAxe = Callable[[Page, str], AxeReport]
NewContext = Callable[..., BrowserContext]


def open_plan(page: Page, app_server: AppServer) -> None:
    goto(page, app_server.url(PATH))
    expect(page.get_by_role("heading", level=1)).to_have_text("Zorgplan")


def to_family(page: Page, family: str) -> None:
    """Sanne works for two families: she opens the other one from the menu."""
    shown = page.get_by_role("banner").get_by_text(family, exact=True)
    if shown.count() and shown.first.is_visible():
        return
    page.get_by_role("button", name="Menu: taal, gezin en uitloggen").click()
    page.get_by_role("button", name=family).click()
    expect(page.get_by_role("banner").get_by_text(family, exact=True)).to_be_visible()


def section_item(page: Page, title: str) -> Locator:
    return page.get_by_role("listitem").filter(has=page.get_by_role("heading", name=title))


def database(app_server: AppServer) -> sqlite3.Connection:
    path = app_server.log_path.parent / "dossier.db"
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def record_acute(page: Page, *, ventilation: str) -> None:
    """Sanne's tablet: the acute section in the pane, its form in the dialog."""
    taps_settled(page)
    section_item(page, ACUTE).get_by_role("button", name=f"Bekijken: {ACUTE}").click()
    pane = page.get_by_role("region", name="Het gekozen deel van het zorgplan")
    expect(pane.get_by_role("heading", name=ACUTE)).to_be_visible()
    pane.get_by_role("button", name=f"Aanpassen: {ACUTE}").click()
    dialog = page.get_by_role("dialog", name=ACUTE)
    expect(dialog).to_be_visible()
    dialog.get_by_label("Namens hoofdbehandelaar").fill(PRACTITIONER)
    dialog.get_by_role("group", name="Reanimatie").get_by_label("Nee").check()
    dialog.get_by_role("group", name="Beademing").get_by_label(ventilation).check()
    dialog.get_by_role("group", name="Opname op de IC").get_by_label("Nee").check()
    dialog.get_by_role("group", name="Opname in het ziekenhuis").get_by_label("Ja").check()
    dialog.get_by_role("button", name="Opslaan").click()
    expect(dialog).to_be_hidden()


def test_sanne_makes_the_plan_and_records_the_acute_agreements_for_the_practitioner(
    app_server: AppServer, login: Login, new_context: NewContext, check_axe: CheckAxe
) -> None:
    sanne = new_context(TABLET).new_page()
    login(sanne, app_server.account(YILMAZ, "cm_hospital"))
    to_family(sanne, YILMAZ)
    open_plan(sanne, app_server)
    expect(sanne.get_by_role("heading", name="Er is nog geen zorgplan")).to_be_visible()
    check_axe(sanne, f"{PATH} (tablet, case manager, no plan yet)")
    sanne.get_by_role("button", name="Zorgplan maken").click()
    expect(section_item(sanne, "Wie is ons kind")).to_be_visible()
    expect(sanne.get_by_text("versie 0")).to_be_visible()

    taps_settled(sanne)
    section_item(sanne, ACUTE).get_by_role("button", name=f"Bekijken: {ACUTE}").click()
    pane = sanne.get_by_role("region", name="Het gekozen deel van het zorgplan")
    pane.get_by_role("button", name=f"Aanpassen: {ACUTE}").click()
    dialog = sanne.get_by_role("dialog", name=ACUTE)
    expect(dialog.get_by_role("group", name="Reanimatie")).to_be_visible()
    check_axe(sanne, f"{PATH} (tablet, the acute form)")
    # Without the practitioner nothing is saved: the browser asks for the field first.
    dialog.get_by_role("button", name="Annuleren").click()
    expect(dialog).to_be_hidden()

    record_acute(sanne, ventilation="In overleg")
    expect(pane).to_contain_text(f"Vastgelegd door Sanne Jansen namens {PRACTITIONER}")
    expect(pane).to_contain_text("Het ziekenhuisdossier is leidend.")
    expect(pane).to_contain_text("In overleg")
    expect(sanne.get_by_text("versie 1")).to_be_visible()
    check_axe(sanne, f"{PATH} (tablet, case manager, the acute section)")
    with database(app_server) as db:
        row = db.execute(
            "SELECT s.number, s.on_behalf_of FROM care_plan_section s JOIN family f "
            "ON f.id = s.family_id WHERE f.name = ? AND s.key = 'acute'",
            (YILMAZ,),
        ).fetchone()
    assert row == (1, PRACTITIONER)


def test_elif_consents_and_confirms_a_changed_section_after_seeing_old_and_new(
    app_server: AppServer, login: Login, new_context: NewContext, check_axe: CheckAxe
) -> None:
    # The plan of the journey above (run on its own: Sanne makes it first).
    sanne = new_context(TABLET).new_page()
    login(sanne, app_server.account(YILMAZ, "cm_hospital"))
    to_family(sanne, YILMAZ)
    open_plan(sanne, app_server)
    if sanne.get_by_role("button", name="Zorgplan maken").count():
        sanne.get_by_role("button", name="Zorgplan maken").click()
        record_acute(sanne, ventilation="In overleg")

    elif_ = new_context(PHONE).new_page()
    login(elif_, app_server.account(YILMAZ, "parent"))
    open_plan(elif_, app_server)
    consent = elif_.get_by_role("region", name="Toestemming om te delen").or_(
        elif_.locator("section").filter(
            has=elif_.get_by_role("heading", name="Toestemming om te delen")
        )
    )
    expect(
        elif_.get_by_text("Zonder toestemming zien alleen de ouders en de casemanagers")
    ).to_be_visible()
    check_axe(elif_, f"{PATH} (phone, parent, no consent yet)")
    elif_.get_by_role("button", name="Ik geef toestemming").click()
    expect(consent.first).to_contain_text("Een ouder gaf toestemming op")
    expect(elif_.get_by_role("button", name="Toestemming intrekken")).to_be_visible()

    # The acute section waits for a parent's "klopt": on a phone it opens in a dialog.
    item = section_item(elif_, ACUTE)
    expect(item).to_contain_text("Nog niet bevestigd door een ouder")
    taps_settled(elif_)
    item.get_by_role("button", name=f"Bekijken: {ACUTE}").click()
    dialog = elif_.get_by_role("dialog", name=ACUTE)
    expect(dialog).to_contain_text("Wat is er veranderd sinds je laatste bevestiging")
    expect(dialog).to_contain_text("Het ziekenhuisdossier is leidend.")
    check_axe(elif_, f"{PATH} (phone, parent, what changed)")
    dialog.get_by_role("button", name="Klopt, bevestigen").click()
    expect(dialog).to_contain_text("Bevestigd door Elif")
    dialog.get_by_role("button", name="Sluiten").click()

    # Sanne changes the ventilation agreement; Elif sees old and new side by side.
    record_acute(sanne, ventilation="Ja")
    open_plan(elif_, app_server)
    taps_settled(elif_)
    section_item(elif_, ACUTE).get_by_role("button", name=f"Bekijken: {ACUTE}").click()
    dialog = elif_.get_by_role("dialog", name=ACUTE)
    changes = dialog.locator(".careplan-changes li").filter(has_text="Beademing")
    expect(changes.locator(".careplan-old")).to_contain_text("In overleg")
    expect(changes.locator(".careplan-new")).to_contain_text("Ja")
    # On a phone old and new are stacked; the labels say which is which.
    old_box = changes.locator(".careplan-old").bounding_box()
    new_box = changes.locator(".careplan-new").bounding_box()
    assert old_box and new_box and new_box["y"] > old_box["y"]
    dialog.get_by_role("button", name="Klopt, bevestigen").click()
    expect(dialog).not_to_contain_text("Wat is er veranderd sinds je laatste bevestiging")
    with database(app_server) as db:
        row = db.execute(
            "SELECT s.number, s.confirmed_number FROM care_plan_section s JOIN family f "
            "ON f.id = s.family_id WHERE f.name = ? AND s.key = 'acute'",
            (YILMAZ,),
        ).fetchone()
    assert row == (2, 2)


def test_a_new_caregiver_sees_only_the_sections_released_to_caregivers(
    app_server: AppServer, login: Login, new_context: NewContext, check_axe: CheckAxe
) -> None:
    # Her own caregiver: the demo GP of De Vries is removed by another journey.
    parent = new_context(TABLET).new_page()
    login(parent, app_server.account(DE_VRIES, "parent", 1))
    caregiver = invite_and_join(
        app_server,
        parent,
        new_context,
        role="caregiver",
        name="Wies Zorgplan",
        email="wies.zorgplan@example.nl",
    )
    open_plan(caregiver, app_server)
    titles = caregiver.locator(".careplan-card h2")
    expect(titles.first).to_be_visible()
    shown = set(titles.all_text_contents())
    with database(app_server) as db:
        released = {
            key
            for (key,) in db.execute(
                "SELECT s.key FROM care_plan_section s JOIN family f ON f.id = s.family_id "
                "WHERE f.name = ? AND s.shared = 1 AND s.visibility IN ('caregivers', 'child')",
                (DE_VRIES,),
            )
        }
    names = {
        "general": "Algemene informatie",
        "child": "Wie is ons kind",
        "team": "Het zorgteam",
        "acute": ACUTE,
        "medical": "Medische situatie",
    }
    assert "medical" not in released
    assert shown == {names.get(k, k) for k in released}
    assert "Medische situatie" not in shown
    expect(caregiver.get_by_role("button", name="Zorgplan maken")).to_have_count(0)
    check_axe(caregiver, f"{PATH} (phone, caregiver)")
    # A forged address for a section that is not hers opens nothing.
    goto(caregiver, app_server.url(f"{PATH}?open=medical"))
    expect(caregiver.get_by_role("heading", level=1)).to_have_text("Zorgplan")
    expect(caregiver.get_by_role("dialog")).to_have_count(0)
    assert re.search("Medische situatie", caregiver.locator("main").inner_text()) is None
