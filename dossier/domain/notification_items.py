"""What the in-app list may say about a notification: its item, read when the list is.

The stored row holds no words (see notifications.py): only its kind, the type and id
of its item and who caused it. Here, for the signed-in reader, each item is read from
the database through the gate *as the reader* (an active membership of the item's
family, `permissions.can`): a reader who may still see it is told what and who (a
task's title and due date, a werkafspraak's topic, an appointment's title and time, the
first name of a brother or sister who wants to talk); anyone else gets the generic words
and the page, never the item. Old rows work too: the link and the words are made now.

One access-log row per family and list read (`notification.view.list`), like a list,
since the reader sees a summary of each item there.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlmodel import Session, SQLModel, col, select

from dossier import audit, routes
from dossier.domain.care_plan_evaluation import due_day_of
from dossier.domain.membership import active_membership
from dossier.models import (
    Admission,
    Agreement,
    Appointment,
    AppointmentStatus,
    CheckinSignal,
    EmergencyPlanPart,
    Membership,
    Notification,
    Role,
    Task,
    TaskStatus,
    User,
)
from dossier.models.care_plan import AcpConversation, CarePlan, CarePlanSection
from dossier.permissions import Action, Actor, can

LIST_READ = "notification.view.list"

# object_type (as notifications.send stores it) -> the table and the reading action.
READERS: dict[str, tuple[type[SQLModel], Action]] = {
    "task": (Task, Action.TASK_VIEW),
    "agreement": (Agreement, Action.AGREEMENT_VIEW),
    "appointment": (Appointment, Action.APPOINTMENT_VIEW),
    "checkinsignal": (CheckinSignal, Action.SIGNAL_VIEW),
    # Issue 19: "we gaan naar het ziekenhuis", and a proposal for the plan (or its answer).
    "admission": (Admission, Action.ADMISSION_VIEW),
    "emergencyplanpart": (EmergencyPlanPart, Action.PLAN_VIEW),
    # Issue 20: the care plan is due for a review or re-evaluation (the date is the key's).
    "careplan": (CarePlan, Action.CAREPLAN_VIEW),
    # Issue 20: a case manager changed a section (who, never what: no treatment content).
    "careplansection": (CarePlanSection, Action.CAREPLAN_VIEW),
    # Issue 20: a question waits for a conversation about what matters (its day is shown).
    "acpconversation": (AcpConversation, Action.ACP_VIEW),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Seen:
    """One notification as this reader may see it. Empty fields: nothing to tell."""

    notification: Notification
    url: str  # where a tap goes: the item itself when visible, else the stored page
    visible: bool = False  # the reader may see the item: `title` and the rest are set
    who: str = ""  # first name of who did it ('' when unknown or nobody)
    title: str = ""  # task or appointment title, werkafspraak topic, sibling's first name
    due_on: date | None = None  # a task's due date
    starts_at: datetime | None = None  # an appointment's start
    still_done: bool = False  # a task.done whose task is still done (not reopened)
    signal_kind: str = ""  # a check-in signal: wants_to_talk or low_mood
    talk_to_me: bool = False  # the sibling asked for this reader


def first_names(session: Session, membership_ids: Iterable[int | None]) -> dict[int, str]:
    """{membership id: first name} for these memberships (any status: a past actor)."""
    wanted = sorted({int(i) for i in membership_ids if i})
    if not wanted:
        return {}
    rows = session.exec(
        select(Membership.id, User.name)
        .join(User, col(User.id) == Membership.user_id)
        .where(col(Membership.id).in_(wanted))
    ).all()
    return {int(mid or 0): (name or "").split(" ")[0] for mid, name in rows if name}


def reader_in(session: Session, user_id: int, family_id: int | None) -> Actor | None:
    """The reader as the gate sees them in that family (active membership), else None."""
    if family_id is None:
        return None
    member = active_membership(session, user_id=user_id, family_id=family_id)
    if member is None or member.id is None:
        return None
    return Actor(
        user_id=user_id,
        family_id=family_id,
        membership_id=member.id,
        role=Role(member.role),
        organisation=member.organisation,
    )


def load_items(
    session: Session, notifications: Sequence[Notification]
) -> dict[tuple[str, int], SQLModel]:
    """Every item the notifications point at, one query per kind (not one per row)."""
    wanted: dict[str, set[int]] = {}
    for n in notifications:
        if n.object_type in READERS and n.object_id is not None:
            wanted.setdefault(n.object_type, set()).add(n.object_id)
    loaded: dict[tuple[str, int], SQLModel] = {}
    for object_type, ids in wanted.items():
        table = READERS[object_type][0]
        for row in session.exec(select(table).where(col(table.id).in_(ids))):  # type: ignore[attr-defined]
            loaded[(object_type, row.id)] = row  # type: ignore[attr-defined]
    return loaded


def item_of(
    reader: Actor | None, notification: Notification, item: SQLModel | None
) -> SQLModel | None:
    """The notification's item, when the reader may see it now; else None."""
    found = READERS.get(notification.object_type)
    if reader is None or found is None or item is None:
        return None
    if getattr(item, "deleted_at", None) is not None:
        return None
    return item if can(reader, found[1], item) else None  # type: ignore[arg-type]


def link_to(item: SQLModel) -> str:
    """Open the item itself (`?open=`); a signal opens the check-in overview."""
    if isinstance(item, Task):
        return routes.item_url(routes.TASKS, item.id or 0)
    if isinstance(item, Agreement):
        return routes.item_url(routes.AGREEMENTS, item.id or 0)
    if isinstance(item, Appointment):
        if item.status == AppointmentStatus.CANCELLED:
            return routes.AGENDA  # a cancelled one is no longer in the agenda to open
        return routes.item_url(routes.AGENDA, item.id or 0)
    if isinstance(item, Admission | EmergencyPlanPart):
        return routes.EMERGENCY_PLAN
    if isinstance(item, CarePlan):
        return routes.CARE_PLAN
    if isinstance(item, CarePlanSection):
        return f"{routes.CARE_PLAN}?{routes.OPEN_PARAM}={item.key}"
    if isinstance(item, AcpConversation):
        return routes.item_url(routes.CARE_PLAN_TALKS, item.id or 0)
    return routes.CHECKIN


def seen_as(
    notification: Notification, item: SQLModel | None, reader: Actor | None, names: dict[int, str]
) -> Seen:
    """What the reader may be told, from the item they may see (None: the generic words)."""
    if item is None or reader is None:
        return Seen(notification=notification, url=notification.url)
    who = names.get(notification.actor_membership_id or 0, "")
    base = Seen(notification=notification, url=link_to(item), visible=True, who=who)
    if isinstance(item, Task):
        return _with(base, title=item.title, due_on=item.due_on, still_done=_done(item))
    if isinstance(item, Agreement):
        return _with(base, title=item.topic)
    if isinstance(item, Appointment):
        return _with(base, title=item.title, starts_at=item.starts_at)
    if isinstance(item, CheckinSignal):
        return _with(
            base,
            title=names.get(item.sibling_id, ""),
            signal_kind=item.kind,
            talk_to_me=item.talk_to_id == reader.membership_id,
        )
    if isinstance(item, CarePlan):
        return _with(base, due_on=due_day_of(notification))
    if isinstance(item, AcpConversation):
        return _with(base, due_on=item.held_on)
    return base


def _done(task: Task) -> bool:
    return task.status == TaskStatus.DONE


def _with(base: Seen, **values: object) -> Seen:
    return replace(base, **values)  # type: ignore[arg-type]


def read_items(session: Session, user_id: int, notifications: Sequence[Notification]) -> list[Seen]:
    """Each of the reader's notifications as they may see it now, in the same order;
    one access-log row per family whose items were read."""
    readers = {
        family_id: reader_in(session, user_id, family_id)
        for family_id in {n.family_id for n in notifications}
    }
    loaded = load_items(session, notifications)
    items = [
        item_of(readers.get(n.family_id), n, loaded.get((n.object_type, n.object_id or 0)))
        for n in notifications
    ]
    names = first_names(
        session,
        [n.actor_membership_id for n in notifications]
        + [getattr(item, "sibling_id", None) for item in items],
    )
    shown: dict[int, int] = {}
    seen: list[Seen] = []
    for notification, item in zip(notifications, items, strict=True):
        reader = readers.get(notification.family_id)
        seen.append(seen_as(notification, item, reader, names))
        if item is not None and reader is not None:
            shown[reader.family_id] = shown.get(reader.family_id, 0) + 1
    for family_id, count in sorted(shown.items()):
        audit.record(session, readers[family_id], LIST_READ, detail=f"{count} items")
    return seen
