"""Evaluating the care plan: reviews every 3 months, re-evaluations every 6 months and
after a change, the reminders, and the words the case managers and parents see."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlmodel import col, select

from dossier.clock import ZONE
from dossier.domain.care_plan_evaluation import (
    EvaluationInputError,
    add_months,
    ask_reevaluation,
    due_state,
    read_evaluations,
    record_evaluation,
    send_reminders,
)
from dossier.domain.errors import Conflict, NotFound
from dossier.domain.notification_items import read_items
from dossier.i18n import local_today
from dossier.jobs.schedule import run_scheduled
from dossier.models import AuditEvent, Notification, PushSubscription
from dossier.models.care_plan import CarePlan, CarePlanEvaluation
from dossier.notify.sender import push_texts
from dossier.permissions import PermissionDenied
from dossier.presenters.notifications import item_text
from tests.factories import World


def plan_for(world: World, **values: object) -> CarePlan:
    plan = CarePlan(family_id=world.alfa.id, **values)
    world.session.add(plan)
    world.session.flush()
    return plan


def at_ten(day: date) -> datetime:
    return datetime.combine(day, time(10), tzinfo=ZONE).astimezone(UTC)


# --------------------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------------------


def test_three_months_after_the_last_of_a_month_is_the_last_of_a_shorter_month() -> None:
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert add_months(date(2026, 1, 15), 3) == date(2026, 4, 15)


def test_the_due_state_counts_the_days_to_the_earliest_date_and_marks_it_late() -> None:
    today = date(2026, 12, 8)
    plan = CarePlan(family_id=1, review_on=date(2026, 12, 18), reevaluate_on=date(2027, 3, 1))
    state = due_state(plan, today)
    assert (state.next_in, state.review_in, state.overdue, state.asked) == (10, 10, False, False)
    late = due_state(CarePlan(family_id=1, review_on=date(2026, 12, 1)), today)
    assert (late.next_in, late.overdue, late.due) == (-7, True, True)
    asked = CarePlan(
        family_id=1, review_on=date(2027, 1, 1), reevaluation_asked_at=datetime.now(UTC)
    )
    assert due_state(asked, today).asked and due_state(asked, today).next_in == 0
    assert due_state(CarePlan(family_id=1), today).next_on is None


# --------------------------------------------------------------------------------------
# Recording
# --------------------------------------------------------------------------------------


def test_a_case_manager_records_a_review_and_the_next_review_moves_three_months(
    world: World,
) -> None:
    today = local_today()
    plan = plan_for(world, review_on=today, reevaluate_on=today + timedelta(days=60))
    row = record_evaluation(
        world.session,
        world.actor("hugo"),
        expected_version=plan.version,
        kind="review",
        held_on=today.isoformat(),
        outcome="Het gaat goed; de doelen op school blijven staan.",
        changed=["pedagogical", "physical", "pedagogical"],
        today=today,
    )
    assert row.changed_sections == ["physical", "pedagogical"]  # in the plan's order
    assert plan.review_on == add_months(today, 3)
    assert plan.reevaluate_on == today + timedelta(days=60)  # a review leaves it
    logged = world.session.exec(
        select(AuditEvent).where(AuditEvent.action == "careplan.evaluate")
    ).all()
    assert [e.object_id for e in logged] == [row.id]


def test_a_re_evaluation_moves_both_dates_and_clears_the_request(world: World) -> None:
    today = local_today()
    plan = plan_for(world, review_on=today, reevaluate_on=today)
    ask_reevaluation(world.session, world.actor("anna"), reason="admission", note="Opname")
    record_evaluation(
        world.session,
        world.actor("anna"),
        expected_version=plan.version,
        kind="reevaluation",
        held_on=(today - timedelta(days=1)).isoformat(),
        outcome="Na de opname besproken.",
        today=today,
    )
    held = today - timedelta(days=1)
    assert (plan.review_on, plan.reevaluate_on) == (add_months(held, 3), add_months(held, 6))
    assert plan.reevaluation_asked_at is None and plan.reevaluation_reason == ""
    (row,) = world.session.exec(select(CarePlanEvaluation)).all()
    assert row.reason == "admission"


def test_bad_input_names_each_field_and_saves_nothing(world: World) -> None:
    today = local_today()
    plan = plan_for(world, review_on=today)
    with pytest.raises(EvaluationInputError) as caught:
        record_evaluation(
            world.session,
            world.actor("hanna"),
            expected_version=plan.version,
            kind="chat",
            held_on=(today + timedelta(days=1)).isoformat(),
            outcome="  ",
            changed=["medical", "secrets"],
            today=today,
        )
    assert caught.value.errors == {
        "kind": "careplan.evaluation.error.kind",
        "held_on": "careplan.evaluation.error.future",
        "outcome": "careplan.evaluation.error.outcome",
        "changed": "careplan.evaluation.error.section",
    }
    assert world.session.exec(select(CarePlanEvaluation)).all() == []
    assert plan.review_on == today


def test_a_double_tap_records_once_and_a_stale_form_is_refused(world: World) -> None:
    today = local_today()
    plan = plan_for(world, review_on=today)
    opened = plan.version
    values = {"kind": "review", "held_on": today.isoformat(), "outcome": "Besproken."}
    first = record_evaluation(
        world.session, world.actor("hugo"), expected_version=opened, today=today, **values
    )
    again = record_evaluation(
        world.session, world.actor("hugo"), expected_version=opened, today=today, **values
    )
    assert again.id == first.id
    assert len(world.session.exec(select(CarePlanEvaluation)).all()) == 1
    with pytest.raises(Conflict):
        record_evaluation(
            world.session,
            world.actor("hanna"),
            expected_version=opened,
            kind="review",
            held_on=today.isoformat(),
            outcome="Iets anders.",
            today=today,
        )


def test_caregivers_the_child_and_siblings_may_not_evaluate_and_are_logged(world: World) -> None:
    plan_for(world, review_on=local_today())
    for name in ("gerda", "cleo", "ben"):
        with pytest.raises(PermissionDenied):
            read_evaluations(world.session, world.actor(name))
        with pytest.raises(PermissionDenied):
            ask_reevaluation(world.session, world.actor(name), reason="deterioration")


def test_without_a_plan_there_is_nothing_to_evaluate(world: World) -> None:
    view = read_evaluations(world.session, world.actor("anna"))
    assert view.plan is None and view.evaluations == []
    with pytest.raises(NotFound):
        ask_reevaluation(world.session, world.actor("anna"), reason="deterioration")


def test_asking_for_a_re_evaluation_twice_asks_once(world: World) -> None:
    plan = plan_for(world, review_on=local_today() + timedelta(days=40))
    ask_reevaluation(world.session, world.actor("bram"), reason="deterioration", note="Benauwd")
    asked_at = plan.reevaluation_asked_at
    ask_reevaluation(world.session, world.actor("anna"), reason="admission", note="Opname")
    assert plan.reevaluation_asked_at == asked_at
    assert (plan.reevaluation_reason, plan.reevaluation_note) == ("deterioration", "Benauwd")
    assert plan.reevaluation_asked_by_id == world.members["bram"].id
    with pytest.raises(EvaluationInputError):
        ask_reevaluation(world.session, world.actor("anna"), reason="bored")


# --------------------------------------------------------------------------------------
# Reminders
# --------------------------------------------------------------------------------------


def test_when_the_review_date_passes_each_case_manager_and_parent_hears_exactly_once(
    world: World,
) -> None:
    review_on = local_today() + timedelta(days=30)
    plan = plan_for(world, review_on=review_on, reevaluate_on=review_on + timedelta(days=90))
    world.session.add(
        PushSubscription(
            user_id=world.users["hanna"].id, endpoint="https://push.example/h", p256dh="k", auth="a"
        )
    )
    world.session.flush()
    assert (
        run_scheduled(world.session, at_ten(review_on - timedelta(days=1)))["care_plan_reviews"]
        == 0
    )
    assert run_scheduled(world.session, at_ten(review_on))["care_plan_reviews"] == 4
    assert run_scheduled(world.session, at_ten(review_on))["care_plan_reviews"] == 0
    assert (
        run_scheduled(world.session, at_ten(review_on + timedelta(days=2)))["care_plan_reviews"]
        == 0
    )
    told = world.session.exec(
        select(Notification).where(col(Notification.kind).startswith("careplan."))
    ).all()
    names = {user.id: name for name, user in world.users.items()}
    assert sorted(names[n.recipient_user_id] for n in told) == ["anna", "bram", "hanna", "hugo"]
    assert {n.kind for n in told} == {"careplan.review"}
    assert {n.url for n in told} == {"/zorgplan"}
    # The push keeps the generic words; the list inside the app names the date.
    title, body = push_texts("careplan.review", "nl")
    assert "zorgplan" not in (title + body).lower()
    hanna = next(n for n in told if n.recipient_user_id == world.users["hanna"].id)
    (seen,) = read_items(world.session, world.users["hanna"].id, [hanna])
    text = item_text(seen, "nl")
    assert "Het zorgplan moet opnieuw besproken worden" in text
    assert str(review_on.day) in text and str(review_on.year) in text
    assert plan.id == hanna.object_id


def test_an_asked_re_evaluation_reminds_once_and_a_new_review_date_again(world: World) -> None:
    today = local_today()
    plan = plan_for(world, review_on=today + timedelta(days=50))
    ask_reevaluation(world.session, world.actor("anna"), reason="admission", note="")
    now = at_ten(today)
    assert send_reminders(world.session, now) == 4
    assert send_reminders(world.session, now + timedelta(hours=1)) == 0
    kinds = world.session.exec(select(Notification.kind)).all()
    assert set(kinds) == {"careplan.reevaluation"}
    record_evaluation(
        world.session,
        world.actor("hanna"),
        expected_version=plan.version,
        kind="reevaluation",
        held_on=today.isoformat(),
        outcome="Besproken.",
        today=today,
    )
    assert send_reminders(world.session, now + timedelta(hours=2)) == 0  # nothing due now


def test_no_reminder_goes_to_caregivers_the_child_or_another_family(world: World) -> None:
    review_on = local_today()
    plan_for(world, review_on=review_on)
    world.session.add(CarePlan(family_id=world.beta.id, review_on=review_on + timedelta(days=3)))
    world.session.flush()
    send_reminders(world.session, at_ten(review_on))
    told = world.session.exec(select(Notification.recipient_user_id)).all()
    for name in ("gerda", "cleo", "ben", "dora"):
        assert world.users[name].id not in told


# --------------------------------------------------------------------------------------
# The caseload card
# --------------------------------------------------------------------------------------


def test_the_caseload_card_says_when_the_plan_is_reviewed_and_when_it_is_late(
    world: World,
) -> None:
    from dossier.domain.caseload import caseload
    from dossier.presenters.caseload import card_row

    today = local_today()
    plan = plan_for(world, review_on=today + timedelta(days=12))
    world.session.add(CarePlan(family_id=world.beta.id, review_on=today - timedelta(days=2)))
    world.session.commit()
    cards = {c.name: c for c in caseload(world.session, world.users["hanna"].id, today=today)}
    alfa = card_row(cards["Gezin Alfa"], "nl", today)
    beta = card_row(cards["Gezin Beta"], "nl", today)
    assert alfa["care_plan"] == "Zorgplan: herzien over 12 dagen"
    assert not alfa["care_plan_late"]
    assert (beta["care_plan"], beta["care_plan_late"], beta["attention"]) == (
        "Zorgplan: te laat",
        True,
        True,
    )
    assert card_row(cards["Gezin Beta"], "en", today)["care_plan"] == "Care plan: overdue"
    plan.review_on = None
    world.session.add(plan)
    world.session.commit()
    cards = {c.name: c for c in caseload(world.session, world.users["hugo"].id, today=today)}
    assert card_row(cards["Gezin Alfa"], "nl", today)["care_plan"] == ""  # no date: no line
