"""Domain objects as rows of display text in the reader's language (no Reflex here)."""

from __future__ import annotations

from datetime import date, datetime
from typing import TypedDict

from dossier.domain.tasks import is_overdue
from dossier.i18n import format_day, format_long_day, format_time, local, translate
from dossier.models import Agreement, Appointment, CheckIn, Task, TaskStatus


class TaskRow(TypedDict):
    id: str
    version: str
    title: str
    domain: str
    assignee: str
    due: str
    overdue: bool
    status: str
    done: bool
    waiting_for: str


class AgreementRow(TypedDict):
    id: str
    topic: str
    domain: str
    responsible: str
    backup: str
    status: str
    status_key: str
    review: str


class AppointmentRow(TypedDict):
    id: str
    day: str
    time: str
    title: str
    place: str
    with_whom: str


class CheckInRow(TypedDict):
    id: str
    sibling: str
    mood: int
    mood_label: str
    needs: str
    note: str
    when: str
    wants_to_talk: bool


def task_row(task: Task, names: dict[int, str], lang: str, today: date) -> TaskRow:
    waiting = task.status == TaskStatus.WAITING and task.waiting_for
    return {
        "id": str(task.id),
        "version": str(task.version),
        "title": task.title,
        "domain": translate(lang, f"domain.{task.domain}"),
        "assignee": names.get(task.assignee_id or 0) or translate(lang, "task.nobody"),
        "due": format_day(task.due_on, lang) if task.due_on else "",
        "overdue": is_overdue(task, today),
        "status": translate(lang, f"task.status.{task.status}"),
        "done": task.status == TaskStatus.DONE,
        "waiting_for": translate(lang, "task.waiting_for", who=task.waiting_for) if waiting else "",
    }


def agreement_row(agreement: Agreement, names: dict[int, str], lang: str) -> AgreementRow:
    if agreement.parents_keep:
        responsible = translate(lang, "agreement.parents_keep")
    else:
        responsible = names.get(agreement.responsible_id or 0) or translate(lang, "agreement.gap")
    return {
        "id": str(agreement.id),
        "topic": agreement.topic,
        "domain": translate(lang, f"domain.{agreement.domain}"),
        "responsible": responsible,
        "backup": names.get(agreement.backup_id or 0, ""),
        "status": translate(lang, f"agreement.status.{agreement.status}"),
        "status_key": agreement.status,
        "review": format_day(agreement.review_on, lang) if agreement.review_on else "",
    }


def appointment_row(appointment: Appointment, lang: str, today: date) -> AppointmentRow:
    start = local(appointment.starts_at)
    time = f"{format_time(appointment.starts_at, lang)}–{format_time(appointment.ends_at, lang)}"
    return {
        "id": str(appointment.id),
        "day": day_label(start.date(), lang, today),
        "time": time,
        "title": appointment.title,
        "place": appointment.place,
        "with_whom": appointment.with_whom,
    }


def day_label(day: date, lang: str, today: date) -> str:
    if day == today:
        return translate(lang, "day.today")
    if (day - today).days == 1:
        return translate(lang, "day.tomorrow")
    return format_long_day(day, lang)


def checkin_row(checkin: CheckIn, names: dict[int, str], lang: str) -> CheckInRow:
    return {
        "id": str(checkin.id),
        "sibling": names.get(checkin.sibling_id, ""),
        "mood": checkin.mood,
        "mood_label": translate(lang, f"mood.{checkin.mood}"),
        "needs": ", ".join(translate(lang, f"need.{need}") for need in checkin.needs),
        "note": checkin.note,
        "when": format_moment_short(checkin.created_at, lang),
        "wants_to_talk": checkin.wants_to_talk,
    }


def format_moment_short(moment: datetime, lang: str) -> str:
    return format_day(local(moment).date(), lang)
