"""Writing the demo specs into the database, and the demo logins.

`ensure_demo` is idempotent. The first call creates the demo users, both families and
their tasks, agreements, appointments and check-ins; later calls create nothing and
return the same credentials. Dates are relative to `today`, so the demo stays current:
there is always something overdue, something to chase and something coming up.

The demo users have addresses under DEMO_EMAIL_DOMAIN; that is how a seeded database is
recognised. Their random passwords are kept in a JSON file readable by the owner only.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from sqlmodel import Session, col, select

from dossier.clock import ZONE as AMSTERDAM
from dossier.clock import local_today
from dossier.demo.care_plan import add_care_plan
from dossier.demo.child_page import add_child_page
from dossier.demo.emergency_plan import add_emergency_plan
from dossier.demo.families import FAMILIES
from dossier.demo.network import add_network
from dossier.demo.people import OWN_DEFAULTS, PEOPLE, REMINDERS
from dossier.demo.spec import FamilySpec, Person
from dossier.domain.accounts import create_user
from dossier.domain.checkin_settings import BAND_DEFAULTS
from dossier.domain.checkin_signals import signals_after
from dossier.domain.passwords import hash_password, password_problem, verify_password
from dossier.models import (
    AgeBand,
    Agreement,
    AgreementConfirmation,
    AgreementStatus,
    Appointment,
    AppointmentStatus,
    CheckIn,
    CheckinSettings,
    CheckinSignal,
    Family,
    Membership,
    MembershipStatus,
    Notification,
    Role,
    Task,
    User,
)
from dossier.settings import data_dir

DEMO_EMAIL_DOMAIN = "demo.gezinsdossier.nl"
ACCOUNTS_FILE_NAME = "demo-accounts.json"
# The dossiers "started" this long ago: users, families and memberships date from then,
# so eight weeks of check-ins and done tasks fall after it.
STARTED_DAYS_AGO = 63


@dataclass(frozen=True, slots=True, kw_only=True)
class DemoAccount:
    """One way to log in to one demo family.

    There is one account per membership: the hospital case manager works for both
    families, so she is listed once per family (same e-mail, same password).
    """

    family: str  # family display name, e.g. "Gezin De Vries"
    role: str  # Role value: parent, child, sibling, cm_hospital, cm_home, caregiver
    name: str
    email: str
    password: str


def demo_email(person_key: str) -> str:
    return f"{PEOPLE[person_key].email_local}@{DEMO_EMAIL_DOMAIN}"


def ensure_demo(
    session: Session, *, accounts_file: Path | None = None, today: date | None = None
) -> list[DemoAccount]:
    """Idempotent. The first call creates both demo families with all their data and
    returns the accounts. Later calls create nothing new and return the same accounts
    (same e-mails, same passwords).

    If the demo users exist but the accounts file is missing, lacks a user or holds a
    password that no longer works, that user gets a fresh password and the file is
    rewritten, so the returned credentials always work.
    """
    today = today or _today_in_nl()
    path = accounts_file or data_dir() / ACCOUNTS_FILE_NAME
    stored = _read_passwords(path)
    emails = [demo_email(key) for key in PEOPLE]
    users = _users_by_email(session, emails)
    if users:
        passwords = _working_passwords(session, users, stored)
    else:
        # Reuse passwords from the file (the database may have been reset), else new ones.
        passwords = {
            e: stored[e] if _usable(stored.get(e, "")) else _new_password() for e in emails
        }
        _seed(session, today=today, passwords=passwords)
        users = _users_by_email(session, emails)
    accounts = [
        DemoAccount(
            family=family.name,
            role=str(member.role),
            name=PEOPLE[member.person].name,
            email=demo_email(member.person),
            password=passwords[demo_email(member.person)],
        )
        for family in FAMILIES
        for member in family.members
        if demo_email(member.person) in users  # a demo user deleted by hand is skipped
    ]
    _write_accounts(path, accounts)
    return accounts


def _today_in_nl() -> date:
    # The families live in the Netherlands; a server on UTC would be a day off at night.
    return local_today()


def _new_password() -> str:
    return secrets.token_urlsafe(12)


def _usable(password: str) -> bool:
    return password_problem(password) is None  # also rejects "" (too short)


def _users_by_email(session: Session, emails: list[str]) -> dict[str, User]:
    rows = session.exec(select(User).where(col(User.email).in_(emails))).all()
    return {u.email: u for u in rows if u.email is not None}  # asked by e-mail: all have one


def _working_passwords(
    session: Session, users: dict[str, User], stored: dict[str, str]
) -> dict[str, str]:
    """The stored password per existing demo user; a fresh one where it is missing or stale."""
    passwords: dict[str, str] = {}
    for email, user in users.items():
        password = stored.get(email, "")
        if not (_usable(password) and verify_password(user.password_hash, password)):
            password = _new_password()
            user.password_hash = hash_password(password)
            session.add(user)
        if user.email_confirmed_at is None:  # a demo from before confirming existed
            user.email_confirmed_at = user.created_at
            session.add(user)
        passwords[email] = password
    return passwords


def _read_passwords(path: Path) -> dict[str, str]:
    """E-mail -> password from the accounts file; empty when it is missing or unreadable."""
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(rows, list):
        return {}
    return {
        row["email"]: row["password"]
        for row in rows
        if isinstance(row, dict)
        and isinstance(row.get("email"), str)
        and isinstance(row.get("password"), str)
    }


def _write_accounts(path: Path, accounts: list[DemoAccount]) -> None:
    """Write the file only when it changes; owner-only from the first byte, replaced atomically."""
    text = json.dumps([asdict(a) for a in accounts], ensure_ascii=False, indent=2) + "\n"
    with contextlib.suppress(OSError):
        if path.read_text(encoding="utf-8") == text:
            path.chmod(0o600)
            return
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    tmp.replace(path)
    path.chmod(0o600)


def _seed(session: Session, *, today: date, passwords: dict[str, str]) -> None:
    started = _at(today - timedelta(days=STARTED_DAYS_AGO), "09:00")
    users = _create_users(session, today=today, passwords=passwords, started=started)
    for spec in FAMILIES:
        family, members = _create_family(session, spec, users, started=started)
        assert family.id is not None
        add_network(session, spec.name, family.id, members, today=today)  # issue 19
        add_emergency_plan(session, spec.name, family.id, members, today=today)  # issue 19
        add_child_page(session, spec.name, family.id, members)  # issue 20
        add_care_plan(session, spec.name, family.id, members, today=today)  # issue 20
        agreements = _add_agreements(session, spec, family.id, members, today=today)
        _add_tasks(session, spec, family.id, members, agreements, today=today)
        _add_appointments(session, spec, family.id, members, today=today)
        _add_checkins(session, spec, family.id, members, today=today)
        _add_checkin_settings(session, family.id, members)


def _at(day: date, local_time: str) -> datetime:
    """A Dutch wall-clock time on `day`, as an aware UTC datetime (what the tables store)."""
    local = datetime.combine(day, time.fromisoformat(local_time), tzinfo=AMSTERDAM)
    return local.astimezone(UTC)


def _workday(day: date, *, later: bool) -> date:
    """`day`, or the Monday after (`later`) or the Friday before when it is a weekend day."""
    while day.weekday() >= 5:
        day += timedelta(days=1 if later else -1)
    return day


def _day(today: date, offset: int | None) -> date | None:
    return None if offset is None else today + timedelta(days=offset)


def _birth_date(today: date, person: Person) -> date | None:
    if person.age is None:
        return None
    try:
        same_day = today.replace(year=today.year - person.age)
    except ValueError:  # 29 February in a year without one
        same_day = today.replace(year=today.year - person.age, day=28)
    return same_day - timedelta(days=person.days_since_birthday)


def _create_users(
    session: Session, *, today: date, passwords: dict[str, str], started: datetime
) -> dict[str, User]:
    users: dict[str, User] = {}
    for key, person in PEOPLE.items():
        email = demo_email(key)
        user = create_user(session, email=email, name=person.name, password=passwords[email])
        user.birth_date = _birth_date(today, person)
        user.created_at = started
        user.email_confirmed_at = started  # demo addresses need no confirming (no banner)
        session.add(user)
        users[key] = user
    session.flush()
    return users


def _create_family(
    session: Session, spec: FamilySpec, users: dict[str, User], *, started: datetime
) -> tuple[Family, dict[str, Membership]]:
    family = Family(
        name=spec.name, child_name=spec.child_name, phase=spec.phase, created_at=started
    )
    session.add(family)
    session.flush()
    assert family.id is not None
    members: dict[str, Membership] = {}
    for member in spec.members:
        user_id = users[member.person].id
        assert user_id is not None
        members[member.person] = Membership(
            family_id=family.id,
            user_id=user_id,
            role=member.role,
            status=MembershipStatus.ACTIVE,
            relation=member.relation,
            phone=member.phone,
            created_at=started,
        )
        session.add(members[member.person])
    session.flush()
    return family, members


def _mid(members: dict[str, Membership], key: str | None) -> int | None:
    """The membership id for a person key (None stays None)."""
    return None if key is None else members[key].id


def _flushed_id(member: Membership) -> int:
    assert member.id is not None  # every membership was flushed when it was made
    return member.id


def _mids(members: dict[str, Membership], keys: tuple[str, ...]) -> list[int]:
    return [m for m in (_mid(members, k) for k in keys) if m is not None]


def _add_agreements(
    session: Session,
    spec: FamilySpec,
    family_id: int,
    members: dict[str, Membership],
    *,
    today: date,
) -> dict[str, Agreement]:
    created = _at(today - timedelta(days=STARTED_DAYS_AGO - 7), "11:00")
    agreements: dict[str, Agreement] = {}
    for item in spec.agreements:
        agreements[item.topic] = Agreement(
            family_id=family_id,
            topic=item.topic,
            domain=item.domain,
            responsible_id=_mid(members, item.responsible),
            parents_keep=item.responsible is None,
            backup_id=_mid(members, item.backup),
            informed_ids=_mids(members, item.informed),
            how=item.how,
            review_on=_day(today, item.review),
            status=item.status,
            created_by_id=_mid(members, item.by),
            created_at=created,
        )
        session.add(agreements[item.topic])
    session.flush()
    _confirm_agreed(session, spec, members, agreements, confirmed_at=created + timedelta(days=2))
    return agreements


def _confirm_agreed(
    session: Session,
    spec: FamilySpec,
    members: dict[str, Membership],
    agreements: dict[str, Agreement],
    *,
    confirmed_at: datetime,
) -> None:
    """An agreement is 'agreed' because the parents and the responsible person confirmed it."""
    parents = tuple(m.person for m in spec.members if m.role is Role.PARENT)
    for item in spec.agreements:
        if item.status is not AgreementStatus.AGREED:
            continue
        agreement = agreements[item.topic]
        assert agreement.id is not None
        confirmers = list(parents)
        if item.responsible and item.responsible not in confirmers:
            confirmers.append(item.responsible)
        session.add_all(
            AgreementConfirmation(
                agreement_id=agreement.id,
                membership_id=_flushed_id(members[key]),
                agreement_version=agreement.version,
                confirmed_at=confirmed_at,
            )
            for key in confirmers
        )


def _add_tasks(
    session: Session,
    spec: FamilySpec,
    family_id: int,
    members: dict[str, Membership],
    agreements: dict[str, Agreement],
    *,
    today: date,
) -> None:
    for number, item in enumerate(spec.tasks):
        # Spread creation over the weeks since the start, oldest first.
        created = _at(today - timedelta(days=STARTED_DAYS_AGO - 8 - 2 * number), "10:00")
        done = item.done_days_ago
        session.add(
            Task(
                family_id=family_id,
                title=item.title,
                notes=item.notes,
                domain=item.domain,
                assignee_id=_mid(members, item.assignee),
                due_on=_day(today, item.due),
                status=item.status,
                waiting_for=item.waiting_for,
                follow_up_on=_day(today, item.follow_up),
                agreement_id=agreements[item.agreement].id if item.agreement else None,
                created_by_id=_mid(members, item.by),
                created_at=min(created, _at(today - timedelta(days=(done or 0) + 1), "10:00")),
                completed_at=None if done is None else _at(today - timedelta(days=done), "16:00"),
            )
        )
    session.flush()


def _add_appointments(
    session: Session,
    spec: FamilySpec,
    family_id: int,
    members: dict[str, Membership],
    *,
    today: date,
) -> None:
    for item in spec.appointments:
        day = today + timedelta(days=item.day)
        if not item.any_day:
            day = _workday(day, later=item.day > 0)
        session.add(
            Appointment(
                family_id=family_id,
                title=item.title,
                starts_at=_at(day, item.start),
                ends_at=_at(day, item.end),
                place=item.place,
                with_whom=item.with_whom,
                attendee_ids=_mids(members, item.attendees),
                preparation=item.preparation,
                status=AppointmentStatus.CANCELLED if item.cancelled else AppointmentStatus.PLANNED,
                created_by_id=_mid(members, item.by),
                # Made two weeks ahead, but never after the start of the demo's "today".
                created_at=min(_at(day - timedelta(days=14), "12:00"), _at(today, "07:00")),
            )
        )
    session.flush()


def _add_checkins(
    session: Session,
    spec: FamilySpec,
    family_id: int,
    members: dict[str, Membership],
    *,
    today: date,
) -> None:
    for sibling, checkins in spec.checkins.items():
        sibling_id = _mid(members, sibling)
        assert sibling_id is not None
        # Oldest first, each raising its signals as a live check-in would.
        for item in sorted(checkins, key=lambda c: (-c.days_ago, c.at)):
            checkin = CheckIn(
                family_id=family_id,
                sibling_id=sibling_id,
                mood=item.mood,
                needs=[str(need) for need in item.needs],
                note=item.note,
                wants_to_talk=item.talk_to is not None,
                talk_to_id=_mid(members, item.talk_to),
                share_parents="o" in item.share,
                share_cm_home="t" in item.share,
                share_cm_hospital="z" in item.share,
                created_at=_at(today - timedelta(days=item.days_ago), item.at),
            )
            session.add(checkin)
            session.flush()
            signals_after(session, checkin)
    _pick_up_older_signals(session, family_id, members, today=today)
    session.flush()


def _add_checkin_settings(session: Session, family_id: int, members: dict[str, Membership]) -> None:
    for key, reminder in REMINDERS.items():
        sibling_id = _mid(members, key) if key in members else None
        if sibling_id is None:
            continue
        session.add(
            CheckinSettings(
                family_id=family_id,
                sibling_id=sibling_id,
                band_defaults={b.value: [a.value for a in BAND_DEFAULTS[b]] for b in AgeBand},
                own_default=OWN_DEFAULTS.get(key),
                reminder=reminder,
            )
        )
    session.flush()


def _pick_up_older_signals(
    session: Session, family_id: int, members: dict[str, Membership], *, today: date
) -> None:
    """Signals older than a week were picked up long ago, by someone who could see them."""
    cutoff = _at(today - timedelta(days=7), "00:00")
    signals = session.exec(
        select(CheckinSignal).where(
            CheckinSignal.family_id == family_id, col(CheckinSignal.created_at) < cutoff
        )
    ).all()
    by_role = {Role(m.role): m for m in members.values()}
    for signal in signals:
        for role, flag in (
            (Role.CM_HOME, signal.share_cm_home),
            (Role.PARENT, signal.share_parents),
            (Role.CM_HOSPITAL, signal.share_cm_hospital),
        ):
            if flag and role in by_role:
                signal.picked_up_by_id = by_role[role].id
                signal.picked_up_at = signal.created_at + timedelta(hours=20)
                session.add(signal)
                break
        for note in session.exec(
            select(Notification).where(
                Notification.object_type == "checkinsignal", Notification.object_id == signal.id
            )
        ).all():
            note.read_at = signal.created_at + timedelta(hours=20)
            session.add(note)
