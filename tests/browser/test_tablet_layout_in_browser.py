"""The tablet layout inside a family: on a case manager's iPad (1024x1366) the list and the
chosen item sit side by side, and the overview's cards stand in two columns. On a phone
(390x844) nothing changes: a tap opens the dialog. axe-core on every page at both sizes.

The server is shared with other tests and the demo data: the checks take whatever items
are there (at least two), not fixed titles.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, expect

from tests.browser.support import PHONE, Account, AppServer, AxeReport, goto

pytestmark = pytest.mark.browser

DE_VRIES = "Gezin De Vries"
IPAD = {"width": 1024, "height": 1366}  # a case manager's iPad, upright
PAGES = {"/": "Overzicht", "/taken": "Taken", "/wie-doet-wat": "Wie doet wat", "/agenda": "Agenda"}

Login = Callable[[Page, Account], None]
CheckAxe = Callable[[Page, str], AxeReport]
NewContext = Callable[..., BrowserContext]


def open_page(page: Page, app_server: AppServer, path: str) -> None:
    goto(page, app_server.url(path))
    expect(page.get_by_role("heading", level=1)).to_have_text(PAGES[path])


def box(locator: Locator) -> dict[str, float]:
    found = locator.bounding_box()
    assert found is not None, "not on the screen"
    return found


def assert_side_by_side(left: Locator, right: Locator) -> None:
    """`right` starts to the right of `left` and next to it, not below it."""
    a, b = box(left), box(right)
    assert b["x"] >= a["x"] + a["width"] - 1, (a, b)
    assert b["y"] < a["y"] + a["height"], (a, b)


def pane_heading(pane: Locator) -> Locator:
    return pane.get_by_role("heading", level=2).first


@pytest.fixture
def ipad(app_server: AppServer, new_context: NewContext, login: Login) -> Page:
    page = new_context(IPAD).new_page()
    login(page, app_server.account(DE_VRIES, "cm_home"))
    return page


# --------------------------------------------------------------------------------------
# Tablet: master and detail
# --------------------------------------------------------------------------------------


def test_tasks_list_and_the_chosen_task_side_by_side(
    app_server: AppServer, ipad: Page, check_axe: CheckAxe
) -> None:
    open_page(ipad, app_server, "/taken")
    pane = ipad.get_by_role("region", name="Gekozen taak")
    expect(pane).to_contain_text("Kies een taak in de lijst")
    check_axe(ipad, "/taken, nothing chosen (tablet 1024x1366)")

    rows = ipad.locator("main li button[data-task-id]")
    expect(rows.nth(1)).to_be_visible()
    first, second = rows.nth(0), rows.nth(1)
    first_title = first.locator("span").first.inner_text()
    second_title = second.locator("span").first.inner_text()

    first.click()
    expect(pane_heading(pane)).to_have_text(first_title)
    expect(first).to_have_attribute("aria-current", "true")
    expect(ipad.get_by_role("dialog")).to_have_count(0)  # no dialog on a tablet
    assert_side_by_side(first, pane)
    check_axe(ipad, "/taken with a chosen task (tablet 1024x1366)")

    second.click()
    expect(pane_heading(pane)).to_have_text(second_title)
    expect(second).to_have_attribute("aria-current", "true")
    expect(first).to_have_attribute("aria-current", "false")

    # The pane's "Taak bewerken" opens the existing form; Escape gives the focus back.
    edit = pane.get_by_role("button", name="Taak bewerken")
    edit.click()
    dialog = ipad.get_by_role("dialog", name="Taak bewerken")
    expect(dialog.get_by_label("Titel (verplicht)")).to_have_value(second_title)
    expect(ipad.get_by_label("Titel (verplicht)")).to_have_count(1)  # one form, one id
    check_axe(ipad, "/taken, form opened from the pane (tablet 1024x1366)")
    ipad.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(edit).to_be_focused()


def test_agreements_list_and_the_chosen_agreement_side_by_side(
    app_server: AppServer, ipad: Page, check_axe: CheckAxe
) -> None:
    open_page(ipad, app_server, "/wie-doet-wat")
    pane = ipad.get_by_role("region", name="Gekozen werkafspraak")
    expect(pane).to_contain_text("Kies een werkafspraak in de lijst")
    buttons = ipad.get_by_role("main").get_by_role(
        "button", name=re.compile(r"^Bekijken en aanpassen: ")
    )
    expect(buttons.nth(1)).to_be_visible()
    check_axe(ipad, "/wie-doet-wat, nothing chosen (tablet 1024x1366)")

    topics = [str(buttons.nth(i).get_attribute("aria-label")).split(": ", 1)[1] for i in (0, 1)]
    buttons.nth(0).click()
    expect(pane_heading(pane)).to_have_text(topics[0])
    expect(buttons.nth(0)).to_have_attribute("aria-current", "true")
    expect(ipad.get_by_role("dialog")).to_have_count(0)
    assert_side_by_side(buttons.nth(0), pane)
    check_axe(ipad, "/wie-doet-wat with a chosen agreement (tablet 1024x1366)")

    buttons.nth(1).click()
    expect(pane_heading(pane)).to_have_text(topics[1])
    pane.get_by_role("button", name="Aanpassen", exact=True).click()
    dialog = ipad.get_by_role("dialog", name=topics[1])
    expect(dialog.get_by_label("Onderwerp")).to_have_value(topics[1])
    ipad.keyboard.press("Escape")
    expect(dialog).to_be_hidden()


def test_agenda_and_the_chosen_appointment_side_by_side(
    app_server: AppServer, ipad: Page, check_axe: CheckAxe
) -> None:
    open_page(ipad, app_server, "/agenda")
    pane = ipad.get_by_role("region", name="Gekozen afspraak")
    expect(pane).to_contain_text("Kies een afspraak in de agenda")
    items = ipad.get_by_role("tabpanel").get_by_role("listitem")
    expect(items.first).to_be_visible()
    check_axe(ipad, "/agenda, nothing chosen (tablet 1024x1366)")

    first = items.nth(0).get_by_role("button").first
    title = first.inner_text()
    first.click()
    expect(pane_heading(pane)).to_have_text(title)
    expect(first).to_have_attribute("aria-current", "true")
    assert_side_by_side(items.nth(0), pane)
    check_axe(ipad, "/agenda with a chosen appointment (tablet 1024x1366)")

    if items.count() > 1:  # demo data has several; another test's data may add more
        second = items.nth(1).get_by_role("button").first
        second_title = second.inner_text()
        second.click()
        expect(pane_heading(pane)).to_have_text(second_title)

    # "Wijzigen" lives in the pane on a tablet (not for a cancelled one) and opens the form.
    edit = pane.get_by_role("button", name=re.compile(r"^Wijzigen: "))
    for index in range(min(items.count(), 6)):
        items.nth(index).get_by_role("button").first.click()
        if "Afgezegd" not in items.nth(index).inner_text():
            break
    edit.click()
    expect(ipad.get_by_role("dialog", name="Afspraak wijzigen")).to_be_visible()


def test_overview_cards_stand_in_two_columns(
    app_server: AppServer, ipad: Page, check_axe: CheckAxe
) -> None:
    open_page(ipad, app_server, "/")
    tasks = ipad.get_by_role("region", name="Mijn taken")
    coming = ipad.get_by_role("region", name="Vandaag en morgen")
    expect(coming).to_be_visible()
    assert_side_by_side(tasks, coming)
    check_axe(ipad, "overview (tablet 1024x1366)")


# --------------------------------------------------------------------------------------
# Phone: nothing changes
# --------------------------------------------------------------------------------------


def test_on_a_phone_a_tap_still_opens_the_dialog_and_every_page_passes_axe(
    app_server: AppServer, page: Page, login: Login, check_axe: CheckAxe
) -> None:
    login(page, app_server.account(DE_VRIES, "cm_home"))
    assert page.viewport_size == PHONE
    for path in PAGES:
        open_page(page, app_server, path)
        expect(page.locator("main li, main section").first).to_be_visible()
        expect(page.locator(".detail-pane")).to_have_count(0 if path == "/" else 1)
        expect(page.get_by_role("region", name=re.compile("^Gekozen "))).to_have_count(0)
        check_axe(page, f"{path} (phone 390x844)")

    open_page(page, app_server, "/taken")
    row = page.locator("main li button[data-task-id]").first
    title = row.locator("span").first.inner_text()
    row.click()
    dialog = page.get_by_role("dialog", name="Taak bewerken")  # a case manager may edit
    expect(dialog.get_by_label("Titel (verplicht)")).to_have_value(title)
    check_axe(page, "/taken, task dialog (phone 390x844)")
