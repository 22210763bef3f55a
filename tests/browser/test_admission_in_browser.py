""" "We gaan naar het ziekenhuis" in Chromium, "at 23:00": one urgent push through quiet
hours to the loopback push service, a tick on the parent's phone that shows on the case
manager's open tablet, the calm card on the overview, the offline card, and axe.

The server's clock cannot be moved, so "23:00" is made the other way round: the
receiving case manager's quiet hours are set to run from an hour ago to an hour from
now, so that this moment falls inside them, as 23:00 falls inside her usual 22:00-07:30.

A family of its own (made in the server's database, like tests/browser/test_closing_...):
the demo families are shared by the other browser tests, which must never meet an open
admission or its notifications. The admission is ended at the end all the same.
"""

from __future__ import annotations

import json
import re
import secrets
import time
import urllib.request
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import BrowserContext, Page, expect
from sqlmodel import Session, create_engine, select

from dossier.domain.accounts import create_user
from dossier.models import (
    Admission,
    Contact,
    Family,
    Membership,
    Notification,
    NotificationSettings,
    PushDelivery,
    PushSubscription,
    Role,
    User,
)
from dossier.notify.outbox import AMSTERDAM, in_quiet_hours, parse_clock
from tests.browser.support import PHONE, TABLET, Account, AppServer, AxeReport, goto, log_in
from tests.push_service import PushService, Received, make_subscription

pytestmark = pytest.mark.browser

PLAN = "/als-het-plotseling-moet"
PASSWORD = "een goed lang wachtwoord 42"
GENERIC = "Er is iets dringends in het gezinsdossier"
FIRST_ITEM = "Medicatie en de medicatielijst"
CONTROLLED = "() => navigator.serviceWorker && navigator.serviceWorker.controller !== null"
CheckAxe = Callable[[Page, str], AxeReport]
NewContext = Callable[..., BrowserContext]


def database(server: AppServer) -> str:
    return f"sqlite:///{server.log_path.parent / 'dossier.db'}"  # beside the server's log


def new_family(server: AppServer) -> tuple[int, dict[str, Account]]:
    """Gezin Spoed: two parents, both case managers, and grandma "bij spoed"."""
    tag = secrets.token_hex(3)
    people = {
        "iris": ("Iris Spoed", Role.PARENT),
        "joost": ("Joost Spoed", Role.PARENT),
        "hanna": ("Hanna Kliniek", Role.CM_HOSPITAL),
        "thijs": ("Thijs Thuis", Role.CM_HOME),
    }
    engine = create_engine(database(server))
    accounts: dict[str, Account] = {}
    with Session(engine) as session:
        family = Family(name="Gezin Spoed", child_name="Sam")
        session.add(family)
        session.flush()
        for key, (name, role) in people.items():
            email = f"{key}.{tag}@voorbeeld.nl"
            user = create_user(session, email=email, name=name, password=PASSWORD)
            session.add(Membership(family_id=family.id, user_id=user.id, role=role))
            accounts[key] = Account("Gezin Spoed", str(role), name, email, PASSWORD)
        session.add(
            Contact(
                family_id=family.id,
                name="Oma Spoed",
                kind="family",
                emergency="call",
                phones=[{"label": "mobiel", "number": "+31612345670", "typed": "06-12345670"}],
            )
        )
        session.commit()
        family_id = family.id
    engine.dispose()
    return family_id, accounts


def quiet_now_and_one_device(server: AppServer, account: Account, info: dict) -> None:
    """Her quiet hours run around this moment (this stands for 23:00, see the docstring),
    and exactly one device of hers is subscribed to the loopback push service."""
    now = datetime.now(AMSTERDAM)
    start, end = (
        (now - timedelta(hours=1)).strftime("%H:%M"),
        (now + timedelta(hours=1)).strftime("%H:%M"),
    )
    assert in_quiet_hours(datetime.now(UTC), parse_clock(start), parse_clock(end))
    engine = create_engine(database(server))
    with Session(engine) as session:
        user_id = session.exec(select(User.id).where(User.email == account.email)).one()
        session.add(NotificationSettings(user_id=user_id, quiet_start=start, quiet_end=end))
        session.add(
            PushSubscription(
                user_id=user_id,
                endpoint=info["endpoint"],
                p256dh=info["keys"]["p256dh"],
                auth=info["keys"]["auth"],
                device_name="Tablet",
            )
        )
        session.commit()
    engine.dispose()


def server_key(server: AppServer) -> str:
    with urllib.request.urlopen(server.url("/api/push/vapid-public-key"), timeout=10) as r:  # noqa: S310
        return json.loads(r.read())["publicKey"]


def pushes(service: PushService, name: str, seconds: float) -> list[Received]:
    """What reached the push service for this device within `seconds` (at least one)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not service.received_for(name):
        time.sleep(0.2)
    return service.received_for(name)


def tick_box(page: Page, label: str):
    return page.locator("#admission-section label").filter(has_text=label).locator("input")


def test_we_go_to_the_hospital_at_night_one_push_live_ticks_and_the_offline_card(
    app_server: AppServer,
    new_context: NewContext,
    check_axe: CheckAxe,
    push_service: PushService,
) -> None:
    family_id, people = new_family(app_server)
    info, _private, _auth = make_subscription(
        push_service, "hanna-tablet", application_server_key=server_key(app_server)
    )
    quiet_now_and_one_device(app_server, people["hanna"], info)

    # Hanna, case manager, has the plan open on her tablet.
    tablet = new_context(TABLET).new_page()
    log_in(tablet, app_server, people["hanna"])
    goto(tablet, app_server.url(PLAN))
    expect(tablet.get_by_role("button", name="We gaan naar het ziekenhuis")).to_be_visible()

    # Iris, a parent, on her phone: the big button, and a confirmation that says who hears it.
    phone = new_context(PHONE).new_page()
    log_in(phone, app_server, people["iris"])
    phone.wait_for_function(CONTROLLED, timeout=60_000)  # the offline page needs the worker
    goto(phone, app_server.url(PLAN))
    phone.get_by_role("button", name="We gaan naar het ziekenhuis").click()
    dialog = phone.get_by_role("alertdialog")
    expect(dialog).to_contain_text("Weet je het zeker?")
    expect(dialog).to_contain_text("Een melding gaat naar de casemanagers en Joost Spoed")
    check_axe(phone, "admission confirmation, phone")
    dialog.get_by_role("button", name="Ja, we gaan").click()
    section = phone.locator("#admission-section")
    expect(
        section.get_by_role("heading", name=re.compile(r"^Opname sinds \d\d:\d\d$"))
    ).to_be_visible()
    expect(tick_box(phone, FIRST_ITEM)).not_to_be_checked()

    # Exactly one push reaches her one device, at once (through her quiet hours), decrypted,
    # with the generic words only.
    [got] = pushes(push_service, "hanna-tablet", seconds=30)
    assert got.payload["body"] == GENERIC and got.payload["title"] == "Gezinsdossier"
    assert got.payload["tag"].startswith("admission-")
    assert "Iris" not in json.dumps(got.payload) and "Sam" not in json.dumps(got.payload)
    engine = create_engine(database(app_server))
    with Session(engine) as session:
        admission = session.exec(select(Admission).where(Admission.family_id == family_id)).one()
        told = session.exec(
            select(Notification).where(
                Notification.object_type == "admission", Notification.object_id == admission.id
            )
        ).all()
        assert {n.kind for n in told} == {"admission.started"} and all(n.urgent for n in told)
        assert len(told) == 3  # Joost, Hanna, Thijs; never Iris who started it
        [delivery] = session.exec(
            select(PushDelivery).where(PushDelivery.notification_id.in_([n.id for n in told]))  # type: ignore[attr-defined]
        ).all()
        # Not held until her quiet hours end: due the moment the admission started.
        assert delivery.not_before <= admission.started_at + timedelta(seconds=1)
        assert delivery.status == "sent"
    engine.dispose()
    time.sleep(2)
    assert len(push_service.received_for("hanna-tablet")) == 1  # still exactly one

    # Her open tablet shows the admission without a reload; Iris ticks on her phone, and
    # the tick shows on the tablet with who did it, again without a reload.
    tablet_section = tablet.locator("#admission-section")
    expect(tablet_section).to_contain_text("Opname sinds")
    expect(tick_box(tablet, FIRST_ITEM)).not_to_be_checked()
    tablet.evaluate("window.__noReload = true")  # gone if the page were loaded again
    tick_box(phone, FIRST_ITEM).click()
    expect(tick_box(phone, FIRST_ITEM)).to_be_checked()
    expect(tick_box(tablet, FIRST_ITEM)).to_be_checked()
    expect(tablet_section).to_contain_text(re.compile(r"Iris Spoed, \d\d:\d\d"))
    expect(tablet.locator("#admission-status")).to_contain_text(re.compile(r"1 van \d+ ingepakt"))
    assert tablet.evaluate("window.__noReload") is True
    check_axe(tablet, "admission on, case manager, tablet")
    check_axe(phone, "admission on, parent, phone")

    # The calm card on the overview, linking to the checklist.
    goto(tablet, app_server.url("/"))
    card = tablet.locator("#admission-card")
    expect(card).to_contain_text(re.compile(r"Opname sinds \d\d:\d\d"))
    expect(card).to_contain_text(re.compile(r"1 van \d+ ingepakt"))
    expect(card.get_by_role("link", name="Bekijk de checklist")).to_have_attribute("href", PLAN)
    check_axe(tablet, "overview with the admission card, tablet")
    goto(phone, app_server.url("/"))
    expect(phone.locator("#admission-card")).to_contain_text("Opname sinds")
    check_axe(phone, "overview with the admission card, phone")

    # The offline card: on for this phone, then no signal: grandma's number and the list.
    goto(phone, app_server.url("/mijn-apparaten"))
    switch = phone.get_by_role("switch", name="Bewaar een overzicht op dit apparaat")
    expect(switch).to_be_enabled()
    switch.check()
    expect(phone.get_by_text("Aan: het overzicht staat op dit apparaat.")).to_be_visible()
    phone.context.set_offline(True)
    phone.goto(app_server.url("/taken"))
    expect(phone.get_by_role("heading", level=1)).to_have_text("Je bent offline")
    offline = phone.locator("#offline-card")
    expect(offline.get_by_role("heading", name="Bij spoed bellen")).to_be_visible()
    call = offline.get_by_role("link", name="Bel Oma Spoed: 06-12345670")
    expect(call).to_have_attribute("href", "tel:+31612345670")
    expect(offline.get_by_role("heading", name="Meenemen (opname loopt)")).to_be_visible()
    expect(offline).to_contain_text(f"{FIRST_ITEM} (ingepakt)")
    expect(offline).to_contain_text(re.compile(r"bijgewerkt op \w+ \d+ \w+, \d\d:\d\d"))
    check_axe(phone, "offline card with emergency contacts and checklist, phone")
    phone.context.set_offline(False)
    expect(phone.get_by_role("heading", level=1)).to_have_text("Taken")  # reopens by itself

    # Iris ends it (parents only, after a confirmation); the tablet's card goes by itself.
    goto(phone, app_server.url(PLAN))
    phone.get_by_role("button", name="Opname beëindigen").click()
    phone.get_by_role("alertdialog").get_by_role("button", name="Ja, beëindigen").click()
    expect(phone.get_by_role("button", name="We gaan naar het ziekenhuis")).to_be_visible()
    expect(tablet.locator("#admission-card")).to_have_count(0)
