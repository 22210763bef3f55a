"""Security in the browser: no CSP violation on the main flows (toasts included), the
idle warning (WCAG 2.2.1) with Playwright's fake clock, and Mijn apparaten.

The Yilmaz family's accounts are used, so the De Vries journeys in the other files see
the data they expect.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Route, expect
from playwright.sync_api import Error as PlaywrightError

from tests.browser.support import (
    PHONE,
    SOCKET_PROBE,
    Account,
    AppServer,
    AxeReport,
    goto,
    wait_until_live,
)

pytestmark = pytest.mark.browser

YILMAZ = "Gezin Yilmaz"
MENU = "Menu: taal, gezin en uitloggen"
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)
Login = Callable[[Page, Account], None]
CheckAxe = Callable[[Page, str], AxeReport]
NewContext = Callable[..., BrowserContext]

# Every Content-Security-Policy violation in any page of the context is reported here
# (an exposed function survives navigations; a page variable would not).
REPORT_VIOLATIONS = """
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolation({
    page: location.pathname,
    directive: e.violatedDirective,
    blocked: e.blockedURI,
    sample: e.sample,
  });
});
"""


@pytest.fixture
def watched(new_context: NewContext) -> Iterator[tuple[BrowserContext, list[dict[str, Any]]]]:
    context = new_context(PHONE)
    violations: list[dict[str, Any]] = []
    context.expose_function("__cspViolation", lambda violation: violations.append(violation))
    context.add_init_script(REPORT_VIOLATIONS)
    yield context, violations


def open_menu_link(page: Page, name: str) -> None:
    page.get_by_role("button", name=MENU).click()
    page.get_by_role("link", name=name).click()


# --------------------------------------------------------------------------------------
# Content-Security-Policy
# --------------------------------------------------------------------------------------


def test_the_app_runs_under_its_csp_without_a_single_violation(
    app_server: AppServer, watched, login: Login
) -> None:
    context, violations = watched
    page = context.new_page()
    response = page.goto(app_server.url("/login"))
    csp = response.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp
    assert "'unsafe-eval'" not in csp
    assert "script-src 'self' 'sha256-" in csp
    assert response.headers["cache-control"] == "no-store"
    wait_until_live(page)

    login(page, app_server.account(YILMAZ, "parent", 1))
    nav = page.get_by_role("navigation", name="Hoofdmenu")
    nav.get_by_role("link", name="Taken", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Taken")

    # Completing shows the undo bar; undoing puts the task back.
    first = page.get_by_role("button", name=re.compile(r"^Markeer als klaar: ")).first
    first.click()
    expect(page.get_by_text("Taak afgerond")).to_be_visible()
    page.get_by_role("button", name="Ongedaan maken").click()

    # A toast from an event handler: Reflex would eval() it; ours goes through the state.
    open_menu_link(page, "Gezin en toegang")
    page.get_by_role("button", name="Maak uitnodigingslink").click()
    expect(page.get_by_text("De uitnodiging is klaar.")).to_be_visible()

    for link in ("Agenda", "Wie doet wat", "Check-in", "Overzicht"):
        nav.get_by_role("link", name=link, exact=True).click()
        expect(page.get_by_role("main").get_by_role("heading", level=1)).to_be_visible()
    open_menu_link(page, "Mijn apparaten")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn apparaten")
    goto(page, app_server.url("/agenda"))  # a full page load of a signed-in page
    page.wait_for_timeout(500)  # late reports have arrived

    assert violations == []

    # The listener is real: an injected inline script is blocked and reported.
    with contextlib.suppress(PlaywrightError):
        page.add_script_tag(content="window.__injected = true;")
    wait_for(page, lambda: len(violations) > 0)
    assert violations[0]["directive"] in {"script-src", "script-src-elem"}
    assert page.evaluate("() => window.__injected === undefined")


def test_too_many_attempts_get_a_clear_message(app_server: AppServer, page: Page) -> None:
    goto(page, app_server.url("/login"))
    for _ in range(8):  # the 8th failure in a row means 8 seconds of waiting
        wrong = {"email": "niemand@example.nl", "password": "fout"}
        page.request.post(app_server.url("/api/auth/login"), form=wrong, max_redirects=0)
    page.get_by_label("E-mailadres").fill("niemand@example.nl")
    page.get_by_label("Wachtwoord").fill("nog een keer fout")
    page.get_by_role("button", name="Inloggen").click()
    expect(page).to_have_url(re.compile(r"/login/?\?error=throttled$"))
    expect(page.get_by_role("alert")).to_have_text(
        "Te veel pogingen. Wacht even en probeer het over een paar minuten opnieuw."
    )


# --------------------------------------------------------------------------------------
# The idle warning
# --------------------------------------------------------------------------------------


class ServerClock:
    """Makes GET /api/auth/session answer as if the server's time moved with the fake
    browser clock: it asks the real server and takes `skew` seconds off what is left."""

    def __init__(self) -> None:
        self.skew = 0
        self.absolute_left: int | None = None
        self.asked = 0

    def __call__(self, route: Route) -> None:
        self.asked += 1
        response = route.fetch()
        if response.status != 200:
            route.fulfill(response=response)
            return
        body = response.json()
        body["idle_seconds"] -= self.skew
        body["absolute_seconds"] -= self.skew
        if self.absolute_left is not None:
            body["absolute_seconds"] = self.absolute_left
        route.fulfill(response=response, json=body)


def wait_for(page: Page, condition: Callable[[], bool], seconds: float = 15) -> None:
    for _ in range(int(seconds * 10)):
        if condition():
            return
        page.wait_for_timeout(100)  # lets Playwright run the route handlers meanwhile
    raise AssertionError("condition not met in time")


def idle_dialog(page: Page):
    return page.get_by_role("alertdialog", name="Ben je er nog?")


def test_the_idle_warning_lets_you_stay_and_otherwise_logs_out(
    app_server: AppServer, page: Page, login: Login, check_axe: CheckAxe
) -> None:
    server = ServerClock()
    page.route("**/api/auth/session", server)
    page.clock.install()
    login(page, app_server.account(YILMAZ, "parent", 0))
    wait_for(page, lambda: server.asked > 0)  # the script has asked the server once
    expect(idle_dialog(page)).to_have_count(0)

    # 28.5 quiet minutes: the warning comes, focus moves into it.
    server.skew = 28 * 60 + 30
    page.clock.fast_forward("28:30")
    dialog = idle_dialog(page)
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Je wordt zo uitgelogd omdat je even niets hebt gedaan")
    stay = dialog.get_by_role("button", name="Ingelogd blijven")
    expect(stay).to_be_focused()
    page.keyboard.press("Tab")  # focus stays in the dialog
    expect(stay).to_be_focused()
    check_axe(page, "idle warning (phone)")

    # "Ingelogd blijven" with the keyboard: the server restarts the idle clock.
    server.skew = 0
    page.keyboard.press("Enter")
    expect(dialog).to_be_hidden()
    expect(page.locator("#session-timer")).to_have_attribute("data-extended", "1")
    expect(page.get_by_role("heading", level=1)).to_have_text("Overzicht")

    # Quiet again; this time nobody answers, and the session has ended on the server.
    server.skew = 28 * 60 + 30
    page.clock.fast_forward("28:30")
    expect(idle_dialog(page)).to_be_visible()
    page.request.post(app_server.url("/api/auth/logout"))  # the server side ends it
    page.clock.fast_forward("02:00")
    expect(page).to_have_url(re.compile(r"/login/?\?reason=expired$"))
    expect(page.get_by_role("alert")).to_have_text(
        "Je sessie is afgelopen. Log opnieuw in om verder te gaan."
    )


def test_the_end_of_the_12_hours_is_announced_and_cannot_be_extended(
    app_server: AppServer, page: Page, login: Login
) -> None:
    server = ServerClock()
    server.absolute_left = 100  # 1 minute 40 seconds before the fixed end
    page.route("**/api/auth/session", server)
    login(page, app_server.account(YILMAZ, "parent", 0))
    dialog = page.get_by_role("alertdialog", name="Je sessie stopt bijna")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Dit kun je niet verlengen.")
    expect(dialog.get_by_role("button", name="Ingelogd blijven")).to_have_count(0)
    ok = dialog.get_by_role("button", name="Oké")
    expect(ok).to_be_focused()
    ok.click()
    expect(dialog).to_be_hidden()
    page.wait_for_timeout(2500)  # it does not come back every second
    expect(dialog).to_be_hidden()


# --------------------------------------------------------------------------------------
# Mijn apparaten
# --------------------------------------------------------------------------------------


@pytest.fixture
def iphone(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(viewport=PHONE, user_agent=IPHONE, locale="nl-NL")
    context.set_default_timeout(15_000)
    context.add_init_script(SOCKET_PROBE)
    yield context
    context.close()


def test_log_out_another_device_from_mijn_apparaten(
    app_server: AppServer,
    page: Page,
    iphone: BrowserContext,
    login: Login,
    check_axe: CheckAxe,
) -> None:
    rik = app_server.account(YILMAZ, "cm_home")
    other = iphone.new_page()
    login(other, rik)
    login(page, rik)

    open_menu_link(page, "Mijn apparaten")
    expect(page).to_have_url(app_server.url("/mijn-apparaten"))
    items = page.get_by_role("main").get_by_role("listitem")
    this_one = items.filter(has=page.get_by_text("Dit apparaat", exact=True))
    expect(this_one).to_have_count(1)
    expect(this_one).to_contain_text("Chrome op Linux")
    iphone_item = items.filter(has_text="Safari op iPhone")
    expect(iphone_item).to_have_count(1)
    check_axe(page, "mijn apparaten (phone)")

    iphone_item.get_by_role("button", name="Uitloggen op dit apparaat").click()
    expect(page.get_by_text("Dat apparaat is uitgelogd.")).to_be_visible()
    expect(items.filter(has_text="Safari op iPhone")).to_have_count(0)

    # The iPhone's next action finds its session ended.
    nav = other.get_by_role("navigation", name="Hoofdmenu")
    nav.get_by_role("link", name="Taken", exact=True).click()
    expect(other).to_have_url(re.compile(r"/login/?\?reason=expired$"))
