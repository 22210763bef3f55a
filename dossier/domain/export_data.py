"""What an export holds, read through the gate: the family's dossier or one person's own data.

Two exports (GDPR art. 15 and 20):
- the family's ("Download ons dossier", parents): everything of the family the asking
  parent may read. Every kind is read through `access.visible` with the parent as
  actor, so the export equals what the parent may see: a sibling's check-in is in it
  only when the sibling shared it with the parents.
- one person's ("Download mijn gegevens", every member): their account, memberships,
  sessions and devices (never a token or key), notification settings and
  notifications, their own check-ins, the items they are assigned or responsible for
  (again only what the gate lets them read) and the access-log rows of what they did.

An export is read in steps (`FAMILY_STEPS`, `PERSON_STEPS`), each its own short
transaction with a freshly resolved actor, so the background job can report progress
between them (on SQLite a transaction holds the write lock from its start) and a member
removed half-way is refused at the next step.

A closing dossier may still be taken along (permissions.WHILE_NOT_OPEN): once the export
itself is allowed, the rows are read as the same member could while it was open.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, SQLModel, col, or_, select

from dossier.domain.access import guard, visible
from dossier.models import (
    Absence,
    AcpConversation,
    AcpQuestion,
    Admission,
    AdmissionItem,
    Agreement,
    AgreementChange,
    AgreementConfirmation,
    Appointment,
    AuditEvent,
    CarePlan,
    CarePlanConsent,
    CarePlanEvaluation,
    CarePlanSection,
    CarePlanSectionVersion,
    CheckIn,
    CheckinSignal,
    ChildPage,
    Contact,
    EmergencyPlan,
    EmergencyPlanChange,
    EmergencyPlanPart,
    Family,
    FamilyStatus,
    Membership,
    Notification,
    NotificationSettings,
    PushSubscription,
    Task,
    TaskChange,
    User,
    UserSession,
    WorkingHours,
)
from dossier.permissions import Action, Actor, can, require

Record = dict[str, Any]

# Never in any export: secrets and keys (a token's hash is still a key to guess against).
SECRET_FIELDS = frozenset({"password_hash", "token_hash", "p256dh", "auth", "endpoint"})
ACCESS_LOG_LIMIT = 20_000  # the newest rows of what one person did


@dataclass
class ExportData:
    """What was read so far: per kind a list of plain JSON-ready records."""

    kind: str  # ExportKind
    lang: str = "nl"
    asker_name: str = ""
    asker_role: str = ""
    family: Record = field(default_factory=dict)
    kinds: dict[str, list[Record]] = field(default_factory=dict)
    names: dict[int, str] = field(default_factory=dict)  # membership id -> name
    roles: dict[int, str] = field(default_factory=dict)  # membership id -> role

    @property
    def rows(self) -> int:
        return sum(len(records) for records in self.kinds.values()) + (1 if self.family else 0)

    def name(self, membership_id: int | None) -> str:
        return self.names.get(membership_id or 0, "") if membership_id else ""


def plain(value: Any) -> Any:
    """A value as JSON writes it: dates in ISO 8601 (UTC for moments), the rest as is."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return value


def record(row: SQLModel, *, drop: Iterable[str] = ()) -> Record:
    skip = SECRET_FIELDS | set(drop)
    return {k: plain(v) for k, v in row.model_dump().items() if k not in skip}


def reader(actor: Actor) -> Actor:
    """The actor the rows are read as: in a closing dossier, as while it was open (the
    export itself was allowed for the closing state; the per-row rules stay the same)."""
    if actor.family_status is FamilyStatus.CLOSING:
        return replace(actor, family_status=FamilyStatus.OPEN)
    return actor


def _may(actor: Actor, action: Action) -> bool:
    """Whether the role may read this kind at all (else the kind is simply left out)."""
    return can(actor, action)


# --------------------------------------------------------------------------------------
# The family's export
# --------------------------------------------------------------------------------------


def _family_and_members(session: Session, actor: Actor, data: ExportData) -> None:
    require(actor, Action.FAMILY_EXPORT)
    who = reader(actor)
    family = session.get(Family, who.family_id)
    guard(session, who, Action.FAMILY_VIEW, family)
    if family is not None:
        data.family = record(family, drop=("version",))
    _members(session, who, data)


def _members(session: Session, who: Actor, data: ExportData) -> None:
    rows = session.exec(
        select(Membership, User)
        .join(User, col(User.id) == Membership.user_id)
        .where(Membership.family_id == who.family_id)
        .order_by(col(Membership.id))
    ).all()
    users = {m.id: u for m, u in rows}
    for m, u in rows:
        if m.id is not None:
            data.names[m.id] = u.name
            data.roles[m.id] = m.role
            if m.id == who.membership_id:
                data.asker_name, data.asker_role, data.lang = u.name, m.role, u.locale
    if not _may(who, Action.MEMBERS_VIEW):
        return
    shown = visible(session, who, Action.MEMBERS_VIEW, (m for m, _u in rows))
    data.kinds["members"] = [
        {
            **record(m, drop=("version",)),
            "name": users[m.id].name,
            # A year is enough to tell a brother from a sister; no full birth dates of others.
            "birth_year": _year(users[m.id].birth_date),
        }
        for m in shown
    ]


def _readable(
    session: Session,
    who: Actor,
    action: Action,
    model: Any,
    *conditions: Any,
    order_by: Any = None,
) -> list[Any]:
    """The family's rows of one kind that the reader may see, logged as one list read."""
    query = select(model).where(model.family_id == who.family_id, *conditions)
    if order_by is not None:
        query = query.order_by(order_by)
    return visible(session, who, action, session.exec(query).all())


def _year(day: date | None) -> int | None:
    return day.year if day is not None else None


def _tasks(session: Session, actor: Actor, data: ExportData) -> None:
    who = reader(actor)
    if not _may(who, Action.TASK_VIEW):
        return
    tasks = _readable(session, who, Action.TASK_VIEW, Task, order_by=col(Task.id))
    data.kinds["tasks"] = [
        {
            **record(t),
            "assignee": data.name(t.assignee_id),
            "created_by": data.name(t.created_by_id),
        }
        for t in tasks
    ]
    ids = [t.id for t in tasks]
    changes = _in_batches(
        session,
        lambda batch: (
            select(TaskChange)
            .where(TaskChange.family_id == who.family_id, col(TaskChange.task_id).in_(batch))
            .order_by(col(TaskChange.id))
        ),
        ids,
    )
    data.kinds["task_history"] = [{**record(c), "by": data.name(c.membership_id)} for c in changes]


def _agreements(session: Session, actor: Actor, data: ExportData) -> None:
    who = reader(actor)
    if not _may(who, Action.AGREEMENT_VIEW):
        return
    agreements = _readable(
        session, who, Action.AGREEMENT_VIEW, Agreement, order_by=col(Agreement.id)
    )
    ids = [a.id for a in agreements]
    confirmations = _in_batches(
        session,
        lambda batch: (
            select(AgreementConfirmation)
            .where(col(AgreementConfirmation.agreement_id).in_(batch))
            .order_by(col(AgreementConfirmation.id))
        ),
        ids,
    )
    by_agreement: dict[int, list[Record]] = {}
    for c in confirmations:
        by_agreement.setdefault(c.agreement_id, []).append(
            {**record(c), "by": data.name(c.membership_id)}
        )
    data.kinds["agreements"] = [
        {
            **record(a),
            "responsible": data.name(a.responsible_id),
            "backup": data.name(a.backup_id),
            "informed": [data.name(i) for i in a.informed_ids or ()],
            "confirmations": by_agreement.get(a.id or 0, []),
        }
        for a in agreements
    ]
    changes = _in_batches(
        session,
        lambda batch: (
            select(AgreementChange)
            .where(
                AgreementChange.family_id == who.family_id,
                col(AgreementChange.agreement_id).in_(batch),
            )
            .order_by(col(AgreementChange.id))
        ),
        ids,
    )
    data.kinds["agreement_history"] = [
        {**record(c), "by": data.name(c.membership_id)} for c in changes
    ]


def _appointments(session: Session, actor: Actor, data: ExportData) -> None:
    who = reader(actor)
    if not _may(who, Action.APPOINTMENT_VIEW):
        return
    appointments = _readable(
        session, who, Action.APPOINTMENT_VIEW, Appointment, order_by=col(Appointment.starts_at)
    )
    data.kinds["appointments"] = [
        {**record(a), "attendees": [data.name(i) for i in a.attendee_ids or ()]}
        for a in appointments
    ]


def _checkins(session: Session, actor: Actor, data: ExportData) -> None:
    """Only what the sibling shared with this reader: the gate reads each row's flags."""
    who = reader(actor)
    if not _may(who, Action.CHECKIN_VIEW):
        return
    checkins = _readable(
        session, who, Action.CHECKIN_VIEW, CheckIn, order_by=col(CheckIn.created_at)
    )
    data.kinds["checkins"] = [
        {**record(c), "sibling": data.name(c.sibling_id), "talk_to": data.name(c.talk_to_id)}
        for c in checkins
    ]
    if _may(who, Action.SIGNAL_VIEW):
        signals = _readable(
            session, who, Action.SIGNAL_VIEW, CheckinSignal, order_by=col(CheckinSignal.id)
        )
        data.kinds["checkin_signals"] = [
            {**record(s), "sibling": data.name(s.sibling_id)} for s in signals
        ]


def _own_notifications(session: Session, actor: Actor, data: ExportData) -> None:
    """The asker's own notifications in this family (rows addressed to them)."""
    rows = session.exec(
        select(Notification)
        .where(
            Notification.recipient_user_id == actor.user_id,
            Notification.family_id == actor.family_id,
        )
        .order_by(col(Notification.id))
    ).all()
    data.kinds["notifications"] = [record(n) for n in rows]


Step = Callable[[Session, Actor, ExportData], None]


def _network(session: Session, actor: Actor, data: ExportData) -> None:
    """The network's contacts, removed ones too (the plan's history may name them)."""
    who = reader(actor)
    if not _may(who, Action.NETWORK_VIEW):
        return
    contacts = _readable(session, who, Action.NETWORK_VIEW, Contact, order_by=col(Contact.id))
    data.kinds["contacts"] = [{**record(c), "member": data.name(c.membership_id)} for c in contacts]


def _emergency_plan(session: Session, actor: Actor, data: ExportData) -> None:
    """The plan for a sudden admission: its parts with pending proposals, its history,
    and the admissions with their checklists."""
    who = reader(actor)
    if not _may(who, Action.PLAN_VIEW):
        return
    plan = session.exec(select(EmergencyPlan).where(EmergencyPlan.family_id == who.family_id))
    data.kinds["emergency_plan"] = [record(p) for p in plan.all()]
    parts = _readable(
        session, who, Action.PLAN_VIEW, EmergencyPlanPart, order_by=col(EmergencyPlanPart.id)
    )
    data.kinds["emergency_plan_parts"] = [
        {**record(p), "proposed_by": data.name(p.proposed_by_id)} for p in parts
    ]
    keys = {p.key for p in parts} | {""}
    changes = session.exec(
        select(EmergencyPlanChange)
        .where(EmergencyPlanChange.family_id == who.family_id)
        .order_by(col(EmergencyPlanChange.id))
    ).all()
    data.kinds["emergency_plan_history"] = [
        {**record(c), "by": data.name(c.membership_id)} for c in changes if c.part_key in keys
    ]
    if not _may(who, Action.ADMISSION_VIEW):
        return
    admissions = _readable(
        session, who, Action.ADMISSION_VIEW, Admission, order_by=col(Admission.id)
    )
    items = _readable(
        session, who, Action.ADMISSION_VIEW, AdmissionItem, order_by=col(AdmissionItem.id)
    )
    data.kinds["admissions"] = [
        {
            **record(a),
            "started_by": data.name(a.started_by_id),
            "ended_by": data.name(a.ended_by_id),
            "checklist": [
                {**record(i), "done_by": data.name(i.done_by_id)}
                for i in items
                if i.admission_id == a.id
            ],
        }
        for a in admissions
    ]


def _care_plan(session: Session, actor: Actor, data: ExportData) -> None:
    """The care plan: the sections the reader may read with every version, the consent
    and the evaluations; then the conversations about what matters and the child's page
    when it was shared with the reader."""
    who = reader(actor)
    if _may(who, Action.CAREPLAN_VIEW):
        plans = session.exec(select(CarePlan).where(CarePlan.family_id == who.family_id))
        data.kinds["care_plan"] = [record(p) for p in plans.all()]
        sections = _readable(
            session, who, Action.CAREPLAN_VIEW, CarePlanSection, order_by=col(CarePlanSection.id)
        )
        data.kinds["care_plan_sections"] = [
            {**record(s), "updated_by": data.name(s.updated_by_id)} for s in sections
        ]
        data.kinds["care_plan_versions"] = _section_versions(session, who, sections, data)
    if _may(who, Action.CAREPLAN_CONSENT):
        consents = session.exec(
            select(CarePlanConsent)
            .where(CarePlanConsent.family_id == who.family_id)
            .order_by(col(CarePlanConsent.id))
        )
        data.kinds["care_plan_consents"] = [
            {**record(c), "given_by": data.name(c.given_by_id)} for c in consents.all()
        ]
    if _may(who, Action.CAREPLAN_EVALUATE):
        evaluations = session.exec(
            select(CarePlanEvaluation)
            .where(CarePlanEvaluation.family_id == who.family_id)
            .order_by(col(CarePlanEvaluation.id))
        )
        data.kinds["care_plan_evaluations"] = [
            {**record(e), "recorded_by": data.name(e.recorded_by_id)} for e in evaluations.all()
        ]
    _acp_conversations(session, who, data)
    if _may(who, Action.CHILD_PAGE_VIEW):
        pages = _readable(session, who, Action.CHILD_PAGE_VIEW, ChildPage)
        data.kinds["child_page"] = [
            {**record(p), "child": data.name(p.created_by_id)} for p in pages
        ]


def _section_versions(
    session: Session, who: Actor, sections: list[CarePlanSection], data: ExportData
) -> list[Record]:
    readable = {s.id for s in sections}
    versions = session.exec(
        select(CarePlanSectionVersion)
        .where(CarePlanSectionVersion.family_id == who.family_id)
        .order_by(col(CarePlanSectionVersion.id))
    ).all()
    return [
        {**record(v), "by": data.name(v.created_by_id)}
        for v in versions
        if v.section_id in readable
    ]


def _acp_conversations(session: Session, who: Actor, data: ExportData) -> None:
    if not _may(who, Action.ACP_VIEW):
        return
    talks = _readable(
        session,
        who,
        Action.ACP_VIEW,
        AcpConversation,
        col(AcpConversation.deleted_at).is_(None),
        order_by=col(AcpConversation.held_on),
    )
    questions = session.exec(
        select(AcpQuestion)
        .where(AcpQuestion.family_id == who.family_id)
        .order_by(col(AcpQuestion.id))
    ).all()
    data.kinds["acp_conversations"] = [
        {
            **record(t),
            "questions": [
                {**record(q), "asked_by": data.name(q.asked_by_id)}
                for q in questions
                if q.conversation_id == t.id
            ],
        }
        for t in talks
    ]


FAMILY_STEPS: tuple[tuple[str, Step], ...] = (
    ("members", _family_and_members),
    ("tasks", _tasks),
    ("agreements", _agreements),
    ("appointments", _appointments),
    ("checkins", _checkins),
    ("network", _network),
    ("emergency_plan", _emergency_plan),
    ("care_plan", _care_plan),
    ("notifications", _own_notifications),
)


# --------------------------------------------------------------------------------------
# One person's own data
# --------------------------------------------------------------------------------------


def _account(session: Session, actor: Actor, data: ExportData) -> None:
    require(actor, Action.PERSON_EXPORT)
    user = session.get(User, actor.user_id)
    if user is None:
        return
    data.asker_name, data.asker_role, data.lang = user.name, str(actor.role), user.locale
    account = record(user, drop=("version",))
    account["has_password"] = user.password_hash is not None
    data.kinds["account"] = [account]
    memberships = session.exec(
        select(Membership, Family)
        .join(Family, col(Family.id) == Membership.family_id)
        .where(Membership.user_id == actor.user_id)
        .order_by(col(Membership.id))
    ).all()
    data.kinds["memberships"] = [
        {**record(m, drop=("version",)), "family": f.name} for m, f in memberships
    ]
    family = session.get(Family, actor.family_id)
    if family is not None:
        data.family = {"id": family.id, "name": family.name}
    for m, _f in memberships:
        if m.id is not None and m.family_id == actor.family_id:
            data.names[m.id] = user.name
            data.roles[m.id] = m.role


def _devices(session: Session, actor: Actor, data: ExportData) -> None:
    sessions = session.exec(
        select(UserSession)
        .where(UserSession.user_id == actor.user_id)
        .order_by(col(UserSession.id))
    ).all()
    data.kinds["sessions"] = [record(s) for s in sessions]
    devices = session.exec(
        select(PushSubscription)
        .where(PushSubscription.user_id == actor.user_id)
        .order_by(col(PushSubscription.id))
    ).all()
    data.kinds["push_devices"] = [record(d, drop=("version",)) for d in devices]
    settings = session.exec(
        select(NotificationSettings).where(NotificationSettings.user_id == actor.user_id)
    ).all()
    data.kinds["notification_settings"] = [record(s, drop=("version",)) for s in settings]
    notifications = session.exec(
        select(Notification)
        .where(
            Notification.recipient_user_id == actor.user_id,
            or_(
                col(Notification.family_id).is_(None),
                Notification.family_id == actor.family_id,
            ),
        )
        .order_by(col(Notification.id))
    ).all()
    data.kinds["notifications"] = [record(n) for n in notifications]


def _own_items(session: Session, actor: Actor, data: ExportData) -> None:
    """The items this member is part of, only as far as the gate lets them read them."""
    who = reader(actor)
    me = who.membership_id
    if _may(who, Action.TASK_VIEW):
        tasks = _readable(session, who, Action.TASK_VIEW, Task, Task.assignee_id == me)
        data.kinds["my_tasks"] = [record(t) for t in tasks]
    if _may(who, Action.AGREEMENT_VIEW):
        agreements = _readable(session, who, Action.AGREEMENT_VIEW, Agreement)
        data.kinds["my_agreements"] = [
            record(a)
            for a in agreements
            if me in (a.responsible_id, a.backup_id) or me in (a.informed_ids or ())
        ]
    if _may(who, Action.APPOINTMENT_VIEW):
        appointments = _readable(session, who, Action.APPOINTMENT_VIEW, Appointment)
        data.kinds["my_appointments"] = [
            record(a) for a in appointments if me in (a.attendee_ids or ())
        ]


def _own_checkins(session: Session, actor: Actor, data: ExportData) -> None:
    """A sibling's own check-ins, all of them (whoever they were shared with)."""
    who = reader(actor)
    mine = session.exec(
        select(CheckIn)
        .where(CheckIn.family_id == who.family_id, CheckIn.sibling_id == who.membership_id)
        .order_by(col(CheckIn.created_at))
    ).all()
    if not mine:
        return
    data.kinds["my_checkins"] = [
        record(c) for c in visible(session, who, Action.CHECKIN_VIEW, mine)
    ]


def _own_access_log(session: Session, actor: Actor, data: ExportData) -> None:
    """What this person did in the dossier, as the access log kept it (newest last)."""
    rows = session.exec(
        select(AuditEvent)
        .where(
            AuditEvent.user_id == actor.user_id,
            or_(col(AuditEvent.family_id).is_(None), AuditEvent.family_id == actor.family_id),
        )
        .order_by(col(AuditEvent.id).desc())
        .limit(ACCESS_LOG_LIMIT)
    ).all()
    data.kinds["access_log"] = [record(r, drop=("prev_hash", "row_hash")) for r in reversed(rows)]


def _own_reachability(session: Session, actor: Actor, data: ExportData) -> None:
    """A professional's working hours and absences: hers, the same in every family."""
    hours = session.exec(select(WorkingHours).where(WorkingHours.user_id == actor.user_id))
    absences = session.exec(
        select(Absence).where(Absence.user_id == actor.user_id).order_by(col(Absence.starts_on))
    )
    data.kinds["working_hours"] = [record(h, drop=("version",)) for h in hours.all()]
    data.kinds["absences"] = [record(a, drop=("version",)) for a in absences.all()]


def _own_child_page(session: Session, actor: Actor, data: ExportData) -> None:
    """The ill child's own page and the consent they gave themself."""
    who = reader(actor)
    if _may(who, Action.CHILD_PAGE_EDIT):  # only the ill child has a page of their own
        pages = session.exec(
            select(ChildPage).where(ChildPage.created_by_id == who.membership_id)
        ).all()
        if pages:
            mine = visible(session, who, Action.CHILD_PAGE_VIEW, pages)
            data.kinds["my_child_page"] = [record(p) for p in mine]
    consents = session.exec(
        select(CarePlanConsent).where(CarePlanConsent.given_by_id == who.membership_id)
    ).all()
    if consents:
        data.kinds["my_care_plan_consents"] = [record(c) for c in consents]


PERSON_STEPS: tuple[tuple[str, Step], ...] = (
    ("account", _account),
    ("reachability", _own_reachability),
    ("devices", _devices),
    ("items", _own_items),
    ("checkins", _own_checkins),
    ("child_page", _own_child_page),
    ("access_log", _own_access_log),
)


def _in_batches(
    session: Session, query: Callable[[list[int]], Any], ids: list[int | None]
) -> list[Any]:
    """Rows for many ids, a few hundred ids per query (SQLite's bound-parameter limit)."""
    wanted = [i for i in ids if i is not None]
    found: list[Any] = []
    for start in range(0, len(wanted), 500):
        found.extend(session.exec(query(wanted[start : start + 500])).all())
    return found
