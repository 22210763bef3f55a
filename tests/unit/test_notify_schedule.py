"""The scheduler with a controlled clock: overdue, reminders, quiet hours, the summary."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import Session, col, delete, func, select

from dossier.domain import notifications
from dossier.domain.notification_settings import save
from dossier.jobs.schedule import (
    latest_slot,
    run_scheduled,
    scan_appointment_reminders,
    scan_daily_summaries,
    scan_overdue_tasks,
)
from dossier.models import (
    Agreement,
    Appointment,
    AppointmentStatus,
    Category,
    CheckIn,
    CheckinSettings,
    DeliveryStatus,
    MembershipStatus,
    Notification,
    PushDelivery,
    PushSubscription,
    Reminder,
    Task,
    TaskStatus,
)
from dossier.notify.outbox import AMSTERDAM
from tests.factories import World


def at(text: str) -> datetime:
    """A wall-clock moment in Amsterdam, as UTC: at("2026-11-21 10:00")."""
    return datetime.fromisoformat(text).replace(tzinfo=AMSTERDAM).astimezone(UTC)


@pytest.fixture
def clean(world: World) -> World:
    """The world without its sample tasks, appointments and check-ins (they follow the
    real clock); the tests add their own."""
    for table in (Task, Appointment, CheckIn):
        world.session.exec(delete(table))  # type: ignore[call-overload]
    world.session.commit()
    return world


def notes(session: Session, kind: str | None = None) -> list[Notification]:
    query = select(Notification).order_by(col(Notification.id))
    if kind:
        query = query.where(Notification.kind == kind)
    return list(session.exec(query).all())


def who(world: World, rows: list[Notification]) -> list[str]:
    names = {user.id: name for name, user in world.users.items()}
    return sorted(names[row.recipient_user_id] for row in rows)


def device(world: World, name: str) -> PushSubscription:
    row = PushSubscription(
        user_id=world.users[name].id, endpoint=f"https://push.example/{name}", p256dh="k", auth="a"
    )
    world.session.add(row)
    world.session.flush()
    return row


def pushes(session: Session, notification: Notification) -> list[PushDelivery]:
    return list(
        session.exec(
            select(PushDelivery).where(PushDelivery.notification_id == notification.id)
        ).all()
    )


def add(world: World, row):
    world.session.add(row)
    world.session.flush()
    return row


def task(world: World, assignee: str | None, due: date, **values: object) -> Task:
    assignee_id = world.members[assignee].id if assignee else None
    return add(
        world,
        Task(
            family_id=world.alfa.id,
            title="Iets",
            domain="care",
            assignee_id=assignee_id,
            due_on=due,
            **values,
        ),
    )


def summary_settings(world: World, name: str, *, summary_at: str = "08:00") -> None:
    save(
        world.session,
        world.users[name].id,
        channels={},
        quiet_start="22:00",
        quiet_end="07:30",
        daily_summary=True,
        summary_at=summary_at,
        expected_version=0,
    )


# --------------------------------------------------------------------------------------
# Overdue tasks
# --------------------------------------------------------------------------------------


def test_an_overdue_task_is_sent_once_to_its_assignee(clean: World) -> None:
    s = clean.session
    late = task(clean, "hugo", date(2026, 11, 20))
    task(clean, "hugo", date(2026, 11, 21))  # due today: not late yet
    task(clean, "hugo", date(2026, 11, 19), status=TaskStatus.DONE)
    task(clean, None, date(2026, 11, 19))  # nobody to tell
    task(clean, "ben", date(2026, 11, 19))  # siblings get only their check-in reminder
    task(clean, "hugo", date(2026, 11, 1))  # late for weeks: old news is not sent
    assert run_scheduled(s, at("2026-11-21 10:00"))["overdue_tasks"] == 1
    (note,) = notes(s)
    assert who(clean, [note]) == ["hugo"]
    assert (note.kind, note.category, note.url, note.object_id) == (
        "task.overdue",
        "tasks",
        "/taken",
        late.id,
    )
    assert note.dedupe_key == f"task.overdue:{late.id}:{clean.users['hugo'].id}:2026-11-20"
    assert run_scheduled(s, at("2026-11-21 10:01"))["overdue_tasks"] == 0
    assert run_scheduled(s, at("2026-11-24 10:00"))["overdue_tasks"] == 1  # the 21st's one
    assert len([n for n in notes(s) if n.object_id == late.id]) == 1
    late.due_on = date(2026, 11, 23)  # a new due date, late again: once more
    add(clean, late)
    assert run_scheduled(s, at("2026-11-24 10:01"))["overdue_tasks"] == 1


def test_a_removed_assignee_gets_no_overdue_message(clean: World) -> None:
    task(clean, "gerda", date(2026, 11, 20))
    clean.members["gerda"].status = MembershipStatus.REVOKED
    add(clean, clean.members["gerda"])
    assert run_scheduled(clean.session, at("2026-11-21 10:00"))["overdue_tasks"] == 0


# --------------------------------------------------------------------------------------
# Reviews
# --------------------------------------------------------------------------------------


def test_a_review_date_tells_the_responsible_person_and_the_parents_once(clean: World) -> None:
    s = clean.session
    agreement = add(
        clean,
        Agreement(
            family_id=clean.alfa.id,
            topic="Vervoer",
            domain="school",
            responsible_id=clean.members["gerda"].id,
            review_on=date(2026, 11, 21),
            status="agreed",
        ),
    )
    assert run_scheduled(s, at("2026-11-20 12:00"))["reviews"] == 0
    assert run_scheduled(s, at("2026-11-21 09:00"))["reviews"] == 3
    rows = notes(s)
    assert who(clean, rows) == ["anna", "bram", "gerda"]
    assert {(n.kind, n.url) for n in rows} == {("agreement.review", "/wie-doet-wat")}
    assert run_scheduled(s, at("2026-11-22 09:00"))["reviews"] == 0
    agreement.review_on = date(2026, 11, 25)  # a new date, reached: once more
    add(clean, agreement)
    assert run_scheduled(s, at("2026-11-25 09:00"))["reviews"] == 3


# --------------------------------------------------------------------------------------
# Appointment reminders
# --------------------------------------------------------------------------------------


def appointment(world: World, start: datetime, *, created: datetime, **values: object):
    values.setdefault("attendee_ids", [world.members["anna"].id, world.members["hugo"].id])
    return add(
        world,
        Appointment(
            family_id=world.alfa.id,
            title="Controle",
            starts_at=start,
            ends_at=start + timedelta(hours=1),
            created_at=created,
            **values,
        ),
    )


def test_reminders_come_24_and_2_hours_before_to_the_people_going(clean: World) -> None:
    s = clean.session
    start = at("2026-11-25 14:00")
    appointment(clean, start, created=at("2026-11-20 09:00"))
    scans = [
        (start - timedelta(hours=25), 0),
        (start - timedelta(hours=24), 2),
        (start - timedelta(hours=24) + timedelta(minutes=1), 0),  # again: nothing new
        (start - timedelta(hours=23), 0),
        (start - timedelta(hours=2), 2),
        (start - timedelta(hours=1, minutes=59), 0),
        (start - timedelta(minutes=30), 0),
    ]
    for moment, expected in scans:
        assert run_scheduled(s, moment)["appointment_reminders"] == expected, moment
    rows = notes(s)
    assert who(clean, rows) == ["anna", "anna", "hugo", "hugo"]
    assert {(n.kind, n.category, n.url) for n in rows} == {
        ("appointment.reminder", "reminders", "/agenda")
    }
    assert [n.urgent for n in rows] == [False, False, True, True]  # two hours: urgent


def test_no_reminder_for_the_past_cancelled_or_made_after_its_moment(clean: World) -> None:
    s = clean.session
    start = at("2026-11-25 14:00")
    appointment(clean, start, created=start - timedelta(hours=3))  # only the 2-hour one
    appointment(clean, start, created=at("2026-11-20 09:00"), status=AppointmentStatus.CANCELLED)
    appointment(clean, start, created=at("2026-11-20 09:00"), reminder_minutes=[])
    appointment(clean, start, created=at("2026-11-20 09:00"), attendee_ids=[])
    assert scan_appointment_reminders(s, start - timedelta(hours=24)) == 0
    assert scan_appointment_reminders(s, start - timedelta(hours=2)) == 2
    assert scan_appointment_reminders(s, start + timedelta(minutes=1)) == 0


def test_a_late_scheduler_skips_a_reminder_that_is_no_longer_useful(clean: World) -> None:
    start = at("2026-11-25 14:00")
    appointment(clean, start, created=at("2026-11-20 09:00"), reminder_minutes=[120])
    assert scan_appointment_reminders(clean.session, start - timedelta(minutes=89)) == 0


def test_moving_an_appointment_sets_its_reminders_again(clean: World) -> None:
    s = clean.session
    start = at("2026-11-25 14:00")
    item = appointment(clean, start, created=at("2026-11-20 09:00"), reminder_minutes=[120])
    assert scan_appointment_reminders(s, start - timedelta(hours=2)) == 2
    item.starts_at = start + timedelta(hours=1)
    item.ends_at = item.starts_at + timedelta(hours=1)
    add(clean, item)
    assert scan_appointment_reminders(s, start - timedelta(hours=1)) == 2


def test_caregivers_going_along_are_reminded_siblings_are_not(clean: World) -> None:
    start = at("2026-11-25 14:00")
    m = clean.members
    appointment(
        clean,
        start,
        created=at("2026-11-20 09:00"),
        attendee_ids=[m["gerda"].id, m["ben"].id, m["cleo"].id],
    )
    assert scan_appointment_reminders(clean.session, start - timedelta(hours=2)) == 1
    assert who(clean, notes(clean.session)) == ["gerda"]


# --------------------------------------------------------------------------------------
# Quiet hours (Europe/Amsterdam), also across the clock changes
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("late_evening", "morning_utc"),
    [
        ("2026-11-20 23:30", datetime(2026, 11, 21, 6, 30, tzinfo=UTC)),  # winter: UTC+1
        ("2026-06-19 23:30", datetime(2026, 6, 20, 5, 30, tzinfo=UTC)),  # summer: UTC+2
        ("2027-03-27 23:30", datetime(2027, 3, 28, 5, 30, tzinfo=UTC)),  # summer time starts
        ("2026-10-24 23:30", datetime(2026, 10, 25, 6, 30, tzinfo=UTC)),  # winter time starts
    ],
)
def test_quiet_hours_hold_a_message_until_half_past_seven(
    clean: World, late_evening: str, morning_utc: datetime
) -> None:
    device(clean, "hugo")
    moment = at(late_evening)
    day_before = moment.astimezone(AMSTERDAM).date() - timedelta(days=1)
    task(clean, "hugo", day_before)  # just overdue at this moment
    assert run_scheduled(clean.session, moment)["overdue_tasks"] == 1
    (note,) = notes(clean.session)
    (push,) = pushes(clean.session, note)
    assert push.status == DeliveryStatus.PENDING
    assert push.not_before == morning_utc
    assert push.not_before.astimezone(AMSTERDAM).strftime("%H:%M") == "07:30"


def test_an_urgent_reminder_comes_through_quiet_hours(clean: World) -> None:
    device(clean, "hugo")
    start = at("2026-11-26 01:00")  # a night-time appointment: the 2-hour reminder at 23:00
    appointment(clean, start, created=at("2026-11-20 09:00"))
    now = start - timedelta(hours=2)
    assert scan_appointment_reminders(clean.session, now) == 2
    hugo = [n for n in notes(clean.session) if n.recipient_user_id == clean.users["hugo"].id]
    (push,) = pushes(clean.session, hugo[0])
    assert (push.status, push.not_before) == (DeliveryStatus.PENDING, now)


# --------------------------------------------------------------------------------------
# The siblings' check-in reminders
# --------------------------------------------------------------------------------------


def reminder_settings(world: World, rhythm: Reminder, since: datetime) -> CheckinSettings:
    return add(
        world,
        CheckinSettings(
            family_id=world.alfa.id,
            sibling_id=world.members["ben"].id,
            reminder=rhythm,
            updated_at=since,
        ),
    )


def test_a_weekly_reminder_comes_in_the_evening_once_per_slot(clean: World) -> None:
    s = clean.session
    reminder_settings(clean, Reminder.WEEKLY, at("2026-11-01 12:00"))
    ben = clean.members["ben"].id
    add(
        clean,
        CheckIn(family_id=clean.alfa.id, sibling_id=ben, mood=4, created_at=at("2026-11-16 16:30")),
    )
    # Due one week after the check-in, moved to the evening: Monday 23 November, 18:00.
    assert run_scheduled(s, at("2026-11-23 17:59"))["checkin_reminders"] == 0
    assert run_scheduled(s, at("2026-11-23 18:00"))["checkin_reminders"] == 1
    assert run_scheduled(s, at("2026-11-23 18:30"))["checkin_reminders"] == 0
    (note,) = notes(s)
    assert who(clean, [note]) == ["ben"]
    assert (note.kind, note.category, note.url) == (
        "checkin.reminder",
        "checkin_reminder",
        "/mijn-check-in",
    )
    # No check-in since: the next one a week later, and never at night.
    assert run_scheduled(s, at("2026-11-30 21:30"))["checkin_reminders"] == 0
    assert run_scheduled(s, at("2026-12-07 18:05"))["checkin_reminders"] == 1


def test_no_reminder_when_the_parents_did_not_turn_it_on(clean: World) -> None:
    reminder_settings(clean, Reminder.OFF, at("2026-11-01 12:00"))
    assert run_scheduled(clean.session, at("2026-11-23 18:00"))["checkin_reminders"] == 0


def test_a_new_rhythm_without_check_ins_starts_that_evening() -> None:
    since = at("2026-11-23 10:00")
    assert latest_slot(Reminder.WEEKLY, None, since, at("2026-11-23 17:00")) is None
    assert latest_slot(Reminder.WEEKLY, None, since, at("2026-11-23 18:00")) == at(
        "2026-11-23 18:00"
    )
    assert latest_slot(Reminder.TWICE_WEEKLY, None, since, at("2026-12-01 19:00")) == at(
        "2026-12-01 18:00"
    )


# --------------------------------------------------------------------------------------
# The daily summary
# --------------------------------------------------------------------------------------


def test_the_daily_summary_counts_what_was_held_back_and_is_sent_once(clean: World) -> None:
    s = clean.session
    device(clean, "hugo")
    summary_settings(clean, "hugo")
    for due in (date(2026, 11, 18), date(2026, 11, 19), date(2026, 11, 20)):
        task(clean, "hugo", due)
    assert run_scheduled(s, at("2026-11-21 07:00"))["overdue_tasks"] == 3
    held = {p.status for n in notes(s) for p in pushes(s, n)}
    assert held == {DeliveryStatus.SUMMARISED}  # no single pushes: they wait for the summary
    assert run_scheduled(s, at("2026-11-21 07:59"))["daily_summaries"] == 0
    assert run_scheduled(s, at("2026-11-21 08:00"))["daily_summaries"] == 1
    (summary,) = notes(s, "summary.daily")
    assert (summary.category, summary.object_type, summary.object_id) == ("system", "summary", 3)
    (push,) = pushes(s, summary)
    assert (push.status, push.not_before) == (DeliveryStatus.PENDING, at("2026-11-21 08:00"))
    assert run_scheduled(s, at("2026-11-21 12:00"))["daily_summaries"] == 0
    assert run_scheduled(s, at("2026-11-22 08:00"))["daily_summaries"] == 0  # nothing new
    task(clean, "hugo", date(2026, 11, 22))
    run_scheduled(s, at("2026-11-23 07:00"))
    assert run_scheduled(s, at("2026-11-23 08:30"))["daily_summaries"] == 1
    assert [n.object_id for n in notes(s, "summary.daily")] == [3, 1]


def test_a_summary_time_inside_quiet_hours_waits_for_the_morning(clean: World) -> None:
    device(clean, "hugo")
    summary_settings(clean, "hugo", summary_at="06:00")
    task(clean, "hugo", date(2026, 11, 19))
    assert scan_daily_summaries(clean.session, at("2026-11-21 06:00")) == 0  # nothing yet
    scan_overdue_tasks(clean.session, at("2026-11-20 12:00"))
    assert scan_daily_summaries(clean.session, at("2026-11-21 06:00")) == 1
    (summary,) = notes(clean.session, "summary.daily")
    (push,) = pushes(clean.session, summary)
    assert push.not_before == at("2026-11-21 07:30")


def test_what_comes_after_the_summary_moment_waits_for_the_next_day(clean: World) -> None:
    s = clean.session
    device(clean, "hugo")
    summary_settings(clean, "hugo")
    task(clean, "hugo", date(2026, 11, 20))
    assert run_scheduled(s, at("2026-11-21 09:00")) == {
        "overdue_tasks": 1,
        "reviews": 0,
        "appointment_reminders": 0,
        "checkin_reminders": 0,
        "access_ending": 0,
        "access_ended": 0,
        "admission_follow_ups": 0,
        "plan_reviews": 0,
        "care_plan_reviews": 0,
        "daily_summaries": 0,  # 08:00 had nothing to count
    }
    assert run_scheduled(s, at("2026-11-21 20:00"))["daily_summaries"] == 0
    assert run_scheduled(s, at("2026-11-22 11:00"))["daily_summaries"] == 1  # a late scan
    (summary,) = notes(s, "summary.daily")
    assert (summary.created_at, summary.object_id) == (at("2026-11-22 08:00"), 1)
    (push,) = pushes(s, summary)
    assert push.status == DeliveryStatus.PENDING


def test_urgent_reminders_are_not_folded_into_the_summary(clean: World) -> None:
    device(clean, "hugo")
    summary_settings(clean, "hugo")
    start = at("2026-11-25 14:00")
    appointment(clean, start, created=at("2026-11-20 09:00"), reminder_minutes=[120])
    scan_appointment_reminders(clean.session, start - timedelta(hours=2))
    hugo = [n for n in notes(clean.session) if n.recipient_user_id == clean.users["hugo"].id]
    assert [p.status for p in pushes(clean.session, hugo[0])] == [DeliveryStatus.PENDING]


# --------------------------------------------------------------------------------------
# Idempotent: twice, or two workers, writes everything once
# --------------------------------------------------------------------------------------


def test_running_twice_writes_nothing_new(clean: World) -> None:
    s = clean.session
    device(clean, "hugo")
    summary_settings(clean, "anna", summary_at="18:00")
    device(clean, "anna")
    reminder_settings(clean, Reminder.TWICE_WEEKLY, at("2026-11-23 10:00"))
    task(clean, "hugo", date(2026, 11, 22))
    task(clean, "anna", date(2026, 11, 22))
    appointment(clean, at("2026-11-24 18:00"), created=at("2026-11-01 09:00"))
    first = run_scheduled(s, at("2026-11-23 18:00"))
    assert first == {
        "overdue_tasks": 2,
        "reviews": 0,
        "appointment_reminders": 2,
        "checkin_reminders": 1,
        "access_ending": 0,
        "access_ended": 0,
        "admission_follow_ups": 0,
        "plan_reviews": 0,
        "care_plan_reviews": 0,
        "daily_summaries": 1,
    }
    total = s.exec(select(func.count()).select_from(Notification)).one()
    deliveries = s.exec(select(func.count()).select_from(PushDelivery)).one()
    second = run_scheduled(s, at("2026-11-23 18:00"))
    assert set(second.values()) == {0}
    assert s.exec(select(func.count()).select_from(Notification)).one() == total
    assert s.exec(select(func.count()).select_from(PushDelivery)).one() == deliveries


def test_a_key_written_by_another_worker_is_skipped(clean: World) -> None:
    """Another worker wrote the same notification first: the insert is skipped, not failed."""
    s = clean.session
    late = task(clean, "hugo", date(2026, 11, 20))
    (first,) = notifications.task_overdue(
        s, late, clean.members["hugo"], now=at("2026-11-21 09:00")
    )
    assert (
        notifications.task_overdue(s, late, clean.members["hugo"], now=at("2026-11-21 09:00")) == []
    )
    assert run_scheduled(s, at("2026-11-21 10:00"))["overdue_tasks"] == 0
    assert notes(s) == [first]


def test_a_failing_scan_does_not_stop_the_others(
    clean: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dossier.jobs import schedule

    def broken(session: Session, now: datetime) -> int:
        raise RuntimeError("boom")

    scans = (("broken", broken), *schedule.SCANS)
    monkeypatch.setattr(schedule, "SCANS", scans)
    task(clean, "hugo", date(2026, 11, 20))
    counts = run_scheduled(clean.session, at("2026-11-21 10:00"))
    assert counts["broken"] == -1 and counts["overdue_tasks"] == 1


def test_settings_switched_off_means_no_scheduled_messages(clean: World) -> None:
    save(
        clean.session,
        clean.users["hugo"].id,
        channels={Category.TASKS: "off"},
        quiet_start="22:00",
        quiet_end="07:30",
        daily_summary=False,
        summary_at="08:00",
        expected_version=0,
    )
    task(clean, "hugo", date(2026, 11, 20))
    assert run_scheduled(clean.session, at("2026-11-21 10:00"))["overdue_tasks"] == 0
