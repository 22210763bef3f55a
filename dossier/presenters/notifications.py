"""A row of the in-app notification list: what and who, in the reader's language.

Only for the list inside the app, after login: a push keeps the generic words of
`sender.push_texts` (a lock screen shows no names or health details). When the reader
may not see the item (any more), the row has those same generic words and links to the
page; see dossier/domain/notification_items.py for who may see what.
"""

from __future__ import annotations

from datetime import date
from typing import TypedDict

from babel.dates import format_date

from dossier.domain.notification_items import Seen
from dossier.i18n import format_moment, translate
from dossier.models import SignalKind
from dossier.notify.sender import push_texts, safe_path
from dossier.presenters.access_log import when

# Kinds whose words name the person who caused them ("Anna vroeg je: ...").
WITH_WHO = {
    "admission.started",
    "plan.proposed",
    "plan.answered",
    "careplan.changed",
    "task.assigned",
    "task.done",
    "agreement.proposed",
    "agreement.changed",
    "appointment.created",
    "appointment.moved",
    "appointment.cancelled",
}


# The care plan is due: the words name the due date (domain/care_plan_evaluation.py).
CARE_PLAN_DUE = ("careplan.review", "careplan.reevaluation")
# Issue 20: "Rik stelt een vraag voor het gesprek van 20 december 2026" (domain/acp.py).
ACP_QUESTION = "acp.question"


class NotificationRow(TypedDict):
    id: str
    text: str
    when: str
    iso: str
    unread: bool
    talk: bool  # a brother or sister wants to talk: the row stands out


def first_name_or_someone(seen: Seen, lang: str) -> str:
    return seen.who or translate(lang, "notif.item.someone")


def signal_text(seen: Seen, lang: str) -> str:
    name = seen.title or translate(lang, "notif.item.someone")
    if seen.signal_kind == SignalKind.WANTS_TO_TALK:
        key = "notif.item.signal.talk_to_you" if seen.talk_to_me else "notif.item.signal.talk"
        return translate(lang, key, name=name)
    return translate(lang, "notif.item.signal.low_mood", name=name)


def item_text(seen: Seen, lang: str) -> str:
    """The words of one notification for this reader: the item's own when visible."""
    kind = seen.notification.kind
    key = f"notif.item.{kind}"
    if seen.visible and seen.signal_kind:
        return signal_text(seen, lang)
    if not seen.visible or not _known(lang, key):
        return push_texts(kind, lang)[1]
    if kind == "task.done" and not seen.still_done:
        key = "notif.item.task.done_reopened"
    params: dict[str, object] = {"title": seen.title}
    if kind in WITH_WHO:
        params["who"] = first_name_or_someone(seen, lang)
    if seen.starts_at is not None:
        params["when"] = format_moment(seen.starts_at, lang)
    if kind in CARE_PLAN_DUE:
        params["day"] = format_date(seen.due_on, "d MMMM y", locale=lang) if seen.due_on else ""
    if kind == ACP_QUESTION:
        params["who"] = first_name_or_someone(seen, lang)
        params["day"] = format_date(seen.due_on, "d MMMM y", locale=lang) if seen.due_on else ""
    text = translate(lang, key, **params)
    if seen.due_on is not None and kind in ("task.assigned", "task.overdue"):
        text = translate(lang, "notif.item.due", text=text, day=short_day(seen.due_on, lang))
    return text


def short_day(day: date, lang: str) -> str:
    """'18 dec.': the day and month, as one says a due date."""
    return format_date(day, "d MMM", locale=lang)


def _known(lang: str, key: str) -> bool:
    return translate(lang, key) != key


def notification_row(seen: Seen, lang: str, today: date) -> NotificationRow:
    notification = seen.notification
    return {
        "id": str(notification.id),
        "text": item_text(seen, lang),
        "when": when(notification.created_at, lang, today),
        "iso": notification.created_at.isoformat(timespec="seconds"),
        "unread": notification.read_at is None,
        "talk": seen.visible and seen.signal_kind == SignalKind.WANTS_TO_TALK,
    }


def target(seen: Seen) -> str:
    """Where a tap goes: a path inside the app, never anywhere else."""
    return safe_path(seen.url)
