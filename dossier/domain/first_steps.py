"""Eerste stappen: a short list on the overview for the parents of a new dossier.

Shown to a parent of a dossier that was started in the app (`Family.started_in_app`),
until that parent hides it. Each step ticks itself off from what is in the database
(no stored ticks), except installing the app: the server cannot know that, so the
parent ticks it (`Membership.app_installed`).

    steps = first_steps(session, actor)     # None: no card for this person
    hide_first_steps(session, actor)
    tick_installed(session, actor)
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from dossier import audit, routes
from dossier.domain.access import require
from dossier.domain.membership import is_active_member
from dossier.models import (
    AgreementTemplateChoice,
    Family,
    Membership,
    PushSubscription,
    Role,
)
from dossier.permissions import Action, Actor, can

# In the order the card shows them: (key, where it is done).
STEPS = (
    ("other_parent", routes.MEMBERS),
    ("cm_hospital", routes.MEMBERS),
    ("cm_home", routes.MEMBERS),
    ("starters", routes.AGREEMENTS),
    ("notifications", routes.NOTIFICATION_SETTINGS),
    ("install", ""),  # ticked by the parent on the card itself
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Step:
    key: str
    done: bool
    href: str


@dataclass(frozen=True, slots=True, kw_only=True)
class FirstSteps:
    steps: list[Step]

    @property
    def done(self) -> int:
        return sum(step.done for step in self.steps)

    @property
    def all_done(self) -> bool:
        return all(step.done for step in self.steps)


def _shows_for(session: Session, actor: Actor) -> Membership | None:
    """The parent's membership when the card is theirs to see; else None."""
    if actor.role is not Role.PARENT or not can(actor, Action.MEMBERS_MANAGE):
        return None
    family = session.get(Family, actor.family_id)
    membership = session.get(Membership, actor.membership_id)
    if family is None or membership is None or not family.started_in_app:
        return None
    return None if membership.first_steps_hidden else membership


def first_steps(session: Session, actor: Actor) -> FirstSteps | None:
    membership = _shows_for(session, actor)
    if membership is None:
        return None
    roles = session.exec(
        select(Membership.role, Membership.awaiting_consent).where(
            is_active_member(family_id=actor.family_id),
            Membership.id != actor.membership_id,
        )
    ).all()
    # A case manager still waiting for a parent's yes is not in the team yet.
    present = {role for role, waiting in roles if not waiting}
    starters = session.exec(
        select(AgreementTemplateChoice.id).where(
            AgreementTemplateChoice.family_id == actor.family_id
        )
    ).first()
    device = session.exec(
        select(PushSubscription.id).where(
            PushSubscription.user_id == actor.user_id,
            col(PushSubscription.failing_since).is_(None),
        )
    ).first()
    done = {
        "other_parent": Role.PARENT in present,
        "cm_hospital": Role.CM_HOSPITAL in present,
        "cm_home": Role.CM_HOME in present,
        "starters": starters is not None,
        "notifications": device is not None,
        "install": membership.app_installed,
    }
    # One row for the card: the team's roles, the starter set and this person's devices.
    audit.record(session, actor, "first_steps.view", detail=f"{sum(done.values())} done")
    return FirstSteps(steps=[Step(key=k, done=done[k], href=href) for k, href in STEPS])


def _own(session: Session, actor: Actor) -> Membership:
    require(actor, Action.MEMBERS_MANAGE)  # parents, in an open dossier
    membership = session.get(Membership, actor.membership_id)
    if membership is None:  # the actor's own active membership: gone only meanwhile
        raise LookupError("membership")
    return membership


def hide_first_steps(session: Session, actor: Actor) -> None:
    membership = _own(session, actor)
    membership.first_steps_hidden = True
    session.add(membership)
    audit.record(
        session, actor, "first_steps.hide", object_type="membership", object_id=membership.id
    )


def tick_installed(session: Session, actor: Actor) -> None:
    membership = _own(session, actor)
    membership.app_installed = True
    session.add(membership)
    audit.record(
        session, actor, "first_steps.installed", object_type="membership", object_id=membership.id
    )
