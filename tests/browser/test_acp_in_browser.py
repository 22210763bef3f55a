"""Gesprekken over wat belangrijk is, as the Yilmaz family and their case manager use it:
Rik (the home case manager) plans a conversation on his tablet, asks the parents a
question beforehand and makes a follow-up task from it; Elif (a parent) answers on her
phone, finds the task in Taken and follows its link back to the conversation; Rik then
reads her answer. axe-core at 390 px and 1024 px.

Shared server, shared demo families: this journey adds its own conversation to Gezin
Yilmaz (no other journey uses this page) and checks only what it wrote.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.support import PHONE, TABLET, Account, AppServer, AxeReport, goto, taps_settled

pytestmark = pytest.mark.browser

YILMAZ = "Gezin Yilmaz"
PATH = "/zorgplan/gesprekken"
QUESTION = "Wat wil Ayla zelf weten over de behandeling?"
ANSWER = "Zij wil alles horen, in gewone woorden, en zelf vragen kunnen stellen."
TASK = "Met school afspreken hoe Ayla rustmomenten krijgt"

Login = Callable[[Page, Account], None]
CheckAxe = Callable[[Page, str], AxeReport]
NewContext = Callable[..., BrowserContext]


def open_talks(page: Page, app_server: AppServer) -> None:
    goto(page, app_server.url(PATH))
    expect(page.get_by_role("heading", level=1)).to_have_text("Gesprekken over wat belangrijk is")


def open_button(page: Page):
    return page.get_by_role("button", name=re.compile(r"^Openen: Gesprek van ")).first


def test_rik_plans_asks_and_makes_a_task_elif_answers_and_follows_the_task_back(
    app_server: AppServer, login: Login, new_context: NewContext, check_axe: CheckAxe
) -> None:
    day = date.today() + timedelta(days=10)
    rik = new_context(TABLET).new_page()
    login(rik, app_server.account(YILMAZ, "cm_home"))
    open_talks(rik, app_server)
    check_axe(rik, f"{PATH} (tablet, case manager, empty)")

    rik.get_by_role("button", name="Nieuw gesprek").click()
    dialog = rik.get_by_role("dialog", name="Nieuw gesprek")
    expect(dialog).to_be_visible()
    check_axe(rik, f"{PATH} (tablet, the form)")
    dialog.get_by_label("Datum").fill(day.isoformat())
    dialog.get_by_label("Wie leidt het gesprek").select_option(
        label="Rik Willems (Casemanager thuis)"
    )
    dialog.get_by_label("Elif Yilmaz (Ouder)").check()
    dialog.get_by_label("Murat Yilmaz (Ouder)").check()
    dialog.get_by_role("button", name="Opslaan").click()
    expect(dialog).to_be_hidden()
    taps_settled(rik)

    open_button(rik).click()
    pane = rik.locator(".detail-pane")
    expect(pane.get_by_role("heading", level=2)).to_contain_text("Gesprek van")
    expect(pane).to_contain_text("Elif Yilmaz, Murat Yilmaz")
    pane.get_by_label("Stel een vraag voor het gesprek").fill(QUESTION)
    pane.get_by_role("button", name="Vraag stellen").click()
    expect(pane.locator(".acp-question")).to_contain_text(QUESTION)
    taps_settled(rik)
    pane.get_by_label("Maak een taak").fill(TASK)
    pane.get_by_role("button", name="Taak maken").click()
    expect(pane.get_by_role("link", name=TASK)).to_be_visible()
    check_axe(rik, f"{PATH} (tablet, a conversation in the pane)")

    # Elif, on her phone: the question waits for her; she answers it.
    elif_ = new_context(PHONE).new_page()
    login(elif_, app_server.account(YILMAZ, "parent", 0))
    open_talks(elif_, app_server)
    open_button(elif_).click()
    talk = elif_.get_by_role("dialog", name=re.compile(r"^Gesprek van "))
    expect(talk).to_contain_text(QUESTION)
    check_axe(elif_, f"{PATH} (phone, parent, a conversation)")
    talk.get_by_label("Jouw antwoord").fill(ANSWER)
    talk.get_by_role("button", name="Antwoord opslaan").click()
    expect(talk.locator(".acp-answer")).to_contain_text(ANSWER)
    expect(talk.locator(".acp-answer")).to_contain_text("Antwoord van Elif")

    # The follow-up is in Taken and links back to the conversation.
    goto(elif_, app_server.url("/taken"))
    row = elif_.get_by_role("main").get_by_role("listitem").filter(has_text=TASK)
    row.get_by_role("button", name=re.compile("^" + re.escape(TASK))).click()
    back = elif_.get_by_role("dialog").get_by_role(
        "link", name=re.compile(r"^Uit het gesprek van ")
    )
    expect(back).to_be_visible()
    back.click()
    expect(elif_).to_have_url(re.compile(r"/zorgplan/gesprekken\?open=\d+$"))
    expect(elif_.get_by_role("dialog", name=re.compile(r"^Gesprek van "))).to_contain_text(QUESTION)

    # Rik reads the answer.
    open_talks(rik, app_server)
    open_button(rik).click()
    answer = rik.locator(".detail-pane .acp-answer")
    expect(answer).to_contain_text(ANSWER)
    expect(answer).to_contain_text("Antwoord van Elif")
