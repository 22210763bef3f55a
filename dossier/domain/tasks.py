"""Tasks: create, change, complete, reopen, delete and restore, with a short history.

Every write passes the gate (and so leaves an access-log row) and adds one TaskChange
row: the family's own history of the task ("Femke changed the due date"). Every write
also bumps the task's version, so a save based on an older version is refused with the
names of the fields the other person changed, never silently overwritten.

A task waiting for a third party comes back on its follow-up date: `comes_back` is the
one place that rule lives; the list order and the rows use it.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import case, func, or_
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, col, select

from dossier import audit
from dossier.clock import local_today
from dossier.clock import parse_day as read_day
from dossier.domain import notifications
from dossier.domain.access import guard, visible
from dossier.domain.errors import Conflict, InvalidInput, NotFound
from dossier.domain.membership import is_active
from dossier.domain.past import ask_if_past
from dossier.domain.text import line_problem, note_problem
from dossier.models import (
    Agreement,
    CareDomain,
    Membership,
    Task,
    TaskChange,
    TaskStatus,
    User,
    saved_id,
    utcnow,
)
from dossier.permissions import Action, Actor, require

TITLE_MAX = 200
NOTES_MAX = 4000
WAITING_FOR_MAX = 200
EARLIEST_DAY = date(2000, 1, 1)
LATEST_DAY = date(2100, 12, 31)


# --------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------


def list_tasks(
    session: Session, actor: Actor, *, include_done: bool = False, today: date | None = None
) -> list[Task]:
    """The tasks the actor may see: those needing attention first (see `task_order`)."""
    query = select(Task).where(Task.family_id == actor.family_id, col(Task.deleted_at).is_(None))
    if not include_done:
        query = query.where(Task.status != TaskStatus.DONE)
    day = today or local_today()
    shown = visible(session, actor, Action.TASK_VIEW, session.exec(query))
    return sorted(shown, key=lambda task: task_order(task, day))


def list_shown_tasks(
    session: Session, actor: Actor, *, done_shown: int, today: date | None = None
) -> list[Task]:
    """What the task list can show: every open task, and of the done ones only the
    `done_shown` most recently completed in each domain, apart for the actor's own.

    The list shows at most `done_shown` done tasks for any choice of domain (or all) and
    view ("Mijn taken" or "Alles"), and a member who sees only their own tasks sees only
    "mine": each of those is a union of these groups, so its newest `done_shown` are in
    this read. A family's years of done tasks are never read to show twenty (one
    statement, as before; its size does not grow with the dossier's age).
    """
    alive = (Task.family_id == actor.family_id, col(Task.deleted_at).is_(None))
    mine = case((col(Task.assignee_id) == actor.membership_id, 1), else_=0)
    newest_first = (
        col(Task.completed_at).is_(None),
        col(Task.completed_at).desc(),
        col(Task.id).desc(),
    )
    rank = func.row_number().over(partition_by=(col(Task.domain), mine), order_by=newest_first)
    ranked = (
        select(col(Task.id).label("id"), rank.label("rank"))
        .where(*alive, Task.status == TaskStatus.DONE)
        .subquery()
    )
    recent = select(ranked.c.id).where(ranked.c.rank <= done_shown)
    query = select(Task).where(
        *alive, or_(col(Task.status) != TaskStatus.DONE, col(Task.id).in_(recent))
    )
    day = today or local_today()
    shown = visible(session, actor, Action.TASK_VIEW, session.exec(query))
    return sorted(shown, key=lambda task: task_order(task, day))


def is_overdue(task: Task, today: date) -> bool:
    return task.status != TaskStatus.DONE and task.due_on is not None and task.due_on < today


def comes_back(task: Task, today: date) -> bool:
    """A task waiting for a third party is back on the list on its follow-up date: 'nabellen'."""
    return (
        task.status == TaskStatus.WAITING
        and task.follow_up_on is not None
        and task.follow_up_on <= today
    )


def needs_attention(task: Task, today: date) -> bool:
    return is_overdue(task, today) or comes_back(task, today)


def task_order(task: Task, today: date | None = None) -> tuple:
    """Overdue and come-back tasks first, then open work by date (none last), done last."""
    day = today or local_today()
    done = task.status == TaskStatus.DONE
    group = 2 if done else (0 if needs_attention(task, day) else 1)
    when = task.due_on
    if comes_back(task, day) and task.follow_up_on is not None:
        when = min(task.follow_up_on, task.due_on or date.max)
    return (group, when is None, when or date.max, task.id or 0)


def get_task(
    session: Session, actor: Actor, task_id: int, action: Action, *, deleted: bool = False
) -> Task:
    """The task, if the actor may do `action` on it; deleted tasks only when asked for."""
    task = session.get(Task, task_id)
    if task is None:
        raise NotFound()
    guard(session, actor, action, task)
    if (task.deleted_at is not None) != deleted:
        raise NotFound()
    return task


# --------------------------------------------------------------------------------------
# Input: what a form sends, checked before anything is written
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class TaskInput:
    title: str
    domain: str
    notes: str = ""
    assignee_id: int | None = None
    due_on: date | None = None
    status: str = TaskStatus.OPEN
    waiting_for: str = ""
    follow_up_on: date | None = None
    agreement_id: int | None = None  # the who-does-what agreement this task serves


# The order in which messages name them: "Iemand anders heeft net deadline, ... veranderd".
EDITABLE = (
    "title",
    "notes",
    "domain",
    "due_on",
    "assignee_id",
    "status",
    "waiting_for",
    "follow_up_on",
    "agreement_id",
)


class InvalidTask(InvalidInput):
    """One or more fields are wrong; `errors` maps each field to its catalogue key."""

    def __init__(self, errors: dict[str, str]) -> None:
        field, key = next(iter(errors.items()))
        super().__init__(key, field=field)
        self.errors = errors


class TaskConflict(Conflict):
    """Someone else saved the task after this form was opened; `fields` says what they changed."""

    message_key = "task.conflict"

    def __init__(self, fields: list[str], version: int | None = None) -> None:
        super().__init__("task.conflict" if fields else "error.conflict")
        self.fields = fields
        self.version = version


def parse_day(text: str | None) -> date | None:
    """'2026-11-23' (what a date input sends) or '23-11-2026'; empty is no date.

    Raises ValueError for text that is no real date and for days outside 2000-2100.
    """
    return read_day(text, earliest=EARLIEST_DAY, latest=LATEST_DAY)  # BadDay is a ValueError


def _day(raw: Mapping[str, Any], name: str, field: str, errors: dict[str, str]) -> date | None:
    value = raw.get(name)
    if isinstance(value, date):
        value = value.isoformat()
    try:
        return parse_day(str(value or ""))
    except ValueError:
        errors[field] = "task.error.date"
        return None


def _assignee(value: Any, errors: dict[str, str], field: str = "assignee_id") -> int | None:
    """An id from a select: empty is none; anything but digits is a wrong value."""
    text = str(value or "").strip()
    if not text:
        return None
    if not text.isdigit():
        errors[field] = f"task.error.{field.removesuffix('_id')}"
        return None
    return int(text)


def task_input(raw: Mapping[str, Any]) -> TaskInput:
    """A form's text fields as a TaskInput, or InvalidTask naming every wrong field.

    Keys: title, notes, domain, assignee (membership id or empty), due, status,
    waiting_for, follow_up (dates as yyyy-mm-dd or dd-mm-yyyy).
    """
    errors: dict[str, str] = {}
    title = " ".join(str(raw.get("title") or "").split())
    if not title:
        errors["title"] = "task.error.title_required"
    elif len(title) > TITLE_MAX:
        errors["title"] = "task.error.title_too_long"
    elif problem := line_problem(title):
        errors["title"] = problem
    notes = str(raw.get("notes") or "").strip()
    if len(notes) > NOTES_MAX:
        errors["notes"] = "task.error.notes_too_long"
    elif problem := note_problem(notes):
        errors["notes"] = problem
    domain = str(raw.get("domain") or "")
    if domain not in set(CareDomain):
        errors["domain"] = "task.error.domain"
    assignee_id = _assignee(raw.get("assignee"), errors)
    agreement_id = _assignee(raw.get("agreement"), errors, "agreement_id")
    due_on = _day(raw, "due", "due_on", errors)
    status = str(raw.get("status") or TaskStatus.OPEN)
    if status not in set(TaskStatus):
        errors["status"] = "task.error.status"
    waiting_for, follow_up_on = "", None
    if status == TaskStatus.WAITING:
        waiting_for = " ".join(str(raw.get("waiting_for") or "").split())
        if not waiting_for:
            errors["waiting_for"] = "task.error.waiting_for_required"
        elif len(waiting_for) > WAITING_FOR_MAX:
            errors["waiting_for"] = "task.error.waiting_for_too_long"
        elif problem := line_problem(waiting_for):
            errors["waiting_for"] = problem
        follow_up_on = _day(raw, "follow_up", "follow_up_on", errors)
        if follow_up_on is None and "follow_up_on" not in errors:
            errors["follow_up_on"] = "task.error.follow_up_required"
    if errors:
        raise InvalidTask(errors)
    return TaskInput(
        title=title,
        notes=notes,
        domain=domain,
        assignee_id=assignee_id,
        due_on=due_on,
        status=status,
        waiting_for=waiting_for,
        follow_up_on=follow_up_on,
        agreement_id=agreement_id,
    )


def _check_agreement(session: Session, actor: Actor, agreement_id: int | None) -> None:
    """A task can serve only an agreement of the actor's own family."""
    if agreement_id is None:
        return
    agreement = session.get(Agreement, agreement_id)
    if agreement is None or agreement.family_id != actor.family_id:
        raise InvalidTask({"agreement_id": "task.error.agreement"})


def _check_assignee(session: Session, actor: Actor, assignee_id: int | None) -> None:
    """Only an active member of the actor's own family can get a task."""
    if assignee_id is None:
        return
    membership = session.get(Membership, assignee_id)
    if membership is None or not is_active(membership) or membership.family_id != actor.family_id:
        raise InvalidTask({"assignee_id": "task.error.assignee"})


# --------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------


def _note(session: Session, actor: Actor, task: Task, kind: str, changed: list[str]) -> None:
    session.add(
        TaskChange(
            task_id=saved_id(task),
            family_id=task.family_id,
            membership_id=actor.membership_id,
            kind=kind,
            fields=changed,
        )
    )


def _flush(session: Session, task: Task) -> None:
    session.add(task)
    try:
        session.flush()  # UPDATE ... WHERE version = ?: a race between load and save fails here
    except StaleDataError as exc:
        raise TaskConflict([]) from exc


def _parsed(data: TaskInput | Mapping[str, Any]) -> TaskInput:
    return data if isinstance(data, TaskInput) else task_input(data)


def _dates(data: TaskInput) -> list[date | None]:
    """The dates that would be a mistake in the past: the due date and the follow-up
    date of a task that is still to do (a done task may well be due yesterday)."""
    return [] if data.status == TaskStatus.DONE else [data.due_on, data.follow_up_on]


def create_task(
    session: Session,
    actor: Actor,
    data: TaskInput | Mapping[str, Any],
    *,
    past_ok: Collection[date] | None = None,
    today: date | None = None,
) -> Task:
    """A new task; `data` is a TaskInput or a form's raw fields (see `task_input`).

    With `past_ok` (the days already confirmed) a due or follow-up date before today
    raises PastDate first, so the form can ask; None asks nothing."""
    require(actor, Action.TASK_CREATE)  # first: a refusal is logged by unit_of_work
    data = _parsed(data)
    _check_assignee(session, actor, data.assignee_id)
    _check_agreement(session, actor, data.agreement_id)
    ask_if_past(_dates(data), confirmed=past_ok, today=today)
    task = Task(
        family_id=actor.family_id,
        created_by_id=actor.membership_id,
        **{name: getattr(data, name) for name in EDITABLE},
    )
    if data.status == TaskStatus.DONE:
        task.completed_at = utcnow()
    session.add(task)
    session.flush()
    audit.record(session, actor, str(Action.TASK_CREATE), object_type="task", object_id=task.id)
    _note(session, actor, task, "created", [])
    notifications.task_assigned(session, task, actor)
    return task


def snapshot(task: Task) -> dict[str, Any]:
    """The editable values as a form loaded them, to tell later what someone else changed."""
    return {name: getattr(task, name) for name in EDITABLE}


def _differs(task: Task, values: Mapping[str, Any]) -> list[str]:
    return [name for name in EDITABLE if name in values and getattr(task, name) != values[name]]


def changed_since(session: Session, task: Task, version: int) -> list[str]:
    """The fields changed after `version`, from the history (one row per version bump)."""
    newer = max(task.version - version, 0)
    rows = session.exec(
        select(TaskChange)
        .where(TaskChange.task_id == task.id)
        .order_by(col(TaskChange.id).desc())
        .limit(newer)
    ).all()
    seen: list[str] = []
    for row in rows:
        changed = row.fields or (["status"] if row.kind in ("completed", "reopened") else [])
        seen += [name for name in changed if name not in seen]
    return [name for name in EDITABLE if name in seen]


def update_task(
    session: Session,
    actor: Actor,
    *,
    task_id: int,
    expected_version: int,
    data: TaskInput | Mapping[str, Any],
    original: Mapping[str, Any] | None = None,
    past_ok: Collection[date] | None = None,
    today: date | None = None,
) -> list[str]:
    """Save a form; returns the names of the fields that changed (empty: nothing to save).

    `original` is what the form showed when it was opened (see `snapshot`); with it a
    conflict names exactly what the other person changed, else the history is used.
    `past_ok` as in create_task; a date the task already had asks nothing.
    """
    task = get_task(session, actor, task_id, Action.TASK_EDIT)
    if task.version != expected_version:
        theirs = _differs(task, original) if original else []
        raise TaskConflict(theirs or changed_since(session, task, expected_version), task.version)
    data = _parsed(data)
    _check_assignee(session, actor, data.assignee_id)
    _check_agreement(session, actor, data.agreement_id)
    # A date the task has, or the form showed when opened, was not typed now: no question.
    shown = original or {}
    had = [
        day
        for day in (task.due_on, task.follow_up_on, shown.get("due_on"), shown.get("follow_up_on"))
        if isinstance(day, date)
    ]
    ask_if_past(_dates(data), confirmed=past_ok, today=today, before=had)
    new_values = {name: getattr(data, name) for name in EDITABLE}
    if original is not None:
        # Only what this person changed in the form: after a conflict, "save my changes
        # anyway" keeps what the other person changed in the fields this one left alone.
        new_values = {k: v for k, v in new_values.items() if original.get(k) != v}
    changed = _differs(task, new_values)
    if not changed:
        return []
    was_done = task.status == TaskStatus.DONE
    for name in changed:
        setattr(task, name, new_values[name])
    kind = "changed"
    if "status" in changed and (task.status == TaskStatus.DONE) != was_done:
        kind = "completed" if task.status == TaskStatus.DONE else "reopened"
        task.completed_at = utcnow() if task.status == TaskStatus.DONE else None
    _flush(session, task)
    _note(session, actor, task, kind, changed)
    if "assignee_id" in changed:
        notifications.task_assigned(session, task, actor)
    if kind in ("completed", "reopened"):  # done through the form: the same closure
        notifications.task_done(session, task, actor, done=kind == "completed")
    return changed


def set_waiting(
    session: Session,
    actor: Actor,
    *,
    task_id: int,
    expected_version: int,
    waiting_for: str,
    follow_up_on: date | str | None,
) -> list[str]:
    """Park a task: we wait for `waiting_for`, and it comes back on `follow_up_on`."""
    task = session.get(Task, task_id)
    if task is None:
        raise NotFound()
    raw = {  # the task as it is, now waiting; update_task checks who may do this first
        "title": task.title,
        "notes": task.notes,
        "domain": task.domain,
        "assignee": task.assignee_id or "",
        "due": task.due_on,
        "status": TaskStatus.WAITING,
        "waiting_for": waiting_for,
        "follow_up": follow_up_on,
        "agreement": task.agreement_id or "",
    }
    return update_task(session, actor, task_id=task_id, expected_version=expected_version, data=raw)


def set_done(
    session: Session,
    actor: Actor,
    *,
    task_id: int,
    expected_version: int,
    done: bool,
    reopen_as: str | None = None,
) -> Task:
    """Complete (or reopen) a task, refusing if someone else changed it in the meantime.

    Reopening puts the task back as it was: a task that was waiting when it was completed
    kept whom it waits for and its follow-up date, so it is waiting again. `reopen_as`
    lets an undo name the state it had (busy). Reopened as anything but waiting, the
    waiting fields are cleared here and named in the history, never left hidden for the
    next save to record as someone else's change.
    """
    task = get_task(session, actor, task_id, Action.TASK_COMPLETE)
    if task.version != expected_version:
        raise Conflict()
    waited = bool(task.waiting_for and task.follow_up_on)
    if reopen_as not in set(TaskStatus) or reopen_as == TaskStatus.DONE:
        reopen_as = TaskStatus.WAITING if waited else TaskStatus.OPEN
    if reopen_as == TaskStatus.WAITING and not waited:
        reopen_as = TaskStatus.OPEN
    task.status = TaskStatus.DONE if done else reopen_as
    task.completed_at = utcnow() if done else None
    changed = ["status"]
    if not done and task.status != TaskStatus.WAITING:
        cleared = {"waiting_for": "", "follow_up_on": None}
        changed += [name for name, empty in cleared.items() if getattr(task, name) != empty]
        for name, empty in cleared.items():
            setattr(task, name, empty)
    _flush(session, task)
    _note(session, actor, task, "completed" if done else "reopened", changed)
    notifications.task_done(session, task, actor, done=done)  # closure for whoever asked
    return task


def delete_task(session: Session, actor: Actor, *, task_id: int, expected_version: int) -> Task:
    """Soft delete: the task leaves every list but stays for its history and an undo."""
    task = get_task(session, actor, task_id, Action.TASK_EDIT)
    if task.version != expected_version:
        raise TaskConflict(changed_since(session, task, expected_version), task.version)
    task.deleted_at = utcnow()
    _flush(session, task)
    _note(session, actor, task, "deleted", [])
    return task


def restore_task(session: Session, actor: Actor, *, task_id: int) -> Task:
    """Undo a delete. Restoring a task that is not deleted changes nothing."""
    task = session.get(Task, task_id)
    if task is None:
        raise NotFound()
    guard(session, actor, Action.TASK_EDIT, task)
    if task.deleted_at is None:
        return task
    task.deleted_at = None
    _flush(session, task)
    _note(session, actor, task, "restored", [])
    return task


# --------------------------------------------------------------------------------------
# History
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class HistoryEntry:
    at: datetime
    kind: str  # created, changed, completed, reopened, deleted, restored
    fields: list[str]
    name: str  # who did it ('' when unknown)


def task_with_history(
    session: Session, actor: Actor, task_id: int
) -> tuple[Task, list[HistoryEntry]]:
    """The task and who created, changed and completed it and when, newest first."""
    task = get_task(session, actor, task_id, Action.TASK_VIEW)
    rows = session.exec(
        select(TaskChange, User.name)
        .join(Membership, col(Membership.id) == TaskChange.membership_id, isouter=True)
        .join(User, col(User.id) == Membership.user_id, isouter=True)
        .where(TaskChange.task_id == task.id, TaskChange.family_id == actor.family_id)
        .order_by(col(TaskChange.at).desc(), col(TaskChange.id).desc())
    ).all()
    entries = [
        HistoryEntry(at=row.at, kind=row.kind, fields=list(row.fields or []), name=name or "")
        for row, name in rows
    ]
    if not any(entry.kind == "created" for entry in entries):
        # Tasks from before the history (the demo data): their creation is on the task itself.
        creator = _name(session, task.created_by_id)
        entries.append(HistoryEntry(at=task.created_at, kind="created", fields=[], name=creator))
    return task, entries


@dataclass(frozen=True, slots=True, kw_only=True)
class Completion:
    """Who completed a done task, and when ("Klaar · Femke Bos, 3 dec 14:20")."""

    at: datetime
    name: str  # '' when unknown (completed before the history, or the member left)


def completions(session: Session, actor: Actor, tasks: list[Task]) -> dict[int, Completion]:
    """For each done task: its latest "completed" history row; else when it was completed.

    The tasks come from a read that passed the gate (`list_tasks`): no log row of its own.
    """
    done = {t.id: t for t in tasks if t.status == TaskStatus.DONE and t.id is not None}
    if not done:
        return {}
    rows = session.exec(
        select(TaskChange.task_id, TaskChange.at, User.name)
        .join(Membership, col(Membership.id) == TaskChange.membership_id, isouter=True)
        .join(User, col(User.id) == Membership.user_id, isouter=True)
        .where(
            col(TaskChange.task_id).in_(list(done)),
            TaskChange.family_id == actor.family_id,
            TaskChange.kind == "completed",
        )
        .order_by(col(TaskChange.at), col(TaskChange.id))
    ).all()
    found = {task_id: Completion(at=at, name=name or "") for task_id, at, name in rows}
    for task_id, task in done.items():
        if task_id not in found and task.completed_at is not None:
            # Made as done straight away (no "completed" row): its maker completed it.
            # Older done tasks without history: when, but not who.
            made_done = abs(task.completed_at - task.created_at) < timedelta(minutes=1)
            name = _name(session, task.created_by_id) if made_done else ""
            found[task_id] = Completion(at=task.completed_at, name=name)
    return found


def task_history(session: Session, actor: Actor, task_id: int) -> list[HistoryEntry]:
    return task_with_history(session, actor, task_id)[1]


def _name(session: Session, membership_id: int | None) -> str:
    if membership_id is None:
        return ""
    name = session.exec(
        select(User.name)
        .join(Membership, col(Membership.user_id) == User.id)
        .where(Membership.id == membership_id)
    ).first()
    return name or ""
