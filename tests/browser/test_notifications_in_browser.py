"""Meldingen on a phone (390 px): Femke completes the task Anna asked her for, and Anna's
bell list says who and what and a tap opens that very task; Daan (9) wants to talk, and
his row stands out in his mother's list, while the hospital case manager he did not share
with never sees a word of it. axe-core runs on /meldingen."""

from __future__ import annotations

import re
import time
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, expect

from tests.browser.support import PHONE, Account, AppServer, AxeReport, goto

pytestmark = pytest.mark.browser

DE_VRIES = "Gezin De Vries"
FEMKE = "Femke Bos (Casemanager thuis)"

Login = Callable[[Page, Account], None]
CheckAxe = Callable[[Page, str], AxeReport]
NewContext = Callable[..., BrowserContext]


def member(app_server: AppServer, role: str, first_name: str) -> Account:
    (found,) = [
        a
        for a in app_server.accounts
        if a.family == DE_VRIES and a.role == role and a.name.startswith(first_name)
    ]
    return found


def tick(choice: Locator, on: bool = True) -> None:
    if choice.is_checked() != on:
        choice.click()
    expect(choice).to_be_checked(checked=on)


def anna_asks_femke(page: Page, app_server: AppServer, title: str) -> None:
    goto(page, app_server.url("/taken"))
    page.get_by_role("button", name="Nieuwe taak").click()
    dialog = page.get_by_role("dialog", name="Nieuwe taak")
    dialog.get_by_label("Titel (verplicht)").fill(title)
    dialog.get_by_label("Domein (verplicht)").select_option(label="Wonen en hulpmiddelen")
    dialog.get_by_label("Wie doet het").select_option(label=FEMKE)
    dialog.get_by_label("Deadline").fill("2030-12-18")
    dialog.get_by_role("button", name="Opslaan").click()
    expect(dialog).to_be_hidden()
    expect(page.get_by_role("main").get_by_role("listitem").filter(has_text=title)).to_be_visible()


def open_notifications(page: Page, app_server: AppServer) -> Locator:
    goto(page, app_server.url("/meldingen"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Meldingen")
    return page.get_by_role("region", name="Jouw meldingen").get_by_role("listitem")


def daan_wants_to_talk_with_mark(page: Page) -> None:
    """Daan's own check-in: shared with his parents, and he wants to talk with Mark."""
    tick(page.get_by_role("radio", name="Niet zo goed", exact=True))
    tick(page.get_by_role("checkbox", name=re.compile(r"^(je )?ouders", re.IGNORECASE)), True)
    tick(page.get_by_role("checkbox", name="Ik wil graag praten"))
    tick(page.get_by_role("radio", name=re.compile(r"^Mark\b")))
    page.get_by_role("button", name="Versturen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dank je wel!")


def test_anna_hears_femke_finished_her_task_and_a_tap_opens_it(
    app_server: AppServer, new_context: NewContext, login: Login, check_axe: CheckAxe
) -> None:
    title = f"Offerte aangepaste kinderwagen {time.strftime('%H%M%S')}"
    anna = new_context(PHONE).new_page()
    login(anna, member(app_server, "parent", "Anna"))
    anna_asks_femke(anna, app_server, title)

    femke = new_context(PHONE).new_page()
    login(femke, member(app_server, "cm_home", "Femke"))
    goto(femke, app_server.url("/taken"))
    femke.get_by_role("button", name=f"Markeer als klaar: {title}").click()
    expect(femke.get_by_role("status").filter(has_text="Taak afgerond")).to_be_visible()
    # Femke's own list: who asked her and what, by when; nothing of her own completion.
    mine = open_notifications(femke, app_server).filter(has_text=title)
    expect(mine).to_have_count(1)
    expect(mine).to_contain_text(f"Anna vroeg je: {title}, uiterlijk 18 dec")

    row = open_notifications(anna, app_server).filter(has_text=title)
    expect(row).to_have_count(1)
    expect(row).to_contain_text(f"Femke heeft afgerond: {title}")
    expect(row).to_have_attribute("data-unread", "true")
    check_axe(anna, "/meldingen (phone)")
    row.get_by_role("button", name=re.compile(r"^(Nieuw )?Femke heeft afgerond")).click()
    expect(anna).to_have_url(re.compile(r"/taken/?\?open=\d+$"))


def test_daans_wish_to_talk_stands_out_for_a_parent_and_an_adult_he_left_out_never_sees_it(
    app_server: AppServer, new_context: NewContext, login: Login, check_axe: CheckAxe
) -> None:
    daan = new_context(PHONE).new_page()
    login(daan, member(app_server, "sibling", "Daan"))
    daan_wants_to_talk_with_mark(daan)

    anna = new_context(PHONE).new_page()
    login(anna, member(app_server, "parent", "Anna"))
    row = open_notifications(anna, app_server).filter(has_text="Daan wil graag praten").first
    expect(row).to_be_visible()
    expect(row).to_have_attribute("data-talk", "true")
    expect(row).to_contain_text("Wil praten")  # a word and an icon, not colour alone
    width = row.evaluate("el => getComputedStyle(el).borderLeftWidth")
    assert width == "6px", width
    check_axe(anna, "/meldingen with a sibling who wants to talk (phone)")
    row.get_by_role(
        "button", name=re.compile(r"^(Nieuw )?(Wil praten )?Daan wil graag praten")
    ).click()
    expect(anna).to_have_url(re.compile(r"/check-in/?$"))

    # Sanne (hospital case manager) is not among those Daan shares with at his age; the
    # GP, who may read no check-in at all, is covered in tests/unit/test_notify_texts.py
    # (another browser journey removes her from the demo family).
    sanne = new_context(PHONE).new_page()
    login(sanne, member(app_server, "cm_hospital", "Sanne"))
    expect(open_notifications(sanne, app_server).filter(has_text="Daan")).to_have_count(0)
