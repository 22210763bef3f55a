"""The family's access log as parents see it ("Wie heeft wat bekeken", NEN 7513 ch. 9).

Only parents may read it, only their own family's rows, and every read is itself a row
in the log. The rows say who did what kind of thing when; never the content.

A refusal of someone who is not (and never was) a member of the family is shown as
coming from outside the family: without their name, role or organisation, which never
leave this module. Repeats of such a refusal were counted on one row (dossier/audit.py);
the entry carries that count.

`fold_views` turns the rows into the lines a parent reads: one person's looks at one kind
of thing on one day become one line with a count and the first and last time; changes
and refusals always keep a line of their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, col, select

from dossier import audit, clock
from dossier.domain.errors import InvalidInput
from dossier.models import AuditEvent, Membership, User, saved_id
from dossier.models.audit import AuditRepeat
from dossier.permissions import Action, Actor, require

MAX_LIMIT = 500
REFUSED = ("denied", "failed")
# Days outside this range are clamped: no one was logged before, and far-off dates would
# overflow the conversion to UTC.
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2999, 12, 31)


@dataclass(frozen=True, slots=True, kw_only=True)
class LogEntry:
    """One log row, without where it came from (IP, device) or any content."""

    id: int
    at: datetime
    user_id: int | None
    name: str
    role: str
    organisation: str
    action: str
    object_type: str
    outcome: str
    outside: bool = False  # refused, and not a member of the family: no name, no role
    count: int = 1  # how many attempts this row stands for


@dataclass(frozen=True, slots=True, kw_only=True)
class Person:
    user_id: int
    name: str
    role: str  # their role in this family; empty when they never were a member


@dataclass(frozen=True, slots=True, kw_only=True)
class LogLine:
    """One line of the log as a parent reads it: one row, or views folded into one."""

    entry: LogEntry  # the newest row of the line
    views: int = 1  # how many looks the line stands for (1: an ordinary row)
    first_at: datetime  # the oldest folded look; entry.at when nothing was folded

    @property
    def kind(self) -> str:
        """What kind of thing: 'task' for task.view and task.view.list."""
        return thing_of(self.entry)


# Looks whose code does not say "view", with the kind of thing they fold under. A phone's
# calendar fetches the feed every hour or so: those fetches fold too.
OTHER_LOOKS = {
    "members.manage": "members",
    "checkin.settings.list": "checkin_settings",
    "calendar.feed": "calendar_feed",
}


def thing_of(entry: LogEntry) -> str:
    return OTHER_LOOKS.get(entry.action) or entry.action.split(".", 1)[0]


def is_foldable_view(entry: LogEntry) -> bool:
    """An allowed look by a known person (task.view, task.view.list, caseload.view)."""
    parts = entry.action.split(".")
    looks = entry.action in OTHER_LOOKS or (len(parts) >= 2 and parts[1] == "view")
    return looks and entry.outcome == "allowed" and entry.user_id is not None and not entry.outside


def fold_views(entries: list[LogEntry]) -> list[LogLine]:
    """Rows (newest first) as lines: the same person's looks at the same kind of thing on
    the same day (Amsterdam) become one line where the newest look was. Pure: no database."""
    lines: list[LogLine] = []
    open_lines: dict[tuple[int | None, date, str], int] = {}  # key -> index in lines
    for entry in entries:
        if not is_foldable_view(entry):
            lines.append(LogLine(entry=entry, first_at=entry.at))
            continue
        key = (entry.user_id, clock.local(entry.at).date(), thing_of(entry))
        index = open_lines.get(key)
        if index is None:
            open_lines[key] = len(lines)
            lines.append(LogLine(entry=entry, views=entry.count, first_at=entry.at))
            continue
        line = lines[index]
        lines[index] = LogLine(
            entry=line.entry, views=line.views + entry.count, first_at=min(line.first_at, entry.at)
        )
    return lines


def start_of_day(day: date) -> datetime:
    """Midnight in Amsterdam at the start of `day`, in UTC."""
    return clock.start_of_day(min(max(day, FIRST_DAY), LAST_DAY))


def access_log(
    session: Session,
    actor: Actor,
    *,
    member_user_id: int | None = None,
    since: date | None = None,
    until: date | None = None,
    limit: int = 200,
) -> list[LogEntry]:
    """The family's log, newest first, optionally for one person and between two days.

    `since` and `until` are days in Amsterdam time and both count (until = up to and
    including that day). Reading the log writes an `audit.view.list` row.
    """
    require(actor, Action.AUDIT_VIEW)
    if since and until and since > until:
        raise InvalidInput("accesslog.error.order")
    member = (
        sa.select(col(Membership.id))
        .where(
            col(Membership.user_id) == AuditEvent.user_id,
            col(Membership.family_id) == actor.family_id,
        )
        .exists()
    )
    query = (
        select(AuditEvent, User.name, member, AuditRepeat.repeats)
        .outerjoin(User, col(User.id) == AuditEvent.user_id)
        .outerjoin(AuditRepeat, col(AuditRepeat.event_id) == AuditEvent.id)
        .where(AuditEvent.family_id == actor.family_id)
    )
    if member_user_id is not None:
        query = query.where(AuditEvent.user_id == member_user_id)
    if since is not None:
        query = query.where(AuditEvent.at >= start_of_day(since))
    if until is not None:
        query = query.where(AuditEvent.at < start_of_day(min(until, LAST_DAY) + timedelta(days=1)))
    limit = max(1, min(limit, MAX_LIMIT))
    query = query.order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc()).limit(limit)
    entries = [_entry(*found) for found in session.exec(query)]
    audit.record(
        session,
        actor,
        "audit.view.list",
        detail=_describe(len(entries), member_user_id, since, until),
    )
    return entries


def log_people(session: Session, actor: Actor) -> list[Person]:
    """Whom the parent can filter on: the family's members (also former ones) and anyone
    else who appears in the family's log. Part of reading the log, so no row of its own."""
    require(actor, Action.AUDIT_VIEW)
    members = session.exec(
        select(Membership.user_id, User.name, Membership.role)
        .join(User, col(User.id) == Membership.user_id)
        .where(Membership.family_id == actor.family_id)
    ).all()
    people = {
        user_id: Person(user_id=user_id, name=name, role=role) for user_id, name, role in members
    }
    # Someone outside the family who was only ever refused stays nameless (see _entry).
    in_log = (
        select(AuditEvent.user_id)
        .where(
            AuditEvent.family_id == actor.family_id,
            col(AuditEvent.user_id).is_not(None),
            col(AuditEvent.outcome).not_in(REFUSED),
        )
        .distinct()
    )
    others = session.exec(select(User.id, User.name).where(col(User.id).in_(in_log))).all()
    for user_id, name in others:
        if user_id is not None:  # a primary key is never NULL; the check narrows the type
            people.setdefault(user_id, Person(user_id=user_id, name=name, role=""))
    return sorted(people.values(), key=lambda p: (p.name.casefold(), p.user_id))


def _entry(row: AuditEvent, name: str | None, member: bool, repeats: int | None) -> LogEntry:
    outside = row.user_id is not None and not member and row.outcome in REFUSED
    return LogEntry(
        id=saved_id(row),
        at=row.at,
        user_id=None if outside else row.user_id,
        name="" if outside else name or "",
        role="" if outside else row.role,
        organisation="" if outside else row.organisation,
        action=row.action,
        object_type=row.object_type,
        outcome=row.outcome,
        outside=outside,
        count=1 + (repeats or 0),
    )


def _describe(count: int, user_id: int | None, since: date | None, until: date | None) -> str:
    """What was asked for, without content: '12 rows; user=5; 2026-01-01..2026-01-31'."""
    parts = [f"{count} rows"]
    if user_id is not None:
        parts.append(f"user={user_id}")
    if since or until:
        parts.append(f"{since or ''}..{until or ''}")
    return "; ".join(parts)
