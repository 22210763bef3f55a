"""Wat ik belangrijk vind, as Ayla (13, the ill child of Gezin Yilmaz) uses it: she
writes on her phone and shares with one adult only, Rik (the home case manager); Rik
reads her words on his tablet; Elif (a parent) opens the page and is told calmly it is
not shared with her; Emre (her brother) opening the address is refused and it is logged.
axe-core at 390 px and 1024 px.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.support import PHONE, TABLET, Account, AppServer, AxeReport, goto

pytestmark = pytest.mark.browser

YILMAZ = "Gezin Yilmaz"
PATH = "/wat-ik-belangrijk-vind"
LIKES = "Manga tekenen en met Emre gamen. En Pamuk, onze kat."

Login = Callable[[Page, Account], None]
CheckAxe = Callable[[Page, str], AxeReport]
NewContext = Callable[..., BrowserContext]


def open_page(page: Page, app_server: AppServer) -> None:
    goto(page, app_server.url(PATH))
    expect(page.get_by_role("heading", level=1)).to_have_text("Wat ik belangrijk vind")


def denied_reads(app_server: AppServer) -> int:
    path = app_server.log_path.parent / "dossier.db"
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        (count,) = db.execute(
            "select count(*) from audit_event where outcome = 'denied' "
            "and action = 'child_page.view'"
        ).fetchone()
    return int(count)


def test_ayla_shares_her_page_with_rik_only_and_no_one_else_reads_it(
    app_server: AppServer, login: Login, new_context: NewContext, check_axe: CheckAxe
) -> None:
    ayla = new_context(PHONE).new_page()
    login(ayla, app_server.account(YILMAZ, "child"))
    open_page(ayla, app_server)
    expect(ayla.get_by_label("Wat ik leuk vind")).not_to_have_value("")  # the demo's words
    check_axe(ayla, f"{PATH} (phone, the child)")
    ayla.get_by_label("Wat ik leuk vind").fill(LIKES)
    readers = ayla.get_by_role("group", name="Wie mag dit lezen?")
    for box in readers.get_by_role("checkbox").all():
        box.uncheck()
    readers.get_by_label("Rik Willems (Casemanager thuis)").check()
    ayla.get_by_role("button", name="Opslaan").click()
    expect(ayla.get_by_text("Laatst opgeslagen:")).to_be_visible()
    expect(ayla.get_by_text("Opgeslagen.")).to_be_visible()

    rik = new_context(TABLET).new_page()
    login(rik, app_server.account(YILMAZ, "cm_home"))
    open_page(rik, app_server)
    expect(rik.get_by_role("main")).to_contain_text("Ayla schreef dit")
    expect(rik.get_by_role("main")).to_contain_text(LIKES)
    check_axe(rik, f"{PATH} (tablet, an adult she shared it with)")

    elif_ = new_context(PHONE).new_page()
    login(elif_, app_server.account(YILMAZ, "parent", 0))
    open_page(elif_, app_server)
    expect(elif_.locator(".child-page-not-shared")).to_be_visible()
    expect(elif_.get_by_role("main")).not_to_contain_text(LIKES)
    check_axe(elif_, f"{PATH} (phone, not shared)")

    before = denied_reads(app_server)
    emre = new_context(TABLET).new_page()
    login(emre, app_server.account(YILMAZ, "sibling"))
    goto(emre, app_server.url(PATH))
    expect(emre.get_by_role("main")).not_to_contain_text(LIKES)
    expect(emre.get_by_role("main")).not_to_contain_text("Ayla schreef dit")
    # The calm refusal, drawn once the refusal was logged.
    expect(emre.get_by_role("heading", level=1)).to_have_text("Dit deel is niet voor jou")
    assert denied_reads(app_server) > before
    check_axe(emre, f"{PATH} (tablet, a brother: not for you)")
