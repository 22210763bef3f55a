"""Consent to share the care plan beyond the parents and the case managers.

"Maak altijd gebruik van een individueel zorgplan, op voorwaarde dat kind en ouders hier
toestemming voor geven": the plan reaches caregivers and the child only while consent
holds, that is while a parent's yes stands and, for an ill child of 12 or older, the
child's own yes too. The child's age comes from the child member's birth date, else from
the family's `child_birth_year` (unknown: no child's yes is asked). A child of 12+ with an
account gives their own yes; for a child without an account a parent records it
(`for_child=True`). Withdrawing keeps the row (withdrawn_at/by). Every change sets
`shared` on all the family's sections, so the gate decides without the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from dossier import audit, permissions
from dossier.clock import local_today
from dossier.domain import pulse
from dossier.domain.errors import InvalidInput
from dossier.domain.membership import is_active_member
from dossier.models import Family, Membership, Role, User, utcnow
from dossier.models.care_plan import CarePlanConsent, CarePlanSection
from dossier.permissions import Action, Actor, PermissionDenied

CHILD_CONSENT_AGE = 12


@dataclass(frozen=True, slots=True, kw_only=True)
class ConsentView:
    parent_yes: CarePlanConsent | None  # the standing parents' yes (the first one given)
    child_yes: CarePlanConsent | None  # the standing child's yes
    child_age: int | None
    child_needed: bool  # the child is 12 or older: their yes is needed too
    child_has_account: bool
    holds: bool


def _age_on(birth: date, today: date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def _child_member(session: Session, family_id: int) -> Membership | None:
    return session.exec(
        select(Membership)
        .where(is_active_member(family_id=family_id, role=Role.CHILD))
        .order_by(col(Membership.id))
    ).first()


def child_age(session: Session, family_id: int, today: date | None = None) -> int | None:
    """The ill child's age: from their account's birth date, else the year of birth."""
    today = today or local_today()
    member = _child_member(session, family_id)
    if member is not None:
        user = session.get(User, member.user_id)
        if user is not None and user.birth_date is not None:
            return _age_on(user.birth_date, today)
    family = session.get(Family, family_id)
    if family is not None and family.child_birth_year:
        return today.year - family.child_birth_year
    return None


def _standing(session: Session, family_id: int) -> list[CarePlanConsent]:
    return list(
        session.exec(
            select(CarePlanConsent)
            .where(
                CarePlanConsent.family_id == family_id,
                col(CarePlanConsent.withdrawn_at).is_(None),
            )
            .order_by(col(CarePlanConsent.id))
        ).all()
    )


def _view(session: Session, family_id: int, today: date | None = None) -> ConsentView:
    rows = _standing(session, family_id)
    parent = next((r for r in rows if not r.for_child), None)
    child = next((r for r in rows if r.for_child), None)
    age = child_age(session, family_id, today)
    needed = age is not None and age >= CHILD_CONSENT_AGE
    return ConsentView(
        parent_yes=parent,
        child_yes=child,
        child_age=age,
        child_needed=needed,
        child_has_account=_child_member(session, family_id) is not None,
        holds=parent is not None and (child is not None or not needed),
    )


def holds(session: Session, family_id: int) -> bool:
    """Does consent hold now (no gate: housekeeping for callers that passed one)?"""
    return _view(session, family_id).holds


def consent_state(session: Session, actor: Actor) -> ConsentView:
    """The consent as the plan's page shows it (those who read the plan)."""
    permissions.require(actor, Action.CAREPLAN_VIEW)
    return _view(session, actor.family_id)


def apply_shared(session: Session, family_id: int) -> bool:
    """Set `shared` on all the family's sections to whether consent holds now."""
    now_holds = holds(session, family_id)
    sections = session.exec(
        select(CarePlanSection).where(CarePlanSection.family_id == family_id)
    ).all()
    touched = False
    for section in sections:
        if section.shared != now_holds:
            section.shared = now_holds
            session.add(section)
            touched = True
    if touched:
        session.flush()
        pulse.bump(session, {family_id})
    return now_holds


def _check_who(session: Session, actor: Actor, for_child: bool) -> None:
    permissions.require(actor, Action.CAREPLAN_CONSENT)
    if actor.role is Role.PARENT:
        if for_child and _child_member(session, actor.family_id) is not None:
            # A child with an account gives (or takes back) their own yes: a parent's
            # attempt to do it for them is refused (and logged).
            raise PermissionDenied(actor, Action.CAREPLAN_CONSENT)
        if for_child:
            age = child_age(session, actor.family_id)
            if age is None or age < CHILD_CONSENT_AGE:
                raise InvalidInput("careplan.error.consent_child_age")
        return
    # The ill child: only their own yes, from 12.
    if not for_child:
        raise InvalidInput("careplan.error.consent_child_own")
    age = child_age(session, actor.family_id)
    if age is None or age < CHILD_CONSENT_AGE:
        raise InvalidInput("careplan.error.consent_child_age")


def give(
    session: Session, actor: Actor, *, for_child: bool = False, today: date | None = None
) -> CarePlanConsent:
    """A yes (a parent's, or the child's). A standing yes of the same kind is kept: a
    double tap gives one yes."""
    for_child = for_child or actor.role is Role.CHILD
    _check_who(session, actor, for_child)
    existing = next(
        (r for r in _standing(session, actor.family_id) if r.for_child == for_child), None
    )
    if existing is not None:
        return existing
    row = CarePlanConsent(
        family_id=actor.family_id,
        given_by_id=None if (actor.role is Role.PARENT and for_child) else actor.membership_id,
        for_child=for_child,
        recorded_by_id=actor.membership_id,
        given_on=today or local_today(),
    )
    session.add(row)
    session.flush()
    apply_shared(session, actor.family_id)
    audit.record(
        session,
        actor,
        "careplan.consent.give",
        object_type="careplanconsent",
        object_id=row.id,
        detail="child" if for_child else "parent",
    )
    return row


def withdraw(session: Session, actor: Actor, *, for_child: bool = False) -> int:
    """Take a yes back (every standing yes of that kind); the rows stay. Returns how many."""
    for_child = for_child or actor.role is Role.CHILD
    permissions.require(actor, Action.CAREPLAN_CONSENT)
    if for_child and actor.role is Role.PARENT and _child_member(session, actor.family_id):
        raise PermissionDenied(actor, Action.CAREPLAN_CONSENT)
    rows = [r for r in _standing(session, actor.family_id) if r.for_child == for_child]
    if not rows:
        return 0  # already withdrawn: a double tap
    moment = utcnow()
    for row in rows:
        row.withdrawn_at = moment
        row.withdrawn_by_id = actor.membership_id
        session.add(row)
    session.flush()
    apply_shared(session, actor.family_id)
    audit.record(
        session,
        actor,
        "careplan.consent.withdraw",
        object_type="careplanconsent",
        object_id=rows[0].id,
        detail="child" if for_child else "parent",
    )
    return len(rows)
