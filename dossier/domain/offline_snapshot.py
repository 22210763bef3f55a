"""The offline card ("Beschikbaar zonder internet"): a small snapshot for one device.

When a person switches it on for a device, assets/offline-card.js keeps this snapshot
in the browser's Cache Storage, so the offline page can show what matters when the
signal is gone: the appointments of the coming two weeks, the person's own open tasks
and how to reach the family's key contacts. Since issue 19 (version 2) also the "bij
spoed" contacts of the network with their numbers, and the "meenemen" checklist: the open
admission's items with their ticks, else the plan's list; each with when it last changed.

Only what the person may see (every row passes permissions.can), only the current
family, and deliberately little: no task notes, no appointment preparation, nothing of
the check-ins. One access-log row per snapshot ("offline.snapshot"), with the counts.
A fixed number of queries, whatever the family's size (see the tests).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlmodel import Session, col, select

from dossier import audit
from dossier.clock import local_today
from dossier.domain.admission import ITEM_LIMIT, LABEL_MAX, default_labels
from dossier.domain.membership import is_active_member
from dossier.domain.network import contact_order, tel_href
from dossier.domain.tasks import task_order
from dossier.i18n import translate
from dossier.models import (
    Admission,
    AdmissionItem,
    Appointment,
    AppointmentStatus,
    Contact,
    EmergencyPlanPart,
    EmergencyUse,
    Family,
    Membership,
    Role,
    Task,
    TaskStatus,
    User,
    utcnow,
)
from dossier.models.emergency_plan import PlanSection
from dossier.permissions import Action, Actor, can, require

SNAPSHOT_VERSION = 2  # 2: emergency contacts and the checklist (issue 19)
APPOINTMENT_DAYS = 14
APPOINTMENT_LIMIT = 20
TASK_LIMIT = 30
# Tasks are ordered in Python (task_order); this caps the rows read for that.
TASK_SCAN_LIMIT = 500
# The adults the family works with; brothers, sisters and the ill child are not "contacts".
CONTACT_ROLES = (Role.PARENT, Role.CM_HOSPITAL, Role.CM_HOME, Role.CAREGIVER)


def _iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def _day(day: date | None) -> str | None:
    return day.isoformat() if day else None


def upcoming_appointments(session: Session, actor: Actor, now: datetime) -> list[dict[str, Any]]:
    """Planned appointments that have not ended and start within two weeks, soonest first."""
    rows = session.exec(
        select(Appointment)
        .where(
            Appointment.family_id == actor.family_id,
            Appointment.status == AppointmentStatus.PLANNED,
            Appointment.ends_at >= now,
            Appointment.starts_at < now + timedelta(days=APPOINTMENT_DAYS),
            col(Appointment.deleted_at).is_(None),
        )
        .order_by(col(Appointment.starts_at), col(Appointment.id))
    ).all()
    # Filtered before the cut: a caregiver's own appointment may come after 20 others.
    shown = [a for a in rows if can(actor, Action.APPOINTMENT_VIEW, a)][:APPOINTMENT_LIMIT]
    return [
        {
            "id": a.id,
            "title": a.title,
            "starts_at": _iso(a.starts_at),
            "ends_at": _iso(a.ends_at),
            "place": a.place,
            "with_whom": a.with_whom,
            "i_go_along": actor.membership_id in (a.attendee_ids or []),
        }
        for a in shown
    ]


def my_open_tasks(session: Session, actor: Actor, today: date) -> list[dict[str, Any]]:
    """The person's own tasks that are not done: those needing attention first."""
    rows = session.exec(
        select(Task)
        .where(
            Task.family_id == actor.family_id,
            Task.assignee_id == actor.membership_id,
            Task.status != TaskStatus.DONE,
            col(Task.deleted_at).is_(None),
        )
        .order_by(col(Task.id))
        .limit(TASK_SCAN_LIMIT)
    ).all()
    shown = sorted(
        (t for t in rows if can(actor, Action.TASK_VIEW, t)), key=lambda t: task_order(t, today)
    )[:TASK_LIMIT]
    return [
        {
            "id": t.id,
            "title": t.title,
            "status": t.status,
            "due_on": _day(t.due_on),
            "overdue": t.due_on is not None and t.due_on < today,
            "waiting_for": t.waiting_for if t.status == TaskStatus.WAITING else "",
            "follow_up_on": _day(t.follow_up_on) if t.status == TaskStatus.WAITING else None,
        }
        for t in shown
    ]


def key_contacts(session: Session, actor: Actor, lang: str) -> list[dict[str, Any]]:
    """The family's active adults (not the person themself), parents first.

    Only for roles that may see the members (a caregiver may not: an empty list).
    """
    if not can(actor, Action.MEMBERS_VIEW):
        return []
    rows = session.exec(
        select(Membership, User)
        .join(User, col(User.id) == Membership.user_id)
        .where(
            is_active_member(family_id=actor.family_id, role=CONTACT_ROLES),
            Membership.id != actor.membership_id,
        )
        .order_by(col(Membership.id))
    ).all()
    order = {str(role): place for place, role in enumerate(CONTACT_ROLES)}
    shown = [(m, u) for m, u in rows if can(actor, Action.MEMBERS_VIEW, m)]
    shown.sort(key=lambda pair: (order.get(pair[0].role, 9), pair[0].id or 0))
    return [
        {
            "name": user.name,
            "role": m.role,
            "role_label": translate(lang, f"role.{m.role}"),
            "relation": m.relation,
            "organisation": m.organisation,
            "phone": m.phone,
        }
        for m, user in shown
    ]


def emergency_contacts(session: Session, actor: Actor) -> list[dict[str, Any]]:
    """The network's "bij spoed" contacts the person may see, with their numbers as
    `tel:` links. One query; nothing for a role that may not see the network."""
    if not can(actor, Action.NETWORK_VIEW):
        return []
    rows = session.exec(
        select(Contact).where(
            Contact.family_id == actor.family_id,
            Contact.emergency == EmergencyUse.CALL,
            col(Contact.removed_at).is_(None),
        )
    ).all()
    shown = sorted((c for c in rows if can(actor, Action.NETWORK_VIEW, c)), key=contact_order)
    return [
        {
            "id": c.id,
            "name": c.name,
            "organisation": c.organisation,
            "kind": c.kind,
            "phones": [
                {
                    "label": str(p.get("label", "")),
                    "number": str(p.get("number", "")),
                    "shown": str(p.get("typed") or p.get("number", "")),  # as typed
                    "href": tel_href(str(p.get("number", ""))),
                }
                for p in (c.phones or [])
                if isinstance(p, dict) and p.get("number")
            ],
            "updated_at": _iso(c.updated_at),
        }
        for c in shown
    ]


def checklist(session: Session, actor: Actor, lang: str) -> dict[str, Any] | None:
    """What to bring: the open admission's items with their ticks, else the plan's
    "meenemen" list (the catalogue's defaults while the family has none). Two queries
    either way; None for those who may not see it (the open admission's list is for
    those who tick; the plan's list for those who read the whole plan)."""
    admission = session.exec(
        select(Admission).where(
            Admission.family_id == actor.family_id, col(Admission.ended_at).is_(None)
        )
    ).first()
    if admission is not None:
        return _admission_checklist(session, actor, admission)
    part = session.exec(
        select(EmergencyPlanPart).where(
            EmergencyPlanPart.family_id == actor.family_id,
            EmergencyPlanPart.section == PlanSection.BRING,
            col(EmergencyPlanPart.removed_at).is_(None),
        )
    ).first()
    if part is None:
        if not can(actor, Action.PLAN_EDIT) and not can(actor, Action.PLAN_PROPOSE):
            return None
        labels = default_labels(lang)
        return {"admission": False, "updated_at": None, "items": _items(labels)}
    if not can(actor, Action.PLAN_VIEW, part):
        return None
    raw = (part.content or {}).get("items") or []
    labels = [str(e.get("label", ""))[:LABEL_MAX] for e in raw if isinstance(e, dict)]
    return {
        "admission": False,
        "updated_at": _iso(part.updated_at),
        "items": _items([label for label in labels if label.strip()]),
    }


def _items(labels: list[str]) -> list[dict[str, Any]]:
    return [{"label": label, "done": False} for label in labels[:ITEM_LIMIT]]


def _admission_checklist(
    session: Session, actor: Actor, admission: Admission
) -> dict[str, Any] | None:
    if not can(actor, Action.ADMISSION_TICK, admission):
        return None
    items = session.exec(
        select(AdmissionItem)
        .where(AdmissionItem.admission_id == admission.id)
        .order_by(col(AdmissionItem.position), col(AdmissionItem.id))
    ).all()
    moments = [admission.started_at, *(i.done_at for i in items if i.done_at)]
    return {
        "admission": True,
        "updated_at": _iso(max(moments)),
        "items": [{"label": i.label, "done": i.done} for i in items[:ITEM_LIMIT]],
    }


def build_snapshot(
    session: Session, actor: Actor, *, now: datetime | None = None
) -> dict[str, Any]:
    """The snapshot for this person's current family, as JSON-ready data; logged once."""
    require(actor, Action.FAMILY_VIEW)
    now = now or utcnow()
    family = session.get(Family, actor.family_id)
    user = session.get(User, actor.user_id)
    lang = user.locale if user else "nl"
    appointments = upcoming_appointments(session, actor, now)
    tasks = my_open_tasks(session, actor, local_today(now))
    contacts = key_contacts(session, actor, lang)
    emergency = emergency_contacts(session, actor)
    to_bring = checklist(session, actor, lang)
    audit.record(
        session,
        actor,
        Action.OFFLINE_SNAPSHOT,
        object_type="family",
        object_id=actor.family_id,
        detail=f"{len(appointments)} appointments, {len(tasks)} tasks, {len(contacts)} contacts",
    )
    return {
        "version": SNAPSHOT_VERSION,
        "user_id": actor.user_id,
        "family_id": actor.family_id,
        "family_name": family.name if family else "",
        "generated_at": _iso(now),
        "appointments": appointments,
        "tasks": tasks,
        "contacts": contacts,
        "emergency_contacts": emergency,
        "checklist": to_bring,
    }
