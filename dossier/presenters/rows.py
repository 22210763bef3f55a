"""Domain objects as rows of display text in the reader's language (no Reflex here)."""

from __future__ import annotations

from datetime import date, datetime
from typing import TypedDict

from dossier.clock import local, local_today
from dossier.domain.agreement_overview import TaskProgress
from dossier.domain.agreements import (
    Progress,
    display_status,
    effective_status,
    has_owner,
    review_is_due,
)
from dossier.domain.tasks import comes_back, is_overdue
from dossier.i18n import format_day, format_long_day, format_moment, format_time, translate
from dossier.models import (
    Agreement,
    AgreementStatus,
    Appointment,
    AppointmentStatus,
    CheckIn,
    CheckinSignal,
    SignalKind,
    Task,
    TaskStatus,
)


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
    status_key: str
    comes_back: bool  # waiting, and the follow-up day has come: "terug: nabellen"
    follow_up: str


class AgreementRow(TypedDict):
    id: str
    version: str
    topic: str
    domain: str
    responsible: str
    gap: bool  # nobody responsible and not kept by the parents
    backup: str
    informed: str
    how: str
    status: str
    status_key: str
    review: str
    review_due: bool
    confirmed_by: str  # who confirmed this version
    waiting_for: str  # "Femke Bos, een ouder"; empty when agreed
    my_turn: bool  # it waits for the reader's confirmation
    can_confirm: bool  # the reader may still confirm this version
    tasks: str  # "2 open, 1 klaar: op schema"
    tasks_behind: bool


class AppointmentRow(TypedDict):
    id: str
    day: str
    time: str
    title: str
    place: str
    with_whom: str
    version: str
    cancelled: bool
    attendees: str  # the names of who goes along, "Anna de Vries, Femke Bos"
    preparation: str


class SignalRow(TypedDict):
    id: str
    version: str
    sibling: str
    text: str  # "Lotte wil graag praten met Femke Bos"
    when: str
    picked_up: str  # "Opgepakt door Femke Bos, ma 23 nov 21:40"; empty while open


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
        "status_key": task.status,
        "comes_back": comes_back(task, today),
        "follow_up": format_day(task.follow_up_on, lang) if waiting and task.follow_up_on else "",
    }


def agreement_row(
    agreement: Agreement,
    names: dict[int, str],
    lang: str,
    *,
    today: date | None = None,
    done: Progress | None = None,
    my_turn: bool = False,
    can_confirm: bool = False,
    tasks: TaskProgress | None = None,
) -> AgreementRow:
    """One agreement for a card; `done` (the confirmations) and `tasks` when known."""
    today = today or local_today()
    status = effective_status(agreement, today)
    if agreement.parents_keep:
        responsible = translate(lang, "agreement.parents_keep")
    else:
        responsible = names.get(agreement.responsible_id or 0) or translate(lang, "agreement.gap")
    waiting = ""  # nothing to confirm while the review date has passed: a new date first
    if (
        done is not None
        and status != AgreementStatus.AGREED
        and not review_is_due(agreement, today)
    ):
        waiting = ", ".join(
            translate(lang, f"agreement.waiting.{who}")
            if isinstance(who, str)
            else names.get(who, "")
            for who in done.waiting
        )
    confirmed = sorted(names.get(i, "") for i in (done.confirmed if done else ()))
    return {
        "id": str(agreement.id),
        "version": str(agreement.version),
        "topic": agreement.topic,
        "domain": translate(lang, f"domain.{agreement.domain}"),
        "responsible": responsible,
        "gap": not has_owner(agreement),
        "backup": names.get(agreement.backup_id or 0, ""),
        "informed": ", ".join(names.get(i, "") for i in agreement.informed_ids or ()),
        "how": agreement.how,
        # "Opnieuw bekijken" only for a passed review date; a change waiting is "changed".
        "status": translate(lang, f"agreement.status.{display_status(agreement, today)}"),
        "status_key": display_status(agreement, today),
        "review": format_day(agreement.review_on, lang) if agreement.review_on else "",
        "review_due": review_is_due(agreement, today),
        "confirmed_by": ", ".join(n for n in confirmed if n),
        "waiting_for": waiting,
        "my_turn": my_turn,
        "can_confirm": can_confirm,
        "tasks": tasks_text(tasks, lang) if tasks and tasks.total else "",
        "tasks_behind": bool(tasks and not tasks.on_track),
    }


def tasks_text(tasks: TaskProgress, lang: str) -> str:
    """'2 open, 1 klaar: op schema' or '3 open, 1 te laat: loopt achter'."""
    if tasks.on_track:
        return translate(lang, "agreement.tasks.on_track", open=tasks.open, done=tasks.done)
    return translate(lang, "agreement.tasks.behind", open=tasks.open, overdue=tasks.overdue)


def appointment_row(
    appointment: Appointment, lang: str, today: date, names: dict[int, str] | None = None
) -> AppointmentRow:
    start = local(appointment.starts_at)
    time = f"{format_time(appointment.starts_at, lang)}–{format_time(appointment.ends_at, lang)}"
    attendees = [names[i] for i in appointment.attendee_ids if i in names] if names else []
    return {
        "id": str(appointment.id),
        "day": day_label(start.date(), lang, today),
        "time": time,
        "title": appointment.title,
        "place": appointment.place,
        "with_whom": appointment.with_whom,
        "version": str(appointment.version),
        "cancelled": appointment.status == AppointmentStatus.CANCELLED,
        "attendees": ", ".join(attendees),
        "preparation": appointment.preparation,
    }


def agenda_day_label(day: date, lang: str, today: date) -> str:
    """A day heading in the agenda: Vandaag, Morgen, Gisteren, else the weekday and date."""
    if (day - today).days == -1:
        return translate(lang, "day.yesterday")
    if day.year != today.year and (day - today).days not in (0, 1):
        return f"{format_long_day(day, lang)} {day.year}"
    return day_label(day, lang, today)


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


def signal_row(signal: CheckinSignal, names: dict[int, str], lang: str) -> SignalRow:
    """A signal as the adults it was shared with see it: who, what, when, who picked it up."""
    sibling = names.get(signal.sibling_id, "")
    first_name = sibling.split(" ")[0] if sibling else translate(lang, "trends.someone")
    adult = names.get(signal.talk_to_id or 0, "")
    if signal.kind == SignalKind.LOW_MOOD:
        text = translate(lang, "signal.low_mood", name=first_name)
    elif adult:
        text = translate(lang, "signal.wants_to_talk_with", name=first_name, adult=adult)
    else:
        text = translate(lang, "signal.wants_to_talk", name=first_name)
    picked_up = ""
    if signal.picked_up_at is not None:
        who = names.get(signal.picked_up_by_id or 0) or translate(lang, "trends.someone")
        picked_up = translate(
            lang, "signal.picked_up", name=who, when=format_moment(signal.picked_up_at, lang)
        )
    return {
        "id": str(signal.id),
        "version": str(signal.version),
        "sibling": sibling,
        "text": text,
        "when": format_moment(signal.created_at, lang),
        "picked_up": picked_up,
    }
