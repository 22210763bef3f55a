"""Starting a dossier (issue 17): a new parent on a phone; a case manager for a family;
a start with an address in use that looks like any other, and its owner who adds it.

Every run makes its own families and accounts (nothing of the demo changes), so the
other journeys see the demo as it was: the demo parent who adds a dossier leaves it
again afterwards (straight in the server's database).
"""

from __future__ import annotations

import re
import secrets
import sqlite3
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.support import (
    PHONE,
    TABLET,
    Account,
    AppServer,
    AxeReport,
    goto,
    log_in,
    wait_until_live,
)
from tests.mail_server import MailServer

pytestmark = pytest.mark.browser

CheckAxe = Callable[[Page, str], AxeReport]
NewContext = Callable[..., BrowserContext]
PASSWORD = "een goed lang wachtwoord"


def overview_loaded(page: Page) -> None:
    wait_until_live(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Overzicht")


def start_a_dossier(
    page: Page,
    server: AppServer,
    family: str,
    check_axe: CheckAxe | None,
    email: str | None = None,
) -> str:
    """From the login page, through /starten, to the new dossier's overview."""
    goto(page, server.url("/login"))
    page.get_by_role("link", name="Start een gezinsdossier").click()
    expect(page).to_have_url(server.url("/starten"))
    wait_until_live(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Start een gezinsdossier")
    if check_axe:
        check_axe(page, "start a dossier (phone)")
    email = email or f"ouder.{secrets.token_hex(4)}@example.nl"
    page.get_by_label("Je naam").fill("Iris Bakker")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Kies een wachtwoord").fill(PASSWORD)
    page.get_by_label("Naam van het gezin").fill(family)
    page.get_by_label("Voornaam van jullie zieke kind").fill("Bo")
    page.get_by_label("Geboortejaar van jullie kind").fill("2019")
    page.get_by_role("button", name="Start ons dossier").click()
    expect(page).to_have_url(server.url("/"))
    overview_loaded(page)
    expect(page.get_by_role("banner")).to_contain_text(family)
    return email


def invite(page: Page, server: AppServer, role: str) -> str:
    goto(page, server.url("/gezin"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Gezin en toegang")
    page.get_by_label("Rol", exact=True).select_option(role)
    page.get_by_role("button", name="Maak uitnodigingslink").click()
    link_field = page.get_by_label("Uitnodigingslink")
    expect(link_field).to_have_value(re.compile(r"/uitnodiging\?t=[\w-]{40,}$"))
    return link_field.input_value()


def join(page: Page, link: str, name: str) -> str:
    """Accept an invitation with a new account; its e-mail address."""
    email = f"{secrets.token_hex(4)}@example.nl"
    goto(page, link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Uitnodiging")
    page.get_by_label("Je naam").fill(name)
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Kies een wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Doe mee").click()
    overview_loaded(page)
    return email


def step(page: Page, label: str, done: bool):
    state = "gedaan" if done else "nog doen"
    return page.get_by_role("link", name=f"{label}, {state}")


def test_a_new_parent_starts_a_dossier_and_a_case_manager_joins(
    app_server: AppServer, check_axe: CheckAxe, new_context: NewContext
) -> None:
    phone = new_context(PHONE).new_page()
    start_a_dossier(phone, app_server, "Gezin Bakker", check_axe)
    expect(phone.get_by_role("heading", name="Eerste stappen")).to_be_visible()
    expect(phone.get_by_text("0 van 6 gedaan")).to_be_visible()
    hospital = "Nodig de casemanager van het ziekenhuis uit"
    expect(step(phone, hospital, done=False)).to_have_attribute("href", "/gezin")
    check_axe(phone, "overview of a new dossier with Eerste stappen (phone)")

    link = invite(phone, app_server, "cm_hospital")
    tablet = new_context(TABLET).new_page()
    join(tablet, link, "Joke Kok")
    expect(tablet.get_by_role("banner")).to_contain_text("Gezin Bakker")

    goto(phone, app_server.url("/"))
    overview_loaded(phone)
    expect(step(phone, hospital, done=True)).to_be_visible()
    expect(phone.get_by_text("1 van 6 gedaan")).to_be_visible()
    # Installing is ticked by the parent; then the card can be hidden.
    phone.get_by_role("button", name="Gedaan").click()
    expect(phone.get_by_text("2 van 6 gedaan")).to_be_visible()
    phone.get_by_role("button", name="Verberg eerste stappen").click()
    expect(phone.get_by_role("heading", name="Eerste stappen")).to_have_count(0)


def hospital_case_manager(
    app_server: AppServer, new_context: NewContext, family: str
) -> tuple[Page, str]:
    """A hospital case manager of a new family (made here), signed in on a tablet."""
    parent = new_context(PHONE).new_page()
    start_a_dossier(parent, app_server, family, None)
    link = invite(parent, app_server, "cm_hospital")
    tablet = new_context(TABLET).new_page()
    return tablet, join(tablet, link, "Joke Kok")


def start_for_a_family(tablet: Page, server: AppServer, family: str, check_axe: CheckAxe) -> str:
    goto(tablet, server.url("/mijn-gezinnen"))
    expect(tablet.get_by_role("heading", level=1)).to_have_text("Mijn gezinnen")
    tablet.get_by_role("button", name="Start een dossier voor een gezin").click()
    dialog = tablet.get_by_role("dialog")
    expect(dialog).to_be_visible()
    dialog.get_by_label("Naam van het gezin").fill(family)
    dialog.get_by_label("Voornaam van jullie zieke kind").fill("Mila")
    dialog.get_by_label("Geboortejaar van jullie kind").fill("2021")
    check_axe(tablet, "start a dossier for a family (tablet dialog)")
    dialog.get_by_role("button", name="Start het dossier").click()
    link_field = dialog.get_by_label("Uitnodiging voor een ouder")
    expect(link_field).to_have_value(re.compile(r"/uitnodiging\?t=[\w-]{40,}$"))
    expect(dialog.get_by_role("img", name="QR-code met de uitnodigingslink")).to_be_visible()
    check_axe(tablet, "the parent invitation shown once (tablet dialog)")
    link = link_field.input_value()
    dialog.get_by_role("button", name="Sluiten").last.click()
    card = tablet.locator(".caseload-grid > li").filter(has_text=family)
    expect(card).to_contain_text("Wacht op ouders")
    # Opened, the dossier shows only its name and the state, and a new link.
    card.get_by_role("button", name=f"Open dossier van {family}").click()
    overview_loaded(tablet)
    expect(tablet.get_by_role("heading", name="Wacht op ouders")).to_be_visible()
    expect(tablet.get_by_text("Dit dossier wacht tot een ouder")).to_be_visible()
    check_axe(tablet, "a dossier waiting for its parents (tablet)")
    tablet.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Taken").click()
    expect(tablet.get_by_role("heading", level=1)).to_have_text("Wacht op ouders")
    goto(tablet, server.url("/"))
    overview_loaded(tablet)
    tablet.get_by_role("button", name="Maak een nieuwe link voor de ouders").click()
    new_link = tablet.get_by_label("Uitnodiging voor een ouder")
    expect(new_link).to_have_value(re.compile(r"/uitnodiging\?t=[\w-]{40,}$"))
    assert new_link.input_value() != link
    return new_link.input_value()


def test_a_case_manager_starts_one_and_the_parent_says_yes(
    app_server: AppServer, check_axe: CheckAxe, new_context: NewContext
) -> None:
    tablet, _email = hospital_case_manager(app_server, new_context, "Gezin Visser")
    link = start_for_a_family(tablet, app_server, "Gezin Smit", check_axe)

    parent = new_context(PHONE).new_page()
    join(parent, link, "Eva Smit")
    expect(parent.get_by_role("banner")).to_contain_text("Gezin Smit")
    expect(parent.get_by_text("Joke Kok wil casemanager ziekenhuis zijn. Akkoord?")).to_be_visible()
    check_axe(parent, "the parents' question about the case manager (phone)")
    parent.get_by_role("button", name="Ja, Joke Kok doet mee").click()
    expect(parent.get_by_text("Akkoord?")).to_have_count(0)

    goto(tablet, app_server.url("/"))
    overview_loaded(tablet)
    expect(tablet.get_by_role("heading", name="Wacht op ouders")).to_have_count(0)
    expect(tablet.get_by_role("heading", name="Mijn taken")).to_be_visible()


def test_a_case_manager_starts_one_and_the_parent_says_no(
    app_server: AppServer, check_axe: CheckAxe, new_context: NewContext
) -> None:
    tablet, email = hospital_case_manager(app_server, new_context, "Gezin Mulder")
    link = start_for_a_family(tablet, app_server, "Gezin Dekker", check_axe)

    parent = new_context(PHONE).new_page()
    join(parent, link, "Sem Dekker")
    parent.get_by_role("button", name="Nee, liever niet").click()
    expect(parent.get_by_text("Akkoord?")).to_have_count(0)

    # Her open screen of that dossier ends by itself (the parent's no is pushed to it, its
    # reload is refused); her caseload no longer has it.
    expect(tablet).to_have_url(re.compile(r"/login\?reason=expired"))
    wait_until_live(tablet)
    tablet.get_by_label("E-mailadres").fill(email)
    tablet.get_by_label("Wachtwoord").fill(PASSWORD)
    tablet.get_by_role("button", name="Inloggen").click()
    overview_loaded(tablet)
    goto(tablet, app_server.url("/mijn-gezinnen"))
    grid = tablet.locator(".caseload-grid")
    expect(grid).to_contain_text("Gezin Mulder")
    expect(grid).not_to_contain_text("Gezin Dekker")


def test_the_start_page_in_english_on_a_tablet_keeps_what_was_typed_after_a_refusal(
    app_server: AppServer, check_axe: CheckAxe, new_context: NewContext
) -> None:
    tablet = new_context(TABLET).new_page()
    goto(tablet, app_server.url("/starten"))
    tablet.get_by_role("group", name="Taal").get_by_role("button", name="English").click()
    expect(tablet.get_by_role("heading", level=1)).to_have_text("Start a family dossier")
    check_axe(tablet, "start a dossier (tablet, English)")
    tablet.get_by_label("Your name").fill("Iris Bakker")
    tablet.get_by_label("Email address").fill("iris.later@example.nl")
    tablet.get_by_label("Choose a password").fill(PASSWORD)
    tablet.get_by_label("Your family's name").fill("The Bakker family")
    tablet.get_by_label("First name of your ill child").fill("Bo")
    tablet.get_by_label("Your child's year of birth").fill("2090")
    tablet.get_by_role("button", name="Start our dossier").click()
    expect(tablet).to_have_url(re.compile(r"/starten/?\?error=year_future$"))
    wait_until_live(tablet)
    expect(tablet.get_by_role("alert")).to_contain_text("That year has not happened yet")
    # Kept, except the password.
    expect(tablet.get_by_label("Your name")).to_have_value("Iris Bakker")
    expect(tablet.get_by_label("Email address")).to_have_value("iris.later@example.nl")
    expect(tablet.get_by_label("Choose a password")).to_have_value("")
    check_axe(tablet, "start a dossier with a message (tablet, English)")


CLAIMED = "Gezin Van Dam"


@pytest.fixture
def owner(app_server: AppServer) -> Iterator[Account]:
    """A demo parent whose address a stranger starts with; she leaves the dossier she
    adds again afterwards, so the other journeys find her in her one family."""
    account = app_server.account("Gezin Yilmaz", "parent", 1)
    yield account
    database = app_server.log_path.parent / "dossier.db"
    with sqlite3.connect(database) as connection:
        connection.execute(
            "UPDATE membership SET status = 'revoked' WHERE family_id IN "
            "(SELECT id FROM family WHERE name = ?) AND user_id = "
            '(SELECT id FROM "user" WHERE email = ?)',
            (CLAIMED, account.email),
        )


def test_a_start_with_an_address_in_use_looks_like_any_start_and_its_owner_adds_it(
    app_server: AppServer,
    check_axe: CheckAxe,
    new_context: NewContext,
    owner: Account,
    mail_server: MailServer,
) -> None:
    before = len(mail_server.mails_to(owner.email))
    stranger = new_context(PHONE).new_page()
    # Her address, another password: the same landing as a new address.
    start_a_dossier(stranger, app_server, CLAIMED, None, email=owner.email)
    expect(stranger.get_by_role("heading", name="Eerste stappen")).to_be_visible()
    expect(stranger.get_by_text("0 van 6 gedaan")).to_be_visible()
    banner = stranger.get_by_role("status").filter(has_text="Bevestig je e-mailadres")
    expect(banner).to_contain_text(f"We stuurden een link naar {owner.email}")
    expect(banner.get_by_role("button", name="Stuur opnieuw")).to_be_visible()
    check_axe(stranger, "overview of a dossier started with an address in use (phone)")

    # The owner reads the mail: not a confirmation, but a claim link.
    mail = mail_server.wait_for(owner.email, count=before + 1)
    assert mail.subject == "Iemand heeft met jouw e-mailadres een gezinsdossier gestart"
    assert "Je hebt al een account. Was jij dit?" in mail.text
    assert mail.link.startswith(app_server.url("/dossier-toevoegen?token="))
    assert CLAIMED not in mail.text

    tablet = new_context(TABLET).new_page()
    # Signed out, the link asks to log in first (and is not used).
    goto(tablet, mail.link)
    expect(tablet.get_by_role("heading", level=1)).to_have_text("Dossier toevoegen aan je account")
    expect(tablet.get_by_text("Log eerst in met je eigen account.")).to_be_visible()
    check_axe(tablet, "the claim link, signed out (tablet)")
    log_in(tablet, app_server, owner)
    goto(tablet, mail.link)
    expect(tablet).to_have_url(app_server.url("/"))
    wait_until_live(tablet)
    expect(tablet.get_by_role("banner")).to_contain_text(CLAIMED)
    expect(tablet.get_by_text("Het dossier hoort nu bij je account.")).to_be_visible()
    # She now has two families.
    tablet.get_by_role("button", name="Menu: taal, gezin en uitloggen").click()
    expect(tablet.get_by_text("Ander gezin openen")).to_be_visible()
    expect(tablet.get_by_role("button", name=CLAIMED)).to_be_visible()
    expect(tablet.get_by_role("button", name="Gezin Yilmaz")).to_be_visible()

    # The stranger's session ended with the provisional account: her open screen goes to
    # the login page by itself (the claim is a change; its live reload meets the gate).
    expect(stranger).to_have_url(re.compile(r"/login\?reason=expired"))
    # The used link, on a phone in English: it asks to log in (and would not work again).
    goto(stranger, mail.link)
    stranger.get_by_role("group", name="Taal").get_by_role("button", name="English").click()
    expect(stranger.get_by_role("heading", level=1)).to_have_text("Add a dossier to your account")
    expect(stranger.get_by_text("First log in with your own account.")).to_be_visible()
    check_axe(stranger, "the claim link, signed out (phone, English)")
