"""Who hears what: the notifications a change causes, written in its transaction.

The policy lives here, in the domain; ``dossier.notify`` only delivers. The domain
modules call one function here right after a change (``task_assigned``,
``appointment_changed``, ``signal_raised``; ``agreements.agreement_needs_confirmation``
asks this module's helpers, since whose turn it is belongs to the agreement rules); the
scheduler (``dossier.jobs.schedule``) covers what time causes. Each function picks the
recipients (role, the item, ``permissions.can``) and hands their user ids to
``outbox.notify_each``, which honours each person's channel per category, quiet hours
and daily summary, never notifies people of their own action, and writes a dedupe key
once.

Who hears about what (``DOERS``, ``ADULTS``):
- whoever created a task: that someone else completed it (``task_done``);
- parents and both case managers: a task assigned to them, an agreement waiting for
  their confirmation, an appointment they attend (created, moved, cancelled), a sibling
  signal that was shared with them (the signal's share flags decide, never the role);
- caregivers: only what is assigned to them: their task, an agreement they are
  responsible for, an appointment they are named in as going along;
- brothers and sisters: only their own gentle check-in reminder (``jobs/schedule.py``);
- the ill child: nothing yet.
Every recipient is an active member of the item's family who may see the item
(``permissions.can``); the push texts come from the catalogue by kind
(``notification.<kind>.title`` / ``.body``) and never carry names or health details.
The stored row keeps only the kind, the item's type and id and who caused it
(``actor_membership_id``); the in-app list makes its "what and who" when it is read
(``notification_items.py``), through the gate as the reader.

Dedupe keys name the event, the item, the recipient (user id) and the item's version, so
a retry of the same change never notifies twice, and a new change (a re-assignment, a
new version to confirm, another move) does.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from sqlmodel import Session, col, select

from dossier import routes
from dossier.domain.membership import active_membership
from dossier.models import (
    Agreement,
    Appointment,
    Category,
    CheckinSignal,
    Membership,
    MembershipStatus,
    Notification,
    Role,
    Task,
    TaskStatus,
)
from dossier.notify.outbox import notify, notify_each, withdraw
from dossier.permissions import Action, Actor, Gated, can

# The adults the dossier keeps informed, and everyone who can be given work.
ADULTS = frozenset({Role.PARENT, Role.CM_HOSPITAL, Role.CM_HOME})
DOERS = ADULTS | {Role.CAREGIVER}

# Kinds: every one has notification.<kind>.title and .body in nl/en.notify.json.
TASK_ASSIGNED = "task.assigned"
TASK_OVERDUE = "task.overdue"
TASK_DONE = "task.done"  # to whoever asked for the task, when someone else completes it
AGREEMENT_PROPOSED = "agreement.proposed"
AGREEMENT_CHANGED = "agreement.changed"
AGREEMENT_REVIEW = "agreement.review"
APPOINTMENT_CREATED = "appointment.created"
APPOINTMENT_MOVED = "appointment.moved"
APPOINTMENT_CANCELLED = "appointment.cancelled"
APPOINTMENT_REMINDER = "appointment.reminder"
CHECKIN_SIGNAL = "checkin.signal"
CHECKIN_REMINDER = "checkin.reminder"
DAILY_SUMMARY = "summary.daily"
KINDS = (
    TASK_ASSIGNED,
    TASK_OVERDUE,
    TASK_DONE,
    AGREEMENT_PROPOSED,
    AGREEMENT_CHANGED,
    AGREEMENT_REVIEW,
    APPOINTMENT_CREATED,
    APPOINTMENT_MOVED,
    APPOINTMENT_CANCELLED,
    APPOINTMENT_REMINDER,
    CHECKIN_SIGNAL,
    CHECKIN_REMINDER,
    DAILY_SUMMARY,
)


def stamp(moment: datetime) -> str:
    """A moment in a dedupe key: UTC to the minute, '20261123T0830Z'."""
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%MZ")


def title_key(kind: str) -> str:
    return f"notification.{kind}.title"


def body_key(kind: str) -> str:
    return f"notification.{kind}.body"


# --------------------------------------------------------------------------------------
# Recipients
# --------------------------------------------------------------------------------------


def actor_of(membership: Membership) -> Actor:
    """The member as the permission gate sees them (from an active membership row)."""
    return Actor(
        user_id=membership.user_id,
        family_id=membership.family_id,
        membership_id=membership.id or 0,
        role=Role(membership.role),
    )


def active_members(
    session: Session,
    family_id: int,
    *,
    ids: Iterable[int] | None = None,
    roles: Iterable[Role] = DOERS,
) -> list[Membership]:
    """Active members of the family in one of `roles` (and among `ids` when given)."""
    query = select(Membership).where(
        Membership.family_id == family_id,
        Membership.status == MembershipStatus.ACTIVE,
        col(Membership.role).in_([str(role) for role in roles]),
    )
    if ids is not None:
        wanted = sorted({int(i) for i in ids})
        if not wanted:
            return []
        query = query.where(col(Membership.id).in_(wanted))
    return list(session.exec(query.order_by(col(Membership.id))).all())


def recipients(members: Iterable[Membership], action: Action, obj: Gated) -> list[int]:
    """The user ids among `members` who may see `obj` (`action`), each once, in order."""
    chosen: list[int] = []
    for member in members:
        if member.user_id in chosen or not can(actor_of(member), action, obj):
            continue
        chosen.append(member.user_id)
    return chosen


def send(
    session: Session,
    members: Iterable[Membership],
    obj: Gated,
    action: Action,
    *,
    kind: str,
    category: Category,
    key: str,
    url: str,
    actor_user_id: int | None = None,
    actor_membership_id: int | None = None,
    urgent: bool = False,
    now: datetime | None = None,
) -> list[Notification]:
    """One notification per member who may see `obj`; `key` gets ':<user id>' appended
    before its last part (see the dedupe formats in the module text).

    The actor's membership (from `actor_user_id` in the object's family when not given)
    is kept so the in-app list can say who did it; the push never does."""
    family_id = getattr(obj, "family_id", None)
    if actor_membership_id is None and actor_user_id is not None and family_id is not None:
        member = active_membership(session, user_id=actor_user_id, family_id=family_id)
        actor_membership_id = member.id if member else None
    return notify_each(
        session,
        recipients(members, action, obj),
        kind=kind,
        category=category,
        dedupe_key=key,
        family_id=family_id,
        url=url,
        object_type=type(obj).__name__.lower(),
        object_id=getattr(obj, "id", None),
        urgent=urgent,
        actor_user_id=actor_user_id,
        actor_membership_id=actor_membership_id,
        now=now,
    )


# --------------------------------------------------------------------------------------
# Tasks
# --------------------------------------------------------------------------------------


def task_assigned(
    session: Session, task: Task, actor: Actor | None, *, now: datetime | None = None
) -> list[Notification]:
    """The assignee of a new task, or of a task that just got a new assignee.

    Key: task.assigned:{task}:{user}:{task version}."""
    if task.assignee_id is None or task.status == TaskStatus.DONE or task.deleted_at is not None:
        return []
    members = active_members(session, task.family_id, ids=[task.assignee_id])
    return send(
        session,
        members,
        task,
        Action.TASK_VIEW,
        kind=TASK_ASSIGNED,
        category=Category.TASKS,
        key=f"{TASK_ASSIGNED}:{task.id}:{{user}}:{task.version}",
        url=routes.TASKS,
        actor_user_id=actor.user_id if actor else None,
        now=now,
    )


def task_overdue(
    session: Session, task: Task, assignee: Membership, *, now: datetime | None = None
) -> list[Notification]:
    """The assignee, once per task and due date (called by the scheduler).

    Key: task.overdue:{task}:{user}:{due date}."""
    if task.due_on is None:
        return []
    return send(
        session,
        [assignee],
        task,
        Action.TASK_VIEW,
        kind=TASK_OVERDUE,
        category=Category.TASKS,
        key=f"{TASK_OVERDUE}:{task.id}:{{user}}:{task.due_on.isoformat()}",
        url=routes.TASKS,
        now=now,
    )


def task_done(
    session: Session, task: Task, actor: Actor, *, done: bool, now: datetime | None = None
) -> list[Notification]:
    """Closure for whoever asked: the member who created the task hears that someone
    else completed it (never of their own completion). Called by `tasks.set_done` for
    completing and reopening alike.

    Reopened (an undo, or later): the "done" notifications of that task are marked read
    and their pushes not yet sent are dropped, so nobody is told of a completion that no
    longer holds; the in-app list then says the task is open again (read time).
    Key: task.done:{task}:{user}:{task version}; completing again is a new version."""
    if not done:
        withdraw_task_done(session, task, now=now)
        return []
    asker = task.created_by_id
    if asker is None or asker == actor.membership_id or task.deleted_at is not None:
        return []
    return send(
        session,
        active_members(session, task.family_id, ids=[asker]),
        task,
        Action.TASK_VIEW,
        kind=TASK_DONE,
        category=Category.TASKS,
        key=f"{TASK_DONE}:{task.id}:{{user}}:{task.version}",
        url=routes.TASKS,
        actor_user_id=actor.user_id,
        actor_membership_id=actor.membership_id,
        now=now,
    )


def withdraw_task_done(session: Session, task: Task, *, now: datetime | None = None) -> int:
    """Mark the task's "done" notifications read and drop their waiting pushes; returns
    how many there were."""
    rows = session.exec(
        select(Notification).where(
            Notification.kind == TASK_DONE,
            Notification.object_type == "task",
            Notification.object_id == task.id,
        )
    ).all()
    withdraw(session, rows, now=now)
    return len(rows)


# --------------------------------------------------------------------------------------
# Agreements
# --------------------------------------------------------------------------------------


# The messages that ask something of the reader about a werkafspraak.
AGREEMENT_ASKS = (AGREEMENT_PROPOSED, AGREEMENT_CHANGED, AGREEMENT_REVIEW)


def withdraw_agreement_asks(
    session: Session, agreement: Agreement, *, now: datetime | None = None
) -> int:
    """A proposal taken back or a werkafspraak ended: its "waiting for your yes" and
    review messages ask nothing any more. Unread ones are marked read and their waiting
    pushes dropped (as for a reopened task); returns how many there were."""
    rows = session.exec(
        select(Notification).where(
            col(Notification.kind).in_(AGREEMENT_ASKS),
            Notification.object_type == "agreement",
            Notification.object_id == agreement.id,
            col(Notification.read_at).is_(None),
        )
    ).all()
    withdraw(session, rows, now=now)
    return len(rows)


def agreement_review_due(
    session: Session, agreement: Agreement, *, now: datetime | None = None
) -> list[Notification]:
    """The responsible person and the parents, once per review date (the scheduler).

    Key: agreement.review:{agreement}:{user}:{review date}."""
    if agreement.review_on is None:
        return []
    people = active_members(session, agreement.family_id, roles=[Role.PARENT])
    if agreement.responsible_id is not None:
        people += active_members(session, agreement.family_id, ids=[agreement.responsible_id])
    return send(
        session,
        people,
        agreement,
        Action.AGREEMENT_VIEW,
        kind=AGREEMENT_REVIEW,
        category=Category.AGREEMENTS,
        key=f"{AGREEMENT_REVIEW}:{agreement.id}:{{user}}:{agreement.review_on.isoformat()}",
        url=routes.AGREEMENTS,
        now=now,
    )


# --------------------------------------------------------------------------------------
# Appointments
# --------------------------------------------------------------------------------------

CHANGES = ("created", "moved", "changed", "cancelled")


def appointment_changed(
    session: Session,
    appointment: Appointment,
    change: str,
    actor: Actor | None,
    *,
    previous_attendee_ids: Iterable[int] = (),
    now: datetime | None = None,
) -> list[Notification]:
    """The people going along to an appointment that was created, moved or cancelled.

    `change`: "created", "moved" (its time changed), "cancelled", or "changed" (anything
    else: nobody hears about that, except people just added as going along, who get it
    as a new appointment; so do people added to a moved one).
    Key: appointment.{created|moved|cancelled}:{appointment}:{user}:{version}.
    """
    if change not in CHANGES:
        raise ValueError(change)
    attendees = set(appointment.attendee_ids or ())
    added = attendees - {int(i) for i in previous_attendee_ids}
    if change == "created":
        groups = {APPOINTMENT_CREATED: attendees}
    elif change == "cancelled":
        groups = {APPOINTMENT_CANCELLED: attendees}
    elif change == "moved":
        groups = {APPOINTMENT_MOVED: attendees - added, APPOINTMENT_CREATED: added}
    else:
        groups = {APPOINTMENT_CREATED: added}
    sent: list[Notification] = []
    for kind, ids in groups.items():
        if not ids:
            continue
        sent += send(
            session,
            active_members(session, appointment.family_id, ids=ids),
            appointment,
            Action.APPOINTMENT_VIEW,
            kind=kind,
            category=Category.APPOINTMENTS,
            key=f"{kind}:{appointment.id}:{{user}}:{appointment.version}",
            url=routes.AGENDA,
            actor_user_id=actor.user_id if actor else None,
            now=now,
        )
    return sent


def appointment_reminder(
    session: Session,
    appointment: Appointment,
    minutes: int,
    *,
    urgent: bool,
    now: datetime | None = None,
) -> list[Notification]:
    """The people going along, `minutes` before the start (the scheduler).

    Key: appointment.reminder:{appointment}:{user}:{minutes}:{start, UTC}: once per offset
    and start time, so moving the appointment sets its reminders again but editing the
    notes does not repeat one."""
    start = stamp(appointment.starts_at)
    return send(
        session,
        active_members(session, appointment.family_id, ids=appointment.attendee_ids or ()),
        appointment,
        Action.APPOINTMENT_VIEW,
        kind=APPOINTMENT_REMINDER,
        category=Category.REMINDERS,
        key=f"{APPOINTMENT_REMINDER}:{appointment.id}:{{user}}:{minutes}:{start}",
        url=routes.AGENDA,
        urgent=urgent,
        now=now,
    )


# --------------------------------------------------------------------------------------
# Brothers and sisters
# --------------------------------------------------------------------------------------


def signal_raised(
    session: Session, signal: CheckinSignal, *, now: datetime | None = None
) -> list[Notification]:
    """Every adult the signal was shared with: its share flags decide, never the role.

    Key: checkin.signal:{signal}:{user}."""
    sibling = session.get(Membership, signal.sibling_id)
    return send(
        session,
        active_members(session, signal.family_id, roles=ADULTS),
        signal,
        Action.SIGNAL_VIEW,
        kind=CHECKIN_SIGNAL,
        category=Category.SIGNALS,
        key=f"{CHECKIN_SIGNAL}:{signal.id}:{{user}}",
        url=routes.CHECKIN,
        actor_user_id=sibling.user_id if sibling else None,
        now=now or signal.created_at,
    )


def checkin_reminder(
    session: Session, sibling: Membership, slot: datetime, *, now: datetime | None = None
) -> Notification | None:
    """The sibling's own gentle reminder for one due slot (the scheduler).

    Key: checkin.reminder:{sibling membership}:{user}:{slot, UTC}."""
    if sibling.role != Role.SIBLING or sibling.status != MembershipStatus.ACTIVE:
        return None
    return notify(
        session,
        recipient_user_id=sibling.user_id,
        kind=CHECKIN_REMINDER,
        category=Category.CHECKIN_REMINDER,
        dedupe_key=f"{CHECKIN_REMINDER}:{sibling.id}:{sibling.user_id}:{stamp(slot)}",
        family_id=sibling.family_id,
        url=routes.MY_CHECKIN,
        object_type="membership",
        object_id=sibling.id,
        now=now,
    )
