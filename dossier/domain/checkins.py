"""Sibling check-ins: the sibling writes, and only what they chose to share is ever read.

Writing checks everything the browser sends (mood, needs, note, audience, whom to talk
to) before anything is stored; a refusal stores nothing. Reading narrows the query in
SQL to the actor's share flag and then lets the gate decide per row, so totals, charts
and lists can only ever count check-ins that were shared with the reader.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, col, select

from dossier.domain.access import guard, visible
from dossier.domain.checkin_settings import clean_audience, present_audiences, settings_for
from dossier.domain.checkin_signals import signals_after
from dossier.domain.errors import InvalidInput
from dossier.domain.membership import is_active_member
from dossier.domain.text import note_problem
from dossier.models import (
    Audience,
    CheckIn,
    Membership,
    Need,
    Role,
    User,
    utcnow,
)
from dossier.permissions import (
    AUDIENCE_FLAG,
    AUDIENCE_OF_ROLE,
    Action,
    Actor,
    checkin_share_flag,
    require,
)

NOTE_LIMIT = 500  # characters: a short note, not a diary
OWN_HISTORY = timedelta(weeks=8)


@dataclass(frozen=True, slots=True, kw_only=True)
class Adult:
    """Someone a sibling can share with or ask to talk: a parent or a case manager."""

    membership_id: int
    name: str
    audience: Audience


def adults_to_share_with(session: Session, family_id: int) -> list[Adult]:
    rows = session.exec(
        select(Membership, User)
        .join(User, col(User.id) == Membership.user_id)
        .where(is_active_member(family_id=family_id, role=list(AUDIENCE_OF_ROLE)))
        .order_by(User.name)
    ).all()
    adults = [
        Adult(membership_id=m.id or 0, name=u.name, audience=AUDIENCE_OF_ROLE[Role(m.role)])
        for m, u in rows
    ]
    order = list(Audience)
    return sorted(adults, key=lambda adult: order.index(adult.audience))


def audience_of(checkin: CheckIn) -> list[Audience]:
    return [audience for audience, flag in AUDIENCE_FLAG.items() if getattr(checkin, flag)]


# --------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------


def clean_mood(mood: object) -> int:
    try:
        value = int(str(mood))
    except ValueError as bad:
        raise InvalidInput("checkin.error.mood") from bad
    if not 1 <= value <= 5:
        raise InvalidInput("checkin.error.mood")
    return value


def clean_needs(needs: object) -> list[str]:
    if not isinstance(needs, list | tuple):
        raise InvalidInput("checkin.error.need")
    try:
        chosen = {Need(str(need)) for need in needs}
    except ValueError as unknown:
        raise InvalidInput("checkin.error.need") from unknown
    if Need.NOTHING in chosen and len(chosen) > 1:
        raise InvalidInput("checkin.error.nothing_and_more")
    return [need.value for need in Need if need in chosen]


def clean_note(note: object) -> str:
    text = str(note or "").strip()
    if len(text) > NOTE_LIMIT:
        raise InvalidInput("checkin.error.note_too_long", limit=NOTE_LIMIT)
    if problem := note_problem(text):
        raise InvalidInput(problem)
    return text


def _talk_partner(talk_to_id: object, audience: list[Audience], adults: list[Adult]) -> int | None:
    """The adult the sibling wants to talk to: someone who will also read this check-in."""
    if talk_to_id in (None, ""):
        raise InvalidInput("checkin.error.talk_to")
    chosen = next((a for a in adults if str(a.membership_id) == str(talk_to_id)), None)
    if chosen is None:
        raise InvalidInput("checkin.error.talk_to")
    if chosen.audience not in audience:
        raise InvalidInput("checkin.error.talk_to_not_shared", name=chosen.name)
    return chosen.membership_id


def record_checkin(
    session: Session,
    actor: Actor,
    *,
    mood: object,
    needs: object,
    note: object = "",
    audience: object = (),
    wants_to_talk: bool = False,
    talk_to_id: object = None,
    now: datetime | None = None,
) -> CheckIn:
    """The sibling's own check-in; also raises the signals it causes. Refuses bad input
    before writing anything."""
    require(actor, Action.CHECKIN_CREATE)
    settings_for(session, actor.family_id, actor.membership_id)  # an active sibling
    chosen_audience = clean_audience(list(audience) if isinstance(audience, set) else audience)
    if any(a not in present_audiences(session, actor.family_id) for a in chosen_audience):
        raise InvalidInput("checkin.error.audience")
    checkin = CheckIn(
        family_id=actor.family_id,
        sibling_id=actor.membership_id,
        mood=clean_mood(mood),
        needs=clean_needs(needs),
        note=clean_note(note),
        wants_to_talk=bool(wants_to_talk),
        talk_to_id=(
            _talk_partner(
                talk_to_id, chosen_audience, adults_to_share_with(session, actor.family_id)
            )
            if wants_to_talk
            else None
        ),
        created_at=now or utcnow(),
        **{AUDIENCE_FLAG[a]: True for a in chosen_audience},
    )
    session.add(checkin)
    session.flush()
    guard(session, actor, Action.CHECKIN_CREATE, checkin)
    signals_after(session, checkin)
    return checkin


# --------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------


def _readable_query(actor: Actor, *, sibling_id: int | None = None, since: datetime | None = None):
    """Check-ins this actor may read, narrowed in SQL (the gate still checks each row)."""
    shared = [col(CheckIn.sibling_id) == actor.membership_id] if actor.role is Role.SIBLING else []
    flag = checkin_share_flag(actor)
    if flag is not None:
        shared.append(getattr(CheckIn, flag).is_(True))
    query = select(CheckIn).where(CheckIn.family_id == actor.family_id, sa.or_(*shared, sa.false()))
    if sibling_id is not None:
        query = query.where(CheckIn.sibling_id == sibling_id)
    if since is not None:
        query = query.where(col(CheckIn.created_at) >= since)
    return query.order_by(col(CheckIn.created_at).desc(), col(CheckIn.id).desc())


def readable_checkins(
    session: Session,
    actor: Actor,
    *,
    sibling_id: int | None = None,
    since: datetime | None = None,
    limit: int | None = 50,
) -> list[CheckIn]:
    """Newest first: only check-ins shared with the actor (or the sibling's own)."""
    query = _readable_query(actor, sibling_id=sibling_id, since=since)
    if limit is not None:
        query = query.limit(limit)
    return visible(session, actor, Action.CHECKIN_VIEW, session.exec(query))


def own_checkins(session: Session, actor: Actor, *, now: datetime | None = None) -> list[CheckIn]:
    """The sibling's own recent check-ins, oldest first, for the row of faces."""
    require(actor, Action.CHECKIN_CREATE)
    since = (now or utcnow()) - OWN_HISTORY
    own = select(CheckIn).where(
        CheckIn.family_id == actor.family_id,
        CheckIn.sibling_id == actor.membership_id,
        col(CheckIn.created_at) >= since,
    )
    rows = visible(session, actor, Action.CHECKIN_VIEW, session.exec(own))
    return sorted(rows, key=lambda c: c.created_at)
