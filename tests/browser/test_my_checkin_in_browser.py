"""A sister checks in on her phone: faces, needs, a note, who may read it, and thanks.

Also large text (200%) and a 195 px wide screen (a 390 px phone zoomed to 200%): the
screen reflows without scrolling sideways, and axe finds nothing serious or critical.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Locator, Page, expect

from dossier.i18n import format_long_day, local_today
from tests.browser.support import Account, AppServer, AxeReport, goto

pytestmark = pytest.mark.browser

# Femke, and any home case manager another browser test invited into the demo family.
ONLY_HOME_CASE_MANAGERS = re.compile(
    r"Dit lezen: Femke( en [^()]+)? \(help(t|en) jullie gezin thuis\)(?!,)"
)

DE_VRIES = "Gezin De Vries"
Login = Callable[[Page, Account], None]
CheckAxe = Callable[[Page, str], AxeReport]
# Elements that stick out to the right of the screen (empty when nothing scrolls sideways).
STICKING_OUT = """() => {
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= width) return [];
    return [...document.querySelectorAll('body *')]
        .filter((el) => el.getBoundingClientRect().right > width + 1)
        .slice(0, 8)
        .map((el) => `${el.tagName}.${el.className}: ${el.getBoundingClientRect().right}`);
}"""


def assert_no_sideways_scroll(page: Page, where: str) -> None:
    sticking_out = page.evaluate(STICKING_OUT)
    assert not sticking_out, f"sideways scrolling {where}: {sticking_out}"


def sibling(app_server: AppServer, first_name: str) -> Account:
    found = [
        a
        for a in app_server.accounts
        if a.family == DE_VRIES and a.role == "sibling" and a.name.startswith(first_name)
    ]
    assert found, f"no demo sibling {first_name}"
    return found[0]


def readers_box(page: Page):
    return page.locator("#mc-readers")


def tick(choice: Locator, on: bool = True) -> None:
    """A tap on a choice; the screen follows the server's answer (controlled inputs)."""
    if choice.is_checked() != on:
        choice.click()
    expect(choice).to_be_checked(checked=on)


def test_a_sister_checks_in_on_her_phone_and_shares_only_with_the_home_case_manager(
    app_server: AppServer, page: Page, login: Login, check_axe: CheckAxe
) -> None:
    login(page, sibling(app_server, "Lotte"))
    # A sibling's home is her own screen: she lands on it after logging in.
    expect(page).to_have_url(re.compile(r"/mijn-check-in/?$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn check-in")
    expect(page.get_by_role("banner")).to_contain_text("Hoi Lotte")
    expect(page.get_by_role("link", name="Naar mijn taken")).to_be_visible()
    expect(page.get_by_role("radio")).to_have_count(5)
    check_axe(page, "my check-in (phone, sibling, before sending)")

    tick(page.get_by_role("radio", name="Goed", exact=True))
    expect(page.get_by_role("radio", name="Goed", exact=True)).to_be_checked()
    tick(page.get_by_role("checkbox", name="Rust"))
    tick(page.get_by_role("checkbox", name="Even iets leuks doen"))
    expect(page.get_by_role("checkbox", name="Rust")).to_be_checked()
    # "Niets nodig" and the others exclude each other.
    tick(page.get_by_role("checkbox", name="Niets nodig"))
    expect(page.get_by_role("checkbox", name="Rust")).not_to_be_checked()
    tick(page.get_by_role("checkbox", name="Rust"))
    tick(page.get_by_role("checkbox", name="Even iets leuks doen"))
    expect(page.get_by_role("checkbox", name="Niets nodig")).not_to_be_checked()

    note = page.get_by_label("Je berichtje (mag ook leeg blijven)")
    note.fill("Ik wil graag een keer met Femke praten over school.")
    expect(page.locator("#mc-note-count")).to_have_text("51 / 500 tekens")

    tick(page.get_by_role("checkbox", name=re.compile(r"^Je ouders")), False)
    tick(page.get_by_role("checkbox", name=re.compile(r"^Uit het ziekenhuis")), False)
    tick(page.get_by_role("checkbox", name=re.compile(r"^Helpt jullie gezin thuis")), True)
    expect(page.get_by_role("checkbox", name="Alleen voor mij")).not_to_be_checked()
    expect(readers_box(page)).to_have_text(ONLY_HOME_CASE_MANAGERS)
    # First names and a child's words, not "Femke Bos (casemanager thuis)".
    expect(page.locator("main")).not_to_contain_text("casemanager")
    expect(page.locator("main")).not_to_contain_text("Femke Bos")
    # The sentence just above "Versturen" says the same, before anything is sent.
    send_part = page.locator(".mc-send-part")
    expect(send_part).to_contain_text(ONLY_HOME_CASE_MANAGERS)

    page.get_by_role("button", name="Versturen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dank je wel!")
    thanks = page.locator(".mc-thanks")
    expect(thanks).to_contain_text("Je check-in is verstuurd.")
    expect(thanks).to_contain_text(ONLY_HOME_CASE_MANAGERS)
    # Her own row of faces now ends with today's "Goed".
    today = format_long_day(local_today(), "nl")
    expect(page.locator(".mc-history li").last).to_contain_text(f"Goed, {today}")
    check_axe(page, "my check-in (phone, sibling, thank-you)")

    # Large text: the page grows and reflows; nothing scrolls sideways.
    page.evaluate("() => { document.documentElement.style.fontSize = '200%'; }")
    assert_no_sideways_scroll(page, "on the thank-you at 200% text")
    page.get_by_role("button", name="Nog een check-in doen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn check-in")
    expect(page.get_by_role("radio", name="Goed", exact=True)).not_to_be_checked()
    assert_no_sideways_scroll(page, "at 200% text")
    check_axe(page, "my check-in (phone, sibling, 200% text)")

    # A 390 px phone zoomed to 200% is a 195 px wide screen.
    page.evaluate("() => { document.documentElement.style.fontSize = ''; }")
    page.set_viewport_size({"width": 195, "height": 844})
    expect(page.get_by_role("button", name="Versturen")).to_be_visible()
    assert_no_sideways_scroll(page, "at 195 px")
    page.evaluate("() => { document.documentElement.style.fontSize = '200%'; }")
    assert_no_sideways_scroll(page, "at 195 px with 200% text")


def test_a_refusal_is_shown_next_to_its_step_and_nothing_is_sent(
    app_server: AppServer, page: Page, login: Login, check_axe: CheckAxe
) -> None:
    login(page, sibling(app_server, "Daan"))
    goto(page, app_server.url("/mijn-check-in"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn check-in")
    tick(page.get_by_role("checkbox", name="Rust"))
    page.get_by_role("button", name="Versturen").click()
    expect(page.locator("#mc-mood-error")).to_have_text(
        "Kies eerst een gezichtje: hoe gaat het met je?"
    )
    expect(page.locator("#mc-form-error")).to_contain_text("Er is nog niets verstuurd.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn check-in")
    check_axe(page, "my check-in (phone, sibling, with a refusal)")
    tick(page.get_by_role("radio", name="Gaat wel", exact=True))
    expect(page.locator("#mc-mood-error")).to_have_text("")


def test_an_adult_gets_a_calm_pointer_to_the_check_ins_shared_with_them(
    app_server: AppServer, page: Page, login: Login, check_axe: CheckAxe
) -> None:
    login(page, app_server.account(DE_VRIES, "parent", 0))
    goto(page, app_server.url("/mijn-check-in"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Dit scherm is voor broers en zussen")
    expect(page.get_by_role("link", name="Naar Check-in")).to_have_attribute(
        "href", re.compile(r"/check-in/?$")
    )
    check_axe(page, "my check-in (phone, parent)")
