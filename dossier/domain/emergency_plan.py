"""The plan for a sudden admission ("Als het plotseling moet").

One plan per family, kept as parts (models/emergency_plan.py): one per section, and one
per brother or sister ("sibling:<n>"). Each part has its own version, readers and pending
proposal.

* **Shapes** of each section, their checks and the members a part names: plan_parts.py.
* **Who sees what** (permissions.PLAN_VIEW): parents and case managers every part and the
  review date; a caregiver the parts whose `named_ids` hold them; a brother or sister only
  their own part (sibling_id).
* **Changes.** A parent changes a part (PLAN_EDIT), versioned: a stale save is refused with
  a Conflict. A case manager proposes (PLAN_PROPOSE): the new content waits in `proposed`,
  one per part; her own pending proposal is replaced by a new one, someone else's refuses
  it. A parent confirms or declines (PLAN_CONFIRM); the proposer or a parent withdraws.
  Every change leaves a history row ({field: [old, new]}), an access-log row, and bumps
  the family pulse (these tables are not in pulse.CONTENT, so it is done here).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, col, select

from dossier import audit, permissions, routes
from dossier.clock import parse_day
from dossier.domain import notifications, pulse
from dossier.domain.access import guard, visible
from dossier.domain.errors import Conflict, InvalidInput, NotFound
from dossier.domain.membership import is_active_member
from dossier.domain.plan_parts import (
    FIELDS,
    FIXED,
    POSITION,
    REVIEW_MAX_DAYS,
    SIBLING_PREFIX,
    SIBLINGS_MAX,
    PlanInputError,
    check_content,
    clean_text,
    contact_ids_in,
    contacts_by_id,
    default_bring,
    empty_content,
    refresh_named_ids,
)
from dossier.i18n import local_today
from dossier.models import (
    Category,
    Contact,
    EmergencyPlan,
    EmergencyPlanChange,
    EmergencyPlanPart,
    EmergencyUse,
    Membership,
    Notification,
    PlanSection,
    Role,
    User,
    utcnow,
)
from dossier.models.base import saved_id
from dossier.permissions import Action, Actor, PermissionDenied, Scope

PROPOSED_KIND = "plan.proposed"  # to the parents: a case manager proposes a change
ANSWERED_KIND = "plan.answered"  # to the proposer: a parent confirmed or declined
REVIEW_KIND = "plan.review"  # to the parents: the plan's review date has come
REVIEW_LOOKBACK = timedelta(days=7)  # a scheduler that was down still reminds afterwards


# --------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class PlanView:
    """What the actor may read of the plan: the parts, and the plan itself (review date)
    only for those who read it whole (parents, case managers)."""

    plan: EmergencyPlan | None
    parts: list[EmergencyPlanPart]
    whole: bool


def reads_whole(actor: Actor) -> bool:
    return permissions.scope(actor, Action.PLAN_VIEW) is Scope.ALL and permissions.can(
        actor, Action.PLAN_VIEW
    )


def _plan_row(session: Session, family_id: int) -> EmergencyPlan | None:
    return session.exec(select(EmergencyPlan).where(EmergencyPlan.family_id == family_id)).first()


def _parts(session: Session, family_id: int) -> list[EmergencyPlanPart]:
    rows = session.exec(
        select(EmergencyPlanPart).where(
            EmergencyPlanPart.family_id == family_id,
            col(EmergencyPlanPart.removed_at).is_(None),
        )
    ).all()
    return sorted(rows, key=lambda p: (p.position, p.id or 0))


def _sibling_members(session: Session, family_id: int) -> list[tuple[int, str]]:
    rows = session.exec(
        select(Membership.id, User.name)
        .join(User, col(User.id) == Membership.user_id)
        .where(is_active_member(family_id=family_id, role=Role.SIBLING))
        .order_by(col(Membership.id))
    ).all()
    return [(int(mid), (name or "").split(" ")[0]) for mid, name in rows if mid is not None]


def ensure_plan(session: Session, actor: Actor, *, lang: str) -> EmergencyPlan:
    """The family's plan; made with its default parts the first time a parent needs it
    (a part per brother or sister who is a member, the checklist in `lang`)."""
    plan = _plan_row(session, actor.family_id)
    if plan is not None:
        return plan
    permissions.require(actor, Action.PLAN_EDIT)
    plan = EmergencyPlan(family_id=actor.family_id, updated_by_id=actor.membership_id)
    session.add(plan)
    for section in FIXED:
        content = empty_content(section)
        if section == PlanSection.BRING:
            content["items"] = default_bring(lang)
        session.add(_new_part(actor, section, section, content, POSITION[section]))
    for n, (member_id, name) in enumerate(_sibling_members(session, actor.family_id), start=1):
        content = {**empty_content(PlanSection.SIBLING), "name": name, "member": member_id}
        part = _new_part(actor, f"{SIBLING_PREFIX}{n}", PlanSection.SIBLING, content, 10 + n)
        part.sibling_id = member_id
        session.add(part)
    session.flush()
    _history(session, actor, "", "added", {})
    refresh_named_ids(session, actor.family_id)
    pulse.bump(session, {actor.family_id})
    audit.record(session, actor, "plan.create", object_type="emergencyplan", object_id=plan.id)
    return plan


def _new_part(
    actor: Actor, key: str, section: str, content: dict[str, Any], position: int
) -> EmergencyPlanPart:
    return EmergencyPlanPart(
        family_id=actor.family_id,
        key=key,
        section=str(section),
        position=position,
        content=content,
        named_ids=[],
        updated_by_id=actor.membership_id,
    )


def read_plan(session: Session, actor: Actor, *, lang: str = "nl") -> PlanView:
    """The parts the actor may read (one logged list read); a parent's first read makes the
    plan with its defaults."""
    permissions.require(actor, Action.PLAN_VIEW)
    plan = _plan_row(session, actor.family_id)
    if plan is None and permissions.can(actor, Action.PLAN_EDIT):
        plan = ensure_plan(session, actor, lang=lang)
    parts = visible(session, actor, Action.PLAN_VIEW, _parts(session, actor.family_id))
    whole = reads_whole(actor)
    return PlanView(plan=plan if whole else None, parts=parts, whole=whole)


def get_part(
    session: Session, actor: Actor, part_id: int, action: Action = Action.PLAN_VIEW
) -> EmergencyPlanPart:
    """One part, through the gate (and logged)."""
    part = session.get(EmergencyPlanPart, part_id)
    if part is None or part.removed_at is not None:
        if part is not None and part.family_id != actor.family_id:
            guard(session, actor, action, part)  # another family's: refused and logged
        raise NotFound()
    guard(session, actor, action, part)
    return part


def part_history(session: Session, actor: Actor, part_id: int) -> list[EmergencyPlanChange]:
    """What happened to one part, newest first (one logged look at the part)."""
    part = get_part(session, actor, part_id)
    rows = session.exec(
        select(EmergencyPlanChange)
        .where(
            EmergencyPlanChange.family_id == part.family_id,
            EmergencyPlanChange.part_key == part.key,
        )
        .order_by(col(EmergencyPlanChange.id).desc())
    ).all()
    return list(rows)


def plan_contacts(session: Session, actor: Actor) -> list[Contact]:
    """The family's network contacts (not removed) for the pickers: those who edit or
    propose only, one logged list read."""
    if not (
        permissions.can(actor, Action.PLAN_EDIT) or permissions.can(actor, Action.PLAN_PROPOSE)
    ):
        raise PermissionDenied(actor, Action.PLAN_EDIT)
    rows = session.exec(
        select(Contact)
        .where(Contact.family_id == actor.family_id, col(Contact.removed_at).is_(None))
        .order_by(col(Contact.name))
    ).all()
    return visible(session, actor, Action.NETWORK_VIEW, rows)


def named_contacts(
    session: Session, actor: Actor, parts: Iterable[EmergencyPlanPart]
) -> dict[int, Contact]:
    """The contacts named in parts the actor may read (their names and numbers belong to
    what the part says); the caller read the parts through the gate."""
    ids: list[int] = []
    for part in parts:
        permissions.require(actor, Action.PLAN_VIEW, part)
        ids += contact_ids_in(part.section, part.content or {})
        if part.proposed:
            ids += contact_ids_in(part.section, part.proposed)
    found = contacts_by_id(session, ids)
    return {i: c for i, c in found.items() if c.family_id == actor.family_id}


def sibling_options(session: Session, actor: Actor) -> list[tuple[int, str]]:
    """The brothers and sisters who are members, for the sibling part's form."""
    permissions.require(actor, Action.PLAN_VIEW)
    if not reads_whole(actor):
        return []
    return _sibling_members(session, actor.family_id)


# --------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------


def _diff(section: str, before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, Any]:
    return {
        f: [before.get(f), after.get(f)]
        for f in FIELDS.get(section, ())
        if before.get(f) != after.get(f)
    }


def _history(
    session: Session,
    actor: Actor | None,
    part_key: str,
    kind: str,
    changes: dict[str, Any],
    family_id: int | None = None,
) -> None:
    session.add(
        EmergencyPlanChange(
            family_id=family_id if family_id is not None else (actor.family_id if actor else 0),
            part_key=part_key,
            membership_id=actor.membership_id if actor else None,
            kind=kind,
            changes=changes,
        )
    )


def _check_version(part: EmergencyPlanPart, expected_version: int) -> None:
    if part.version != expected_version:
        raise Conflict("plan.conflict")


def _save(session: Session, part: EmergencyPlanPart) -> None:
    session.add(part)
    try:
        session.flush()  # UPDATE ... WHERE version = ?: a save in between fails here
    except StaleDataError as exc:
        raise Conflict("plan.conflict") from exc


def _writable_part(
    session: Session, actor: Actor, part_id: int, action: Action
) -> EmergencyPlanPart:
    part = session.get(EmergencyPlanPart, part_id)
    if part is None:
        raise NotFound()
    permissions.require(actor, action, part)
    if part.removed_at is not None:
        raise NotFound()
    return part


def change_part(
    session: Session,
    actor: Actor,
    *,
    part_id: int,
    expected_version: int,
    raw: Mapping[str, Any],
) -> EmergencyPlanPart:
    """A parent changes a part directly. Unchanged content changes nothing (same version)."""
    part = _writable_part(session, actor, part_id, Action.PLAN_EDIT)
    _check_version(part, expected_version)
    content = check_content(session, actor, part.section, raw, Action.PLAN_EDIT)
    diff = _diff(part.section, part.content or {}, content)
    if not diff:
        return part
    part.content = content
    _keep_sibling_link(part)
    part.updated_at = utcnow()
    part.updated_by_id = actor.membership_id
    _save(session, part)
    _history(session, actor, part.key, "changed", diff)
    _after_write(session, actor, part, "plan.change")
    return part


def _keep_sibling_link(part: EmergencyPlanPart) -> None:
    if part.section == PlanSection.SIBLING:
        member = (part.content or {}).get("member")
        part.sibling_id = member if isinstance(member, int) else None


def _after_write(session: Session, actor: Actor, part: EmergencyPlanPart, action: str) -> None:
    refresh_named_ids(session, part.family_id)
    _touch_plan(session, actor)
    pulse.bump(session, {part.family_id})
    audit.record(session, actor, action, object_type="emergencyplanpart", object_id=part.id)


def _touch_plan(session: Session, actor: Actor) -> None:
    plan = _plan_row(session, actor.family_id)
    if plan is not None:
        plan.updated_at = utcnow()
        plan.updated_by_id = actor.membership_id
        session.add(plan)
        session.flush()


def propose_part(
    session: Session,
    actor: Actor,
    *,
    part_id: int,
    expected_version: int,
    raw: Mapping[str, Any],
) -> EmergencyPlanPart:
    """A case manager proposes new content for a part; a parent confirms it. Her own
    pending proposal is replaced; someone else's pending proposal refuses this one."""
    part = _writable_part(session, actor, part_id, Action.PLAN_PROPOSE)
    _check_version(part, expected_version)
    if part.proposed is not None and part.proposed_by_id != actor.membership_id:
        raise InvalidInput("plan.error.proposal_pending")
    content = check_content(session, actor, part.section, raw, Action.PLAN_PROPOSE)
    diff = _diff(part.section, part.content or {}, content)
    if not diff:
        raise InvalidInput("plan.error.nothing_proposed")
    part.proposed = content
    part.proposed_by_id = actor.membership_id
    part.proposed_at = utcnow()
    _save(session, part)
    _history(session, actor, part.key, "proposed", diff)
    _after_write(session, actor, part, "plan.propose")
    _tell_parents(session, actor, part)
    return part


def _answer(
    session: Session,
    actor: Actor,
    *,
    part_id: int,
    expected_version: int,
    accept: bool,
) -> EmergencyPlanPart:
    part = _writable_part(session, actor, part_id, Action.PLAN_CONFIRM)
    _check_version(part, expected_version)
    if part.proposed is None:
        raise InvalidInput("plan.error.no_proposal")
    proposer = part.proposed_by_id
    proposed = dict(part.proposed)
    diff = _diff(part.section, part.content or {}, proposed)
    if accept:
        # Checked again: a contact it names may have been removed since.
        raw = _as_raw(part.section, proposed)
        part.content = check_content(session, actor, part.section, raw, Action.PLAN_CONFIRM)
        _keep_sibling_link(part)
        part.updated_at = utcnow()
        part.updated_by_id = actor.membership_id
    part.proposed = None
    part.proposed_by_id = None
    part.proposed_at = None
    _save(session, part)
    changes = {"by": [None, proposer], **diff} if accept else {"by": [None, proposer]}
    _history(session, actor, part.key, "confirmed" if accept else "declined", changes)
    _after_write(session, actor, part, "plan.confirm" if accept else "plan.decline")
    _tell_proposer(session, actor, part, proposer)
    return part


def _as_raw(section: str, content: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in content.items() if k in FIELDS.get(section, ())}


def confirm_proposal(
    session: Session, actor: Actor, *, part_id: int, expected_version: int
) -> EmergencyPlanPart:
    return _answer(session, actor, part_id=part_id, expected_version=expected_version, accept=True)


def decline_proposal(
    session: Session, actor: Actor, *, part_id: int, expected_version: int
) -> EmergencyPlanPart:
    return _answer(session, actor, part_id=part_id, expected_version=expected_version, accept=False)


def withdraw_proposal(
    session: Session, actor: Actor, *, part_id: int, expected_version: int
) -> EmergencyPlanPart:
    """The proposer takes her proposal back (or a parent clears it)."""
    part = session.get(EmergencyPlanPart, part_id)
    if part is None:
        raise NotFound()
    own = part.proposed_by_id == actor.membership_id and permissions.can(
        actor, Action.PLAN_PROPOSE, part
    )
    if not own:
        permissions.require(actor, Action.PLAN_CONFIRM, part)
    _check_version(part, expected_version)
    if part.proposed is None:
        raise InvalidInput("plan.error.no_proposal")
    proposer = part.proposed_by_id
    part.proposed = None
    part.proposed_by_id = None
    part.proposed_at = None
    _save(session, part)
    _history(session, actor, part.key, "withdrawn", {"by": [None, proposer]})
    _after_write(session, actor, part, "plan.withdraw")
    return part


def add_sibling(
    session: Session, actor: Actor, raw: Mapping[str, Any], *, lang: str = "nl"
) -> EmergencyPlanPart:
    """A part for one more brother or sister (a parent)."""
    permissions.require(actor, Action.PLAN_EDIT)
    ensure_plan(session, actor, lang=lang)
    content = check_content(session, actor, PlanSection.SIBLING, raw, Action.PLAN_EDIT)
    keys = session.exec(
        select(EmergencyPlanPart.key, EmergencyPlanPart.removed_at).where(
            EmergencyPlanPart.family_id == actor.family_id,
            col(EmergencyPlanPart.key).startswith(SIBLING_PREFIX),
        )
    ).all()
    if sum(1 for _key, removed in keys if removed is None) >= SIBLINGS_MAX:
        raise InvalidInput("plan.error.too_many")
    numbers = [
        int(k[len(SIBLING_PREFIX) :]) for k, _r in keys if k[len(SIBLING_PREFIX) :].isdigit()
    ]
    n = max(numbers, default=0) + 1
    part = _new_part(actor, f"{SIBLING_PREFIX}{n}", PlanSection.SIBLING, content, 10 + n)
    _keep_sibling_link(part)
    session.add(part)
    session.flush()
    _history(session, actor, part.key, "added", _diff(PlanSection.SIBLING, {}, content))
    _after_write(session, actor, part, "plan.add")
    return part


def remove_sibling(
    session: Session, actor: Actor, *, part_id: int, expected_version: int
) -> EmergencyPlanPart:
    """A brother's or sister's part out of the plan (its history stays)."""
    part = _writable_part(session, actor, part_id, Action.PLAN_EDIT)
    if part.section != PlanSection.SIBLING:
        raise InvalidInput("plan.error.remove_section")
    _check_version(part, expected_version)
    part.removed_at = utcnow()
    part.proposed = None
    part.proposed_by_id = None
    part.proposed_at = None
    _save(session, part)
    _history(session, actor, part.key, "removed", {"name": [part.content.get("name"), None]})
    _after_write(session, actor, part, "plan.remove")
    return part


def set_review_date(
    session: Session,
    actor: Actor,
    *,
    expected_version: int,
    raw: Any,
    today: date | None = None,
    lang: str = "nl",
) -> EmergencyPlan:
    """The date to look at the plan again (parents); empty clears it."""
    permissions.require(actor, Action.PLAN_EDIT)
    today = today or local_today()
    plan = ensure_plan(session, actor, lang=lang)
    permissions.require(actor, Action.PLAN_EDIT, plan)
    text = clean_text(raw)
    try:
        day = parse_day(text) if text else None
    except ValueError as exc:
        raise PlanInputError({"review_on": "plan.error.date"}) from exc
    if text and day is None:
        raise PlanInputError({"review_on": "plan.error.date"})
    if day is not None and day <= today:
        raise PlanInputError({"review_on": "plan.error.review_past"})
    if day is not None and day > today + timedelta(days=REVIEW_MAX_DAYS):
        raise PlanInputError({"review_on": "plan.error.review_far"})
    if plan.review_on == day:
        return plan  # already so: a double tap (its second send has the old version)
    if plan.version != expected_version:
        raise Conflict("plan.conflict")
    old = plan.review_on.isoformat() if plan.review_on else None
    plan.review_on = day
    plan.updated_at = utcnow()
    plan.updated_by_id = actor.membership_id
    session.add(plan)
    try:
        session.flush()
    except StaleDataError as exc:
        raise Conflict("plan.conflict") from exc
    _history(session, actor, "", "reviewed", {"review_on": [old, day.isoformat() if day else None]})
    pulse.bump(session, {actor.family_id})
    audit.record(session, actor, "plan.review", object_type="emergencyplan", object_id=plan.id)
    return plan


# --------------------------------------------------------------------------------------
# Notifications
# --------------------------------------------------------------------------------------


def send_review_reminders(session: Session, now: datetime) -> int:
    """The scheduler's scan: plans whose review date came (today, or within the last
    week), the parents told once per date. Known keys are looked up first, so a repeat
    run is one query per plan in the window, not an insert attempt per parent."""
    today = local_today(now)
    due = session.exec(
        select(EmergencyPlan).where(
            col(EmergencyPlan.review_on) <= today,
            col(EmergencyPlan.review_on) > today - REVIEW_LOOKBACK,
        )
    ).all()
    sent = 0
    for plan in due:
        parents = notifications.active_members(session, plan.family_id, roles=(Role.PARENT,))
        key = f"{REVIEW_KIND}:{plan.id}:{{user}}:{plan.review_on}"
        keys = {key.format(user=m.user_id) for m in parents}
        known = session.exec(
            select(Notification.dedupe_key).where(col(Notification.dedupe_key).in_(keys))
        ).all()
        if keys <= set(known):
            continue
        sent += len(
            notifications.send(
                session,
                parents,
                plan,
                Action.PLAN_VIEW,
                kind=REVIEW_KIND,
                category=Category.AGREEMENTS,
                key=key,
                url=routes.EMERGENCY_PLAN,
                now=now,
            )
        )
    return sent


def _tell_parents(session: Session, actor: Actor, part: EmergencyPlanPart) -> None:
    parents = notifications.active_members(session, part.family_id, roles=(Role.PARENT,))
    notifications.send(
        session,
        parents,
        part,
        Action.PLAN_CONFIRM,
        kind=PROPOSED_KIND,
        category=Category.AGREEMENTS,
        key=f"{PROPOSED_KIND}:{part.id}:{{user}}:{part.version}",
        url=routes.EMERGENCY_PLAN,
        actor_user_id=actor.user_id,
        actor_membership_id=actor.membership_id,
    )


def _tell_proposer(
    session: Session, actor: Actor, part: EmergencyPlanPart, proposer: int | None
) -> None:
    if proposer is None:
        return
    members = notifications.active_members(
        session, part.family_id, ids=[proposer], roles=(Role.CM_HOSPITAL, Role.CM_HOME)
    )
    notifications.send(
        session,
        members,
        part,
        Action.PLAN_VIEW,
        kind=ANSWERED_KIND,
        category=Category.AGREEMENTS,
        key=f"{ANSWERED_KIND}:{part.id}:{{user}}:{part.version}",
        url=routes.EMERGENCY_PLAN,
        actor_user_id=actor.user_id,
        actor_membership_id=actor.membership_id,
    )


# --------------------------------------------------------------------------------------
# On paper: "voor op de koelkast"
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class SheetContact:
    name: str
    organisation: str
    phones: list[tuple[str, str, str]]  # (label, as typed, number for tel:)
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class PrintSheet:
    """What goes on the fridge: whom to call first, the emergency contacts, what to
    bring, and when it was last changed. Nothing private: no sibling arrangements, no
    notes of the other parts, no child's name."""

    first_call: list[SheetContact]
    emergency: list[SheetContact]
    bring: list[str]
    updated_at: datetime | None


def _sheet_contact(contact: Contact, note: str = "") -> SheetContact:
    phones = [
        (
            str(p.get("label") or ""),
            str(p.get("typed") or p.get("number") or ""),
            str(p.get("number") or ""),
        )
        for p in contact.phones or ()
        if isinstance(p, Mapping) and p.get("number")
    ]
    return SheetContact(
        name=contact.name, organisation=contact.organisation, phones=phones, note=note
    )


def print_sheet(session: Session, actor: Actor, *, lang: str = "nl") -> PrintSheet:
    """The print view, for those who read the whole plan (logged)."""
    permissions.require(actor, Action.PLAN_VIEW)
    if not reads_whole(actor):
        raise PermissionDenied(actor, Action.PLAN_VIEW)
    plan = _plan_row(session, actor.family_id)
    if plan is None and permissions.can(actor, Action.PLAN_EDIT):
        plan = ensure_plan(session, actor, lang=lang)
    parts = {p.section: p for p in _parts(session, actor.family_id) if p.section != "sibling"}
    first = parts.get(PlanSection.FIRST_CALL)
    bring = parts.get(PlanSection.BRING)
    first_items = list((first.content or {}).get("items") or ()) if first else []
    ids = [i.get("contact") for i in first_items if isinstance(i.get("contact"), int)]
    contacts = contacts_by_id(session, ids)
    first_call = [
        _sheet_contact(contacts[i])
        for i in ids
        if i in contacts
        and contacts[i].family_id == actor.family_id
        and contacts[i].removed_at is None
    ]
    emergency_rows = session.exec(
        select(Contact)
        .where(
            Contact.family_id == actor.family_id,
            Contact.emergency == EmergencyUse.CALL,
            col(Contact.removed_at).is_(None),
        )
        .order_by(col(Contact.name))
    ).all()
    emergency = [_sheet_contact(c) for c in emergency_rows if c.id not in set(ids)]
    labels = (
        [str(i.get("label") or "") for i in (bring.content or {}).get("items") or ()]
        if bring
        else []
    )
    moments = [
        m
        for m in (
            plan.updated_at if plan else None,
            first and first.updated_at,
            bring and bring.updated_at,
        )
        if m
    ]
    audit.record(
        session,
        actor,
        "plan.print",
        object_type="emergencyplan",
        object_id=plan.id if plan else None,
    )
    return PrintSheet(
        first_call=first_call,
        emergency=emergency,
        bring=[label for label in labels if label],
        updated_at=max(moments) if moments else None,
    )


def saved_part_id(part: EmergencyPlanPart) -> int:
    return saved_id(part)
