"""When the case managers can be reached: their working hours, their absences, and who
stands in for them in a family meanwhile.

"De casemanager is geen crisisdienst": the family reads it plainly on the overview and
the network page, "Niet voor spoed · bereikbaar ma-vr 8.30-17.00" and "Femke is afwezig
tot 3 januari. Vervanger: Sanne Jansen.".

Hours and absences are a professional's own, the same in every family she works in: only
she changes them (`REACHABILITY_EDIT` and her own user id; a refusal is logged). The
stand-in is per family: a member or one of that family's contacts; without a row, the
family's other case manager.

The sentences are pure functions of the rows, the day and the language (unit-tested on
their own); "today" is the day in Amsterdam.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from babel.dates import format_date, get_day_names
from babel.lists import format_list
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, col, select

from dossier import audit
from dossier.clock import local_today
from dossier.clock import parse_day as read_day
from dossier.domain.errors import Conflict, InvalidInput, NotFound
from dossier.domain.membership import is_active, is_active_member
from dossier.domain.network import check_hours
from dossier.domain.pulse import bump
from dossier.i18n import translate
from dossier.models import (
    Absence,
    AbsenceStandIn,
    Contact,
    Membership,
    Role,
    User,
    WorkingHours,
    utcnow,
)
from dossier.permissions import Action, Actor, PermissionDenied, require

CASE_MANAGERS = (Role.CM_HOSPITAL, Role.CM_HOME)
SOON = timedelta(days=7)  # an absence starting within a week is announced already
LATEST_DAY = date(2100, 12, 31)
HOURS_NOTE_MAX = 300
ABSENCES_AHEAD = 20  # more planned absences than this is a mistake, not a diary


# --------------------------------------------------------------------------------------
# The sentences (pure)
# --------------------------------------------------------------------------------------


def _day_name(day: int, lang: str) -> str:
    return str(get_day_names("abbreviated", locale=lang)[day]).rstrip(".")


def day_ranges(days: Iterable[int], lang: str) -> str:
    """'ma-vr', 'ma', 'di en do', 'ma-wo en vr': three days or more in a row as a range."""
    ordered = sorted({d for d in days if 0 <= d <= 6})
    runs: list[list[int]] = []
    for day in ordered:
        if runs and runs[-1][-1] == day - 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    parts: list[str] = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"{_day_name(run[0], lang)}-{_day_name(run[-1], lang)}")
        else:
            parts += [_day_name(day, lang) for day in run]
    return format_list(parts, locale=lang) if parts else ""


def clock_time(text: str, lang: str) -> str:
    """'08:30' as the family reads it: '8.30' in Dutch, '8:30 AM' in English."""
    hour, minute = (int(part) for part in text.split(":"))
    if lang == "en":
        return f"{(hour % 12) or 12}:{minute:02d} {'AM' if hour < 12 else 'PM'}"
    return f"{hour}.{minute:02d}"


def hours_text(hours: Sequence[Mapping[str, Any]], lang: str) -> str:
    """'ma-vr 8.30-17.00, za 10.00-12.00' ("" without hours)."""
    parts = [
        f"{day_ranges(r['days'], lang)} {clock_time(r['from'], lang)}-{clock_time(r['to'], lang)}"
        for r in hours
        if r.get("days") and r.get("from") and r.get("to")
    ]
    return ", ".join(parts)


def reach_line(hours: Sequence[Mapping[str, Any]], lang: str) -> str:
    """Under a case manager: 'Niet voor spoed · bereikbaar ma-vr 8.30-17.00'."""
    text = hours_text(hours, lang)
    if not text:
        return translate(lang, "reach.not_for_emergency")
    return translate(lang, "reach.line", hours=text)


def day_words(day: date, lang: str, today: date) -> str:
    """'3 januari' (with the year when it is not this year)."""
    pattern = "d MMMM" if day.year == today.year else "d MMMM yyyy"
    return format_date(day, pattern, locale=lang)


def is_current(absence: Absence, today: date) -> bool:
    return absence.starts_on <= today <= absence.ends_on


def is_announced(absence: Absence, today: date) -> bool:
    """Away today, or from a day within the coming week."""
    return absence.ends_on >= today and absence.starts_on <= today + SOON


def absence_sentence(name: str, absence: Absence, stand_in: str, lang: str, *, today: date) -> str:
    """'Femke is afwezig tot 3 januari. Vervanger: Sanne Jansen.', or for the coming
    week 'Femke is afwezig van 23 december tot 3 januari. ...'; '' otherwise."""
    if not is_announced(absence, today):
        return ""
    until = day_words(absence.ends_on, lang, today)
    if is_current(absence, today):
        text = translate(lang, "reach.away_until", name=name, until=until)
    else:
        since = day_words(absence.starts_on, lang, today)
        text = translate(lang, "reach.away_from", name=name, since=since, until=until)
    if stand_in:
        text += " " + translate(lang, "reach.stand_in", name=stand_in)
    return text


# --------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class AwayRow:
    absence: Absence
    stand_in: str  # the name of who stands in, in this family ("" when nobody)
    choice: str  # "m:12", "c:5", or "" (the default)


@dataclass(frozen=True, slots=True, kw_only=True)
class Reach:
    """One case manager's reachability as a family sees it."""

    membership_id: int
    user_id: int
    name: str
    role: str
    hours: list[dict]
    note: str
    away: list[AwayRow]  # announced or later, soonest first


def _case_managers(session: Session, family_id: int) -> list[tuple[Membership, str]]:
    rows = session.exec(
        select(Membership, User.name)
        .join(User, col(User.id) == Membership.user_id)
        .where(
            is_active_member(family_id=family_id),
            col(Membership.role).in_([str(r) for r in CASE_MANAGERS]),
        )
        .order_by(col(Membership.id))
    ).all()
    # The hospital's case manager first, as on the overview's team card.
    return sorted(rows, key=lambda row: CASE_MANAGERS.index(Role(row[0].role)))


def team_reachability(session: Session, actor: Actor, *, today: date | None = None) -> list[Reach]:
    """The family's case managers with their hours and their absences from today on.

    A fixed number of queries, whatever the family's size: the case managers, their
    hours, their absences, the stand-ins of this family, and the stand-ins' names."""
    require(actor, Action.NETWORK_VIEW)
    day = today or local_today()
    managers = _case_managers(session, actor.family_id)
    if not managers:
        return []
    users = [m.user_id for m, _ in managers]
    hours = {
        h.user_id: h
        for h in session.exec(select(WorkingHours).where(col(WorkingHours.user_id).in_(users)))
    }
    absences = session.exec(
        select(Absence)
        .where(col(Absence.user_id).in_(users), Absence.ends_on >= day)
        .order_by(col(Absence.starts_on), col(Absence.id))
    ).all()
    stand_ins = _stand_ins(session, actor.family_id, [a.id for a in absences if a.id])
    names = _stand_in_names(session, actor.family_id, stand_ins.values())
    result: list[Reach] = []
    for membership, name in managers:
        away = []
        for absence in (a for a in absences if a.user_id == membership.user_id):
            row = stand_ins.get(absence.id or 0)
            choice = _choice(row)
            who = names.get(choice, "") if row else _other_manager(managers, membership)
            away.append(AwayRow(absence=absence, stand_in=who, choice=choice))
        own = hours.get(membership.user_id)
        result.append(
            Reach(
                membership_id=membership.id or 0,
                user_id=membership.user_id,
                name=name,
                role=membership.role,
                hours=list(own.hours) if own else [],
                note=own.note if own else "",
                away=away,
            )
        )
    return result


def _other_manager(managers: list[tuple[Membership, str]], absent: Membership) -> str:
    others = [name for m, name in managers if m.user_id != absent.user_id]
    return others[0] if others else ""


def _choice(row: AbsenceStandIn | None) -> str:
    if row is None:
        return ""
    if row.membership_id is not None:
        return f"m:{row.membership_id}"
    return f"c:{row.contact_id}" if row.contact_id is not None else ""


def _stand_ins(
    session: Session, family_id: int, absence_ids: list[int]
) -> dict[int, AbsenceStandIn]:
    if not absence_ids:
        return {}
    rows = session.exec(
        select(AbsenceStandIn).where(
            AbsenceStandIn.family_id == family_id, col(AbsenceStandIn.absence_id).in_(absence_ids)
        )
    ).all()
    return {row.absence_id: row for row in rows}


def _stand_in_names(
    session: Session, family_id: int, rows: Iterable[AbsenceStandIn]
) -> dict[str, str]:
    """'m:12' / 'c:5' -> name, in one query each at most."""
    rows = list(rows)
    member_ids = [r.membership_id for r in rows if r.membership_id is not None]
    contact_ids = [r.contact_id for r in rows if r.contact_id is not None]
    names: dict[str, str] = {}
    if member_ids:
        for membership_id, name in session.exec(
            select(Membership.id, User.name)
            .join(User, col(User.id) == Membership.user_id)
            .where(col(Membership.id).in_(member_ids), Membership.family_id == family_id)
        ):
            names[f"m:{membership_id}"] = name
    if contact_ids:
        for contact_id, name in session.exec(
            select(Contact.id, Contact.name).where(
                col(Contact.id).in_(contact_ids), Contact.family_id == family_id
            )
        ):
            names[f"c:{contact_id}"] = name
    return names


def my_reachability(session: Session, actor: Actor, *, today: date | None = None) -> Reach:
    """The case manager's own hours and absences, with the stand-ins for this family."""
    _require_own(actor, actor.user_id)
    day = today or local_today()
    for reach in team_reachability(session, actor, today=day):
        if reach.user_id == actor.user_id:
            return reach
    raise NotFound()


# --------------------------------------------------------------------------------------
# Writing: only her own
# --------------------------------------------------------------------------------------


def _require_own(actor: Actor, user_id: int) -> None:
    """REACHABILITY_EDIT, and only for herself; a refusal goes to the log."""
    require(actor, Action.REACHABILITY_EDIT)
    if user_id != actor.user_id:
        raise PermissionDenied(actor, Action.REACHABILITY_EDIT)


def set_working_hours(
    session: Session,
    actor: Actor,
    *,
    hours: Any,
    note: str = "",
    expected_version: int | None = None,
) -> WorkingHours:
    """Her working hours (ranges as in network.check_hours) and a short note."""
    _require_own(actor, actor.user_id)
    errors: dict[str, str] = {}
    ranges = check_hours(hours, errors, "hours")
    note = " ".join(str(note or "").split())
    if len(note) > HOURS_NOTE_MAX:
        errors["note"] = "network.error.reach_note_too_long"
    if errors:
        name, key = next(iter(errors.items()))
        raise InvalidInput(key, field=name)
    row = session.exec(select(WorkingHours).where(WorkingHours.user_id == actor.user_id)).first()
    if row is None:
        row = WorkingHours(user_id=actor.user_id)
    elif expected_version is not None and row.version != expected_version:
        raise Conflict()
    row.hours, row.note, row.updated_at = ranges, note, utcnow()
    _flush(session, row)
    audit.record(
        session, actor, "reachability.hours", object_type="working_hours", object_id=row.id
    )
    _bump_families(session, actor.user_id)
    return row


def _flush(session: Session, row: Any) -> None:
    session.add(row)
    try:
        session.flush()
    except StaleDataError as exc:
        raise Conflict() from exc


def _bump_families(session: Session, user_id: int) -> None:
    """Every family she works in shows it: their open screens reload."""
    families = session.exec(
        select(Membership.family_id).where(is_active_member(user_id=user_id))
    ).all()
    if families:
        bump(session, set(families))


def parse_absence_day(text: str | date | None, field: str) -> date:
    value = text.isoformat() if isinstance(text, date) else text
    try:
        day = read_day(value, latest=LATEST_DAY)
    except ValueError:
        raise InvalidInput("reach.error.date", field=field) from None
    if day is None:
        raise InvalidInput("reach.error.date_required", field=field)
    return day


def add_absence(
    session: Session,
    actor: Actor,
    *,
    starts_on: str | date,
    ends_on: str | date,
    stand_in: str = "",
    today: date | None = None,
) -> Absence:
    """She is away from one day to another (inclusive), with a stand-in in this family."""
    _require_own(actor, actor.user_id)
    day = today or local_today()
    first = parse_absence_day(starts_on, "starts_on")
    last = parse_absence_day(ends_on, "ends_on")
    if last < first:
        raise InvalidInput("reach.error.order", field="ends_on")
    if last < day:
        raise InvalidInput("reach.error.past", field="ends_on")
    own = session.exec(
        select(Absence).where(Absence.user_id == actor.user_id, Absence.ends_on >= day)
    ).all()
    if any(a.starts_on <= last and first <= a.ends_on for a in own):
        raise InvalidInput("reach.error.overlap", field="starts_on")
    if len(own) >= ABSENCES_AHEAD:
        raise InvalidInput("reach.error.many", field="starts_on")
    choice = _check_stand_in(session, actor, stand_in)
    absence = Absence(user_id=actor.user_id, starts_on=first, ends_on=last)
    session.add(absence)
    session.flush()
    _write_stand_in(session, actor, absence, choice)
    audit.record(
        session, actor, "reachability.absence", object_type="absence", object_id=absence.id
    )
    _bump_families(session, actor.user_id)
    return absence


def _own_absence(session: Session, actor: Actor, absence_id: int) -> Absence:
    require(actor, Action.REACHABILITY_EDIT)
    absence = session.get(Absence, absence_id)
    if absence is None:
        raise NotFound()
    if absence.user_id != actor.user_id:
        raise PermissionDenied(actor, Action.REACHABILITY_EDIT)
    return absence


def remove_absence(session: Session, actor: Actor, *, absence_id: int) -> None:
    """Not away after all: the absence and its stand-ins in every family go."""
    absence = _own_absence(session, actor, absence_id)
    for row in session.exec(
        select(AbsenceStandIn).where(AbsenceStandIn.absence_id == absence.id)
    ).all():
        session.delete(row)
    session.flush()  # the stand-ins first: no relationship tells the flush that order
    session.delete(absence)
    session.flush()
    audit.record(
        session, actor, "reachability.absence_remove", object_type="absence", object_id=absence_id
    )
    _bump_families(session, actor.user_id)


def set_stand_in(session: Session, actor: Actor, *, absence_id: int, stand_in: str) -> None:
    """Who stands in for her in this family: 'm:<member>', 'c:<contact>' or '' (default)."""
    absence = _own_absence(session, actor, absence_id)
    choice = _check_stand_in(session, actor, stand_in)
    _write_stand_in(session, actor, absence, choice)
    audit.record(
        session, actor, "reachability.stand_in", object_type="absence", object_id=absence_id
    )
    _bump_families(session, actor.user_id)


def _check_stand_in(session: Session, actor: Actor, stand_in: str) -> tuple[str, int] | None:
    """A member of this family (not herself) or one of its contacts; never trust the id."""
    text = (stand_in or "").strip()
    if not text:
        return None
    kind, _, raw_id = text.partition(":")
    if kind not in ("m", "c") or not raw_id.isdigit():
        raise InvalidInput("reach.error.stand_in", field="stand_in")
    if kind == "m":
        member = session.get(Membership, int(raw_id))
        fine = (
            member is not None
            and is_active(member)
            and member.family_id == actor.family_id
            and member.user_id != actor.user_id
        )
    else:
        contact = session.get(Contact, int(raw_id))
        fine = (
            contact is not None
            and contact.family_id == actor.family_id
            and contact.removed_at is None
        )
    if not fine:
        raise InvalidInput("reach.error.stand_in", field="stand_in")
    return kind, int(raw_id)


def _write_stand_in(
    session: Session, actor: Actor, absence: Absence, choice: tuple[str, int] | None
) -> None:
    row = session.exec(
        select(AbsenceStandIn).where(
            AbsenceStandIn.absence_id == absence.id, AbsenceStandIn.family_id == actor.family_id
        )
    ).first()
    if choice is None:
        if row is not None:
            session.delete(row)
        return
    row = row or AbsenceStandIn(absence_id=absence.id or 0, family_id=actor.family_id)
    kind, chosen = choice
    row.membership_id = chosen if kind == "m" else None
    row.contact_id = chosen if kind == "c" else None
    session.add(row)
    session.flush()
