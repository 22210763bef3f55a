"""What time causes: overdue tasks, reviews, appointment reminders, the siblings'
check-in reminders and the daily summary.

`run_scheduled(session, now)` scans once. It is idempotent and safe for any number of
workers at the same time: every notification has a unique dedupe key, so a second run
(or a second worker) finds it written and adds nothing. Keys already written are looked
up in bulk first, so a run that finds nothing new writes nothing.

When things come:
- an overdue task: once per task and due date, to its assignee, from the day after the
  due date (up to LOOKBACK days late, so a long stop or the first start does not send
  old news);
- an agreement due for review: once per review date, to the responsible person and the
  parents, from the review date (up to LOOKBACK days late);
- an appointment reminder: per person going along, at each of the appointment's
  reminder offsets (default 24 hours and 2 hours before), once per offset and start
  time; only within a grace window after its moment (a quarter of the offset, at least
  five minutes), and not when the appointment was made after that moment (its
  "new appointment" message said it already). Reminders of two hours or less are
  urgent: they come through quiet hours, because waiting until 07:30 would make them
  late;
- a sibling's check-in reminder: per the parents' rhythm (checkin_settings), in the
  early evening, once per due slot, only within CHECKIN_WINDOW after the slot (never at
  night when the scheduler was stopped);
- a professional's access with an end date (domain/access_until.py): the parents hear
  once, a week before; after the last day the membership is marked ended and logged
  (the gate refuses them from that day on by itself);
- three days after a parent ended an admission (domain/admission.py): the parents are
  asked once "Hoe ging het? Wil je het plan aanpassen?" (not urgent: quiet hours hold it);
- the review date of the plan for a sudden admission (domain/emergency_plan.py): the
  parents hear once per date, on the day (or within a week, after a stop);
- the care plan's review or re-evaluation date, or a re-evaluation someone asked for
  (domain/care_plan_evaluation.py): the parents and both case managers hear once per
  due date and kind;
- the daily summary, for people who chose it: once per person per day at their
  `summary_at` (or at the first scan after it), counting the notifications that were
  folded into it (SUMMARISED deliveries) from the previous summary's moment up to this
  one, and only when there is something to count. It is dated at its moment, so what
  comes later waits for the next day. Its own push rows are queued as PENDING here
  (notify() would fold it into itself); quiet hours still apply to it.

`scheduler_task()` is the app's lifespan task: a scan every minute in a worker thread,
never crashing the app. DOSSIER_SCHEDULER=0 switches it off.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time as clock
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, col, select

from dossier.db import session_scope
from dossier.domain import (
    access_until,
    admission,
    care_plan_evaluation,
    emergency_plan,
    exports,
    notifications,
)
from dossier.domain.appointments import REMINDER_CHOICES
from dossier.domain.checkin_settings import next_reminder_at
from dossier.domain.notification_settings import visible_to
from dossier.domain.tasks import is_overdue
from dossier.i18n import local_today
from dossier.jobs import erasure
from dossier.models import (
    Agreement,
    AgreementStatus,
    Appointment,
    AppointmentStatus,
    Category,
    CheckIn,
    CheckinSettings,
    DeliveryStatus,
    Membership,
    MembershipStatus,
    Notification,
    NotificationSettings,
    PushDelivery,
    Reminder,
    Role,
    Task,
    TaskStatus,
    utcnow,
)
from dossier.notify.outbox import AMSTERDAM, notify, preferences_of
from dossier.settings import data_dir

logger = logging.getLogger(__name__)

INTERVAL_SECONDS = 60
FIRST_RUN_DELAY_SECONDS = 5
LOOKBACK = timedelta(days=7)
URGENT_REMINDER_MINUTES = 120  # this close to the start, a reminder comes through quiet hours
MIN_GRACE = timedelta(minutes=5)
CHECKIN_WINDOW = timedelta(hours=3)  # 18:00-21:00 in Amsterdam
MAX_SLOTS = 2000  # a bound on walking a sibling's reminder slots forward
_KEY_BATCH = 500


def enabled() -> bool:
    return os.environ.get("DOSSIER_SCHEDULER", "1").strip().lower() not in {"0", "false", "no"}


# --------------------------------------------------------------------------------------
# One run
# --------------------------------------------------------------------------------------


def run_scheduled(session: Session, now: datetime | None = None) -> dict[str, int]:
    """Scan once; returns how many notifications each scan wrote (-1: that scan failed,
    its error is logged and the other scans still ran). The caller commits."""
    now = now or utcnow()
    counts: dict[str, int] = {}
    for name, scan in SCANS:
        try:
            with session.begin_nested():  # a failing scan rolls back only its own writes
                counts[name] = scan(session, now)
        except Exception:
            logger.exception("notification scan %s failed", name)
            counts[name] = -1
    return counts


def _known(session: Session, keys: Iterable[str]) -> set[str]:
    """The dedupe keys among `keys` that were written before."""
    wanted = sorted(set(keys))
    found: set[str] = set()
    for start in range(0, len(wanted), _KEY_BATCH):
        batch = wanted[start : start + _KEY_BATCH]
        found.update(
            session.exec(
                select(Notification.dedupe_key).where(col(Notification.dedupe_key).in_(batch))
            ).all()
        )
    return found


def _roles(roles: Iterable[Role]) -> list[str]:
    return [str(role) for role in roles]


# --------------------------------------------------------------------------------------
# Overdue tasks
# --------------------------------------------------------------------------------------


def scan_overdue_tasks(session: Session, now: datetime) -> int:
    today = local_today(now)
    rows = session.exec(
        select(Task, Membership)
        .join(Membership, col(Membership.id) == Task.assignee_id)
        .where(
            col(Task.deleted_at).is_(None),
            Task.status != TaskStatus.DONE,
            col(Task.due_on) < today,
            col(Task.due_on) >= today - LOOKBACK,
            Membership.family_id == Task.family_id,
            Membership.status == MembershipStatus.ACTIVE,
            col(Membership.role).in_(_roles(notifications.DOERS)),
        )
    ).all()
    keys = {
        f"{notifications.TASK_OVERDUE}:{task.id}:{member.user_id}:{task.due_on}": (task, member)
        for task, member in rows
        if is_overdue(task, today)
    }
    known = _known(session, keys)
    sent = 0
    for key, (task, member) in keys.items():
        if key not in known:
            sent += len(notifications.task_overdue(session, task, member, now=now))
    return sent


# --------------------------------------------------------------------------------------
# Agreements due for review
# --------------------------------------------------------------------------------------


def scan_reviews(session: Session, now: datetime) -> int:
    today = local_today(now)
    due = session.exec(
        select(Agreement).where(
            col(Agreement.review_on) <= today,
            col(Agreement.review_on) >= today - LOOKBACK,
            # Withdrawn and ended agreements are not reviewed any more.
            col(Agreement.status).not_in([AgreementStatus.WITHDRAWN, AgreementStatus.ENDED]),
        )
    ).all()
    sent = 0
    for agreement in due:
        # The people are looked up per agreement; the bulk check below keeps repeat runs
        # to one query per agreement in the window (a handful per family).
        people = notifications.active_members(session, agreement.family_id, roles=[Role.PARENT])
        if agreement.responsible_id is not None:
            people += notifications.active_members(
                session, agreement.family_id, ids=[agreement.responsible_id]
            )
        prefix = f"{notifications.AGREEMENT_REVIEW}:{agreement.id}"
        keys = {f"{prefix}:{m.user_id}:{agreement.review_on}" for m in people}
        if keys and keys <= _known(session, keys):
            continue
        sent += len(notifications.agreement_review_due(session, agreement, now=now))
    return sent


# --------------------------------------------------------------------------------------
# Appointment reminders
# --------------------------------------------------------------------------------------


def reminder_grace(minutes: int) -> timedelta:
    return max(timedelta(minutes=minutes) / 4, MIN_GRACE)


def due_reminders(appointment: Appointment, now: datetime) -> list[int]:
    """The reminder offsets (minutes) whose moment has come for this appointment now."""
    if appointment.status != AppointmentStatus.PLANNED or appointment.starts_at <= now:
        return []
    if appointment.deleted_at is not None:
        return []
    due: list[int] = []
    for minutes in sorted(set(appointment.reminder_minutes or ())):
        moment = appointment.starts_at - timedelta(minutes=minutes)
        if moment <= now < moment + reminder_grace(minutes) and appointment.created_at <= moment:
            due.append(minutes)
    return due


def scan_appointment_reminders(session: Session, now: datetime) -> int:
    horizon = now + timedelta(minutes=max(REMINDER_CHOICES)) + MIN_GRACE
    coming = session.exec(
        select(Appointment).where(
            Appointment.status == AppointmentStatus.PLANNED,
            col(Appointment.starts_at) > now,
            col(Appointment.starts_at) <= horizon,
            col(Appointment.deleted_at).is_(None),  # deleted: no reminder
        )
    ).all()
    sent = 0
    for appointment in coming:
        for minutes in due_reminders(appointment, now):
            people = notifications.active_members(
                session, appointment.family_id, ids=appointment.attendee_ids or ()
            )
            start = notifications.stamp(appointment.starts_at)
            prefix = f"{notifications.APPOINTMENT_REMINDER}:{appointment.id}"
            keys = {f"{prefix}:{m.user_id}:{minutes}:{start}" for m in people}
            if not keys or keys <= _known(session, keys):
                continue
            sent += len(
                notifications.appointment_reminder(
                    session,
                    appointment,
                    minutes,
                    urgent=minutes <= URGENT_REMINDER_MINUTES,
                    now=now,
                )
            )
    return sent


# --------------------------------------------------------------------------------------
# The siblings' check-in reminders
# --------------------------------------------------------------------------------------


def latest_slot(
    reminder: Reminder, last_checkin_at: datetime | None, since: datetime, now: datetime
) -> datetime | None:
    """The last reminder moment at or before `now`: the first one comes one interval
    after the last check-in (or right after the rhythm was set, in the evening), the
    next ones one interval later each while no check-in comes."""
    slot = next_reminder_at(reminder, last_checkin_at, since)
    if slot is None or slot > now:
        return None
    for _ in range(MAX_SLOTS):
        following = next_reminder_at(reminder, slot, slot)
        if following is None or following > now or following <= slot:
            break
        slot = following
    return slot


def scan_checkin_reminders(session: Session, now: datetime) -> int:
    rows = session.exec(
        select(CheckinSettings, Membership)
        .join(Membership, col(Membership.id) == CheckinSettings.sibling_id)
        .where(
            CheckinSettings.reminder != Reminder.OFF,
            Membership.status == MembershipStatus.ACTIVE,
            Membership.role == Role.SIBLING,
        )
    ).all()
    if not rows:
        return 0
    # Keyed by id; a sibling without one (never: these rows are stored) finds nothing.
    last_checkins: dict[int | None, datetime] = dict(
        session.exec(
            select(CheckIn.sibling_id, func.max(CheckIn.created_at))
            .where(col(CheckIn.sibling_id).in_([m.id for _s, m in rows]))
            .group_by(col(CheckIn.sibling_id))
        ).all()
    )
    due: dict[str, tuple[Membership, datetime]] = {}
    for settings, sibling in rows:
        try:
            reminder = Reminder(settings.reminder)
        except ValueError:
            continue
        last = _aware(last_checkins.get(sibling.id))
        slot = latest_slot(reminder, last, settings.updated_at, now)
        if slot is None or now >= slot + CHECKIN_WINDOW:
            continue
        prefix = f"{notifications.CHECKIN_REMINDER}:{sibling.id}:{sibling.user_id}"
        key = f"{prefix}:{notifications.stamp(slot)}"
        due[key] = (sibling, slot)
    known = _known(session, due)
    sent = 0
    for key, (sibling, slot) in due.items():
        if key not in known and notifications.checkin_reminder(session, sibling, slot, now=now):
            sent += 1
    return sent


def _aware(moment: datetime | None) -> datetime | None:
    """func.max() hands back the stored value without the column's type on SQLite."""
    if moment is None:
        return None
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


# --------------------------------------------------------------------------------------
# The daily summary
# --------------------------------------------------------------------------------------


def scan_daily_summaries(session: Session, now: datetime) -> int:
    local_now = now.astimezone(AMSTERDAM)
    user_ids = session.exec(
        select(NotificationSettings.user_id).where(col(NotificationSettings.daily_summary))
    ).all()
    prefix = notifications.DAILY_SUMMARY
    keys = {f"{prefix}:{user_id}:{local_now.date()}": user_id for user_id in user_ids}
    known = _known(session, keys)
    sent = 0
    for key, user_id in keys.items():
        if key in known:
            continue
        preferences = preferences_of(session, user_id)
        moment = datetime.combine(local_now.date(), preferences.summary_at, tzinfo=AMSTERDAM)
        if not preferences.daily_summary or local_now < moment:
            continue
        count = summarised_until(session, user_id, moment.astimezone(UTC))
        if count and _send_summary(session, user_id, key, count, moment.astimezone(UTC)):
            sent += 1
    return sent


def summarised_until(session: Session, user_id: int, moment: datetime) -> int:
    """How many of the person's notifications were folded into the summary after the
    last summary's moment and up to this one (each once, however many devices it had).

    A summary is dated at its own moment (`summary_at`, even when a scan came later),
    so what comes after that moment waits for the next day's summary, and a summary
    that had nothing to count (and so was not sent) leaves its period to the next one.
    """
    last = session.exec(
        select(func.max(Notification.created_at)).where(
            Notification.recipient_user_id == user_id,
            Notification.kind == notifications.DAILY_SUMMARY,
        )
    ).one()
    query = (
        select(func.count(func.distinct(Notification.id)))
        .select_from(Notification)
        .join(PushDelivery, col(PushDelivery.notification_id) == Notification.id)
        .where(
            visible_to(user_id),
            PushDelivery.status == DeliveryStatus.SUMMARISED,
            col(Notification.created_at) <= moment,
        )
    )
    if last is not None:
        query = query.where(col(Notification.created_at) > _aware(last))
    return session.exec(query).one()


def _send_summary(session: Session, user_id: int, key: str, count: int, moment: datetime) -> bool:
    summary = notify(
        session,
        recipient_user_id=user_id,
        kind=notifications.DAILY_SUMMARY,
        category=Category.SYSTEM,
        dedupe_key=key,
        url="/",
        object_type="summary",
        object_id=count,  # shown in the list as notification.summary.daily.count
        now=moment,  # dated at its moment: the next summary counts from there
    )
    if summary is None:
        return False
    # notify() folded the summary into itself (the person chose the summary): it is the
    # one push of the day, so its rows are queued like any other (quiet hours kept).
    for delivery in session.exec(
        select(PushDelivery).where(
            PushDelivery.notification_id == summary.id,
            PushDelivery.status == DeliveryStatus.SUMMARISED,
        )
    ).all():
        delivery.status = DeliveryStatus.PENDING
        session.add(delivery)
    session.flush()
    return True


SCANS: tuple[tuple[str, Callable[[Session, datetime], int]], ...] = (
    ("overdue_tasks", scan_overdue_tasks),
    ("reviews", scan_reviews),
    ("appointment_reminders", scan_appointment_reminders),
    ("checkin_reminders", scan_checkin_reminders),
    ("access_ending", access_until.send_notices),  # a professional's access ends in a week
    ("access_ended", access_until.end_expired),  # past its end date: the membership ends
    ("admission_follow_ups", admission.send_follow_ups),  # "Hoe ging het?" 3 days after
    ("plan_reviews", emergency_plan.send_review_reminders),  # the plan's review date came
    ("care_plan_reviews", care_plan_evaluation.send_reminders),  # the care plan is due
    ("daily_summaries", scan_daily_summaries),  # last: it counts what the others folded in
)


# --------------------------------------------------------------------------------------
# The lifespan task
# --------------------------------------------------------------------------------------


def run_once(url: str | None = None, now: datetime | None = None) -> dict[str, int]:
    """One scan in its own transaction (committed at the end)."""
    started = clock.perf_counter()
    with session_scope(url) as session:
        counts = run_scheduled(session, now)
    took = clock.perf_counter() - started
    if any(counts.values()):
        logger.info("notification scan: %s in %.3f s", counts, took)
    return counts


def expire_exports(url: str | None = None, now: datetime | None = None) -> int:
    """Export files past their 24 hours (or downloaded) are deleted (domain/exports.py);
    beside the notification scans, in its own transaction."""
    with session_scope(url) as session:
        return exports.expire(session, data_dir(), now=now)


async def scheduler_task() -> None:
    """Scan every minute in a worker thread; an error is logged, never raised, so the
    app keeps running. DOSSIER_SCHEDULER=0 switches it off."""
    if not enabled():
        logger.info("notification scheduler is off (DOSSIER_SCHEDULER=0)")
        return
    await asyncio.sleep(FIRST_RUN_DELAY_SECONDS)
    while True:
        try:
            await asyncio.to_thread(run_once)
            await asyncio.to_thread(expire_exports)
        except asyncio.CancelledError:
            raise
        except Exception:
            logger.exception("notification scheduler run failed")
        try:
            # Closed dossiers past their 30 days, and the access log past its retention
            # (jobs/erasure.py: each family claimed once, safe with several workers).
            await asyncio.to_thread(erasure.run_once)
        except asyncio.CancelledError:
            raise
        except Exception:
            logger.exception("erasure run failed")
        await asyncio.sleep(INTERVAL_SECONDS)
