"""A closed dossier past its 30 days leaves nothing of the family behind, in any table.

The scan is generic on purpose: it walks `SQLModel.metadata.sorted_tables` and looks at
every column that points at the family, at one of its memberships or at one of its
erased accounts. A table added later that the erasure does not handle makes it fail,
and so does a table the fixture below holds no row of (add one to `fill_every_kind`).
Runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from sqlmodel import Session, SQLModel, select

from dossier import audit
from dossier.db import get_engine
from dossier.domain import closing
from dossier.domain.erasure import FORMER_MEMBER
from dossier.jobs.erasure import erase_due
from dossier.models import (
    Absence,
    AbsenceStandIn,
    AcpConversation,
    AcpQuestion,
    Admission,
    AdmissionItem,
    Agreement,
    AgreementChange,
    AgreementConfirmation,
    AgreementTemplateChoice,
    AuditEvent,
    AuthThrottle,
    CalendarFeed,
    CarePlan,
    CarePlanConsent,
    CarePlanEvaluation,
    CarePlanSection,
    CarePlanSectionVersion,
    Category,
    CheckinLink,
    CheckinSettings,
    CheckinSignal,
    ChildPage,
    Contact,
    EmergencyPlan,
    EmergencyPlanChange,
    EmergencyPlanPart,
    Family,
    FamilyClosure,
    FamilyPulse,
    Invitation,
    Membership,
    Notification,
    NotificationSettings,
    PushDelivery,
    PushSubscription,
    Task,
    TaskChange,
    User,
    UserSession,
    WorkingHours,
    utcnow,
)
from dossier.ops.migrations import upgrade
from dossier.settings import data_dir
from tests.factories import World, build_world

KEPT = {"audit_event", "audit_repeat", "audit_retention"}
CLOSED_AT = datetime(2026, 12, 7, 17, 0, tzinfo=UTC)
PAST_THE_30_DAYS = datetime(2027, 1, 6, 0, 1, tzinfo=UTC)  # 01:01 in Amsterdam, 6 January


@pytest.fixture(params=["sqlite", "postgres"])
def scan_world(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[World]:
    if request.param == "sqlite":
        session = request.getfixturevalue("db")
        yield build_world(session)
        return
    url = request.getfixturevalue("pg_url")
    monkeypatch.setenv("REFLEX_DB_URL", url)
    upgrade(url)
    with Session(get_engine(url), expire_on_commit=False) as session:
        yield build_world(session)


def _token(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _add(session: Session, row: Any) -> Any:
    session.add(row)
    session.flush()
    return row


def _optional_rows(session: Session, world: World, name: str, member: Membership) -> None:
    """Rows of tables other parts of issue 17 add (exports, mail), when they exist."""
    from dossier import models

    now = utcnow()
    user_id = world.users[name].id
    if export := getattr(models, "ExportJob", None):
        path = data_dir() / "exports" / f"alfa-{name}.zip"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"PK zip of Gezin Alfa")
        _add(
            session,
            export(
                user_id=user_id,
                family_id=world.alfa.id,
                kind="family",
                file_path=str(path.relative_to(data_dir())),
                expires_at=now + timedelta(days=1),
            ),
        )
    if outbox := getattr(models, "MailOutbox", None):
        _add(
            session,
            outbox(
                user_id=user_id,
                kind="confirm",
                to_address=f"{name}@test.nl",
                subject="Bevestig je e-mailadres",
                not_before=now,
            ),
        )
    if token := getattr(models, "MailToken", None):
        _add(
            session,
            token(
                user_id=user_id,
                purpose="confirm",
                token_hash=_token(f"mail-{name}"),
                email=f"{name}@test.nl",
                expires_at=now + timedelta(minutes=30),
            ),
        )


def fill_every_kind(world: World) -> None:
    """Gezin Alfa's content in every kind of row, and a little of Gezin Beta's."""
    s, m, alfa = world.session, world.members, world.alfa
    now = utcnow()
    task = world.tasks["overdue"]
    _add(
        s,
        TaskChange(task_id=task.id, family_id=alfa.id, membership_id=m["anna"].id, kind="edited"),
    )
    first = s.exec(select(Agreement).where(Agreement.family_id == alfa.id)).first()
    assert first is not None
    _add(
        s,
        AgreementChange(
            agreement_id=first.id, family_id=alfa.id, kind="edited", changes={"topic": "x"}
        ),
    )
    _add(
        s,
        AgreementConfirmation(
            agreement_id=first.id, membership_id=m["hanna"].id, agreement_version=1
        ),
    )
    _add(s, AgreementTemplateChoice(family_id=alfa.id, template_key="school", choice="adopted"))
    checkin = world.checkins["parents"]
    _add(
        s,
        CheckinSignal(
            family_id=alfa.id,
            sibling_id=m["ben"].id,
            kind="low_mood",
            checkin_id=checkin.id,
            earlier_checkin_id=world.checkins["private"].id,
            share_parents=True,
        ),
    )
    _add(s, CheckinSettings(family_id=alfa.id, sibling_id=m["ben"].id))
    link = _add(
        s,
        CheckinLink(
            family_id=alfa.id,
            sibling_id=m["ben"].id,
            token_hash=_token("link-ben"),
            created_by_id=m["anna"].id,
        ),
    )
    _add(s, CalendarFeed(membership_id=m["anna"].id, token_hash=_token("feed-anna")))
    if s.get(FamilyPulse, alfa.id) is None:  # the pulse is usually there already
        _add(s, FamilyPulse(family_id=alfa.id, counter=3, changed_at=now))
    _add(
        s,
        Invitation(
            family_id=alfa.id,
            role="caregiver",
            token_hash=_token("invite-alfa"),
            created_by_id=m["anna"].id,
            expires_at=now + timedelta(days=7),
        ),
    )
    for name, family in (("anna", alfa), ("hanna", alfa), ("dora", world.beta)):
        device = _add(
            s,
            PushSubscription(
                user_id=world.users[name].id,
                endpoint=f"https://push.example/{name}",
                p256dh="k",
                auth="a",
            ),
        )
        note = _add(
            s,
            Notification(
                family_id=family.id,
                recipient_user_id=world.users[name].id,
                kind="task.assigned",
                category=Category.TASKS,
                object_type="task",
                object_id=task.id,
                actor_membership_id=m["anna"].id if family is alfa else None,
                dedupe_key=f"scan:{name}",
            ),
        )
        _add(
            s,
            PushDelivery(
                notification_id=note.id,
                subscription_id=device.id,
                not_before=now,
                expires_at=now + timedelta(days=1),
            ),
        )
        _add(s, NotificationSettings(user_id=world.users[name].id))
    for name, family, with_link in (
        ("anna", alfa, False),
        ("ben", alfa, True),
        ("hanna", alfa, False),
    ):
        _add(
            s,
            UserSession(
                token_hash=_token(f"session-{name}"),
                user_id=world.users[name].id,
                current_family_id=family.id,
                last_seen_at=now,
                expires_at=now + timedelta(hours=12),
                checkin_link_id=link.id if with_link else None,
            ),
        )
    # An earlier request to close that was withdrawn.
    _add(s, FamilyClosure(family_id=alfa.id, requested_by_id=m["anna"].id, cancelled_at=now))
    _add(s, CheckinSettings(family_id=world.beta.id, sibling_id=m["dora"].id))
    for key in ("account:anna@test.nl", "account:dora@test.nl", "ip:203.0.113.5"):
        _add(s, AuthThrottle(key=key, failures=2, window_started_at=now, last_failure_at=now))
    _network_and_plan(world)
    for name in ("anna", "ben"):
        _optional_rows(s, world, name, m[name])
    world.users["anna"].birth_date = date(1985, 3, 1)
    s.commit()


def _network_and_plan(world: World) -> None:
    """The network, the case managers' reachability, the plan and an admission. Hanna's
    hours and absence are hers (she stays in Gezin Beta); only her stand-in in Alfa goes."""
    s, m, alfa = world.session, world.members, world.alfa
    gp = _add(s, Contact(family_id=alfa.id, name="Huisarts", membership_id=m["gerda"].id))
    for name in ("hanna", "hugo"):
        _add(s, WorkingHours(user_id=world.users[name].id, hours=[]))
        away = _add(
            s,
            Absence(
                user_id=world.users[name].id, starts_on=date(2027, 1, 4), ends_on=date(2027, 1, 8)
            ),
        )
        _add(s, AbsenceStandIn(absence_id=away.id, family_id=alfa.id, contact_id=gp.id))
    _add(s, EmergencyPlan(family_id=alfa.id))
    _add(
        s,
        EmergencyPlanPart(
            family_id=alfa.id, key="sibling:1", section="sibling", sibling_id=m["ben"].id
        ),
    )
    _add(s, EmergencyPlanChange(family_id=alfa.id, membership_id=m["anna"].id, kind="changed"))
    admission = _add(s, Admission(family_id=alfa.id, started_by_id=m["anna"].id))
    _add(s, AdmissionItem(admission_id=admission.id, family_id=alfa.id, label="Oplader"))
    _care_plan(world)


def _care_plan(world: World) -> None:
    """The care plan with a version, consent and an evaluation; a conversation with a
    preparation question and a follow-up task; the ill child's own page."""
    s, m, alfa = world.session, world.members, world.alfa
    plan = _add(s, CarePlan(family_id=alfa.id, created_by_id=m["hanna"].id))
    section = _add(
        s, CarePlanSection(plan_id=plan.id, family_id=alfa.id, key="child", content={"likes": "x"})
    )
    _add(s, CarePlanSectionVersion(section_id=section.id, family_id=alfa.id, number=1))
    _add(
        s, CarePlanConsent(family_id=alfa.id, given_by_id=m["anna"].id, given_on=date(2026, 12, 1))
    )
    _add(s, CarePlanEvaluation(family_id=alfa.id, kind="review", held_on=date(2026, 12, 1)))
    talk = _add(s, AcpConversation(family_id=alfa.id, held_on=date(2026, 12, 1)))
    _add(s, AcpQuestion(conversation_id=talk.id, family_id=alfa.id, question="Wat is belangrijk?"))
    _add(
        s,
        Task(
            family_id=alfa.id,
            title="Na het gesprek",
            domain="care",
            source_type="acp",
            source_id=talk.id,
        ),
    )
    _add(s, ChildPage(family_id=alfa.id, created_by_id=m["cleo"].id, content={"likes": "x"}))


def _links(table: sa.Table) -> list[tuple[sa.Column, str]]:
    """(column, the table it points at) for each foreign key."""
    return [(fk.parent, fk.column.table.name) for fk in table.foreign_keys]


def _alfa_rows(
    connection: sa.Connection, world: World, members: set[int], users: set[int]
) -> dict[str, int]:
    """Per table: the rows that point at Gezin Alfa, its memberships or its erased people."""
    found: dict[str, int] = {}
    for table in SQLModel.metadata.sorted_tables:
        if table.name in KEPT:
            continue
        wanted: list[sa.ColumnElement[bool]] = []
        if "family_id" in table.c:
            wanted.append(table.c.family_id == world.alfa.id)
        for column, target in _links(table):
            if target == "family":
                wanted.append(column == world.alfa.id)
            elif target == "membership":
                wanted.append(column.in_(sorted(members)))
            elif target == "user" and table.name != "membership":
                wanted.append(column.in_(sorted(users)))
        if table.name == "family":
            wanted = [table.c.id == world.alfa.id, table.c.name == "Gezin Alfa"]
            found[table.name] = connection.execute(
                sa.select(sa.func.count()).select_from(table).where(sa.and_(*wanted))
            ).scalar_one()
            continue
        if table.name == "user":
            wanted = [table.c.id.in_(sorted(users)), table.c.erased_at.is_(None)]
            found[table.name] = connection.execute(
                sa.select(sa.func.count()).select_from(table).where(sa.and_(*wanted))
            ).scalar_one()
            continue
        if wanted:
            found[table.name] = connection.execute(
                sa.select(sa.func.count()).select_from(table).where(sa.or_(*wanted))
            ).scalar_one()
    return found


def _others(connection: sa.Connection, world: World) -> dict[str, list[tuple]]:
    """Every row of Gezin Beta and of the people who are not (only) in Gezin Alfa."""
    beta_members = {world.members["dora"].id, world.members["hanna@beta"].id}
    people = {world.users[n].id for n in ("dora", "hanna", "olga")}
    rows: dict[str, list[tuple]] = {}
    for table in SQLModel.metadata.sorted_tables:
        if table.name in KEPT:
            continue
        wanted: list[sa.ColumnElement[bool]] = []
        if "family_id" in table.c:
            wanted.append(table.c.family_id == world.beta.id)
        for column, target in _links(table):
            if target == "membership":
                wanted.append(column.in_(sorted(beta_members)))
            elif target == "user":
                wanted.append(column.in_(sorted(people)))
        if table.name == "family":
            wanted.append(table.c.id == world.beta.id)
        if table.name == "user":
            wanted.append(table.c.id.in_(sorted(people)))
        if wanted:
            where = sa.or_(*wanted)
            if "family_id" in table.c:  # Hanna's own rows in Gezin Alfa go with it
                where = sa.and_(where, sa.func.coalesce(table.c.family_id, 0) != world.alfa.id)
            found = connection.execute(
                sa.select(table).where(where).order_by(*table.primary_key.columns)
            )
            # A login of Hanna's that had Gezin Alfa open loses only that pointer.
            rows[table.name] = [
                tuple(v for k, v in row._mapping.items() if k != "current_family_id")
                for row in found
            ]
    return rows


def test_a_closed_dossier_past_its_30_days_leaves_no_row_of_the_family_in_any_table(
    scan_world: World,
) -> None:
    world = scan_world
    fill_every_kind(world)
    url = str(world.session.get_bind().url.render_as_string(hide_password=False))
    members = {
        m.id
        for m in world.session.exec(select(Membership).where(Membership.family_id == world.alfa.id))
    }
    erased_people = {world.users[n].id for n in ("anna", "bram", "ben", "cleo", "hugo", "gerda")}
    connection = world.session.connection()
    before = _alfa_rows(connection, world, members, erased_people)
    empty = sorted(name for name, count in before.items() if count == 0)
    assert empty == [], f"add rows of Gezin Alfa to fill_every_kind for: {empty}"
    others_before = _others(connection, world)
    world.session.commit()

    anna, bram = world.actor("anna"), world.actor("bram")
    closing.request_close(world.session, anna, now=CLOSED_AT)
    request = closing.pending_request(world.session, world.alfa.id)
    closing.confirm_close(world.session, bram, request.id, now=CLOSED_AT)
    world.session.commit()

    assert erase_due(url, now=PAST_THE_30_DAYS - timedelta(days=1)).families == []
    run = erase_due(url, now=PAST_THE_30_DAYS)
    assert run.families == [world.alfa.id]
    assert run.accounts == len(erased_people)
    assert erase_due(url, now=PAST_THE_30_DAYS).families == []  # once

    world.session.expire_all()
    connection = world.session.connection()
    after = _alfa_rows(connection, world, members, erased_people)
    assert {name: count for name, count in after.items() if count} == {}
    assert _others(connection, world) == others_before
    # The tombstones: the family's bare row, the accounts with nothing left in them.
    family = world.session.get(Family, world.alfa.id)
    assert (family.name, family.child_name, family.status) == ("", "", "erased")
    for user_id in erased_people:
        user = world.session.get(User, user_id)
        assert (user.name, user.email, user.password_hash, user.birth_date) == (
            FORMER_MEMBER,
            None,
            None,
            None,
        )
    # Failed logins are counted per e-mail address: Anna's count goes with her account.
    left = world.session.exec(select(AuthThrottle.key).order_by(AuthThrottle.key)).all()
    assert left == ["account:dora@test.nl", "ip:203.0.113.5"]
    exports = data_dir() / "exports"
    assert not exports.exists() or not list(exports.glob("alfa-*"))
    # The access log stays, without content: only ids, actions and counts.
    titles = {
        "Recept",
        "Kamer",
        "PGB",
        "Klaar",
        "Zorgcoördinatie",
        "School",
        "Kinderarts",
        "Cleo",
        "Gezin Alfa",
    }
    log = world.session.exec(select(AuditEvent).where(AuditEvent.family_id == world.alfa.id)).all()
    assert any(row.action == "family.erase" for row in log)
    for row in log:
        for value in (row.detail, row.object_type, row.action, row.organisation):
            assert not any(title.lower() in (value or "").lower() for title in titles)
    assert audit.verify_chain(world.session) is None


def test_the_access_log_of_an_erased_dossier_goes_after_its_retention_and_the_chain_still_holds(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = str(world.session.get_bind().url.render_as_string(hide_password=False))
    anna, dora = world.actor("anna"), world.actor("dora", world.beta)
    beta_id, alfa_id = world.beta.id, world.alfa.id
    closing.request_close(world.session, dora, now=CLOSED_AT)  # Gezin Beta: one parent
    closing.closing_view(world.session, anna)  # a row in Gezin Alfa's log, kept
    world.session.commit()
    assert erase_due(url, now=PAST_THE_30_DAYS).families == [beta_id]
    monkeypatch.setenv("DOSSIER_AUDIT_RETENTION_DAYS", "400")
    from dossier.jobs.erasure import prune_access_log

    assert prune_access_log(url, now=PAST_THE_30_DAYS) == 0  # not that old yet
    much_later = datetime.now(UTC) + timedelta(days=401)
    assert prune_access_log(url, now=much_later) > 0
    world.session.expire_all()
    assert world.session.exec(select(AuditEvent)).all() == []
    assert world.session.get(Family, beta_id) is None  # the tombstone went too
    assert world.session.get(Family, alfa_id) is not None
    closing.closing_view(world.session, world.actor("anna"))  # a new row after the cut
    world.session.commit()
    assert audit.verify_chain(world.session) is None


def test_two_workers_at_once_erase_a_closed_dossier_once_on_postgres(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from concurrent.futures import ThreadPoolExecutor

    monkeypatch.setenv("REFLEX_DB_URL", pg_url)
    upgrade(pg_url)
    with Session(get_engine(pg_url), expire_on_commit=False) as session:
        world = build_world(session)
        closing.request_close(session, world.actor("dora", world.beta), now=CLOSED_AT)
        session.commit()
        beta_id = world.beta.id
    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = list(pool.map(lambda _: erase_due(pg_url, now=PAST_THE_30_DAYS), range(2)))
    assert sorted(len(run.families) for run in runs) == [0, 1]
    assert sum(run.families.count(beta_id) for run in runs) == 1
    with Session(get_engine(pg_url)) as session:
        erased = session.exec(
            select(AuditEvent).where(
                AuditEvent.action == "family.erase", AuditEvent.family_id == beta_id
            )
        ).all()
        assert len(erased) == 1
