"""'We gaan naar het ziekenhuis': an admission, from its start until a parent ends it.

- Starting (a parent, or a case manager on the family's behalf) opens one admission per
  family: a second start while one is open returns the open one, never a second. The
  partial unique index on `admission` (one row with `ended_at IS NULL` per family) is the
  backstop when two starts race past the check; the loser gets the winner's admission.
- The checklist is copied from the plan's "meenemen" part (`EmergencyPlanPart`, section
  "bring", content {"items": [{"label": ...}]}) when the admission starts; a family without
  that part gets the catalogue's defaults in the starter's language.
- A tick is a *set*, not a toggle and not versioned: "this is packed" (or "not yet").
  Two people who tick the same bag at the same time mean the same thing, so both succeed
  and the first ticker is kept; a refusal "someone else changed this" would only make a
  parent in a hurry tap again. Only a write that loses a race inside the database (the
  row's version moved between read and flush) is refused as a conflict.
- Starting sends ONE urgent notification per person (it comes through quiet hours) to
  the parents, both case managers and the adults the plan names (active members only),
  never to the one who started it. The text is generic ("Er is iets dringends in het
  gezinsdossier"): no names, no diagnosis. Dedupe key per admission and person.
- Three days after a parent ended it, the parents are asked once "Hoe ging het? Wil je
  het plan aanpassen?" (`send_follow_ups`, a scan in jobs/schedule.py; not urgent, so
  quiet hours hold it; `follow_up_sent_at` marks it).

Every read and change passes the gate and leaves an access-log row; changes bump the
family pulse (domain/pulse.py: Admission and AdmissionItem are content), so a tick shows
on every open screen of the family.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, col, select

from dossier import audit, routes
from dossier.domain.access import guard, require
from dossier.domain.errors import Conflict, InvalidInput, NotFound
from dossier.domain.notifications import active_members, send
from dossier.domain.plan_parts import default_bring
from dossier.models import (
    Admission,
    AdmissionItem,
    Category,
    EmergencyPlanPart,
    Membership,
    Notification,
    Role,
    User,
    utcnow,
)
from dossier.models.emergency_plan import PlanSection
from dossier.permissions import Action, Actor, can

# Notification kinds: notification.<kind>.title/.body in nl/en.notify.json.
STARTED = "admission.started"
FOLLOW_UP = "admission.follow_up"
FOLLOW_UP_AFTER = timedelta(days=3)
# A follow-up is not sent for an admission that ended longer ago than this (a long stop of
# the scheduler, or the first start, does not send old news).
FOLLOW_UP_LOOKBACK = timedelta(days=7)
LABEL_MAX = 200
ITEM_LIMIT = 60  # a checklist longer than this is a mistake; the rest is not copied
# The checklist when the family has no "meenemen" part in its plan yet (catalogue keys).
# Who is told at once: the parents and both case managers; of the people the plan names,
# only adults who may have to act (a brother or sister named in their own part is not
# woken at night by an urgent message; neither is the ill child).
TOLD_ROLES = (Role.PARENT, Role.CM_HOSPITAL, Role.CM_HOME)
NAMED_ROLES = (*TOLD_ROLES, Role.CAREGIVER)


@dataclass(frozen=True, slots=True, kw_only=True)
class ItemView:
    id: int
    label: str
    done: bool
    done_by: str  # the ticker's name, "" while not done
    done_at: datetime | None
    version: int


@dataclass(frozen=True, slots=True, kw_only=True)
class AdmissionView:
    """The open admission as this reader may see it."""

    id: int
    started_at: datetime
    started_by: str
    items: tuple[ItemView, ...]  # empty for those who may not tick (the calm card only)
    may_tick: bool
    may_end: bool
    updated_at: datetime  # the latest start or tick: "bijgewerkt om ..."


# --------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------


def open_admission(session: Session, family_id: int) -> Admission | None:
    return session.exec(
        select(Admission).where(Admission.family_id == family_id, col(Admission.ended_at).is_(None))
    ).first()


def items_of(session: Session, admission_id: int) -> list[AdmissionItem]:
    return list(
        session.exec(
            select(AdmissionItem)
            .where(AdmissionItem.admission_id == admission_id)
            .order_by(col(AdmissionItem.position), col(AdmissionItem.id))
        ).all()
    )


def current(session: Session, actor: Actor) -> AdmissionView | None:
    """The family's open admission, or None. Everyone sees that it is on; only those who
    may tick see the list. One access-log row when there is one to see."""
    require(actor, Action.ADMISSION_VIEW)
    admission = open_admission(session, actor.family_id)
    if admission is None or admission.id is None:
        return None
    guard(session, actor, Action.ADMISSION_VIEW, admission)
    may_tick = can(actor, Action.ADMISSION_TICK, admission)
    items = items_of(session, admission.id) if may_tick else []
    names = _names(session, [admission.started_by_id, *(i.done_by_id for i in items if i.done)])
    moments = [admission.started_at, *(i.done_at for i in items if i.done_at)]
    return AdmissionView(
        id=admission.id,
        started_at=admission.started_at,
        started_by=names.get(admission.started_by_id or 0, ""),
        items=tuple(_item_view(i, names) for i in items),
        may_tick=may_tick,
        may_end=can(actor, Action.ADMISSION_END, admission),
        updated_at=max(moments),
    )


def _item_view(item: AdmissionItem, names: dict[int, str]) -> ItemView:
    return ItemView(
        id=item.id or 0,
        label=item.label,
        done=item.done,
        done_by=names.get(item.done_by_id or 0, "") if item.done else "",
        done_at=item.done_at if item.done else None,
        version=item.version,
    )


def _names(session: Session, membership_ids: Iterable[int | None]) -> dict[int, str]:
    wanted = sorted({i for i in membership_ids if i is not None})
    if not wanted:
        return {}
    rows = session.exec(
        select(Membership.id, User.name)
        .join(User, col(User.id) == Membership.user_id)
        .where(col(Membership.id).in_(wanted))
    ).all()
    return {membership_id: name for membership_id, name in rows if membership_id is not None}


def plan_bring_labels(session: Session, family_id: int) -> list[str] | None:
    """The labels of the plan's "meenemen" part, or None when the family has none yet."""
    part = session.exec(
        select(EmergencyPlanPart).where(
            EmergencyPlanPart.family_id == family_id,
            EmergencyPlanPart.section == PlanSection.BRING,
            col(EmergencyPlanPart.removed_at).is_(None),
        )
    ).first()
    if part is None:
        return None
    raw = (part.content or {}).get("items") or []
    labels = [
        str(entry.get("label", "")).strip()[:LABEL_MAX] if isinstance(entry, dict) else ""
        for entry in raw
    ]
    return [label for label in labels if label][:ITEM_LIMIT]


def default_labels(lang: str) -> list[str]:
    """The plan's default "meenemen" list: one list of defaults for the plan, the
    admission and the offline card."""
    return [str(item["label"]) for item in default_bring(lang)]


def bring_labels(session: Session, family_id: int, lang: str) -> list[str]:
    """What to bring: the plan's list, else the catalogue's defaults."""
    labels = plan_bring_labels(session, family_id)
    return default_labels(lang) if labels is None else labels


# --------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------


def start(session: Session, actor: Actor, *, now: datetime | None = None) -> Admission:
    """Start the admission, or return the one that is already on (a second tap, the other
    parent at the same moment). Only a new one copies the checklist and notifies."""
    require(actor, Action.ADMISSION_START)  # first: a refusal is logged by unit_of_work
    existing = open_admission(session, actor.family_id)
    if existing is not None:
        _record(session, actor, Action.ADMISSION_START, existing, "already on")
        return existing
    moment = now or utcnow()
    admission = Admission(
        family_id=actor.family_id, started_by_id=actor.membership_id, started_at=moment
    )
    try:
        with session.begin_nested():  # the unique index refuses a second open one
            session.add(admission)
            session.flush()
    except IntegrityError:
        winner = open_admission(session, actor.family_id)
        if winner is None:
            raise
        _record(session, actor, Action.ADMISSION_START, winner, "already on")
        return winner
    _record(session, actor, Action.ADMISSION_START, admission, "started")
    user = session.get(User, actor.user_id)
    labels = bring_labels(session, actor.family_id, user.locale if user else "nl")
    for position, label in enumerate(labels):
        session.add(
            AdmissionItem(
                admission_id=admission.id or 0,
                family_id=actor.family_id,
                position=position,
                label=label,
            )
        )
    session.flush()
    notify_started(session, admission, actor, now=moment)
    return admission


def tick(session: Session, actor: Actor, *, item_id: int, done: bool) -> AdmissionItem:
    """Set one item packed (or not yet). Idempotent: see the module's text."""
    item = session.get(AdmissionItem, item_id)
    if item is None:
        raise NotFound()
    guard(session, actor, Action.ADMISSION_TICK, item)
    admission = session.get(Admission, item.admission_id)
    if admission is None or admission.ended_at is not None:
        raise InvalidInput("admission.error.ended")
    if item.done == done:
        return item  # someone else was first (or a second tap): the same outcome
    item.done = done
    item.done_by_id = actor.membership_id if done else None
    item.done_at = utcnow() if done else None
    session.add(item)
    try:
        session.flush()  # UPDATE ... WHERE version = ?
    except StaleDataError as exc:
        raise Conflict() from exc
    return item


def end(session: Session, actor: Actor, *, admission_id: int) -> Admission:
    """A parent ends it. Ending one that already ended (a second tap) changes nothing."""
    admission = session.get(Admission, admission_id)
    if admission is None:
        raise NotFound()
    guard(session, actor, Action.ADMISSION_END, admission)
    if admission.ended_at is not None:
        return admission
    admission.ended_at = utcnow()
    admission.ended_by_id = actor.membership_id
    session.add(admission)
    try:
        session.flush()
    except StaleDataError as exc:
        raise Conflict() from exc
    return admission


def _record(
    session: Session, actor: Actor, action: Action, admission: Admission, detail: str
) -> None:
    audit.record(
        session,
        actor,
        str(action),
        object_type="admission",
        object_id=admission.id,
        detail=detail,
    )


# --------------------------------------------------------------------------------------
# Who is told
# --------------------------------------------------------------------------------------


def named_member_ids(session: Session, family_id: int) -> set[int]:
    """The memberships the family's plan names (every part that is not removed)."""
    rows = session.exec(
        select(EmergencyPlanPart.named_ids).where(
            EmergencyPlanPart.family_id == family_id,
            col(EmergencyPlanPart.removed_at).is_(None),
        )
    ).all()
    return {int(i) for ids in rows for i in (ids or ()) if i is not None}


def to_tell(session: Session, admission: Admission) -> list[Membership]:
    """The parents, both case managers and the adults the plan names: active members,
    each once (the one who started it is left out by the outbox)."""
    people = active_members(session, admission.family_id, roles=TOLD_ROLES)
    named = named_member_ids(session, admission.family_id) - {m.id for m in people}
    if named:
        people += active_members(session, admission.family_id, ids=named, roles=NAMED_ROLES)
    return people


@dataclass(frozen=True, slots=True, kw_only=True)
class WhoIsTold:
    """For the confirmation before starting: "De casemanagers, Bram en Gerda"."""

    case_managers: int  # how many case managers (other than the actor) hear it
    names: tuple[str, ...]  # the others, by name, in the order of their membership


def who_is_told(session: Session, actor: Actor) -> WhoIsTold:
    """Who would hear it if this member started the admission now (never themself)."""
    require(actor, Action.ADMISSION_START)
    probe = Admission(family_id=actor.family_id)
    people = [m for m in to_tell(session, probe) if m.id != actor.membership_id]
    cms = [m for m in people if m.role in (Role.CM_HOSPITAL, Role.CM_HOME)]
    others = [m for m in people if m not in cms]
    names = _names(session, [m.id for m in others])
    return WhoIsTold(
        case_managers=len(cms), names=tuple(names[m.id] for m in others if m.id in names)
    )


def notify_started(
    session: Session, admission: Admission, actor: Actor, *, now: datetime | None = None
) -> list[Notification]:
    """One urgent notification per person. Key: admission.started:{admission}:{user}."""
    return send(
        session,
        to_tell(session, admission),
        admission,
        Action.ADMISSION_VIEW,
        kind=STARTED,
        category=Category.SYSTEM,
        key=f"{STARTED}:{admission.id}:{{user}}",
        url=routes.EMERGENCY_PLAN,
        actor_user_id=actor.user_id,
        actor_membership_id=actor.membership_id,
        urgent=True,
        now=now,
    )


def send_follow_ups(session: Session, now: datetime) -> int:
    """The scheduler's scan: admissions a parent ended three days ago or more (up to the
    lookback), not asked yet: the parents get "Hoe ging het?" once (not urgent)."""
    due = session.exec(
        select(Admission).where(
            col(Admission.ended_at).is_not(None),
            col(Admission.ended_at) <= now - FOLLOW_UP_AFTER,
            col(Admission.ended_at) > now - FOLLOW_UP_AFTER - FOLLOW_UP_LOOKBACK,
            col(Admission.follow_up_sent_at).is_(None),
        )
    ).all()
    sent = 0
    for admission in due:
        parents = active_members(session, admission.family_id, roles=[Role.PARENT])
        sent += len(
            send(
                session,
                parents,
                admission,
                Action.ADMISSION_VIEW,
                kind=FOLLOW_UP,
                category=Category.SYSTEM,
                key=f"{FOLLOW_UP}:{admission.id}:{{user}}",
                url=routes.EMERGENCY_PLAN,
                now=now,
            )
        )
        admission.follow_up_sent_at = now
        session.add(admission)
    session.flush()
    return sent
