"""Tasks: listing what the actor may see, completing and reopening with conflict detection."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, select

from dossier.domain.access import guard, visible
from dossier.domain.errors import Conflict, NotFound
from dossier.models import Task, TaskStatus, utcnow
from dossier.permissions import Action, Actor


def list_tasks(session: Session, actor: Actor, *, include_done: bool = False) -> list[Task]:
    query = select(Task).where(Task.family_id == actor.family_id, Task.deleted_at.is_(None))  # type: ignore[union-attr]
    if not include_done:
        query = query.where(Task.status != TaskStatus.DONE)
    return sorted(visible(session, actor, Action.TASK_VIEW, session.exec(query)), key=task_order)


def task_order(task: Task) -> tuple:
    """Overdue first, then by due date; tasks without a date last."""
    return (task.due_on is None, task.due_on or date.max, task.id or 0)


def is_overdue(task: Task, today: date) -> bool:
    return task.status != TaskStatus.DONE and task.due_on is not None and task.due_on < today


def get_task(session: Session, actor: Actor, task_id: int, action: Action) -> Task:
    task = session.get(Task, task_id)
    if task is None:
        raise NotFound()
    guard(session, actor, action, task)
    return task


def set_done(
    session: Session, actor: Actor, *, task_id: int, expected_version: int, done: bool
) -> Task:
    """Complete (or reopen) a task, refusing if someone else changed it in the meantime."""
    task = get_task(session, actor, task_id, Action.TASK_COMPLETE)
    if task.version != expected_version:
        raise Conflict()
    task.status = TaskStatus.DONE if done else TaskStatus.OPEN
    task.completed_at = utcnow() if done else None
    session.add(task)
    try:
        session.flush()  # UPDATE ... WHERE version = ?: a race between load and save fails here
    except StaleDataError as exc:
        raise Conflict() from exc
    return task
