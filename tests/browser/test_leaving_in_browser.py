"""Leaving the dossier: a caregiver with an end date leaves on her phone (her other tab is
logged out at its next tap); two brothers leave, one erasing his account and leaving his
check-ins with the family, the other taking them along; the access log says "oud-lid".

The demo people are shared by every browser test, so these journeys use newcomers who
join through an invitation, as a parent would invite them.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from datetime import timedelta

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from dossier.clock import local_today
from dossier.domain.access_until import long_day
from tests.browser.support import TABLET, Account, AppServer, AxeReport, goto, invite_and_join

pytestmark = pytest.mark.browser

DE_VRIES = "Gezin De Vries"
MENU = "Menu: taal, gezin en uitloggen"
Login = Callable[[Page, Account], None]
CheckAxe = Callable[[Page, str], AxeReport]
NewContext = Callable[..., BrowserContext]


def leave(page: Page, *, confirm_extra: str = "", erased: bool = False) -> None:
    page.get_by_role("button", name="Uit dit dossier stappen").click()
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_contain_text("Je stapt nu uit dit dossier")
    if confirm_extra:
        expect(dialog).to_contain_text(confirm_extra)
    dialog.get_by_role("button", name="Ja, stap uit").click()
    expect(page).to_have_url(re.compile(r"/login\?left=" + ("erased" if erased else "1")))
    said = "je account is gewist" if erased else "Je hebt er geen toegang meer toe"
    expect(page.get_by_text(said)).to_be_visible()  # the login page says what happened


def database(app_server: AppServer) -> sqlite3.Connection:
    return sqlite3.connect(app_server.log_path.parent / "dossier.db")


def sibling_membership(app_server: AppServer, email: str) -> int:
    with database(app_server) as db:
        (found,) = db.execute(
            'SELECT m.id FROM membership m JOIN "user" u ON u.id = m.user_id WHERE u.email = ?',
            (email,),
        ).fetchone()
    return int(found)


def checkins_of(app_server: AppServer, membership_id: int) -> int:
    with database(app_server) as db:
        (count,) = db.execute(
            "SELECT count(*) FROM checkin WHERE sibling_id = ?", (membership_id,)
        ).fetchone()
    return int(count)


def check_in(app_server: AppServer, page: Page) -> None:
    goto(page, app_server.url("/mijn-check-in"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn check-in")
    page.get_by_role("radio", name="Goed", exact=True).click()
    expect(page.get_by_role("radio", name="Goed", exact=True)).to_be_checked()
    page.get_by_role("button", name="Versturen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dank je wel!")


def test_a_caregiver_with_an_end_date_leaves_on_her_phone_and_her_other_tab_logs_out(
    app_server: AppServer, page: Page, login: Login, check_axe: CheckAxe, new_context: NewContext
) -> None:
    parent = new_context(TABLET).new_page()
    login(parent, app_server.account(DE_VRIES, "parent", 1))
    until = local_today() + timedelta(days=60)
    phone = invite_and_join(
        app_server,
        parent,
        new_context,
        role="caregiver",
        name="Iris Verlaat",
        email="iris.verlaat@example.nl",
        until=until.isoformat(),
    )
    # The members page says until when she has access.
    goto(parent, app_server.url("/gezin"))
    expect(parent.locator("main")).to_contain_text(f"Toegang tot {long_day(until, 'nl')}")
    check_axe(parent, "members with an end date (tablet)")

    other_tab = phone.context.new_page()
    goto(other_tab, app_server.url("/taken"))
    expect(other_tab.get_by_role("heading", level=1)).to_have_text("Taken")

    phone.get_by_role("button", name=MENU).click()
    phone.get_by_role("link", name="Uit dit dossier stappen").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Uit dit dossier stappen")
    expect(phone.locator("main")).to_contain_text("Je kunt dit dossier meteen niet meer openen")
    # Her only family: erasing her account is offered; a caregiver has no check-ins.
    expect(phone.get_by_role("checkbox", name="Wis ook mijn account")).to_be_visible()
    expect(phone.get_by_text("Je check-ins")).to_have_count(0)
    check_axe(phone, "leaving (phone, caregiver)")
    leave(phone)

    # Her other tab goes by itself: her leaving is pushed to it, its reload is refused and
    # lands on the login page.
    expect(other_tab).to_have_url(re.compile(r"/login\?reason=expired"))

    goto(parent, app_server.url("/gezin"))
    expect(parent.locator("main")).not_to_contain_text("Iris Verlaat")


def test_two_brothers_leave_one_erasing_his_account_and_leaving_his_checkins(
    app_server: AppServer, page: Page, login: Login, check_axe: CheckAxe, new_context: NewContext
) -> None:
    parent = new_context(TABLET).new_page()
    login(parent, app_server.account(DE_VRIES, "parent", 1))

    sem = invite_and_join(
        app_server, parent, new_context, role="sibling", name="Sem Vertrek", email="sem@example.nl"
    )
    check_in(app_server, sem)
    sem_id = sibling_membership(app_server, "sem@example.nl")
    assert checkins_of(app_server, sem_id) == 1

    goto(sem, app_server.url("/uitstappen"))
    expect(sem.get_by_role("heading", level=1)).to_have_text("Uit dit dossier stappen")
    expect(sem.get_by_role("group", name="Wat gebeurt er met je check-ins?")).to_be_visible()
    check_axe(sem, "leaving (phone, sibling)")
    sem.get_by_role("radio", name="Laat ze bij het gezin").click()
    expect(sem.get_by_role("radio", name="Laat ze bij het gezin")).to_be_checked()
    erase = sem.get_by_role("checkbox", name="Wis ook mijn account")
    erase.click()
    expect(erase).to_be_checked()
    leave(sem, confirm_extra="Je account wordt ook gewist.", erased=True)
    assert checkins_of(app_server, sem_id) == 1  # left with the family
    with database(app_server) as db:
        name, email, erased = db.execute(
            'SELECT u.name, u.email, u.erased_at FROM "user" u '
            "JOIN membership m ON m.user_id = u.id WHERE m.id = ?",
            (sem_id,),
        ).fetchone()
    assert (name, email) == ("oud-lid", None) and erased is not None

    noa = invite_and_join(
        app_server, parent, new_context, role="sibling", name="Noa Vertrek", email="noa@example.nl"
    )
    check_in(app_server, noa)
    noa_id = sibling_membership(app_server, "noa@example.nl")
    goto(noa, app_server.url("/uitstappen"))
    expect(noa.get_by_role("radio", name="Neem ze mee: ze worden gewist")).to_be_checked()
    leave(noa)
    assert checkins_of(app_server, noa_id) == 0  # taken along

    # The family's access log keeps Sem's rows, with "oud-lid" for his name.
    goto(parent, app_server.url("/wie-heeft-wat-bekeken"))
    expect(parent.get_by_role("heading", level=1)).to_have_text("Wie heeft wat bekeken")
    expect(parent.locator("main")).to_contain_text("oud-lid")
    expect(parent.locator("main")).to_contain_text("stapte uit het gezinsdossier")
    expect(parent.locator("main")).not_to_contain_text("Sem Vertrek")


def test_a_parent_reads_what_leaving_means_on_a_tablet_without_leaving(
    app_server: AppServer, login: Login, check_axe: CheckAxe, new_context: NewContext
) -> None:
    parent = new_context(TABLET).new_page()
    login(parent, app_server.account(DE_VRIES, "parent", 0))
    parent.get_by_role("button", name=MENU).click()
    parent.get_by_role("link", name="Uit dit dossier stappen").click()
    expect(parent.get_by_role("heading", level=1)).to_have_text("Uit dit dossier stappen")
    # Two parents: either may leave; no check-in choice for a parent.
    expect(parent.get_by_role("button", name="Uit dit dossier stappen")).to_be_visible()
    expect(parent.get_by_role("group", name="Wat gebeurt er met je check-ins?")).to_have_count(0)
    check_axe(parent, "leaving (tablet, parent)")
    # Thinking better of it: the dialog's cancel leaves everything as it was.
    parent.get_by_role("button", name="Uit dit dossier stappen").click()
    parent.get_by_role("alertdialog").get_by_role("button", name="Annuleren").click()
    expect(parent.get_by_role("alertdialog")).to_have_count(0)
    goto(parent, app_server.url("/gezin"))
    expect(parent.get_by_role("heading", level=1)).to_have_text("Gezin en toegang")
