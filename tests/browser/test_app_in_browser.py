"""The app as a family uses it: in Chromium on a phone (and a tablet), against the prod server.

Each test opens its own browser context and logs in fresh. The browser asks for English
(locale en-US) on purpose: the app must start in Dutch all the same.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, expect

from tests.browser.support import PHONE, TABLET, Account, AppServer, AxeReport, goto

pytestmark = pytest.mark.browser

DE_VRIES = "Gezin De Vries"
YILMAZ = "Gezin Yilmaz"
# Assigned to Anna de Vries (first parent) and waiting to be called back today: it needs her now.
ANNAS_TASK = "Machtiging voedingspomp en sondevoeding verlengen"
OVERVIEW_CARDS = (
    "Mijn taken",
    "Vandaag en morgen",
    "Wie doet wat: wacht op jou",
    "Broers en zussen",
)
WRONG_PASSWORD = (
    "Dit e-mailadres en wachtwoord horen niet bij elkaar. Kijk ze na en probeer het opnieuw."
)
MENU = "Menu: taal, gezin en uitloggen"
MENU_EN = "Menu: language, family and log out"

Login = Callable[[Page, Account], None]
CheckAxe = Callable[[Page, str], AxeReport]
NewContext = Callable[..., BrowserContext]


def h1(page: Page) -> Locator:
    return page.get_by_role("heading", level=1)


def test_parent_logs_in_on_a_phone_and_sees_the_overview(
    app_server: AppServer, page: Page, login: Login, check_axe: CheckAxe
) -> None:
    goto(page, app_server.url("/"))
    # Never logged in: just the login page, in Dutch although the browser asks for English.
    expect(page).to_have_url(re.compile(r"/login/?$"))
    expect(h1(page)).to_have_text("Gezinsdossier")
    expect(page.get_by_role("button", name="Inloggen")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.get_by_role("alert")).to_have_count(0)
    check_axe(page, "login (phone)")

    anna = app_server.account(DE_VRIES, "parent", 0)
    login(page, anna)

    expect(h1(page)).to_have_text("Overzicht")
    expect(page.get_by_role("banner").get_by_text(DE_VRIES, exact=True)).to_be_visible()
    for title in OVERVIEW_CARDS:
        expect(page.get_by_role("heading", level=2, name=title, exact=True)).to_be_visible()
    my_tasks = page.get_by_role("region", name="Mijn taken", exact=True)
    expect(my_tasks.get_by_text(ANNAS_TASK)).to_be_visible()
    check_axe(page, "overview (phone, nl)")


def test_wrong_password_shows_a_clear_dutch_error(
    app_server: AppServer, page: Page, context: BrowserContext, check_axe: CheckAxe
) -> None:
    anna = app_server.account(DE_VRIES, "parent", 0)
    goto(page, app_server.url("/login"))
    page.get_by_label("E-mailadres").fill(anna.email)
    page.get_by_label("Wachtwoord").fill(anna.password + "-fout")
    page.get_by_role("button", name="Inloggen").click()

    expect(page).to_have_url(re.compile(r"/login/?\?error=invalid$"))
    expect(page.get_by_role("alert")).to_have_text(WRONG_PASSWORD)
    assert not [c for c in context.cookies() if c["name"] == "dossier_session"]
    check_axe(page, "login with error (phone)")


def test_missing_password_is_caught_before_sending(app_server: AppServer, page: Page) -> None:
    anna = app_server.account(DE_VRIES, "parent", 0)
    posted: list[str] = []
    page.on("request", lambda r: posted.append(r.url) if r.method == "POST" else None)
    goto(page, app_server.url("/login"))
    page.get_by_label("E-mailadres").fill(anna.email)
    password = page.get_by_label("Wachtwoord")
    page.get_by_role("button", name="Inloggen").click()

    # The browser refuses the submit: the field is required and empty.
    assert password.evaluate("el => el.validity.valueMissing") is True
    expect(password).to_be_focused()
    expect(page).to_have_url(re.compile(r"/login/?$"))
    expect(page.get_by_role("alert")).to_have_count(0)

    # Should a client send it anyway, the server names what is missing.
    response = page.request.post(
        app_server.url("/api/auth/login"),
        form={"email": anna.email, "password": ""},
        max_redirects=0,
    )
    assert response.status == 303
    location = response.headers["location"]
    assert "error=missing" in location
    # By now a form post from the page would have been seen: there was none.
    assert not [url for url in posted if "/api/auth/login" in url]
    page.goto(location)
    expect(page.get_by_role("alert")).to_have_text("Vul je e-mailadres en je wachtwoord in.")


SECTIONS = (
    # (link in the bottom navigation, h1 of that page, its path)
    ("Taken", "Taken", "/taken"),
    ("Wie doet wat", "Wie doet wat", "/wie-doet-wat"),
    ("Agenda", "Agenda", "/agenda"),
    ("Check-in", "Hoe gaat het?", "/check-in"),
)


def test_every_section_page_shows_data_and_passes_axe(
    app_server: AppServer, page: Page, login: Login, check_axe: CheckAxe
) -> None:
    login(page, app_server.account(DE_VRIES, "parent", 0))
    nav = page.get_by_role("navigation", name="Hoofdmenu")
    for link, title, path in SECTIONS:
        nav.get_by_role("link", name=link, exact=True).click()
        expect(page).to_have_url(re.compile(rf"{re.escape(path)}/?$"))
        expect(h1(page)).to_have_text(title)
        expect(nav.get_by_role("link", name=link, exact=True)).to_have_attribute(
            "aria-current", "page"
        )
        expect(page.get_by_role("main").get_by_role("listitem").first).to_be_visible()
        check_axe(page, f"{path} (phone, nl)")


def test_links_stay_readable_on_hover(
    app_server: AppServer, page: Page, login: Login, check_axe: CheckAxe
) -> None:
    login(page, app_server.account(DE_VRIES, "parent", 0))
    page.get_by_role("link", name="Alle taken", exact=True).hover()
    check_axe(page, "overview, card link hovered")
    nav = page.get_by_role("navigation", name="Hoofdmenu")
    for name in ("Overzicht", "Taken"):  # the current page's link and another one
        nav.get_by_role("link", name=name, exact=True).hover()
        check_axe(page, f"overview, nav link {name!r} hovered")


def _open_menu(page: Page, name: str = MENU) -> None:
    page.get_by_role("button", name=name).click()
    expect(page.get_by_role("dialog")).to_be_visible()


def test_switching_to_english_is_remembered_for_the_user(
    app_server: AppServer,
    page: Page,
    new_context: NewContext,
    login: Login,
    check_axe: CheckAxe,
) -> None:
    mark = app_server.account(DE_VRIES, "parent", 1)
    login(page, mark)
    expect(h1(page)).to_have_text("Overzicht")

    _open_menu(page)
    page.get_by_role("group", name="Taal").get_by_role("button", name="English").click()
    expect(h1(page)).to_have_text("Overview")
    expect(page.get_by_role("button", name="English")).to_have_attribute("aria-pressed", "true")
    # Screen readers must read the English words as English (WCAG 3.1.2).
    nearest_lang = page.locator("#inhoud").locator("xpath=ancestor-or-self::*[@lang][1]")
    expect(nearest_lang).to_have_attribute("lang", "en")
    check_axe(page, "overview (phone, en, menu open)")

    # A new browser, a fresh login: the choice was saved on the user.
    other = new_context(PHONE).new_page()
    goto(other, app_server.url("/login"))
    expect(h1(other)).to_have_text("Gezinsdossier")
    login(other, mark)
    expect(h1(other)).to_have_text("Overview")
    expect(other.get_by_role("heading", level=2, name="My tasks", exact=True)).to_be_visible()

    # Leave the demo as we found it.
    _open_menu(other, MENU_EN)
    other.get_by_role("button", name="Nederlands").click()
    expect(h1(other)).to_have_text("Overzicht")


def test_logout_ends_the_session(
    app_server: AppServer, page: Page, context: BrowserContext, login: Login
) -> None:
    login(page, app_server.account(DE_VRIES, "parent", 0))
    _open_menu(page)
    page.get_by_role("button", name="Uitloggen", exact=True).click()

    expect(page).to_have_url(re.compile(r"/login/?\?bye=1$"))
    expect(page.get_by_text("Je bent uitgelogd. Tot ziens!")).to_be_visible()
    assert not [c for c in context.cookies() if c["name"] == "dossier_session"]

    goto(page, app_server.url("/"))
    expect(page).to_have_url(re.compile(r"/login/?$"))
    expect(page.get_by_role("button", name="Inloggen")).to_be_visible()


def test_session_cookie_is_httponly(
    app_server: AppServer, page: Page, context: BrowserContext, login: Login
) -> None:
    login(page, app_server.account(DE_VRIES, "parent", 0))
    assert "dossier_session" not in page.evaluate("() => document.cookie")
    cookies = [c for c in context.cookies() if c["name"] == "dossier_session"]
    assert len(cookies) == 1
    assert cookies[0]["httpOnly"] is True
    assert cookies[0]["sameSite"] == "Lax"
    assert cookies[0]["path"] == "/"


def test_tablet_shows_the_side_rail(
    app_server: AppServer, new_context: NewContext, login: Login, check_axe: CheckAxe
) -> None:
    page = new_context(TABLET).new_page()
    login(page, app_server.account(DE_VRIES, "parent", 0))
    expect(page.locator(".side-rail")).to_be_visible()
    expect(page.locator(".bottom-nav")).to_be_hidden()
    rail = page.get_by_role("navigation", name="Hoofdmenu")
    expect(rail).to_have_count(1)
    expect(rail.get_by_role("link", name="Overzicht", exact=True)).to_have_attribute(
        "aria-current", "page"
    )
    check_axe(page, "overview (tablet, nl)")


def test_case_manager_with_two_families_can_switch(
    app_server: AppServer, page: Page, login: Login
) -> None:
    sanne = app_server.account(DE_VRIES, "cm_hospital")
    assert app_server.account(YILMAZ, "cm_hospital").email == sanne.email
    login(page, sanne)
    # The header, without the user menu (its panel sits in the header, closed or open,
    # and lists both families).
    header = page.get_by_role("banner").locator("p:not(#user-menu *)")

    def family(name: str) -> Locator:
        return header.filter(has_text=re.compile(f"^{re.escape(name)}$"))

    expect(family(DE_VRIES)).to_be_visible()

    _open_menu(page)
    page.get_by_role("dialog").get_by_role("button", name=YILMAZ, exact=True).click()
    expect(family(YILMAZ)).to_be_visible()
    expect(family(DE_VRIES)).to_have_count(0)
    expect(h1(page)).to_have_text("Overzicht")
