"""Keeping the care plan up to date: evaluations, re-evaluations and their reminders.

The Belgian fiche asks to evaluate the plan at least every 3 months (a review) and to
re-evaluate it at least every 6 months and after every deterioration (a re-evaluation).

* **Recording** (`record_evaluation`, CAREPLAN_EVALUATE: a parent or a case manager): the
  kind, the day it was held (not in the future), the outcome and which sections changed.
  A review moves the next review to the day held + 3 months; a re-evaluation moves the
  next re-evaluation to + 6 months and the review to + 3 months, and clears a request.
  A stale form is refused (Conflict); the second send of a double tap is answered with
  the first one's evaluation.
* **Asking** (`ask_reevaluation`): "Er is iets veranderd": a deterioration or an
  admission, with a short note, marks the plan for a re-evaluation now; asked once.
* **When** (`due_state`, pure): days until the next review and re-evaluation, overdue,
  asked; the caseload card and the panel read it.
* **Reminders** (`send_reminders`, a scan in jobs/schedule.py): both case managers and
  the parents hear once per due date and kind. The in-app words say what and when
  (notif.item.careplan.*); the push keeps the generic words (no push texts of their own:
  sender.push_texts falls back), never any section content or treatment agreement.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, col, or_, select

from dossier import audit, permissions, routes
from dossier.clock import local_day, parse_day
from dossier.domain import notifications, pulse
from dossier.domain.errors import Conflict, InvalidInput, NotFound
from dossier.i18n import local_today
from dossier.models import Category, Notification, Role, utcnow
from dossier.models.care_plan import (
    CarePlan,
    CarePlanEvaluation,
    CarePlanSectionKey,
    EvaluationKind,
)
from dossier.permissions import Action, Actor

REVIEW_MONTHS = 3
REEVALUATE_MONTHS = 6
REASONS = ("deterioration", "admission")
OUTCOME_MAX = 4000
NOTE_MAX = 500
HELD_EARLIEST_DAYS = 366  # an evaluation held longer ago than a year is a typing slip
REVIEW_KIND = "careplan.review"  # the plan's review date came
REEVALUATE_KIND = "careplan.reevaluation"  # its re-evaluation date came, or one was asked
REMINDER_LOOKBACK = timedelta(days=7)  # a scheduler that was down still reminds afterwards
# Who hears that the plan is due: the parents and both case managers.
REMINDED = (Role.PARENT, Role.CM_HOSPITAL, Role.CM_HOME)


class EvaluationInputError(InvalidInput):
    """Bad input: {field: catalogue key}, nothing saved."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(next(iter(errors.values())))
        self.errors = errors


# --------------------------------------------------------------------------------------
# Dates (pure)
# --------------------------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """The same day `months` later; the month's last day when it has no such day."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True, slots=True, kw_only=True)
class DueState:
    """When the plan is next looked at, seen from `today`."""

    review_on: date | None
    reevaluate_on: date | None
    review_in: int | None  # days until the review (negative: late), None: no date
    reevaluate_in: int | None
    asked: bool  # a deterioration or admission was marked: re-evaluate now
    next_on: date | None  # the earliest of the two (today when asked)
    next_in: int | None  # days until `next_on` (negative: late)
    overdue: bool  # a date has passed, or a re-evaluation was asked

    @property
    def due(self) -> bool:
        """Something is due today or earlier (a reminder goes out)."""
        return self.next_in is not None and self.next_in <= 0


def due_state(plan: Any, today: date) -> DueState:
    """Pure: for anything with review_on, reevaluate_on and reevaluation_asked_at."""
    review_on = getattr(plan, "review_on", None)
    reevaluate_on = getattr(plan, "reevaluate_on", None)
    asked = getattr(plan, "reevaluation_asked_at", None) is not None
    days = [d for d in (review_on, reevaluate_on) if d is not None]
    if asked:
        days.append(today)
    next_on = min(days) if days else None
    next_in = (next_on - today).days if next_on else None
    return DueState(
        review_on=review_on,
        reevaluate_on=reevaluate_on,
        review_in=(review_on - today).days if review_on else None,
        reevaluate_in=(reevaluate_on - today).days if reevaluate_on else None,
        asked=asked,
        next_on=next_on,
        next_in=next_in,
        overdue=asked or (next_in is not None and next_in < 0),
    )


# --------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------


def plan_row(session: Session, family_id: int) -> CarePlan | None:
    return session.exec(select(CarePlan).where(CarePlan.family_id == family_id)).first()


def plans_of(session: Session, family_ids: Iterable[int]) -> dict[int, CarePlan]:
    """{family id: plan} for many families in one query (the caseload)."""
    wanted = sorted(set(family_ids))
    if not wanted:
        return {}
    rows = session.exec(select(CarePlan).where(col(CarePlan.family_id).in_(wanted))).all()
    return {row.family_id: row for row in rows}


@dataclass(frozen=True, slots=True, kw_only=True)
class EvaluationView:
    plan: CarePlan | None
    evaluations: list[CarePlanEvaluation]


def read_evaluations(session: Session, actor: Actor) -> EvaluationView:
    """The plan's dates and its past evaluations, newest first: parents and case managers
    (CAREPLAN_EVALUATE), one logged read."""
    permissions.require(actor, Action.CAREPLAN_EVALUATE)
    plan = plan_row(session, actor.family_id)
    rows: list[CarePlanEvaluation] = []
    if plan is not None:
        permissions.require(actor, Action.CAREPLAN_EVALUATE, plan)
        rows = list(
            session.exec(
                select(CarePlanEvaluation)
                .where(CarePlanEvaluation.family_id == actor.family_id)
                .order_by(col(CarePlanEvaluation.held_on).desc(), col(CarePlanEvaluation.id).desc())
            ).all()
        )
    audit.record(
        session,
        actor,
        "careplan.evaluation.list",
        object_type="careplan",
        object_id=plan.id if plan else None,
        detail=f"{len(rows)} rows",
    )
    return EvaluationView(plan=plan, evaluations=rows)


def _writable_plan(session: Session, actor: Actor) -> CarePlan:
    permissions.require(actor, Action.CAREPLAN_EVALUATE)
    plan = plan_row(session, actor.family_id)
    if plan is None:
        raise NotFound("careplan.evaluation.no_plan")
    permissions.require(actor, Action.CAREPLAN_EVALUATE, plan)
    return plan


def _flush(session: Session, plan: CarePlan) -> None:
    session.add(plan)
    try:
        session.flush()
    except StaleDataError as exc:
        raise Conflict("careplan.evaluation.conflict") from exc


# --------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------


def _text(raw: Any) -> str:
    return str(raw if raw is not None else "").strip().replace("\r\n", "\n")


def check_evaluation(
    *, kind: Any, held_on: Any, outcome: Any, changed: Any, today: date
) -> tuple[EvaluationKind, date, str, list[str]]:
    """The checked input, or EvaluationInputError with a key per bad field."""
    errors: dict[str, str] = {}
    try:
        chosen = EvaluationKind(_text(kind))
    except ValueError:
        errors["kind"] = "careplan.evaluation.error.kind"
        chosen = EvaluationKind.REVIEW
    day: date | None = None
    text = _text(held_on)
    if not text:
        errors["held_on"] = "careplan.evaluation.error.date_missing"
    else:
        try:
            day = parse_day(text)
        except ValueError:
            errors["held_on"] = "careplan.evaluation.error.date"
        if day is not None and day > today:
            errors["held_on"] = "careplan.evaluation.error.future"
        elif day is not None and day < today - timedelta(days=HELD_EARLIEST_DAYS):
            errors["held_on"] = "careplan.evaluation.error.too_old"
    words = _text(outcome)
    if not words:
        errors["outcome"] = "careplan.evaluation.error.outcome"
    elif len(words) > OUTCOME_MAX:
        errors["outcome"] = "careplan.evaluation.error.outcome_long"
    keys: list[str] = []
    known = {str(k) for k in CarePlanSectionKey}
    items = changed if isinstance(changed, list | tuple | set | frozenset) else [changed]
    for item in items:
        key = _text(item)
        if not key:
            continue
        if key not in known:
            errors["changed"] = "careplan.evaluation.error.section"
        elif key not in keys:
            keys.append(key)
    if errors or day is None:
        raise EvaluationInputError(errors or {"held_on": "careplan.evaluation.error.date"})
    order = [str(k) for k in CarePlanSectionKey]
    return chosen, day, words, sorted(keys, key=order.index)


def record_evaluation(
    session: Session,
    actor: Actor,
    *,
    expected_version: int,
    kind: Any,
    held_on: Any,
    outcome: Any,
    changed: Any = (),
    today: date | None = None,
) -> CarePlanEvaluation:
    """Record an evaluation and move the plan's next dates (see the module text)."""
    today = today or local_today()
    plan = _writable_plan(session, actor)
    chosen, day, words, keys = check_evaluation(
        kind=kind, held_on=held_on, outcome=outcome, changed=list(changed or ()), today=today
    )
    same = session.exec(
        select(CarePlanEvaluation).where(
            CarePlanEvaluation.family_id == actor.family_id,
            CarePlanEvaluation.kind == chosen,
            CarePlanEvaluation.held_on == day,
            CarePlanEvaluation.recorded_by_id == actor.membership_id,
        )
    ).all()
    for row in same:
        if row.outcome == words and list(row.changed_sections or []) == keys:
            return row  # a double tap: its second send carries the old version
    if plan.version != expected_version:
        raise Conflict("careplan.evaluation.conflict")
    evaluation = CarePlanEvaluation(
        family_id=actor.family_id,
        kind=str(chosen),
        reason=plan.reevaluation_reason if chosen is EvaluationKind.REEVALUATION else "",
        held_on=day,
        outcome=words,
        changed_sections=keys,
        recorded_by_id=actor.membership_id,
    )
    plan.review_on = add_months(day, REVIEW_MONTHS)
    if chosen is EvaluationKind.REEVALUATION:
        plan.reevaluate_on = add_months(day, REEVALUATE_MONTHS)
        plan.reevaluation_asked_at = None
        plan.reevaluation_asked_by_id = None
        plan.reevaluation_reason = ""
        plan.reevaluation_note = ""
    _flush(session, plan)
    session.add(evaluation)
    session.flush()
    pulse.bump(session, {actor.family_id})
    audit.record(
        session,
        actor,
        str(Action.CAREPLAN_EVALUATE),
        object_type="careplanevaluation",
        object_id=evaluation.id,
    )
    return evaluation


def ask_reevaluation(
    session: Session,
    actor: Actor,
    *,
    reason: Any,
    note: Any = "",
    now: datetime | None = None,
) -> CarePlan:
    """ "Er is iets veranderd": mark the plan for a re-evaluation now. Asked once: while
    a request stands, a second one (a double tap, the other parent) changes nothing."""
    plan = _writable_plan(session, actor)
    errors: dict[str, str] = {}
    why = _text(reason)
    if why not in REASONS:
        errors["reason"] = "careplan.evaluation.error.reason"
    words = _text(note)
    if len(words) > NOTE_MAX:
        errors["note"] = "careplan.evaluation.error.note_long"
    if errors:
        raise EvaluationInputError(errors)
    if plan.reevaluation_asked_at is not None:
        return plan
    plan.reevaluation_asked_at = now or utcnow()
    plan.reevaluation_asked_by_id = actor.membership_id
    plan.reevaluation_reason = why
    plan.reevaluation_note = words
    _flush(session, plan)
    pulse.bump(session, {actor.family_id})
    audit.record(
        session, actor, "careplan.reevaluation.ask", object_type="careplan", object_id=plan.id
    )
    return plan


# --------------------------------------------------------------------------------------
# Reminders
# --------------------------------------------------------------------------------------


def due_reminder(plan: CarePlan, today: date) -> tuple[str, date] | None:
    """(kind, due date) of the reminder this plan needs today, if any: a re-evaluation
    (asked, or its date came within the lookback) before a review (one message per
    person when both fall on the same day)."""
    earliest = today - REMINDER_LOOKBACK
    if plan.reevaluation_asked_at is not None:
        return REEVALUATE_KIND, local_day(plan.reevaluation_asked_at)
    if plan.reevaluate_on is not None and earliest < plan.reevaluate_on <= today:
        return REEVALUATE_KIND, plan.reevaluate_on
    if plan.review_on is not None and earliest < plan.review_on <= today:
        return REVIEW_KIND, plan.review_on
    return None


def reminder_key(kind: str, plan_id: int | None, day: date) -> str:
    """The dedupe key template: once per plan, kind, due date and person."""
    return f"{kind}:{plan_id}:{{user}}:{day.isoformat()}"


def due_day_of(notification: Notification) -> date | None:
    """The due date a reminder was about (the last part of its dedupe key)."""
    try:
        return date.fromisoformat((notification.dedupe_key or "").rsplit(":", 1)[-1])
    except ValueError:
        return None


def send_reminders(session: Session, now: datetime) -> int:
    """The scheduler's scan: plans due (see `due_reminder`); the parents and both case
    managers hear once per due date. Known keys are looked up first, so a repeat run is
    one query per due plan."""
    today = local_today(now)
    earliest = today - REMINDER_LOOKBACK
    due = session.exec(
        select(CarePlan).where(
            or_(
                col(CarePlan.reevaluation_asked_at).is_not(None),
                (col(CarePlan.reevaluate_on) <= today) & (col(CarePlan.reevaluate_on) > earliest),
                (col(CarePlan.review_on) <= today) & (col(CarePlan.review_on) > earliest),
            )
        )
    ).all()
    sent = 0
    for plan in due:
        found = due_reminder(plan, today)
        if found is None:
            continue
        kind, day = found
        people = notifications.active_members(session, plan.family_id, roles=REMINDED)
        key = reminder_key(kind, plan.id, day)
        keys = {key.format(user=m.user_id) for m in people}
        known = session.exec(
            select(Notification.dedupe_key).where(col(Notification.dedupe_key).in_(keys))
        ).all()
        if keys <= set(known):
            continue
        sent += len(
            notifications.send(
                session,
                people,
                plan,
                Action.CAREPLAN_VIEW,
                kind=kind,
                category=Category.AGREEMENTS,
                key=key,
                url=routes.CARE_PLAN,
                now=now,
            )
        )
    return sent
