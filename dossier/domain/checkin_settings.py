"""Who reads a sibling's check-in by default, and how often a gentle reminder comes.

The parents set, per sibling, a default audience for each age band, so the default grows
with the child: under 12 the parents' default applies as it is; from 12 the sibling may
set their own default instead; at every age the sibling chooses again per check-in.
An unknown birth date counts as under 12 until a parent fills it in.

Defaults before anyone changes anything (see BAND_DEFAULTS):
- under 12: the parents and the home case manager;
- 12 to 15: the parents;
- 16 and over: nobody ("alleen voor mij") until the sibling chooses.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlmodel import Session, col, select

from dossier import audit
from dossier.clock import ZONE, local_today
from dossier.domain.access import guard
from dossier.domain.errors import Conflict, InvalidInput, NotFound
from dossier.domain.membership import is_active, is_active_member
from dossier.domain.text import line_problem
from dossier.models import (
    AgeBand,
    Audience,
    CheckinSettings,
    Membership,
    Reminder,
    Role,
    User,
    utcnow,
)
from dossier.permissions import AUDIENCE_OF_ROLE, Action, Actor, require

BAND_DEFAULTS: dict[AgeBand, tuple[Audience, ...]] = {
    AgeBand.UNDER_12: (Audience.PARENTS, Audience.CM_HOME),
    AgeBand.FROM_12: (Audience.PARENTS,),
    AgeBand.FROM_16: (),
}
# From this band on the sibling may set their own default.
OWN_DEFAULT_FROM = (AgeBand.FROM_12, AgeBand.FROM_16)
REMINDER_INTERVAL = {Reminder.WEEKLY: timedelta(days=7), Reminder.TWICE_WEEKLY: timedelta(days=3.5)}
REMINDER_HOUR = 18  # reminders come in the early evening, Amsterdam time, never at night


def age_on(birth_date: date | None, today: date) -> int | None:
    if birth_date is None:
        return None
    before_birthday = (today.month, today.day) < (birth_date.month, birth_date.day)
    return today.year - birth_date.year - before_birthday


def age_band(age: int | None) -> AgeBand:
    if age is None or age < 12:
        return AgeBand.UNDER_12
    return AgeBand.FROM_12 if age < 16 else AgeBand.FROM_16


def clean_audience(values: object) -> list[Audience]:
    """A list of audience names in a fixed order; anything else is refused."""
    if not isinstance(values, list | tuple | set | frozenset):
        raise InvalidInput("checkin.error.audience")
    try:
        chosen = {Audience(str(value)) for value in values}
    except ValueError as unknown:
        raise InvalidInput("checkin.error.audience") from unknown
    return [audience for audience in Audience if audience in chosen]


def present_audiences(session: Session, family_id: int) -> list[Audience]:
    """The audiences that have someone in this family (no hospital case manager, no choice)."""
    roles = session.exec(select(Membership.role).where(is_active_member(family_id=family_id))).all()
    present = {AUDIENCE_OF_ROLE[Role(role)] for role in roles if Role(role) in AUDIENCE_OF_ROLE}
    return [audience for audience in Audience if audience in present]


# --------------------------------------------------------------------------------------
# Siblings and their settings
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class SiblingSettings:
    sibling_id: int
    name: str
    birth_date: date | None
    age: int | None
    band: AgeBand
    band_defaults: dict[AgeBand, list[Audience]]
    own_default: list[Audience] | None  # the sibling's own choice, from 12
    default_audience: list[Audience]  # what the check-in screen starts with today
    may_set_own_default: bool
    reminder: Reminder
    version: int  # 0 while nothing was saved yet


def sibling_membership(session: Session, family_id: int, sibling_id: int) -> Membership:
    membership = session.get(Membership, sibling_id)
    if (
        membership is None
        or not is_active(membership)
        or membership.family_id != family_id
        or membership.role != Role.SIBLING
    ):
        raise NotFound("checkin.error.no_sibling")
    return membership


def siblings_of(session: Session, family_id: int) -> list[tuple[Membership, User]]:
    rows = session.exec(
        select(Membership, User)
        .join(User, col(User.id) == Membership.user_id)
        .where(is_active_member(family_id=family_id, role=Role.SIBLING))
        .order_by(User.name)
    ).all()
    return [(membership, user) for membership, user in rows]


def _stored(session: Session, sibling_id: int) -> CheckinSettings | None:
    return session.exec(
        select(CheckinSettings).where(CheckinSettings.sibling_id == sibling_id)
    ).first()


def _resolve(
    membership: Membership, user: User, stored: CheckinSettings | None, today: date
) -> SiblingSettings:
    age = age_on(user.birth_date, today)
    band = age_band(age)
    saved = stored.band_defaults if stored else {}
    band_defaults = {
        b: clean_audience(saved[b.value]) if b.value in saved else list(BAND_DEFAULTS[b])
        for b in AgeBand
    }
    own = clean_audience(stored.own_default) if stored and stored.own_default is not None else None
    may_set_own = band in OWN_DEFAULT_FROM
    return SiblingSettings(
        sibling_id=membership.id or 0,
        name=user.name,
        birth_date=user.birth_date,
        age=age,
        band=band,
        band_defaults=band_defaults,
        own_default=own,
        default_audience=own if (may_set_own and own is not None) else band_defaults[band],
        may_set_own_default=may_set_own,
        reminder=Reminder(stored.reminder) if stored else Reminder.OFF,
        version=stored.version if stored else 0,
    )


def settings_for(
    session: Session, family_id: int, sibling_id: int, *, now: datetime | None = None
) -> SiblingSettings:
    """A sibling's settings as they apply today (no permission check: callers check)."""
    membership = sibling_membership(session, family_id, sibling_id)
    user = session.get(User, membership.user_id)
    assert user is not None  # the foreign key guarantees it
    return _resolve(membership, user, _stored(session, sibling_id), local_today(now))


def all_sibling_settings(
    session: Session, actor: Actor, *, now: datetime | None = None
) -> list[SiblingSettings]:
    """For the parents' settings screen: every sibling of the family."""
    require(actor, Action.CHECKIN_SETTINGS)
    today = local_today(now)
    siblings = siblings_of(session, actor.family_id)
    stored = {
        row.sibling_id: row
        for row in session.exec(
            select(CheckinSettings).where(CheckinSettings.family_id == actor.family_id)
        ).all()
    }
    audit.record(session, actor, "checkin.settings.list", detail=f"{len(siblings)} rows")
    return [_resolve(m, u, stored.get(m.id or 0), today) for m, u in siblings]


def _editable(session: Session, family_id: int, sibling_id: int) -> CheckinSettings:
    stored = _stored(session, sibling_id)
    if stored is None:
        stored = CheckinSettings(
            family_id=family_id,
            sibling_id=sibling_id,
            band_defaults={b.value: [a.value for a in BAND_DEFAULTS[b]] for b in AgeBand},
        )
    return stored


def _save(session: Session, stored: CheckinSettings, expected_version: int) -> None:
    if stored.id is not None and stored.version != expected_version:
        raise Conflict()
    if stored.id is None and expected_version != 0:
        raise Conflict()  # someone else saved the first settings meanwhile
    stored.updated_at = utcnow()
    session.add(stored)
    session.flush()


def save_parent_settings(
    session: Session,
    actor: Actor,
    *,
    sibling_id: int,
    band_defaults: dict[str, object],
    reminder: str,
    birth_date: date | None,
    expected_version: int,
) -> None:
    """A parent saves a sibling's defaults per age band, reminder rhythm and birth date."""
    membership = sibling_membership(session, actor.family_id, sibling_id)
    stored = _editable(session, actor.family_id, sibling_id)
    guard(session, actor, Action.CHECKIN_SETTINGS, stored)
    try:
        rhythm = Reminder(reminder)
    except ValueError as unknown:
        raise InvalidInput("checkin.error.reminder") from unknown
    if set(band_defaults) - {b.value for b in AgeBand}:
        raise InvalidInput("checkin.error.audience")
    cleaned = {
        b.value: [a.value for a in clean_audience(band_defaults.get(b.value, []))] for b in AgeBand
    }
    if birth_date is not None and not _plausible_birth_date(birth_date):
        raise InvalidInput("checkin.error.birth_date")
    stored.band_defaults = cleaned
    stored.reminder = rhythm
    _save(session, stored, expected_version)
    user = session.get(User, membership.user_id)
    if user is not None and user.birth_date != birth_date:
        user.birth_date = birth_date
        session.add(user)


def _plausible_birth_date(birth_date: date) -> bool:
    today = local_today()
    return today - timedelta(days=366 * 30) <= birth_date <= today


def save_own_default(
    session: Session, actor: Actor, *, audience: object, expected_version: int
) -> None:
    """A sibling of 12 or older sets who reads their check-ins from now on."""
    require(actor, Action.CHECKIN_CREATE)
    current = settings_for(session, actor.family_id, actor.membership_id)
    if not current.may_set_own_default:
        raise InvalidInput("checkin.error.own_default_age")
    chosen = clean_audience(audience)
    present = present_audiences(session, actor.family_id)
    if any(a not in present for a in chosen):
        raise InvalidInput("checkin.error.audience")
    stored = _editable(session, actor.family_id, actor.membership_id)
    stored.own_default = [a.value for a in chosen]
    _save(session, stored, expected_version)
    audit.record(session, actor, "checkin.own_default", object_type="checkinsettings")


# --------------------------------------------------------------------------------------
# Reminders: computed here; delivered by the push worker (issue 6)
# --------------------------------------------------------------------------------------


def next_reminder_at(
    reminder: Reminder, last_checkin_at: datetime | None, now: datetime
) -> datetime | None:
    """When the next gentle reminder is due: one interval after the last check-in (or
    now, if there never was one), moved to the early evening in Amsterdam."""
    interval = REMINDER_INTERVAL.get(reminder)
    if interval is None:
        return None
    due = max((last_checkin_at + interval) if last_checkin_at else now, now)
    local = due.astimezone(ZONE)
    evening = local.replace(hour=REMINDER_HOUR, minute=0, second=0, microsecond=0)
    if evening < local:
        evening += timedelta(days=1)
    return evening.astimezone(now.tzinfo)


# --------------------------------------------------------------------------------------
# A brother or sister without an account of their own
# --------------------------------------------------------------------------------------

NAME_LIMIT = 120


def add_sibling(
    session: Session, actor: Actor, *, name: str, birth_date: date | None
) -> Membership:
    """A parent adds a brother or sister who checks in only through a personal link:
    a person without e-mail address or password, so they can never log in."""
    family_id = actor.family_id
    clean_name = " ".join(str(name or "").split())
    if not clean_name:
        raise InvalidInput("error.name_required")
    if problem := line_problem(clean_name):
        raise InvalidInput(problem)
    if len(clean_name) > NAME_LIMIT:
        raise InvalidInput("checkin.error.name_too_long", limit=NAME_LIMIT)
    if birth_date is not None and not _plausible_birth_date(birth_date):
        raise InvalidInput("checkin.error.birth_date")
    require(actor, Action.MEMBERS_MANAGE)
    user = User(name=clean_name, birth_date=birth_date)
    session.add(user)
    session.flush()
    membership = Membership(
        family_id=family_id,
        user_id=user.id or 0,
        role=Role.SIBLING,
    )
    session.add(membership)
    session.flush()
    guard(session, actor, Action.MEMBERS_MANAGE, membership)
    return membership
