"""The care plan's review in Chromium: the review date passes and each case manager (and
each parent) gets exactly one notification, the caseload card says "Zorgplan: te laat",
the hospital case manager records the evaluation on her tablet and the card moves on,
and a parent downloads the plan as a PDF that says its version and date on every page.

The server's clock cannot be moved, so the date passes the other way round: the plan is
written with its review date yesterday (started three months and a day ago), and the
scan (jobs/schedule.py) runs at this moment from the test, beside the server's own
scheduler; the dedupe keys keep it to one notification per person whichever runs first.
A family of its own, written straight into the server's database (like the closing and
admission journeys): the demo families are shared by the other browser tests.
"""

from __future__ import annotations

import io
import re
import secrets
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import BrowserContext, Page, expect
from pypdf import PdfReader
from sqlmodel import Session, create_engine, select

from dossier.clock import local_today
from dossier.domain.accounts import create_user
from dossier.jobs.schedule import run_scheduled
from dossier.models import Family, Membership, Notification, Role, User
from dossier.models.care_plan import (
    CarePlan,
    CarePlanSection,
    CarePlanSectionKey,
    CarePlanVisibility,
)
from tests.browser.support import PHONE, TABLET, Account, AppServer, AxeReport, goto, log_in
from tests.unit.test_care_plan_pdf import content_for

pytestmark = pytest.mark.browser

PASSWORD = "een goed lang wachtwoord 42"
DUE_TEXT = "Het zorgplan moet opnieuw besproken worden"
CheckAxe = Callable[[Page, str], AxeReport]
NewContext = Callable[..., BrowserContext]


def database(server: AppServer) -> str:
    return f"sqlite:///{server.log_path.parent / 'dossier.db'}"  # beside the server's log


def new_family(server: AppServer) -> tuple[int, dict[str, Account]]:
    """Gezin Herzien: two parents, both case managers, and a care plan (version 2) whose
    review date was yesterday."""
    tag = secrets.token_hex(3)
    people = {
        "iris": ("Iris Herzien", Role.PARENT),
        "joost": ("Joost Herzien", Role.PARENT),
        "hanna": ("Hanna Kliniek", Role.CM_HOSPITAL),
        "thijs": ("Thijs Thuis", Role.CM_HOME),
    }
    today = local_today()
    engine = create_engine(database(server))
    accounts: dict[str, Account] = {}
    with Session(engine) as session:
        family = Family(name="Gezin Herzien", child_name="Elif")
        session.add(family)
        session.flush()
        members: dict[str, int] = {}
        for key, (name, role) in people.items():
            email = f"{key}.{tag}@voorbeeld.nl"
            user = create_user(session, email=email, name=name, password=PASSWORD)
            member = Membership(family_id=family.id, user_id=user.id, role=role)
            session.add(member)
            session.flush()
            members[key] = member.id or 0
            accounts[key] = Account("Gezin Herzien", str(role), name, email, PASSWORD)
        written = datetime.now(UTC) - timedelta(days=20)
        plan = CarePlan(
            family_id=family.id,
            edition=2,
            created_by_id=members["hanna"],
            created_at=written - timedelta(days=72),
            updated_at=written,
            review_on=today - timedelta(days=1),
            reevaluate_on=today + timedelta(days=60),
        )
        session.add(plan)
        session.flush()
        for key in CarePlanSectionKey:
            content = content_for(str(key))
            session.add(
                CarePlanSection(
                    plan_id=plan.id or 0,
                    family_id=family.id,
                    key=str(key),
                    content=content,
                    visibility=CarePlanVisibility.CAREGIVERS
                    if key in ("general", "child", "team", "acute")
                    else CarePlanVisibility.CORE,
                    number=1 if content else 0,
                    updated_at=written if content else None,
                    updated_by_id=members["hanna"] if content else None,
                    on_behalf_of="dr. De Groot" if key in ("medical", "acute") else "",
                )
            )
        session.commit()
        family_id = family.id or 0
    engine.dispose()
    return family_id, accounts


def scan(server: AppServer) -> None:
    engine = create_engine(database(server))
    with Session(engine) as session:
        run_scheduled(session, datetime.now(UTC))
        session.commit()
    engine.dispose()


def told(server: AppServer, family_id: int) -> dict[str, int]:
    """How many care plan notifications each person of the family got."""
    engine = create_engine(database(server))
    with Session(engine) as session:
        rows = session.exec(
            select(User.name, Notification.kind)
            .join(User, User.id == Notification.recipient_user_id)  # type: ignore[arg-type]
            .where(Notification.family_id == family_id)
        ).all()
    engine.dispose()
    counts: dict[str, int] = {}
    for name, kind in rows:
        assert kind == "careplan.review"
        counts[name] = counts.get(name, 0) + 1
    return counts


def my_notifications(page: Page, server: AppServer):
    goto(page, server.url("/meldingen"))
    return (
        page.get_by_role("region", name="Jouw meldingen")
        .get_by_role("listitem")
        .filter(has_text=DUE_TEXT)
    )


def test_the_review_date_passes_each_case_manager_hears_once_and_records_the_evaluation(
    app_server: AppServer, new_context: NewContext, check_axe: CheckAxe
) -> None:
    family_id, people = new_family(app_server)
    scan(app_server)
    scan(app_server)  # a second run (or the server's own scheduler) adds nothing
    assert told(app_server, family_id) == {
        "Iris Herzien": 1,
        "Joost Herzien": 1,
        "Hanna Kliniek": 1,
        "Thijs Thuis": 1,
    }
    yesterday = local_today() - timedelta(days=1)

    # Thijs, the home case manager, on his phone: one notification that says what and when.
    thijs = new_context(PHONE).new_page()
    log_in(thijs, app_server, people["thijs"])
    rows = my_notifications(thijs, app_server)
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(str(yesterday.year))
    check_axe(thijs, "/meldingen with the care plan's review (phone)")
    goto(thijs, app_server.url("/mijn-gezinnen"))
    card = thijs.locator(".caseload-care-plan")
    expect(card).to_have_text("Zorgplan: te laat")
    check_axe(thijs, "/mijn-gezinnen with a late care plan (phone)")

    # Hanna, the hospital case manager, on her tablet: one notification, the same card.
    hanna = new_context(TABLET).new_page()
    log_in(hanna, app_server, people["hanna"])
    expect(my_notifications(hanna, app_server)).to_have_count(1)
    goto(hanna, app_server.url("/mijn-gezinnen"))
    expect(hanna.locator(".caseload-care-plan")).to_have_text("Zorgplan: te laat")

    # On the plan: the panel says it is late; she records the review in the dialog.
    goto(hanna, app_server.url("/zorgplan"))
    panel = hanna.get_by_role("region", name="Evalueren en bijwerken")
    expect(panel).to_contain_text("Evaluatie: te laat")
    expect(panel).to_contain_text("Herbeoordeling:")
    check_axe(hanna, "/zorgplan with a late review (tablet)")
    panel.get_by_role("button", name="Evaluatie vastleggen").click()
    dialog = hanna.get_by_role("dialog", name="Evaluatie vastleggen")
    expect(dialog.get_by_label("Evaluatie (elke 3 maanden)")).to_be_checked()
    dialog.get_by_role("button", name="Opslaan").click()  # no outcome yet: a clear message
    expect(dialog).to_contain_text("Schrijf kort op wat jullie hebben besproken.")
    check_axe(hanna, "the evaluation dialog with a message (tablet)")
    dialog.get_by_label("Wat hebben jullie besproken?").fill("Doelen voor school bijgesteld.")
    dialog.get_by_label("Lichamelijk").check()
    dialog.get_by_role("button", name="Opslaan").click()
    expect(dialog).to_be_hidden()
    expect(panel).not_to_contain_text("te laat")
    past = panel.locator(".careplan-evaluation")
    expect(past).to_have_count(1)
    expect(past.first).to_contain_text("Doelen voor school bijgesteld.")
    expect(past.first).to_contain_text("Veranderd: Lichamelijk")
    goto(hanna, app_server.url("/mijn-gezinnen"))
    expect(hanna.locator(".caseload-care-plan")).to_have_text(
        re.compile(r"^Zorgplan: herzien over \d+ dagen$")
    )
    # The plan is no longer due: the scan sends nothing new.
    scan(app_server)
    assert sum(told(app_server, family_id).values()) == 4


def test_a_parent_downloads_the_plan_as_a_pdf_with_its_version_on_every_page(
    app_server: AppServer, new_context: NewContext, check_axe: CheckAxe
) -> None:
    _family_id, people = new_family(app_server)
    iris = new_context(PHONE).new_page()  # downloads are accepted by default
    log_in(iris, app_server, people["iris"])
    goto(iris, app_server.url("/zorgplan"))
    link = iris.locator("a[href$='/api/zorgplan.pdf']").first
    expect(link).to_be_visible()
    check_axe(iris, "/zorgplan for a parent (phone)")
    with iris.expect_download() as caught:
        link.click()
    download = caught.value
    assert download.suggested_filename == "zorgplan-elif-versie-2.pdf"
    data = download.path().read_bytes()
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]
    assert len(pages) >= 2
    stamp = re.compile(r"Versie 2 · \d{1,2} \w+ \d{4}")
    for number, text in enumerate(pages, start=1):
        assert stamp.search(text), number
        assert f"pagina {number} van {len(pages)}" in text
    whole = "\n".join(pages)
    assert "Zorgplan Elif" in whole
    assert "Het ziekenhuisdossier is leidend." in whole
    assert "Vastgelegd door Hanna Kliniek namens dr. De Groot" in whole
