"""The demo families: complete, realistic relative to `today`, idempotent, and loggable-in."""

from __future__ import annotations

import json
import stat
from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher
from sqlmodel import Session, SQLModel, select

import dossier.models  # noqa: F401 (registers every table on the metadata)
from dossier.db import make_engine
from dossier.demo import DemoAccount, ensure_demo
from dossier.domain import passwords
from dossier.domain.accounts import authenticate
from dossier.models import (
    Agreement,
    AgreementConfirmation,
    AgreementStatus,
    Appointment,
    AppointmentStatus,
    CareDomain,
    CheckIn,
    CheckinSignal,
    Family,
    Membership,
    Notification,
    Role,
    Task,
    TaskStatus,
    User,
)
from dossier.settings import get_settings

TODAY = date(2026, 3, 18)
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


@pytest.fixture(autouse=True)
def cheap_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    # Still argon2id, but cheap: the demo has 11 users, and the real cost is ~100 ms a hash.
    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(passwords, "_hasher", cheap)


@pytest.fixture
def session(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Session]:
    monkeypatch.setenv("DOSSIER_DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    engine = make_engine(f"sqlite:///{tmp_path}/t.db")
    SQLModel.metadata.create_all(engine)
    with Session(engine, expire_on_commit=False) as db:
        yield db
    engine.dispose()
    get_settings.cache_clear()


@pytest.fixture
def accounts_file(tmp_path: Path) -> Path:
    return tmp_path / "demo-accounts.json"


def seed(session: Session, accounts_file: Path, today: date = TODAY) -> list[DemoAccount]:
    accounts = ensure_demo(session, accounts_file=accounts_file, today=today)
    session.commit()
    return accounts


def row_counts(session: Session) -> dict[str, int]:
    return {
        table.name: session.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
        for table in SQLModel.metadata.sorted_tables
    }


def family_named(session: Session, name: str) -> Family:
    return session.exec(select(Family).where(Family.name == name)).one()


def members_of(session: Session, family: Family) -> list[Membership]:
    return list(session.exec(select(Membership).where(Membership.family_id == family.id)))


def member_by_name(session: Session, family: Family, name: str) -> Membership:
    return session.exec(
        select(Membership)
        .join(User, User.id == Membership.user_id)  # type: ignore[arg-type]
        .where(Membership.family_id == family.id, User.name == name)
    ).one()


def start_of(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=AMSTERDAM)


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def assert_all_log_in(session: Session, accounts: list[DemoAccount]) -> None:
    for account in {a.email: a for a in accounts}.values():
        assert len(account.password) >= 8
        user = authenticate(session, email=account.email, password=account.password)
        assert user is not None, account.email


def test_first_call_creates_two_families_with_the_expected_roles(
    session: Session, accounts_file: Path
) -> None:
    accounts = seed(session, accounts_file)

    families = session.exec(select(Family)).all()
    assert {f.name for f in families} == {"Gezin De Vries", "Gezin Yilmaz"}
    de_vries = family_named(session, "Gezin De Vries")
    assert de_vries.child_name
    roles = Counter(m.role for m in members_of(session, de_vries))
    assert roles == {
        Role.PARENT: 2,
        Role.SIBLING: 2,
        Role.CM_HOSPITAL: 1,
        Role.CM_HOME: 1,
        Role.CAREGIVER: 1,
    }
    # The ill child is six: not a user, only the family's child name.
    assert Role.CHILD not in roles

    yilmaz = family_named(session, "Gezin Yilmaz")
    cm_hospital = {
        m.family_id: m.user_id
        for m in session.exec(select(Membership).where(Membership.role == Role.CM_HOSPITAL))
    }
    assert cm_hospital.keys() == {de_vries.id, yilmaz.id}
    assert len(set(cm_hospital.values())) == 1, "one hospital case manager for both families"
    yilmaz_cm_home = [m for m in members_of(session, yilmaz) if m.role == Role.CM_HOME]
    de_vries_cm_home = [m for m in members_of(session, de_vries) if m.role == Role.CM_HOME]
    assert yilmaz_cm_home[0].user_id != de_vries_cm_home[0].user_id

    # One account per membership, and every membership is active.
    memberships = session.exec(select(Membership)).all()
    assert len(accounts) == len(memberships)
    assert all(m.status == "active" for m in memberships)
    assert {(a.family, a.role) for a in accounts} >= {
        ("Gezin De Vries", "cm_hospital"),
        ("Gezin Yilmaz", "cm_hospital"),
    }
    assert all(a.email.endswith("@demo.gezinsdossier.nl") for a in accounts)


def test_every_returned_password_logs_in(session: Session, accounts_file: Path) -> None:
    accounts = seed(session, accounts_file)

    assert_all_log_in(session, accounts)
    stored = json.loads(accounts_file.read_text())
    assert [DemoAccount(**row) for row in stored] == accounts
    assert stat.S_IMODE(accounts_file.stat().st_mode) == 0o600


def test_second_call_creates_nothing_and_returns_the_same_accounts(
    session: Session, accounts_file: Path
) -> None:
    first = seed(session, accounts_file)
    counts = row_counts(session)

    second = seed(session, accounts_file)

    assert second == first
    assert row_counts(session) == counts
    assert counts["user"] == 12  # issue 20: Ayla (13), the ill child of Gezin Yilmaz


def test_without_the_accounts_file_it_returns_new_working_passwords(
    session: Session, accounts_file: Path
) -> None:
    first = seed(session, accounts_file)
    counts = row_counts(session)
    accounts_file.unlink()

    again = seed(session, accounts_file)

    assert [(a.family, a.role, a.email) for a in again] == [
        (a.family, a.role, a.email) for a in first
    ]
    assert {a.password for a in again}.isdisjoint({a.password for a in first})
    assert row_counts(session) == counts
    assert accounts_file.exists()
    assert_all_log_in(session, again)


def test_a_missing_or_stale_entry_in_the_file_is_repaired(
    session: Session, accounts_file: Path
) -> None:
    first = seed(session, accounts_file)
    rows = json.loads(accounts_file.read_text())
    dropped, changed = rows[0]["email"], rows[1]["email"]
    rows = [r for r in rows if r["email"] != dropped]
    for row in rows:
        if row["email"] == changed:
            row["password"] = "not-the-password"
    accounts_file.write_text(json.dumps(rows))

    again = seed(session, accounts_file)

    unchanged = {a.email: a.password for a in first if a.email not in {dropped, changed}}
    assert {a.email: a.password for a in again if a.email in unchanged} == unchanged
    assert_all_log_in(session, again)


def test_a_reset_database_reuses_the_passwords_in_the_file(
    tmp_path: Path, session: Session, accounts_file: Path
) -> None:
    first = seed(session, accounts_file)
    other = make_engine(f"sqlite:///{tmp_path}/other.db")
    SQLModel.metadata.create_all(other)
    with Session(other) as fresh:
        again = ensure_demo(fresh, accounts_file=accounts_file, today=TODAY)
        fresh.commit()
        assert again == first
        assert_all_log_in(fresh, again)
    other.dispose()


def test_tasks_cover_every_domain_and_need_attention(session: Session, accounts_file: Path) -> None:
    seed(session, accounts_file)
    de_vries = family_named(session, "Gezin De Vries")
    tasks = session.exec(select(Task).where(Task.family_id == de_vries.id)).all()

    assert {t.domain for t in tasks} == set(CareDomain)
    assert any(
        t.status in {TaskStatus.OPEN, TaskStatus.BUSY} and t.due_on and t.due_on < TODAY
        for t in tasks
    ), "an overdue open task"
    assert any(
        t.status == TaskStatus.WAITING and t.waiting_for and t.follow_up_on for t in tasks
    ), "a waiting task to chase"
    assert any(t.status == TaskStatus.BUSY for t in tasks)
    done = [t for t in tasks if t.status == TaskStatus.DONE]
    assert done
    assert all(t.completed_at and t.created_at < t.completed_at for t in done)
    assert all(t.completed_at is None for t in tasks if t.status != TaskStatus.DONE)
    assert any(t.assignee_id is None for t in tasks)
    assert any(t.agreement_id is not None for t in tasks)
    roles_with_tasks = {session.get(Membership, t.assignee_id).role for t in tasks if t.assignee_id}
    assert {Role.CAREGIVER, Role.SIBLING, Role.CM_HOSPITAL, Role.CM_HOME} <= roles_with_tasks


def test_agreements_have_every_status_and_agreed_ones_are_confirmed(
    session: Session, accounts_file: Path
) -> None:
    seed(session, accounts_file)
    de_vries = family_named(session, "Gezin De Vries")
    agreements = session.exec(select(Agreement).where(Agreement.family_id == de_vries.id)).all()

    # Every open status; withdrawn and ended ones would need a history row saying who.
    closed = {AgreementStatus.WITHDRAWN, AgreementStatus.ENDED}
    assert {a.status for a in agreements} == set(AgreementStatus) - closed
    assert any(a.parents_keep and a.responsible_id is None for a in agreements)
    assert all(
        a.review_on and a.review_on < TODAY for a in agreements if a.status == "needs_review"
    )
    parents = {m.id for m in members_of(session, de_vries) if m.role == Role.PARENT}
    for agreement in agreements:
        confirmed = {
            c.membership_id
            for c in session.exec(
                select(AgreementConfirmation).where(
                    AgreementConfirmation.agreement_id == agreement.id,
                    AgreementConfirmation.agreement_version == agreement.version,
                )
            )
        }
        if agreement.status == AgreementStatus.AGREED:
            assert parents <= confirmed
            assert agreement.responsible_id is None or agreement.responsible_id in confirmed
        else:
            assert not confirmed


def test_appointments_are_upcoming_past_and_cancelled(
    session: Session, accounts_file: Path
) -> None:
    seed(session, accounts_file)
    de_vries = family_named(session, "Gezin De Vries")
    appointments = session.exec(
        select(Appointment).where(Appointment.family_id == de_vries.id)
    ).all()

    planned = [a for a in appointments if a.status == AppointmentStatus.PLANNED]
    assert any(a.starts_at < start_of(TODAY) for a in planned)
    assert any(a.starts_at >= start_of(TODAY) for a in planned)
    assert any(
        a.starts_at < start_of(TODAY + timedelta(days=2))
        for a in planned
        if a.starts_at >= start_of(TODAY)
    ), "today or tomorrow"
    assert (
        sum(start_of(TODAY) <= a.starts_at < start_of(TODAY + timedelta(days=14)) for a in planned)
        >= 3
    )
    assert any(a.status == AppointmentStatus.CANCELLED for a in appointments)
    assert all(a.ends_at > a.starts_at for a in appointments)
    assert all(a.attendee_ids for a in appointments)
    # 09:30 in Amsterdam in March is 08:30 UTC: times are stored as Dutch local times in UTC.
    tomorrow = [
        a for a in planned if a.starts_at.astimezone(AMSTERDAM).date() == TODAY + timedelta(days=1)
    ]
    assert tomorrow[0].starts_at.astimezone(AMSTERDAM).strftime("%H:%M") == "09:30"


@pytest.mark.parametrize("today", [TODAY, date(2028, 2, 29)])
def test_siblings_are_9_and_14_and_the_eldest_had_a_dip(
    session: Session, accounts_file: Path, today: date
) -> None:
    seed(session, accounts_file, today)
    de_vries = family_named(session, "Gezin De Vries")
    siblings = [m for m in members_of(session, de_vries) if m.role == Role.SIBLING]
    ages = {}
    for member in siblings:
        user = session.get(User, member.user_id)
        assert user.birth_date is not None
        ages[age_on(user.birth_date, today)] = member
    assert sorted(ages) == [9, 14]

    eldest = ages[14]
    checkins = session.exec(select(CheckIn).where(CheckIn.sibling_id == eldest.id)).all()
    recent_dips = [
        c for c in checkins if c.mood <= 2 and c.created_at >= start_of(today - timedelta(days=14))
    ]
    assert len(recent_dips) >= 2
    talk = [c for c in recent_dips if c.wants_to_talk]
    assert talk and talk[0].talk_to_id is not None
    talk_to = session.get(Membership, talk[0].talk_to_id)
    assert talk_to.family_id == de_vries.id and talk_to.role in {Role.PARENT, Role.CM_HOME}
    assert any(not (c.share_parents or c.share_cm_home or c.share_cm_hospital) for c in checkins)
    assert all(c.created_at < start_of(today) for c in checkins)
    assert all(1 <= c.mood <= 5 for c in checkins)


def test_the_demo_check_ins_raised_their_signals(session: Session, accounts_file: Path) -> None:
    """Lotte's dip shows as an open signal for the home case manager only: the parents did
    not see both low check-ins. Older signals were picked up long ago."""
    seed(session, accounts_file)
    de_vries = family_named(session, "Gezin De Vries")
    signals = session.exec(
        select(CheckinSignal).where(CheckinSignal.family_id == de_vries.id)
    ).all()
    still_open = [s for s in signals if s.picked_up_at is None]
    assert [(s.kind, s.share_parents, s.share_cm_home) for s in still_open] == [
        ("low_mood", False, True)
    ]
    assert all(s.picked_up_by_id is not None for s in signals if s not in still_open)
    recipients = session.exec(
        select(Notification).where(Notification.object_id == still_open[0].id)
    ).all()
    assert [session.get(User, n.recipient_user_id).name for n in recipients] == ["Femke Bos"]


def test_every_reference_stays_inside_its_family(session: Session, accounts_file: Path) -> None:
    seed(session, accounts_file)
    family_of = {m.id: m.family_id for m in session.exec(select(Membership))}

    def check(rows: list, *fields: str) -> None:
        for row in rows:
            refs: list[int | None] = [getattr(row, f) for f in fields]
            refs += getattr(row, "informed_ids", []) + getattr(row, "attendee_ids", [])
            assert all(family_of[r] == row.family_id for r in refs if r is not None), row

    check(session.exec(select(Task)).all(), "assignee_id", "created_by_id")
    check(session.exec(select(Agreement)).all(), "responsible_id", "backup_id", "created_by_id")
    check(session.exec(select(Appointment)).all(), "created_by_id")
    check(session.exec(select(CheckIn)).all(), "sibling_id", "talk_to_id")
    assert all(t.created_by_id for t in session.exec(select(Task)))
    yilmaz = family_named(session, "Gezin Yilmaz")
    for model in (Task, Agreement, Appointment, CheckIn):
        assert session.exec(select(model).where(model.family_id == yilmaz.id)).first()


@pytest.mark.parametrize("today", [TODAY + timedelta(days=n) for n in range(7)])
def test_appointments_fit_any_day_of_the_week(
    session: Session, accounts_file: Path, today: date
) -> None:
    seed(session, accounts_file, today)
    appointments = session.exec(
        select(Appointment).where(Appointment.status == AppointmentStatus.PLANNED)
    ).all()

    for appointment in appointments:
        if appointment.place.startswith(("Kinderziekenhuis", "School")):
            assert appointment.starts_at.astimezone(AMSTERDAM).weekday() < 5, appointment.title
    # Moving appointments off the weekend never puts one person in two places at once
    # (the hospital case manager's appointments in both families included).
    user_of = {m.id: m.user_id for m in session.exec(select(Membership))}
    people = {a.id: {user_of[m] for m in a.attendee_ids} for a in appointments}
    for a in appointments:
        for b in appointments:
            if a.id < b.id and people[a.id] & people[b.id]:
                assert a.ends_at <= b.starts_at or b.ends_at <= a.starts_at, (a.title, b.title)
    tomorrow = today + timedelta(days=1)
    assert any(a.starts_at.astimezone(AMSTERDAM).date() == tomorrow for a in appointments)
