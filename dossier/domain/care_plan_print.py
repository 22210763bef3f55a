"""The care plan for print: the sections the viewer may read, for the PDF.

Every section passes the gate one by one (`can(actor, CAREPLAN_VIEW, section)`): a
caregiver or the child gets only what the parents released to them with consent. One
access-log row for the print ("careplan.print", with the number of sections); a role
that may not read the plan at all (a brother or sister) is refused, and `unit_of_work`
logs the refusal. The layout is presenters/care_plan_pdf.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from dossier import audit, permissions
from dossier.clock import local_day
from dossier.domain import care_plan
from dossier.domain.errors import NotFound
from dossier.models import Family, Membership, User
from dossier.permissions import Action, Actor


@dataclass(frozen=True, slots=True, kw_only=True)
class PrintedSection:
    key: str
    content: dict
    number: int
    on_behalf_of: str
    updated_by: str
    updated_on: date | None


@dataclass(frozen=True, slots=True, kw_only=True)
class PrintedPlan:
    child_name: str
    edition: int
    version_day: date
    sections: list[PrintedSection]


def plan_for_print(session: Session, actor: Actor) -> PrintedPlan:
    """The plan as the actor may read it; NotFound when the family has no plan yet."""
    permissions.require(actor, Action.CAREPLAN_VIEW)
    plan = care_plan.plan_row(session, actor.family_id)
    if plan is None:
        raise NotFound("careplan.evaluation.no_plan")
    rows = care_plan.sections_in_order(session, actor.family_id)
    shown = [s for s in rows if permissions.can(actor, Action.CAREPLAN_VIEW, s)]
    writers = {s.updated_by_id for s in shown if s.updated_by_id is not None}
    names: dict[int, str] = {}
    if writers:
        names = {
            int(mid): name or ""
            for mid, name in session.exec(
                select(Membership.id, User.name)
                .join(User, col(User.id) == Membership.user_id)
                .where(col(Membership.id).in_(sorted(writers)))
            ).all()
            if mid is not None
        }
    family = session.get(Family, actor.family_id)
    audit.record(
        session,
        actor,
        "careplan.print",
        object_type="careplan",
        object_id=plan.id,
        detail=f"{len(shown)} sections",
    )
    return PrintedPlan(
        child_name=family.child_name if family else "",
        edition=plan.edition,
        version_day=local_day(plan.updated_at),
        sections=[
            PrintedSection(
                key=s.key,
                content=dict(s.content or {}),
                number=s.number,
                on_behalf_of=s.on_behalf_of,
                updated_by=names.get(s.updated_by_id or 0, ""),
                updated_on=local_day(s.updated_at) if s.updated_at else None,
            )
            for s in shown
        ],
    )
