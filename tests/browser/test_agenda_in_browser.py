"""The agenda on a phone: a parent adds an appointment, then the phone's calendar fetches it."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from playwright.sync_api import Locator, Page, expect

from dossier.i18n import TIMEZONE
from tests.browser.support import Account, AppServer, AxeReport, taps_settled

pytestmark = pytest.mark.browser

YILMAZ = "Gezin Yilmaz"
Login = Callable[[Page, Account], None]
CheckAxe = Callable[[Page, str], AxeReport]
FEED_LINK = re.compile(r"^http://localhost:\d+/api/calendar/[\w-]{43}\.ics$")


def open_agenda(page: Page, app_server: AppServer) -> None:
    nav = page.get_by_role("navigation", name="Hoofdmenu")
    nav.get_by_role("link", name="Agenda", exact=True).click()
    expect(page).to_have_url(re.compile(r"/agenda/?$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Agenda")
    expect(page.get_by_role("tab", name="Komend")).to_have_attribute("aria-selected", "true")


def make_feed_link(page: Page) -> str:
    """Makes (or, when this account made one before, renews) the link shown once."""
    taps_settled(page)  # the tap may fall where the form's Opslaan just was
    section = page.get_by_role("region", name="Agenda op je telefoon")
    renew = section.get_by_role("button", name="Nieuwe link maken")
    make = section.get_by_role("button", name="Maak mijn agenda-link")
    expect(make.or_(renew)).to_be_visible()  # wait until the page knows which one applies
    if renew.is_visible():
        renew.click()
        page.get_by_role("button", name="Ja, nieuwe link maken").click()
    else:
        section.get_by_role("button", name="Maak mijn agenda-link").click()
    field = section.get_by_label("Jouw agenda-link", exact=True)
    expect(field).to_have_value(FEED_LINK)
    return field.input_value()


def test_parent_adds_an_appointment_on_a_phone_and_their_calendar_feed_has_it(
    app_server: AppServer, page: Page, login: Login, check_axe: CheckAxe
) -> None:
    login(page, app_server.account(YILMAZ, "parent", 1))
    open_agenda(page, app_server)
    expect(page.get_by_role("main").get_by_role("listitem").first).to_be_visible()
    check_axe(page, "agenda (phone, parent)")

    title = f"Gesprek met de diëtist {secrets.token_hex(3)}"
    preparation = "Vragen over sondevoeding in de nacht"
    day = (datetime.now(TIMEZONE) + timedelta(days=4)).date()

    page.get_by_role("button", name="Nieuwe afspraak").click()
    dialog = page.get_by_role("dialog", name="Nieuwe afspraak")
    expect(dialog).to_be_visible()
    check_axe(page, "agenda, new appointment form (phone)")

    # Saved without a title: a clear message at the field; what was typed stays.
    dialog.get_by_label("Waar?", exact=True).fill("Kinderziekenhuis, poli 2")
    dialog.get_by_label("Van", exact=True).fill("14:00")
    dialog.get_by_label("Tot", exact=True).fill("13:00")
    dialog.get_by_role("button", name="Opslaan").click()
    expect(dialog.get_by_role("alert").filter(has_text="Vul een titel in")).to_be_visible()
    expect(dialog.get_by_role("alert").filter(has_text="na het begin")).to_be_visible()
    expect(dialog.get_by_label("Waar?", exact=True)).to_have_value("Kinderziekenhuis, poli 2")
    check_axe(page, "agenda form with messages (phone)")

    dialog.get_by_label("Titel", exact=True).fill(title)
    dialog.get_by_label("Datum", exact=True).fill(day.isoformat())
    dialog.get_by_label("Tot", exact=True).fill("14:45")
    dialog.get_by_label("Met wie? (een persoon of organisatie)", exact=True).fill("diëtist Van Dam")
    dialog.get_by_role("group", name="Wie gaat er mee?").get_by_role("checkbox").first.check()
    dialog.get_by_label("Voorbereiding: vragen om te stellen", exact=True).fill(preparation)
    dialog.get_by_role("checkbox", name="1 uur van tevoren").check()
    dialog.get_by_role("button", name="Opslaan").click()
    expect(dialog).to_be_hidden()

    item = page.get_by_role("listitem").filter(has_text=title)
    expect(item).to_be_visible()
    expect(item).to_contain_text("14:00–14:45")
    expect(item).to_contain_text("Kinderziekenhuis, poli 2")
    check_axe(page, "agenda with the new appointment (phone)")

    # The phone's calendar app fetches the feed without the login cookie.
    link = make_feed_link(page)
    check_axe(page, "agenda with the calendar link shown once (phone)")
    feed = page.context.request.get(link)
    assert feed.status == 200
    assert feed.headers["content-type"] == "text/calendar; charset=utf-8"
    body = feed.text().replace("\r\n ", "")  # unfold long lines
    assert f"SUMMARY:{title}\r\n" in body
    assert "LOCATION:Kinderziekenhuis\\, poli 2\r\n" in body
    assert preparation not in body and "Van Dam" not in body

    # A new link: the old address stops working at once.
    section = page.get_by_role("region", name="Agenda op je telefoon")
    section.get_by_role("button", name="Sluiten", exact=True).click()
    new_link = make_feed_link(page)
    assert new_link != link
    assert page.context.request.get(link).status == 404
    assert f"SUMMARY:{title}" in page.context.request.get(new_link).text().replace("\r\n ", "")


def test_editing_and_cancelling_an_appointment(
    app_server: AppServer, page: Page, login: Login, check_axe: CheckAxe
) -> None:
    login(page, app_server.account(YILMAZ, "parent", 1))
    open_agenda(page, app_server)
    title = f"Logopedie {secrets.token_hex(3)}"
    page.get_by_role("button", name="Nieuwe afspraak").click()
    dialog = page.get_by_role("dialog", name="Nieuwe afspraak")
    dialog.get_by_label("Titel", exact=True).fill(title)
    tomorrow = (datetime.now(TIMEZONE) + timedelta(days=1)).date()
    dialog.get_by_label("Datum", exact=True).fill(tomorrow.isoformat())
    dialog.get_by_label("Van", exact=True).fill("09:00")
    dialog.get_by_label("Tot", exact=True).fill("09:30")
    dialog.get_by_role("button", name="Opslaan").click()
    expect(dialog).to_be_hidden()

    page.get_by_role("button", name=f"Wijzigen: {title}").click()
    edit = page.get_by_role("dialog", name="Afspraak wijzigen")
    expect(edit.get_by_label("Titel", exact=True)).to_have_value(title)
    edit.get_by_label("Waar?", exact=True).fill("Praktijk De Klank")
    edit.get_by_role("button", name="Opslaan").click()
    expect(edit).to_be_hidden()
    item = page.get_by_role("listitem").filter(has_text=title)
    expect(item).to_contain_text("Praktijk De Klank")

    page.get_by_role("button", name=f"Wijzigen: {title}").click()
    page.get_by_role("button", name="Afspraak afzeggen").click()
    confirm = page.get_by_role("alertdialog", name="Afspraak afzeggen?")
    check_axe(page, "agenda, cancel confirmation (phone)")
    confirm.get_by_role("button", name="Ja, afzeggen").click()
    expect(confirm).to_be_hidden()
    # Still in the list, marked as cancelled, and no longer editable.
    cancelled = page.get_by_role("listitem").filter(has_text=title)
    expect(cancelled).to_contain_text("Afgezegd")
    expect(page.get_by_role("button", name=f"Wijzigen: {title}")).to_have_count(0)
    check_axe(page, "agenda with a cancelled appointment (phone)")


def add_appointment(page: Page, title: str, day: str) -> Locator:
    """Fills the new-appointment form (not saved yet) and returns the dialog."""
    page.get_by_role("button", name="Nieuwe afspraak").click()
    dialog = page.get_by_role("dialog", name="Nieuwe afspraak")
    expect(dialog).to_be_visible()
    dialog.get_by_label("Titel", exact=True).fill(title)
    dialog.get_by_label("Datum", exact=True).fill(day)
    dialog.get_by_label("Van", exact=True).fill("10:00")
    dialog.get_by_label("Tot", exact=True).fill("10:30")
    return dialog


def test_a_parent_deletes_a_mistaken_appointment_and_the_undo_brings_it_back(
    app_server: AppServer, page: Page, login: Login, check_axe: CheckAxe
) -> None:
    login(page, app_server.account(YILMAZ, "parent", 1))
    open_agenda(page, app_server)
    title = f"Per ongeluk {secrets.token_hex(3)}"
    tomorrow = (datetime.now(TIMEZONE) + timedelta(days=1)).date().isoformat()
    dialog = add_appointment(page, title, tomorrow)
    dialog.get_by_role("button", name="Opslaan").click()
    expect(dialog).to_be_hidden()
    item = page.get_by_role("listitem").filter(has_text=title)
    expect(item).to_be_visible()

    page.get_by_role("button", name=f"Wijzigen: {title}").click()
    edit = page.get_by_role("dialog", name="Afspraak wijzigen")
    delete = edit.get_by_role("button", name="Afspraak verwijderen")
    expect(delete).to_be_visible()
    # Not next to Opslaan: below the form, after the explanation.
    save_box = edit.get_by_role("button", name="Opslaan").bounding_box()
    delete_box = delete.bounding_box()
    assert save_box and delete_box and delete_box["y"] > save_box["y"] + save_box["height"] + 24
    check_axe(page, "agenda, appointment form with delete (phone)")
    delete.click()  # no question: the bar offers the undo
    expect(edit).to_be_hidden()
    expect(item).to_have_count(0)
    bar = page.get_by_role("status").filter(has_text="Afspraak verwijderd")
    expect(bar).to_be_visible()
    check_axe(page, "agenda with the undo bar (phone)")
    bar.get_by_role("button", name="Ongedaan maken").click()
    expect(page.get_by_role("listitem").filter(has_text=title)).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="De afspraak staat er weer.")).to_be_visible()


def test_a_past_date_asks_first_keeps_the_typing_and_a_double_tap_saves_once(
    app_server: AppServer, page: Page, login: Login, check_axe: CheckAxe
) -> None:
    login(page, app_server.account(YILMAZ, "parent", 1))
    open_agenda(page, app_server)
    title = f"Controle {secrets.token_hex(3)}"
    last_year = (datetime.now(TIMEZONE) - timedelta(days=370)).date()
    dialog = add_appointment(page, title, last_year.isoformat())
    dialog.get_by_role("button", name="Opslaan").click()
    question = dialog.get_by_role("alert").filter(has_text="Deze datum is al geweest")
    expect(question).to_contain_text(f"{last_year.year}). Toch opslaan?")
    check_axe(page, "agenda, past date question (phone)")

    # "Datum aanpassen": nothing saved, nothing lost, back at the date.
    question.get_by_role("button", name="Datum aanpassen").click()
    expect(question).to_be_hidden()
    expect(dialog.get_by_label("Titel", exact=True)).to_have_value(title)
    expect(dialog.get_by_label("Datum", exact=True)).to_be_focused()

    # Asked again; "Toch opslaan" tapped twice saves one appointment.
    dialog.get_by_role("button", name="Opslaan").click()
    expect(question).to_be_visible()
    question.get_by_role("button", name="Toch opslaan").dblclick()
    expect(dialog).to_be_hidden()
    page.get_by_role("tab", name="Geweest").click()
    expect(page.get_by_role("listitem").filter(has_text=title)).to_have_count(1)
