"""Access with an end date: a parent gives a professional access until a day; it ends by
itself (the gate at once, the scheduler marks it and logs it); parents hear a week before."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import select

from dossier.clock import ZONE, local_today
from dossier.domain import sessions
from dossier.domain.access_until import (
    ACCESS_ENDING,
    end_expired,
    ends_of,
    long_day,
    read_until,
    send_notices,
    set_access_until,
)
from dossier.domain.accounts import create_user
from dossier.domain.errors import Conflict, InvalidInput
from dossier.domain.families import members
from dossier.domain.invitations import accept_invitation, create_invitation
from dossier.jobs.schedule import run_scheduled
from dossier.models import (
    AuditEvent,
    MembershipStatus,
    Notification,
    NotificationSettings,
    PushDelivery,
    PushSubscription,
    Role,
)
from dossier.permissions import PermissionDenied
from tests.factories import World

TODAY = local_today()


def at(text: str) -> datetime:
    """A wall-clock moment in Amsterdam, as UTC."""
    return datetime.fromisoformat(text).replace(tzinfo=ZONE).astimezone(UTC)


def give(world: World, name: str, until: date | None, by: str = "anna") -> None:
    member = world.members[name]
    set_access_until(
        world.session,
        world.actor(by),
        membership_id=member.id,
        until=until,
        expected_version=member.version,
    )


def test_a_parent_gives_the_caregiver_access_until_a_day(world: World) -> None:
    until = TODAY + timedelta(days=30)
    give(world, "gerda", until)
    assert world.members["gerda"].access_until == until
    assert ends_of(world.session, world.actor("anna")) == {world.members["gerda"].id: until}
    row = world.session.exec(
        select(AuditEvent).where(AuditEvent.action == "membership.access_until")
    ).one()
    assert row.detail == until.isoformat()


def test_access_ends_by_itself_the_day_after_even_before_the_scheduler_runs(
    world: World,
) -> None:
    gerda = world.members["gerda"]
    give(world, "gerda", TODAY)
    assert world.actor("gerda").membership_id == gerda.id  # the last day still counts
    gerda.access_until = TODAY - timedelta(days=1)  # time went on
    world.session.add(gerda)
    world.session.flush()
    with pytest.raises(PermissionDenied):
        world.actor("gerda")
    assert gerda.status == MembershipStatus.ACTIVE  # nothing ran yet
    assert "Gerda" not in [m.name for m in members(world.session, world.actor("anna"))]


def test_the_scheduler_marks_the_membership_ended_and_logs_it(world: World) -> None:
    gerda = world.members["gerda"]
    token = sessions.start_session(world.session, user_id=gerda.user_id, family_id=world.alfa.id)
    give(world, "gerda", TODAY)
    assert end_expired(world.session, at(f"{TODAY.isoformat()} 23:59")) == 0
    tomorrow = TODAY + timedelta(days=1)
    assert end_expired(world.session, at(f"{tomorrow.isoformat()} 00:01")) == 1
    assert gerda.status == MembershipStatus.REVOKED and gerda.ended_reason == "access_ended"
    assert sessions.find_session(world.session, token) is None
    row = world.session.exec(
        select(AuditEvent).where(AuditEvent.action == "membership.access_ended")
    ).one()
    assert (row.user_id, row.family_id, row.object_id) == (gerda.user_id, world.alfa.id, gerda.id)
    assert end_expired(world.session, at(f"{tomorrow.isoformat()} 00:02")) == 0


def test_parents_hear_once_a_week_before(world: World) -> None:
    until = TODAY + timedelta(days=20)
    give(world, "hugo", until)
    nine_days = until - timedelta(days=9)
    a_week = until - timedelta(days=7)
    assert send_notices(world.session, at(f"{nine_days.isoformat()} 12:00")) == 0
    assert send_notices(world.session, at(f"{a_week.isoformat()} 12:00")) == 2
    assert send_notices(world.session, at(f"{a_week.isoformat()} 12:01")) == 0
    assert send_notices(world.session, at(f"{(a_week + timedelta(days=1)).isoformat()} 09:00")) == 0
    told = world.session.exec(select(Notification).where(Notification.kind == ACCESS_ENDING)).all()
    assert {n.recipient_user_id for n in told} == {world.users["anna"].id, world.users["bram"].id}
    assert all(n.url == "/gezin" for n in told)


def test_a_new_end_date_gets_its_own_notice(world: World) -> None:
    until = TODAY + timedelta(days=10)
    give(world, "hugo", until)
    moment = at(f"{(until - timedelta(days=7)).isoformat()} 12:00")
    assert send_notices(world.session, moment) == 2
    give(world, "hugo", until + timedelta(days=1))
    assert send_notices(world.session, moment + timedelta(days=1)) == 2


def test_the_notice_waits_for_the_end_of_quiet_hours(world: World) -> None:
    anna = world.users["anna"]
    world.session.add(NotificationSettings(user_id=anna.id, channels={}))
    world.session.add(
        PushSubscription(user_id=anna.id, endpoint="https://push.example/a", p256dh="k", auth="a")
    )
    world.session.flush()
    until = TODAY + timedelta(days=10)
    give(world, "gerda", until)
    night = at(f"{(until - timedelta(days=7)).isoformat()} 23:30")
    send_notices(world.session, night)
    delivery = world.session.exec(select(PushDelivery)).one()
    assert delivery.not_before.astimezone(ZONE).strftime("%H:%M") == "07:30"


def test_the_scheduler_runs_both_scans(world: World) -> None:
    give(world, "gerda", TODAY + timedelta(days=3))
    counts = run_scheduled(world.session, at(f"{TODAY.isoformat()} 12:00"))
    assert counts["access_ending"] == 2 and counts["access_ended"] == 0


def test_only_parents_set_an_end_date(world: World) -> None:
    with pytest.raises(PermissionDenied):
        give(world, "gerda", TODAY + timedelta(days=3), by="hugo")
    assert world.members["gerda"].access_until is None


def test_only_professionals_get_an_end_date(world: World) -> None:
    with pytest.raises(InvalidInput) as refused:
        give(world, "bram", TODAY + timedelta(days=3))
    assert refused.value.message_key == "access_until.not_professional"


def test_an_old_version_is_a_conflict(world: World) -> None:
    gerda = world.members["gerda"]
    with pytest.raises(Conflict):
        set_access_until(
            world.session,
            world.actor("anna"),
            membership_id=gerda.id,
            until=TODAY + timedelta(days=3),
            expected_version=gerda.version + 5,
        )
    assert gerda.access_until is None


def test_an_end_date_can_be_cleared(world: World) -> None:
    give(world, "gerda", TODAY + timedelta(days=3))
    give(world, "gerda", None)
    assert world.members["gerda"].access_until is None


def test_bad_days_get_clear_messages() -> None:
    today = date(2026, 12, 7)
    assert read_until("", today) is None
    assert read_until("3-3-2027", today) == date(2027, 3, 3)
    for text, problem in (
        ("morgen", "access_until.format"),
        ("31-2-2027", "access_until.impossible"),
        ("1-1-2026", "access_until.range"),
        ("1-1-2040", "access_until.range"),
    ):
        with pytest.raises(InvalidInput) as refused:
            read_until(text, today)
        assert refused.value.message_key == problem


def test_the_members_page_says_it_as_people_do() -> None:
    assert long_day(date(2027, 3, 3), "nl") == "3 maart 2027"
    assert long_day(date(2027, 3, 3), "en") == "3 March 2027"


def test_an_invitation_with_an_end_date_gives_it_to_the_membership(world: World) -> None:
    until = TODAY + timedelta(days=60)
    invitation, token = create_invitation(
        world.session, world.actor("anna"), role=Role.CAREGIVER, access_until=until
    )
    assert invitation.access_until == until
    newcomer = create_user(world.session, email="fysio@test.nl", name="Fysio", password=None)
    membership = accept_invitation(world.session, token=token, user=newcomer)
    assert membership.access_until == until


def test_an_invitation_for_a_parent_gets_no_end_date(world: World) -> None:
    with pytest.raises(InvalidInput):
        create_invitation(
            world.session,
            world.actor("anna"),
            role=Role.PARENT,
            access_until=TODAY + timedelta(days=3),
        )
