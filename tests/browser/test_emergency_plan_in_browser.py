"""Als het plotseling moet, as the family and the case managers use it: a parent fills a
part on her phone; a case manager proposes a change on her tablet that a parent confirms
on his open phone screen (it appears there live); Lotte sees only her own part and a
forged request for more is refused and logged; the print view fits one A4 page and
holds nothing private. axe-core on each screen.

Shared server, shared demo families: each journey changes its own part of De Vries' plan
(practical, inform) and checks only what it wrote.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, expect

from dossier.state.emergency_plan import EmergencyPlanState
from tests.browser.support import PHONE, TABLET, Account, AppServer, AxeReport, goto, taps_settled

pytestmark = pytest.mark.browser

DE_VRIES = "Gezin De Vries"
PATH = "/als-het-plotseling-moet"
PRINT_PATH = "/als-het-plotseling-moet/afdrukken"
PETS = "De buurjongen laat de hond Bobbie uit"
WORDS = "De voetbaltrainer van Daan en de kerkgemeenschap"

Login = Callable[[Page, Account], None]
CheckAxe = Callable[[Page, str], AxeReport]
NewContext = Callable[..., BrowserContext]

# Keeps the page's websockets, so a test can send a frame the page itself never would.
KEEP_SOCKETS = """
(() => {
  const Native = window.WebSocket;
  window.__planSockets = [];
  window.WebSocket = class extends Native {
    constructor(...args) { super(...args); window.__planSockets.push(this); }
  };
})();
"""


def card(page: Page, title: str) -> Locator:
    return page.get_by_role("listitem").filter(has=page.get_by_role("heading", name=title))


def open_plan(page: Page, app_server: AppServer) -> None:
    goto(page, app_server.url(PATH))
    expect(page.get_by_role("heading", level=1)).to_have_text("Als het plotseling moet")


def database(app_server: AppServer) -> sqlite3.Connection:
    path = app_server.log_path.parent / "dossier.db"
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def sibling(app_server: AppServer, first_name: str) -> Account:
    return next(
        a
        for a in app_server.accounts
        if a.family == DE_VRIES and a.role == "sibling" and a.name.startswith(first_name)
    )


def test_a_parent_fills_the_plan_on_her_phone(
    app_server: AppServer, login: Login, new_context: NewContext, check_axe: CheckAxe
) -> None:
    page = new_context(PHONE).new_page()
    login(page, app_server.account(DE_VRIES, "parent"))
    open_plan(page, app_server)
    first = card(page, "Eerst bellen")
    expect(first.locator("a[href^='tel:']").first).to_be_visible()
    check_axe(page, f"{PATH} (phone, parent)")

    taps_settled(page)
    page.get_by_role("button", name="Wijzigen: Huisdieren, werk en andere dingen").click()
    dialog = page.get_by_role("dialog", name="Huisdieren, werk en andere dingen")
    expect(dialog).to_be_visible()
    check_axe(page, "a part's form (phone, parent)")
    dialog.get_by_label("Huisdieren").fill(PETS)
    dialog.get_by_role("button", name="Opslaan").click()
    expect(dialog).to_be_hidden()
    expect(card(page, "Huisdieren, werk en andere dingen")).to_contain_text(f"Huisdieren: {PETS}")
    page.reload()
    expect(card(page, "Huisdieren, werk en andere dingen")).to_contain_text(PETS)


def test_a_case_manager_proposes_and_a_parent_confirms_on_his_open_screen(
    app_server: AppServer, login: Login, new_context: NewContext, check_axe: CheckAxe
) -> None:
    # Mark, a parent, has the plan open on his phone.
    mark = new_context(PHONE).new_page()
    login(mark, app_server.account(DE_VRIES, "parent", 1))
    open_plan(mark, app_server)
    inform_on_phone = card(mark, "Wie brengen we op de hoogte")
    expect(inform_on_phone).to_be_visible()

    # Sanne, the hospital case manager, on her tablet: the part opens in the pane.
    sanne = new_context(TABLET).new_page()
    login(sanne, app_server.account(DE_VRIES, "cm_hospital"))
    open_plan(sanne, app_server)
    taps_settled(sanne)
    sanne.get_by_role("button", name="Wijzigen: Wie brengen we op de hoogte").click()
    pane = sanne.get_by_role("region", name="Gekozen onderdeel")
    expect(pane.get_by_role("heading", name="Wie brengen we op de hoogte")).to_be_visible()
    check_axe(sanne, f"{PATH} (tablet, case manager, pane)")
    pane.get_by_role("button", name="Voorstel doen").click()
    dialog = sanne.get_by_role("dialog", name="Wie brengen we op de hoogte")
    expect(dialog).to_contain_text("Een ouder bevestigt het")
    dialog.get_by_label("Andere mensen (in eigen woorden)").fill(WORDS)
    dialog.get_by_role("button", name="Voorstel doen").click()
    expect(dialog).to_be_hidden()
    expect(card(sanne, "Wie brengen we op de hoogte")).to_contain_text("Wacht op een ouder.")

    # Mark's open screen shows it without a reload: what it is now and what it becomes.
    expect(inform_on_phone).to_contain_text("Voorstel van Sanne Jansen")
    expect(inform_on_phone).to_contain_text(WORDS)
    check_axe(mark, f"{PATH} (phone, parent, a proposal waits)")
    taps_settled(mark)
    mark.get_by_role("button", name="Bevestigen: Wie brengen we op de hoogte").click()
    expect(inform_on_phone).not_to_contain_text("Voorstel van")
    expect(inform_on_phone).to_contain_text(f"Ook: {WORDS}")
    # And Sanne's tablet follows: no proposal waits any more.
    expect(card(sanne, "Wie brengen we op de hoogte")).not_to_contain_text("Wacht op een ouder.")


def test_a_sister_sees_only_her_own_part_and_a_forged_request_for_more_is_refused_and_logged(
    app_server: AppServer, login: Login, new_context: NewContext, check_axe: CheckAxe
) -> None:
    context = new_context(PHONE)
    context.add_init_script(KEEP_SOCKETS)
    page = context.new_page()
    lotte = sibling(app_server, "Lotte")
    login(page, lotte)
    open_plan(page, app_server)
    own = page.get_by_role("region", name="Wie haalt mij op, waar slaap ik")
    expect(own).to_contain_text("Je slaapt: Bij oma Ria, op de logeerkamer.")
    main = page.get_by_role("main")
    expect(main).not_to_contain_text("Eerst bellen")
    expect(main).not_to_contain_text("Daan")  # her brother's part is his
    check_axe(page, f"{PATH} (phone, sibling)")

    # Forged: a request to open the first-call part, by its id.
    with database(app_server) as db:
        first_id = db.execute(
            "SELECT p.id FROM emergency_plan_part p JOIN family f ON f.id = p.family_id "
            "WHERE f.name = ? AND p.section = 'first_call'",
            (DE_VRIES,),
        ).fetchone()[0]
        before = db.execute(
            "SELECT count(*) FROM audit_event a JOIN user u ON u.id = a.user_id "
            "WHERE u.email = ? AND a.outcome = 'denied'",
            (lotte.email,),
        ).fetchone()[0]
    # A socket.io event on the page's own socket (as Reflex's client sends one,
    # .web/utils/state.js), naming a handler with an id her screen never offered.
    event = {
        "name": f"{EmergencyPlanState.get_full_name()}.open_part",
        "payload": {"part_id": str(first_id), "wide": False},
        "router_data": {"pathname": f"{PATH}/", "asPath": f"{PATH}/"},
    }
    frame = "42/_event," + json.dumps(["event", event])
    page.evaluate("(frame) => window.__planSockets.at(-1).send(frame)", frame)
    expect(page.get_by_text("Dit mag je niet zien of veranderen")).to_be_visible()
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(main).not_to_contain_text("Eerst bellen")

    # And the whole plan on paper, by typing its address.
    goto(page, app_server.url(PRINT_PATH))
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("niet voor jou", re.I))
    expect(page.locator("a[href^='tel:']")).to_have_count(0)
    with database(app_server) as db:
        refused = db.execute(
            "SELECT a.action, a.object_type, a.object_id FROM audit_event a "
            "JOIN user u ON u.id = a.user_id WHERE u.email = ? AND a.outcome = 'denied' "
            "ORDER BY a.id",
            (lotte.email,),
        ).fetchall()[before:]
    assert refused == [("plan.view", "emergencyplanpart", first_id), ("plan.view", "", None)]


def test_the_print_view_fits_one_a4_page_and_holds_nothing_private(
    app_server: AppServer, login: Login, new_context: NewContext, check_axe: CheckAxe
) -> None:
    page = new_context(PHONE).new_page()
    login(page, app_server.account(DE_VRIES, "cm_home"))
    goto(page, app_server.url(PATH))
    page.get_by_role("link", name="Afdrukken voor op de koelkast").click()
    expect(page).to_have_url(re.compile(r"/afdrukken/?$"))
    sheet = page.get_by_role("main")
    expect(sheet.get_by_role("heading", name="Eerst bellen")).to_be_visible()
    expect(sheet.get_by_role("link", name=re.compile(r"088"))).not_to_have_count(0)
    expect(sheet).to_contain_text("Zorgpas / verzekeringspas")
    expect(sheet).to_contain_text("Bijgewerkt op")
    for private in ("logeerkamer", "Lotte", "Daan", "Sam", "medicatielijst hangt", "Pip"):
        expect(sheet).not_to_contain_text(private)
    expect(page.get_by_role("button", name="Afdrukken")).to_be_visible()
    check_axe(page, f"{PRINT_PATH} (phone, case manager)")

    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="Afdrukken")).to_be_hidden()
    pdf = page.pdf(format="A4", print_background=False)
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    assert pages == 1, f"the print view takes {pages} A4 pages"
