""" "We gaan naar het ziekenhuis": one admission at a time, one urgent message per person,
the live checklist, ending by a parent, and the question three days later."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import col, select

from dossier.domain import admission as adm
from dossier.domain import pulse
from dossier.domain.errors import InvalidInput
from dossier.jobs import schedule
from dossier.models import (
    Admission,
    AdmissionItem,
    AuditEvent,
    EmergencyPlanPart,
    Membership,
    MembershipStatus,
    Notification,
    PushDelivery,
    PushSubscription,
    Role,
    User,
)
from dossier.notify.outbox import AMSTERDAM
from dossier.permissions import PermissionDenied
from tests.factories import World


def started_for(world: World) -> list[Notification]:
    return list(
        world.session.exec(
            select(Notification)
            .where(Notification.kind == adm.STARTED)
            .order_by(col(Notification.id))
        ).all()
    )


def names_of(world: World, rows: list[Notification]) -> list[str]:
    by_id = {u.id: name for name, u in world.users.items()}
    return sorted(by_id[n.recipient_user_id] for n in rows)


def without_plan(world: World) -> None:
    """Exact recipients below: no plan parts of the shared fixture (if it ever gets some)."""
    for part in world.session.exec(select(EmergencyPlanPart)).all():
        world.session.delete(part)
    world.session.commit()


def add_part(world: World, section: str, key: str, **fields) -> EmergencyPlanPart:
    part = EmergencyPlanPart(family_id=world.alfa.id, key=key, section=section, **fields)
    world.session.add(part)
    world.session.commit()
    return part


def start(world: World, name: str, **kwargs) -> Admission:
    admission = adm.start(world.session, world.actor(name), **kwargs)
    world.session.commit()
    return admission


# --------------------------------------------------------------------------------------
# Starting
# --------------------------------------------------------------------------------------


def test_a_second_start_while_one_is_on_returns_the_same_admission(world: World) -> None:
    first = start(world, "anna")
    second = start(world, "bram")
    also = start(world, "hanna")
    assert first.id == second.id == also.id
    assert len(world.session.exec(select(Admission)).all()) == 1
    # Only the first start notified: bram's and hanna's taps added nothing.
    assert len(started_for(world)) == len({n.recipient_user_id for n in started_for(world)})


def test_two_starts_that_race_past_the_check_still_make_one(world: World, monkeypatch) -> None:
    first = start(world, "anna")
    # Bram's start read "nothing open" before Anna's committed: the unique index decides.
    monkeypatch.setattr(adm, "open_admission", _none_once(adm.open_admission))
    second = start(world, "bram")
    assert second.id == first.id
    assert len(world.session.exec(select(Admission)).all()) == 1


def _none_once(real):
    calls = {"n": 0}

    def fake(session, family_id):
        calls["n"] += 1
        return None if calls["n"] == 1 else real(session, family_id)

    return fake


def test_a_case_manager_may_start_it_on_the_familys_behalf(world: World) -> None:
    admission = start(world, "hugo")
    assert admission.started_by_id == world.members["hugo"].id


@pytest.mark.parametrize("name", ["gerda", "ben", "cleo"])
def test_caregivers_and_children_cannot_start_it(world: World, name: str) -> None:
    with pytest.raises(PermissionDenied):
        adm.start(world.session, world.actor(name))


def test_the_checklist_is_copied_from_the_plans_bring_part(world: World) -> None:
    add_part(
        world,
        "bring",
        "bring",
        content={"items": [{"label": "Medicatie"}, {"label": "  "}, {"label": "Knuffel Beer"}]},
    )
    admission = start(world, "anna")
    assert [i.label for i in adm.items_of(world.session, admission.id)] == [
        "Medicatie",
        "Knuffel Beer",
    ]


def test_without_a_plan_the_checklist_has_sensible_defaults(world: World) -> None:
    admission = start(world, "anna")
    labels = [i.label for i in adm.items_of(world.session, admission.id)]
    assert labels[0] == "Medicatie en de medicatielijst"
    assert labels == adm.default_labels("nl") and len(labels) == 9  # the plan's defaults


# --------------------------------------------------------------------------------------
# Who is told, and how
# --------------------------------------------------------------------------------------


def test_both_case_managers_the_parents_and_the_named_adults_hear_it_once(world: World) -> None:
    without_plan(world)
    s = world.session
    gone_user = User(email="rita@test.nl", name="Rita")
    s.add(gone_user)
    s.flush()
    gone = Membership(
        family_id=world.alfa.id,
        user_id=gone_user.id,
        role=Role.CAREGIVER,
        status=MembershipStatus.REVOKED,
    )
    s.add(gone)
    s.flush()
    m = world.members
    add_part(world, "first_call", "first_call", named_ids=[m["gerda"].id, gone.id])
    add_part(world, "sibling", "sibling:1", sibling_id=m["ben"].id, named_ids=[m["ben"].id])
    start(world, "anna")
    rows = started_for(world)
    # Not Anna (she started it), not Ben or Cleo, not Rita (no longer in the family).
    assert names_of(world, rows) == ["bram", "gerda", "hanna", "hugo"]
    assert all(n.urgent for n in rows)
    assert {n.dedupe_key.split(":")[1] for n in rows} == {str(rows[0].object_id)}


def test_the_starter_is_never_told_and_a_case_manager_start_tells_the_parents(
    world: World,
) -> None:
    without_plan(world)
    start(world, "hanna")
    assert names_of(world, started_for(world)) == ["anna", "bram", "hugo"]


def test_the_urgent_push_comes_through_quiet_hours(world: World) -> None:
    s = world.session
    hanna = world.users["hanna"]
    s.add(PushSubscription(user_id=hanna.id, endpoint="https://push.test/h", p256dh="k", auth="a"))
    s.commit()
    night = datetime(2026, 12, 8, 23, 4, tzinfo=AMSTERDAM).astimezone(UTC)  # in quiet hours
    start(world, "anna", now=night)
    [delivery] = s.exec(select(PushDelivery)).all()
    assert delivery.not_before.astimezone(UTC) == night  # not held until 07:30


def test_the_push_text_is_generic(world: World) -> None:
    from dossier.notify.sender import push_texts

    title, body = push_texts(adm.STARTED, "nl")
    assert body == "Er is iets dringends in het gezinsdossier"
    assert push_texts(adm.STARTED, "en")[1] == "There is something urgent in the family dossier"
    assert title == "Gezinsdossier"


# --------------------------------------------------------------------------------------
# Ticks
# --------------------------------------------------------------------------------------


def first_item(world: World, admission: Admission) -> AdmissionItem:
    return adm.items_of(world.session, admission.id)[0]


def test_two_people_ticking_the_same_item_both_succeed(world: World) -> None:
    admission = start(world, "anna")
    item = first_item(world, admission)
    adm.tick(world.session, world.actor("anna"), item_id=item.id, done=True)
    world.session.commit()
    again = adm.tick(world.session, world.actor("hanna"), item_id=item.id, done=True)
    world.session.commit()
    assert again.done and again.done_by_id == world.members["anna"].id  # the first ticker
    undone = adm.tick(world.session, world.actor("bram"), item_id=item.id, done=False)
    world.session.commit()
    assert not undone.done and undone.done_by_id is None and undone.done_at is None


def test_a_tick_bumps_the_family_pulse_and_is_logged(world: World) -> None:
    admission = start(world, "anna")
    item = first_item(world, admission)
    before = pulse.current(world.session, world.alfa.id)
    adm.tick(world.session, world.actor("hugo"), item_id=item.id, done=True)
    world.session.commit()
    assert pulse.current(world.session, world.alfa.id) > before
    logged = world.session.exec(
        select(AuditEvent).where(AuditEvent.action == "admission.tick")
    ).all()
    assert [row.object_id for row in logged] == [item.id]


@pytest.mark.parametrize("name", ["gerda", "ben"])
def test_caregivers_and_siblings_cannot_tick(world: World, name: str) -> None:
    admission = start(world, "anna")
    item = first_item(world, admission)
    with pytest.raises(PermissionDenied):
        adm.tick(world.session, world.actor(name), item_id=item.id, done=True)


def test_a_tick_after_the_end_is_refused_clearly(world: World) -> None:
    admission = start(world, "anna")
    item = first_item(world, admission)
    adm.end(world.session, world.actor("anna"), admission_id=admission.id)
    world.session.commit()
    with pytest.raises(InvalidInput) as refused:
        adm.tick(world.session, world.actor("bram"), item_id=item.id, done=True)
    assert refused.value.message_key == "admission.error.ended"


# --------------------------------------------------------------------------------------
# Seeing it and ending it
# --------------------------------------------------------------------------------------


def test_everyone_sees_the_calm_card_but_only_tickers_see_the_list(world: World) -> None:
    assert adm.current(world.session, world.actor("anna")) is None
    start(world, "anna")
    parent = adm.current(world.session, world.actor("bram"))
    caregiver = adm.current(world.session, world.actor("gerda"))
    sibling = adm.current(world.session, world.actor("ben"))
    assert parent is not None and parent.items and parent.may_tick and parent.may_end
    assert parent.started_by == "Anna"
    for view in (caregiver, sibling):
        assert view is not None and view.items == () and not view.may_tick


def test_only_a_parent_ends_it_and_then_a_new_one_can_start(world: World) -> None:
    admission = start(world, "anna")
    for name in ("hanna", "hugo", "gerda"):
        with pytest.raises(PermissionDenied):
            adm.end(world.session, world.actor(name), admission_id=admission.id)
    ended = adm.end(world.session, world.actor("bram"), admission_id=admission.id)
    world.session.commit()
    assert ended.ended_at is not None and ended.ended_by_id == world.members["bram"].id
    assert adm.current(world.session, world.actor("anna")) is None
    assert start(world, "anna").id != admission.id


def test_ending_twice_changes_nothing(world: World) -> None:
    admission = start(world, "anna")
    first = adm.end(world.session, world.actor("anna"), admission_id=admission.id).ended_at
    world.session.commit()
    assert adm.end(world.session, world.actor("bram"), admission_id=admission.id).ended_at == first


def test_another_familys_admission_cannot_be_ended(world: World) -> None:
    admission = start(world, "anna")
    with pytest.raises(PermissionDenied):
        adm.end(world.session, world.actor("dora", world.beta), admission_id=admission.id)


# --------------------------------------------------------------------------------------
# Three days later
# --------------------------------------------------------------------------------------


def follow_ups(world: World) -> list[Notification]:
    return list(
        world.session.exec(select(Notification).where(Notification.kind == adm.FOLLOW_UP)).all()
    )


def test_the_parents_are_asked_once_three_days_after_the_end_and_not_before(
    world: World,
) -> None:
    admission = start(world, "anna")
    adm.end(world.session, world.actor("anna"), admission_id=admission.id)
    world.session.commit()
    ended = admission.ended_at.astimezone(UTC)
    assert adm.send_follow_ups(world.session, ended + timedelta(days=3, minutes=-1)) == 0
    assert follow_ups(world) == []
    # Through the scheduler's own scan, as in production.
    counts = schedule.run_scheduled(world.session, ended + timedelta(days=3, minutes=1))
    world.session.commit()
    assert counts["admission_follow_ups"] == 2
    rows = follow_ups(world)
    assert names_of(world, rows) == ["anna", "bram"]  # also Anna, who ended it
    assert not any(n.urgent for n in rows)
    assert world.session.get(Admission, admission.id).follow_up_sent_at is not None
    counts = schedule.run_scheduled(world.session, ended + timedelta(days=3, hours=2))
    assert counts["admission_follow_ups"] == 0
    assert len(follow_ups(world)) == 2


def test_an_admission_still_on_is_never_followed_up(world: World) -> None:
    start(world, "anna")
    later = datetime.now(UTC) + timedelta(days=4)
    assert adm.send_follow_ups(world.session, later) == 0


def test_inside_the_app_hanna_reads_who_went_and_a_tap_opens_the_checklist(
    world: World,
) -> None:
    from dossier.domain.notification_items import read_items
    from dossier.models import Notification
    from dossier.presenters.notifications import item_text, target

    start(world, "anna")
    hanna = world.users["hanna"].id
    mine = world.session.exec(
        select(Notification).where(Notification.recipient_user_id == hanna)
    ).all()
    [seen] = read_items(world.session, hanna, mine)
    assert item_text(seen, "nl") == "Anna: we gaan naar het ziekenhuis. Bekijk de checklist."
    assert target(seen) == "/als-het-plotseling-moet"
