"""Wachtwoord vergeten in the browser: a parent asks for a link, the mail arrives at the
loopback SMTP server, the link sets a new password and signs her in, her old session
elsewhere is logged out, and the used link is dead. Axe on both pages at 390 px.

A Yilmaz parent is used; her demo password is put back afterwards (straight in the
server's database), so the other journeys can still log in with it.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import replace

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from dossier.domain.passwords import hash_password
from tests.browser.support import PHONE, Account, AppServer, AxeReport, goto, wait_until_live
from tests.mail_server import ReceivedMail

pytestmark = pytest.mark.browser

YILMAZ = "Gezin Yilmaz"
NEW = "een nieuwe zin als wachtwoord"
Login = Callable[[Page, Account], None]
CheckAxe = Callable[[Page, str], AxeReport]
NewContext = Callable[..., BrowserContext]


@pytest.fixture
def parent(app_server: AppServer) -> Iterator[Account]:
    account = app_server.account(YILMAZ, "parent", 0)
    yield account
    # Her demo password again, whatever happened above.
    database = app_server.log_path.parent / "dossier.db"
    with sqlite3.connect(database) as connection:
        connection.execute(
            'UPDATE "user" SET password_hash = ? WHERE email = ?',
            (hash_password(account.password), account.email),
        )


def ask_for_a_link(page: Page, app_server: AppServer, email: str) -> None:
    goto(page, app_server.url("/login"))
    page.get_by_role("link", name="Wachtwoord vergeten?").click()
    expect(page).to_have_url(re.compile(r"/wachtwoord-vergeten/?$"))
    wait_until_live(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Wachtwoord vergeten")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_role("button", name="Stuur mij een link").click()
    expect(page).to_have_url(re.compile(r"/wachtwoord-vergeten/?\?sent=1$"))
    expect(
        page.get_by_role("status").filter(has_text="Als dit adres bij ons bekend is")
    ).to_be_visible()


def test_a_parent_gets_back_in_with_the_link_from_the_mail(
    app_server: AppServer,
    parent: Account,
    new_context: NewContext,
    login: Login,
    check_axe: CheckAxe,
    received_mail: Callable[..., ReceivedMail],
    mail_server,
) -> None:
    before = len(mail_server.mails_to(parent.email))
    # Her phone is still logged in.
    old = new_context(PHONE).new_page()
    login(old, parent)

    page = new_context(PHONE).new_page()
    ask_for_a_link(page, app_server, parent.email)
    check_axe(page, "wachtwoord vergeten (390 px)")

    mail = received_mail(parent.email, count=before + 1)
    assert mail.subject == "Een nieuw wachtwoord voor Gezinsdossier"
    assert mail.text and mail.html
    assert mail.link.startswith(app_server.url("/wachtwoord-herstellen?token="))

    goto(page, mail.link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Kies een nieuw wachtwoord")
    check_axe(page, "wachtwoord herstellen (390 px)")
    # Two different passwords: said clearly, the link still works.
    page.get_by_label("Nieuw wachtwoord", exact=True).fill(NEW)
    page.get_by_label("Nieuw wachtwoord nog een keer").fill(NEW + "!")
    page.get_by_role("button", name="Wachtwoord opslaan").click()
    expect(page.get_by_role("alert").filter(has_text="niet hetzelfde")).to_be_visible()
    expect(page.get_by_label("Nieuw wachtwoord", exact=True)).to_have_value("")
    page.get_by_label("Nieuw wachtwoord", exact=True).fill(NEW)
    page.get_by_label("Nieuw wachtwoord nog een keer").fill(NEW)
    page.get_by_role("button", name="Wachtwoord opslaan").click()
    # Signed in at once, in her family.
    expect(page).to_have_url(app_server.url("/"))
    wait_until_live(page)
    expect(page.get_by_role("banner")).to_contain_text(YILMAZ)

    # The phone's old session ended: its next page asks to log in again.
    goto(old, app_server.url("/taken"))
    expect(old).to_have_url(re.compile(r"/login"))

    # The link works once.
    goto(page, mail.link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Deze link werkt niet meer")
    expect(page.get_by_role("link", name="Vraag een nieuwe link aan")).to_be_visible()

    # And the new password is the one that logs in now.
    fresh = new_context(PHONE).new_page()
    login(fresh, replace(parent, password=NEW))


def test_the_page_speaks_english_when_asked(app_server: AppServer, page: Page) -> None:
    goto(page, app_server.url("/wachtwoord-vergeten"))
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Forgot your password")
    expect(page.get_by_role("button", name="Send me a link")).to_be_visible()
    expect(page.locator("main")).to_have_attribute("lang", "en")


def test_an_unknown_link_gets_the_calm_page(app_server: AppServer, page: Page) -> None:
    goto(page, app_server.url("/wachtwoord-herstellen?token=verzonnen"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Deze link werkt niet meer")
    page.get_by_role("link", name="Vraag een nieuwe link aan").click()
    expect(page).to_have_url(re.compile(r"/wachtwoord-vergeten/?$"))
