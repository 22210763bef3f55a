"""What people typed stays, a link is passed on with feedback, and the toaster speaks the
chosen language.

The Yilmaz family's accounts are used, so the De Vries journeys in the other files see
the data they expect. Wrong passwords are typed for an address that has no account, so
no real account gets throttled.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.support import PHONE, Account, AppServer, goto

pytestmark = pytest.mark.browser

YILMAZ = "Gezin Yilmaz"
MENU = "Menu: taal, gezin en uitloggen"
Login = Callable[[Page, Account], None]
NewContext = Callable[..., BrowserContext]

NO_WEB_SHARE = "delete Navigator.prototype.share; delete navigator.share;"
# Web Share itself cannot be driven from a test (the share sheet is the phone's own): a
# stand-in records what the page hands to it, so only its presence and data are tested.
FAKE_WEB_SHARE = """
Object.defineProperty(Navigator.prototype, "share", {
  configurable: true,
  value: async function (data) { window.__shared = data; },
});
"""


def validation_message(page: Page, label: str) -> str:
    return page.get_by_label(label).evaluate("(input) => input.validationMessage")


def test_a_wrong_password_keeps_the_e_mail_address_but_never_the_password(
    app_server: AppServer, new_context: NewContext
) -> None:
    page = new_context(PHONE).new_page()
    goto(page, app_server.url("/login"))
    # Checked before sending, in Dutch (the browser itself is English here).
    page.get_by_role("button", name="Inloggen").click()
    expect(page).to_have_url(re.compile(r"/login/?$"))
    assert (
        validation_message(page, "E-mailadres") == "Vul je e-mailadres in, zoals naam@voorbeeld.nl."
    )

    page.get_by_label("E-mailadres").fill("niemand.hier@example.nl")
    page.get_by_label("Wachtwoord").fill("een fout wachtwoord")
    page.get_by_role("button", name="Inloggen").click()
    expect(page).to_have_url(re.compile(r"error=invalid"))
    expect(page.get_by_role("alert")).to_contain_text("horen niet bij elkaar")
    expect(page.get_by_label("E-mailadres")).to_have_value("niemand.hier@example.nl")
    expect(page.get_by_label("Wachtwoord")).to_have_value("")
    stored = page.evaluate("JSON.stringify(Object.entries(sessionStorage))")
    assert "een fout wachtwoord" not in stored and "niemand.hier" not in stored


def make_invitation_link(page: Page, app_server: AppServer) -> str:
    goto(page, app_server.url("/gezin"))
    page.get_by_label("Rol", exact=True).select_option("caregiver")
    page.get_by_role("button", name="Maak uitnodigingslink").click()
    field = page.get_by_label("Uitnodigingslink")
    expect(field).to_have_value(re.compile(r"/uitnodiging\?t=[\w-]{40,}$"))
    return field.input_value()


def test_elif_copies_the_invitation_link_and_sees_it_was_copied(
    app_server: AppServer, login: Login, new_context: NewContext
) -> None:
    context = new_context(PHONE)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=app_server.base_url)
    context.add_init_script(NO_WEB_SHARE)
    page = context.new_page()
    login(page, app_server.account(YILMAZ, "parent", 0))
    link = make_invitation_link(page, app_server)

    copy = page.get_by_role("button", name="Kopieer link")
    copy.click()
    expect(page.get_by_role("button", name="Gekopieerd")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="Gekopieerd")).to_have_count(1)
    assert page.evaluate("navigator.clipboard.readText()") == link
    # Without Web Share (most laptops) there is no "Delen" button that would do nothing.
    expect(page.get_by_role("button", name="Delen")).to_be_hidden()
    # After a moment the button reads as before, ready for another tap.
    expect(page.get_by_role("button", name="Kopieer link")).to_be_visible(timeout=5_000)


def test_on_a_phone_with_web_share_the_link_goes_to_the_share_sheet(
    app_server: AppServer, login: Login, new_context: NewContext
) -> None:
    context = new_context(PHONE)
    context.add_init_script(FAKE_WEB_SHARE)
    page = context.new_page()
    login(page, app_server.account(YILMAZ, "parent", 0))
    link = make_invitation_link(page, app_server)
    share = page.get_by_role("button", name="Delen")
    expect(share).to_be_visible()
    share.click()
    page.wait_for_function("() => window.__shared !== undefined")
    assert page.evaluate("window.__shared.url") == link


def test_a_refused_sign_up_keeps_name_and_e_mail_and_the_password_rule_is_checked_first(
    app_server: AppServer, login: Login, new_context: NewContext
) -> None:
    parent = new_context(PHONE).new_page()
    login(parent, app_server.account(YILMAZ, "parent", 0))
    link = make_invitation_link(parent, app_server)

    page = new_context(PHONE).new_page()
    goto(page, link)
    taken = app_server.account(YILMAZ, "parent", 1).email
    page.get_by_label("Je naam").fill("Noor Kaya")
    page.get_by_label("E-mailadres").fill(taken)
    page.get_by_label("Kies een wachtwoord").fill("kort")
    page.get_by_role("button", name="Doe mee").click()
    # Too short: stopped in the browser, with the server's own rule in Dutch.
    assert validation_message(page, "Kies een wachtwoord") == (
        "Kies een wachtwoord van minstens 8 tekens."
    )
    expect(page).not_to_have_url(re.compile(r"error="))

    page.get_by_label("Kies een wachtwoord").fill("een goed lang wachtwoord")
    page.get_by_role("button", name="Doe mee").click()
    expect(page).to_have_url(re.compile(r"error=email_taken"))
    expect(page.get_by_role("alert")).to_contain_text("heeft al een account")
    expect(page.get_by_label("Je naam")).to_have_value("Noor Kaya")
    expect(page.get_by_label("E-mailadres")).to_have_value(taken)
    expect(page.get_by_label("Kies een wachtwoord")).to_have_value("")


def test_the_toast_region_is_named_in_the_chosen_language(
    app_server: AppServer, new_context: NewContext
) -> None:
    page = new_context(PHONE).new_page()
    goto(page, app_server.url("/login"))
    expect(page.get_by_role("region", name=re.compile(r"^Meldingen in beeld"))).to_have_count(1)
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("button", name="Log in")).to_be_visible()
    expect(page.get_by_role("region", name=re.compile(r"^Messages on screen"))).to_have_count(1)
    expect(page.get_by_role("region", name=re.compile(r"^Meldingen"))).to_have_count(0)

    # Chosen before (the language cookie): English from the first moment on the next visit.
    english = new_context(PHONE)
    english.add_cookies([{"name": "dossier_lang", "value": "en", "url": app_server.base_url}])
    again = english.new_page()
    goto(again, app_server.url("/login"))
    expect(again.get_by_role("button", name="Log in")).to_be_visible()
    expect(again.get_by_role("region", name=re.compile(r"^Messages on screen"))).to_have_count(1)
    again.get_by_role("button", name="Nederlands").click()
    expect(again.get_by_role("button", name="Inloggen")).to_be_visible()
    expect(again.get_by_role("region", name=re.compile(r"^Meldingen in beeld"))).to_have_count(1)


def test_elif_copies_her_calendar_link_and_sees_it_was_copied(
    app_server: AppServer, login: Login, new_context: NewContext
) -> None:
    context = new_context(PHONE)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=app_server.base_url)
    page = context.new_page()
    login(page, app_server.account(YILMAZ, "parent", 0))
    goto(page, app_server.url("/agenda"))
    section = page.get_by_role("region", name="Agenda op je telefoon")
    renew = section.get_by_role("button", name="Nieuwe link maken")
    make = section.get_by_role("button", name="Maak mijn agenda-link")
    expect(make.or_(renew)).to_be_visible()
    if renew.is_visible():
        renew.click()
        page.get_by_role("button", name="Ja, nieuwe link maken").click()
    else:
        make.click()
    field = section.get_by_label("Jouw agenda-link", exact=True)
    expect(field).to_have_value(re.compile(r"/api/calendar/.+\.ics$"))
    section.get_by_role("button", name="Kopieer").click()
    expect(section.get_by_role("button", name="Gekopieerd")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == field.input_value()
