"""The care plan (IZP): starting it, reading it, saving, confirming and releasing sections.

* **Start.** A parent or case manager starts the plan (CAREPLAN_EDIT): the plan and every
  section at once, with the default visibility (care_plan_sections.DEFAULT_VISIBILITY);
  review in 3 months, re-evaluation in 6. One plan per family: a double tap returns it.
* **Read.** The page's list read is logged once (`careplan.view.list`); each section is
  filtered through `can(actor, CAREPLAN_VIEW, section)`: parents and case managers read
  all, a caregiver or the child only what consent and the parents' visibility release.
  Opening one section by id is a logged view; an id that is not released (or of another
  family) is refused and the attempt logged by `unit_of_work`.
* **Save.** A section is versioned: a stale save is a Conflict; unchanged content changes
  nothing (a double tap). Each save writes a numbered CarePlanSectionVersion, bumps the
  plan's edition and keeps who and when. The medical and treatment sections
  (permissions.TREATMENT_SECTIONS) are entered by a hospital case manager on behalf of the
  main practitioner (`on_behalf_of`, required). Goals link only to agreements and tasks of
  this family the actor may read; team rows only to this family's network contacts.
* **Confirm.** A parent confirms the current version ("klopt"); "what changed since you
  last confirmed" compares the confirmed version with the current one.
* **Visibility.** The parents choose per section who reads it.
A case manager's change tells the parents in the app, in words that hold no content.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, col, select

from dossier import audit, permissions, routes
from dossier.clock import local_today
from dossier.domain import care_plan_consent, notifications, pulse
from dossier.domain.access import guard, visible
from dossier.domain.care_plan_evaluation import REEVALUATE_MONTHS, REVIEW_MONTHS, add_months
from dossier.domain.care_plan_sections import (
    DEFAULT_VISIBILITY,
    DOMAINS,
    SECTION_ORDER,
    VISIBILITIES,
    Difference,
    SectionInputError,
    clean_content,
    clean_on_behalf_of,
    differences,
    empty_content,
)
from dossier.domain.errors import Conflict, InvalidInput, NotFound
from dossier.models import Agreement, AgreementStatus, Category, Contact, Role, Task, utcnow
from dossier.models.care_plan import CarePlan, CarePlanSection, CarePlanSectionVersion
from dossier.permissions import TREATMENT_SECTIONS, Action, Actor, PermissionDenied

CHANGED_KIND = "careplan.changed"  # to the parents: a case manager changed a section


# --------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class PlanView:
    """The plan (None: not started) and the sections the actor may read, in IZP order."""

    plan: CarePlan | None
    sections: list[CarePlanSection]
    whole: bool  # reads every section (parents and case managers)


def plan_row(session: Session, family_id: int) -> CarePlan | None:
    return session.exec(select(CarePlan).where(CarePlan.family_id == family_id)).first()


def sections_in_order(session: Session, family_id: int) -> list[CarePlanSection]:
    rows = session.exec(select(CarePlanSection).where(CarePlanSection.family_id == family_id)).all()
    order = {key: n for n, key in enumerate(SECTION_ORDER)}
    return sorted(rows, key=lambda s: order.get(s.key, 99))


def reads_whole(actor: Actor) -> bool:
    return permissions.scope(actor, Action.CAREPLAN_VIEW) is permissions.Scope.ALL


def read_plan(session: Session, actor: Actor) -> PlanView:
    """The plan and the sections the actor may read: one logged list read."""
    permissions.require(actor, Action.CAREPLAN_VIEW)
    plan = plan_row(session, actor.family_id)
    rows = sections_in_order(session, actor.family_id) if plan is not None else []
    sections = visible(session, actor, Action.CAREPLAN_VIEW, rows)
    return PlanView(plan=plan, sections=sections, whole=reads_whole(actor))


def get_section(session: Session, actor: Actor, section_id: int) -> CarePlanSection:
    """One section through the gate, logged; not released (or not this family's): refused."""
    section = session.get(CarePlanSection, section_id)
    if section is None:
        raise NotFound()
    guard(session, actor, Action.CAREPLAN_VIEW, section)
    return section


def section_by_key(session: Session, actor: Actor, key: str) -> CarePlanSection:
    section = session.exec(
        select(CarePlanSection).where(
            CarePlanSection.family_id == actor.family_id, CarePlanSection.key == key
        )
    ).first()
    if section is None:
        raise NotFound()
    guard(session, actor, Action.CAREPLAN_VIEW, section)
    return section


def version_content(session: Session, section: CarePlanSection, number: int) -> dict[str, Any]:
    """The content of one saved version (0 or unknown: empty); the caller passed the gate."""
    if number <= 0:
        return empty_content(section.key)
    row = session.exec(
        select(CarePlanSectionVersion).where(
            CarePlanSectionVersion.section_id == section.id,
            CarePlanSectionVersion.number == number,
        )
    ).first()
    return dict(row.content) if row is not None else empty_content(section.key)


def changes_since_confirmed(session: Session, actor: Actor, section_id: int) -> list[Difference]:
    """What changed since a parent last confirmed the section: old beside new."""
    section = get_section(session, actor, section_id)
    old = version_content(session, section, section.confirmed_number)
    return differences(section.key, old, section.content or {})


def linkable_agreements(session: Session, actor: Actor) -> list[Agreement]:
    """The family's open agreements the actor reads, for a goal's link picker."""
    rows = session.exec(
        select(Agreement)
        .where(
            Agreement.family_id == actor.family_id,
            col(Agreement.status).not_in([AgreementStatus.WITHDRAWN, AgreementStatus.ENDED]),
        )
        .order_by(col(Agreement.topic))
    ).all()
    return [a for a in rows if permissions.can(actor, Action.AGREEMENT_VIEW, a)]


def linkable_tasks(session: Session, actor: Actor) -> list[Task]:
    rows = session.exec(
        select(Task)
        .where(Task.family_id == actor.family_id, col(Task.deleted_at).is_(None))
        .order_by(col(Task.title))
    ).all()
    return [t for t in rows if permissions.can(actor, Action.TASK_VIEW, t)]


def team_contacts(session: Session, actor: Actor) -> list[Contact]:
    """The family's network contacts the actor reads, for the team's picker."""
    rows = session.exec(
        select(Contact)
        .where(Contact.family_id == actor.family_id, col(Contact.removed_at).is_(None))
        .order_by(col(Contact.name))
    ).all()
    return [c for c in rows if permissions.can(actor, Action.NETWORK_VIEW, c)]


# --------------------------------------------------------------------------------------
# Starting
# --------------------------------------------------------------------------------------


def start_plan(session: Session, actor: Actor, *, today: date | None = None) -> CarePlan:
    """A parent or case manager starts the plan: every section at once, default readers.
    A second tap (or two at once) gives the one plan."""
    permissions.require(actor, Action.CAREPLAN_EDIT)
    existing = plan_row(session, actor.family_id)
    if existing is not None:
        return existing
    today = today or local_today()
    shared = care_plan_consent.holds(session, actor.family_id)
    try:
        with session.begin_nested():
            plan = CarePlan(
                family_id=actor.family_id,
                created_by_id=actor.membership_id,
                review_on=add_months(today, REVIEW_MONTHS),
                reevaluate_on=add_months(today, REEVALUATE_MONTHS),
            )
            session.add(plan)
            session.flush()
            for key in SECTION_ORDER:
                session.add(
                    CarePlanSection(
                        plan_id=plan.id or 0,
                        family_id=actor.family_id,
                        key=key,
                        content=empty_content(key),
                        visibility=DEFAULT_VISIBILITY[key],
                        shared=shared,
                    )
                )
            session.flush()
    except IntegrityError:
        found = plan_row(session, actor.family_id)
        if found is None:
            raise
        return found
    pulse.bump(session, {actor.family_id})
    audit.record(session, actor, "careplan.create", object_type="careplan", object_id=plan.id)
    return plan


# --------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------


def _writable(session: Session, actor: Actor, section_id: int, action: Action) -> CarePlanSection:
    section = session.get(CarePlanSection, section_id)
    if section is None:
        raise NotFound()
    permissions.require(actor, action, section)
    return section


def _save(session: Session, row: Any) -> None:
    session.add(row)
    try:
        session.flush()
    except StaleDataError as exc:
        raise Conflict("careplan.conflict") from exc


def _check_links(session: Session, actor: Actor, key: str, content: dict[str, Any]) -> None:
    """Goal links: an agreement or task of this family the actor reads. Team rows: a
    network contact of this family. Another family's id is refused (and logged)."""
    if key in DOMAINS:
        for goal in content.get("goals") or ():
            for field, action in (
                ("agreement_id", Action.AGREEMENT_VIEW),
                ("task_id", Action.TASK_VIEW),
            ):
                wanted = goal.get(field)
                if wanted is None:
                    continue
                row: Agreement | Task | None = (
                    session.get(Agreement, wanted)
                    if field == "agreement_id"
                    else session.get(Task, wanted)
                )
                if row is not None and row.family_id != actor.family_id:
                    raise PermissionDenied(actor, action, row)
                gone = row is None or getattr(row, "deleted_at", None) is not None
                if gone or not permissions.can(actor, action, row):
                    raise SectionInputError({"goals": "careplan.error.link_unknown"})
    if key == "team":
        for member in content.get("members") or ():
            wanted = member.get("contact_id")
            if wanted is None:
                continue
            contact = session.get(Contact, wanted)
            if contact is not None and contact.family_id != actor.family_id:
                raise PermissionDenied(actor, Action.NETWORK_VIEW, contact)
            if contact is None or contact.removed_at is not None:
                raise SectionInputError({"members": "careplan.error.contact_unknown"})
            if not member.get("name"):  # picked from the network: its name and number
                member["name"] = contact.name
                phones = [p for p in contact.phones or () if isinstance(p, Mapping)]
                if phones and not member.get("phone"):
                    member["phone"] = str(phones[0].get("typed") or phones[0].get("number") or "")


def save_section(
    session: Session,
    actor: Actor,
    *,
    section_id: int,
    expected_version: int,
    raw: Mapping[str, Any],
    on_behalf_of: Any = "",
) -> CarePlanSection:
    """Save a section's new content as its next version (see the module text)."""
    section = _writable(session, actor, section_id, Action.CAREPLAN_EDIT)
    content = clean_content(section.key, raw)
    behalf = clean_on_behalf_of(on_behalf_of) if section.key in TREATMENT_SECTIONS else ""
    _check_links(session, actor, section.key, content)
    if section.number > 0 and content == (section.content or {}) and behalf == section.on_behalf_of:
        return section  # already so: a double tap (its second send has the old version)
    if section.number == 0 and content == empty_content(section.key) and not behalf:
        return section  # nothing written on an empty section
    if section.version != expected_version:
        raise Conflict("careplan.conflict")
    section.content = content
    section.on_behalf_of = behalf
    section.number += 1
    section.updated_at = utcnow()
    section.updated_by_id = actor.membership_id
    if actor.role is Role.PARENT:  # a parent's own words need no second yes from a parent
        section.confirmed_number = section.number
        section.confirmed_by_id = actor.membership_id
        section.confirmed_at = section.updated_at
    _save(session, section)
    session.add(
        CarePlanSectionVersion(
            section_id=section.id or 0,
            family_id=section.family_id,
            number=section.number,
            content=content,
            on_behalf_of=behalf,
            created_by_id=actor.membership_id,
        )
    )
    plan = session.get(CarePlan, section.plan_id)
    if plan is not None:
        plan.edition += 1
        plan.updated_at = utcnow()
        session.add(plan)
    try:
        session.flush()
    except (StaleDataError, IntegrityError) as exc:
        raise Conflict("careplan.conflict") from exc
    pulse.bump(session, {section.family_id})
    audit.record(
        session, actor, "careplan.edit", object_type="careplansection", object_id=section.id
    )
    if actor.role in (Role.CM_HOSPITAL, Role.CM_HOME):
        _tell_parents(session, actor, section)
    return section


def confirm_section(
    session: Session, actor: Actor, *, section_id: int, expected_version: int
) -> CarePlanSection:
    """A parent confirms the current version. Already confirmed: nothing happens."""
    section = _writable(session, actor, section_id, Action.CAREPLAN_CONFIRM)
    if section.number == 0:
        raise InvalidInput("careplan.error.nothing_to_confirm")
    if section.confirmed_number == section.number:
        return section  # a double tap
    if section.version != expected_version:
        raise Conflict("careplan.conflict")
    section.confirmed_number = section.number
    section.confirmed_by_id = actor.membership_id
    section.confirmed_at = utcnow()
    _save(session, section)
    pulse.bump(session, {section.family_id})
    audit.record(
        session, actor, "careplan.confirm", object_type="careplansection", object_id=section.id
    )
    return section


def set_visibility(
    session: Session, actor: Actor, *, section_id: int, expected_version: int, visibility: Any
) -> CarePlanSection:
    """The parents choose who reads a section (with consent): core / caregivers / child."""
    section = _writable(session, actor, section_id, Action.CAREPLAN_SHARE)
    value = str(visibility or "").strip()
    if value not in VISIBILITIES:
        raise InvalidInput("careplan.error.visibility")
    if section.visibility == value:
        return section
    if section.version != expected_version:
        raise Conflict("careplan.conflict")
    section.visibility = value
    _save(session, section)
    pulse.bump(session, {section.family_id})
    audit.record(
        session,
        actor,
        "careplan.share",
        object_type="careplansection",
        object_id=section.id,
        detail=value,
    )
    return section


# --------------------------------------------------------------------------------------
# Notifications: the parents hear that something changed, never what
# --------------------------------------------------------------------------------------


def _tell_parents(session: Session, actor: Actor, section: CarePlanSection) -> None:
    parents = notifications.active_members(session, section.family_id, roles=(Role.PARENT,))
    notifications.send(
        session,
        parents,
        section,
        Action.CAREPLAN_CONFIRM,
        kind=CHANGED_KIND,
        category=Category.AGREEMENTS,
        key=f"{CHANGED_KIND}:{section.id}:{{user}}:{section.number}",
        url=f"{routes.CARE_PLAN}?open={section.key}",
        actor_user_id=actor.user_id,
        actor_membership_id=actor.membership_id,
    )
