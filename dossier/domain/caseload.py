"""The case manager's caseload: every family they work in, what needs attention first.

Only families where the user is an *active* case manager (hospital or home). Each family
is read with an actor for that family, built from the active membership, and every
part passes the gate (`access.visible_in_summary`: `require`, then `can` per row). Each
family's parents see one line in their log: the case manager looked at the family's
summary in "Mijn gezinnen" (with the counts, never the content).

Queries are bounded: one select per kind of data for *all* families together
(memberships, tasks, agreements, appointments, signals, the other case managers, the last
contact, the care plans); the rows are then grouped per family and passed through the gate
with that family's actor. What grows with the number of families is only the access-log rows (one
per family, written in the same flush; five per family cost 300 inserts at 60 families).

"Last contact" is defined as the last *change* this case manager made in that family's
dossier (a task, agreement, appointment or signal written by them, from the access log);
looking at the dossier does not count, or opening this page would reset it.

Sort order (most urgent first): open sibling signals shared with this case manager,
then tasks needing attention (overdue or due for a follow-up call), then agreements that
need attention (not yet confirmed, or due for review), then appointments in the next
days, then the longest time since the last contact (never first), then the family name.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from dossier import audit
from dossier.clock import local_day
from dossier.domain.access import visible_in_summary
from dossier.domain.agreements import needs_attention as agreement_needs_attention
from dossier.domain.care_plan_evaluation import due_state
from dossier.domain.membership import is_active_member
from dossier.domain.tasks import needs_attention as task_needs_attention
from dossier.domain.tasks import task_order
from dossier.models import (
    Agreement,
    Appointment,
    AppointmentStatus,
    AuditEvent,
    CheckinSignal,
    Family,
    FamilyStatus,
    Membership,
    Role,
    Task,
    TaskStatus,
    User,
    saved_id,
    utcnow,
)
from dossier.models.care_plan import CarePlan
from dossier.permissions import Action, Actor

CASE_MANAGER_ROLES = (Role.CM_HOSPITAL, Role.CM_HOME)
SOON_DAYS = 3  # appointments that start within this many days count as "soon"
TOP_ITEMS = 3  # titles shown per kind on a card
# Changes a case manager makes in a dossier: these count as contact, reads do not.
CONTACT_ACTIONS = (
    *(
        str(a)
        for a in (
            Action.TASK_CREATE,
            Action.TASK_EDIT,
            Action.TASK_COMPLETE,
            Action.AGREEMENT_PROPOSE,
            Action.AGREEMENT_CONFIRM,
            Action.APPOINTMENT_CREATE,
            Action.APPOINTMENT_EDIT,
            Action.APPOINTMENT_CANCEL,
            Action.SIGNAL_PICK_UP,
        )
    ),
    "agreement.change",  # these three are logged by name (no rule of their own)
    "agreement.adopt",
    "agreement.skip",
)
FILTERS = ("all", "attention", "signals")
# What the cards show and sort on, plus what the gate reads (family_id; for roles that
# see only what involves them, the involved members), so the gate runs on every row.
# sqlmodel's `select` is typed for up to four columns; these lists are longer.
TASK_COLUMNS: tuple[Any, ...] = (
    Task.id,
    Task.family_id,
    Task.title,
    Task.status,
    Task.due_on,
    Task.follow_up_on,
    Task.assignee_id,
)
AGREEMENT_COLUMNS: tuple[Any, ...] = (
    Agreement.id,
    Agreement.family_id,
    Agreement.topic,
    Agreement.status,
    Agreement.review_on,
    Agreement.parents_keep,
    Agreement.responsible_id,
    Agreement.backup_id,
    Agreement.informed_ids,
)
# Issue 20: the care plan's dates, for "Zorgplan: herzien over N dagen / te laat".
CARE_PLAN_COLUMNS: tuple[Any, ...] = (
    CarePlan.id,
    CarePlan.family_id,
    CarePlan.review_on,
    CarePlan.reevaluate_on,
    CarePlan.reevaluation_asked_at,
)


@dataclass(slots=True, kw_only=True)
class FamilyCard:
    family_id: int
    name: str
    role: str  # my role in this family: cm_hospital or cm_home
    open_signals: int = 0
    overdue_tasks: int = 0
    agreements_due: int = 0
    appointments_soon: int = 0
    days_since_contact: int | None = None  # None: no change by me in this dossier yet
    other_case_managers: list[str] = field(default_factory=list)
    top_tasks: list[str] = field(default_factory=list)
    top_agreements: list[str] = field(default_factory=list)
    next_appointments: list[Appointment] = field(default_factory=list)
    # Not open for me (e.g. waiting for its parents): the card shows only name and state.
    status: str = FamilyStatus.OPEN
    # Issue 20: days until the care plan's next review or re-evaluation (negative: late;
    # None: no plan or no date yet), and whether it is late or a re-evaluation was asked.
    care_plan_in: int | None = None
    care_plan_late: bool = False
    care_plan_asked: bool = False

    @property
    def needs_attention(self) -> bool:
        return bool(
            self.open_signals or self.overdue_tasks or self.agreements_due or self.care_plan_late
        )

    def urgency(self) -> tuple:
        """Sort key: smaller is more urgent (see the module text for the order)."""
        never = self.days_since_contact is None
        return (
            -self.open_signals,
            -self.overdue_tasks,
            -self.agreements_due,
            not self.care_plan_late,
            -self.appointments_soon,
            not never,
            -(self.days_since_contact or 0),
            self.name.lower(),
            self.family_id,
        )


def case_manager_actors(session: Session, *, user_id: int) -> dict[int, tuple[Actor, str]]:
    """Per family id: the actor (from the active case-manager membership) and the family name."""
    rows = session.exec(
        select(Membership, Family)
        .join(Family, col(Family.id) == Membership.family_id)
        .where(
            is_active_member(user_id=user_id, role=CASE_MANAGER_ROLES),
        )
    ).all()
    return {
        m.family_id: (
            Actor(
                user_id=user_id,
                family_id=m.family_id,
                membership_id=saved_id(m),
                role=Role(m.role),
                organisation=m.organisation,
                # As access.actor_for: a case manager who waits for a parent's yes waits.
                family_status=FamilyStatus.AWAITING_PARENTS
                if m.awaiting_consent
                else FamilyStatus(f.status),
            ),
            f.name,
        )
        for m, f in rows
    }


def _by_family(rows) -> dict[int, list]:
    grouped: dict[int, list] = defaultdict(list)
    for row in rows:
        grouped[row.family_id].append(row)
    return grouped


def caseload(
    session: Session,
    user_id: int,
    *,
    today: date,
    now: datetime | None = None,
    ip: str = "",
    user_agent: str = "",
) -> list[FamilyCard]:
    """Every family where the user is an active case manager, most urgent first."""
    now = now or utcnow()
    found = case_manager_actors(session, user_id=user_id)
    if not found:
        return []
    ids = list(found)
    # Only the columns the cards and the gate read, not full entities: ~1,300 ORM objects
    # (identity map, instrumentation, later GC passes) were most of this page's time.
    tasks = _by_family(
        session.exec(
            select(*TASK_COLUMNS).where(
                col(Task.family_id).in_(ids),
                col(Task.deleted_at).is_(None),
                Task.status != TaskStatus.DONE,
            )
        )
    )
    agreements = _by_family(
        session.exec(select(*AGREEMENT_COLUMNS).where(col(Agreement.family_id).in_(ids)))
    )
    appointments = _by_family(
        session.exec(
            select(Appointment)
            .where(
                col(Appointment.family_id).in_(ids),
                Appointment.status == AppointmentStatus.PLANNED,
                Appointment.ends_at >= now,
                Appointment.starts_at < now + timedelta(days=SOON_DAYS),
                col(Appointment.deleted_at).is_(None),
            )
            .order_by(col(Appointment.starts_at), col(Appointment.id))
        )
    )
    signals = _by_family(
        session.exec(
            select(CheckinSignal).where(
                col(CheckinSignal.family_id).in_(ids), col(CheckinSignal.picked_up_at).is_(None)
            )
        )
    )
    care_plans = _by_family(
        session.exec(select(*CARE_PLAN_COLUMNS).where(col(CarePlan.family_id).in_(ids)))
    )
    colleagues = _by_family(
        session.exec(
            select(Membership).where(
                col(Membership.family_id).in_(ids),
                is_active_member(role=CASE_MANAGER_ROLES),
                Membership.user_id != user_id,
            )
        )
    )
    colleague_names = dict(
        session.exec(
            select(User.id, User.name).where(
                col(User.id).in_({m.user_id for rows in colleagues.values() for m in rows})
            )
        ).all()
    )
    last_change = dict(
        session.exec(
            select(AuditEvent.family_id, func.max(AuditEvent.at))
            .where(
                AuditEvent.user_id == user_id,
                col(AuditEvent.family_id).in_(ids),
                col(AuditEvent.action).in_(CONTACT_ACTIONS),
                AuditEvent.outcome == "allowed",
            )
            .group_by(col(AuditEvent.family_id))
        ).all()
    )

    cards = []
    for family_id, (found_actor, name) in found.items():
        actor = Actor(
            user_id=found_actor.user_id,
            family_id=found_actor.family_id,
            membership_id=found_actor.membership_id,
            role=found_actor.role,
            organisation=found_actor.organisation,
            ip=ip,
            user_agent=user_agent,
            family_status=found_actor.family_status,
        )
        card = FamilyCard(family_id=family_id, name=name, role=str(actor.role))
        if actor.family_status is not FamilyStatus.OPEN:  # issue 17: the name and state only
            card.status = actor.family_status
            audit.record(session, actor, "caseload.view", detail=f"state {card.status}")
            cards.append(card)
            continue
        my_tasks = visible_in_summary(actor, Action.TASK_VIEW, tasks.get(family_id, []))
        late = sorted(
            (t for t in my_tasks if task_needs_attention(t, today)),
            key=lambda t: task_order(t, today),
        )
        card.overdue_tasks = len(late)
        card.top_tasks = [t.title for t in late[:TOP_ITEMS]]
        shown = visible_in_summary(actor, Action.AGREEMENT_VIEW, agreements.get(family_id, []))
        due = [a for a in shown if agreement_needs_attention(a, today)]
        card.agreements_due = len(due)
        card.top_agreements = [a.topic for a in due[:TOP_ITEMS]]
        soon = visible_in_summary(actor, Action.APPOINTMENT_VIEW, appointments.get(family_id, []))
        card.appointments_soon = len(soon)
        card.next_appointments = soon[:TOP_ITEMS]
        # The gate reads each signal's share flags: only those shared with my role count.
        card.open_signals = len(
            visible_in_summary(actor, Action.SIGNAL_VIEW, signals.get(family_id, []))
        )
        for plan in visible_in_summary(actor, Action.CAREPLAN_VIEW, care_plans.get(family_id, [])):
            state = due_state(plan, today)
            card.care_plan_in, card.care_plan_late = state.next_in, state.overdue
            card.care_plan_asked = state.asked
        others = visible_in_summary(actor, Action.MEMBERS_VIEW, colleagues.get(family_id, []))
        card.other_case_managers = sorted(colleague_names.get(m.user_id, "") for m in others)
        # One access-log row per family for the whole card (not one per list): what the
        # parents need to know is that this case manager saw their family's summary.
        detail = (
            f"tasks {len(my_tasks)}, agreements {len(shown)}, appointments {len(soon)}, "
            f"signals {card.open_signals}"
        )
        audit.record(session, actor, "caseload.view", detail=detail)
        if (last := last_change.get(family_id)) is not None:
            card.days_since_contact = max(0, (today - local_day(last)).days)
        cards.append(card)
    return sorted(cards, key=FamilyCard.urgency)


def filter_cards(cards: list[FamilyCard], which: str) -> list[FamilyCard]:
    """Alles / Aandacht nodig / Signalen."""
    if which == "attention":
        return [c for c in cards if c.needs_attention]
    if which == "signals":
        return [c for c in cards if c.open_signals]
    return list(cards)
