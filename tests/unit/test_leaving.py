"""A member leaves the dossier: at once, only themself, and the family keeps a parent."""

from __future__ import annotations

import pytest
from sqlmodel import col, select

from dossier.domain import sessions
from dossier.domain.errors import InvalidInput
from dossier.domain.leaving import MEMBER_LEFT, leave_family, leaving_facts
from dossier.domain.members import remove_member
from dossier.models import (
    AuditEvent,
    CalendarFeed,
    CheckIn,
    CheckinSignal,
    Membership,
    MembershipStatus,
    Notification,
    PushDelivery,
    Role,
    SignalKind,
    User,
)
from dossier.permissions import Action, Actor, PermissionDenied, can
from tests.factories import World


def test_a_caregiver_who_leaves_is_out_at_once_and_her_sessions_end(world: World) -> None:
    gerda = world.members["gerda"]
    token = sessions.start_session(world.session, user_id=gerda.user_id, family_id=world.alfa.id)
    left = leave_family(world.session, world.actor("gerda"))
    assert left.erased is False
    assert gerda.status == MembershipStatus.REVOKED
    assert gerda.ended_reason == "left" and gerda.ended_at is not None
    assert sessions.find_session(world.session, token) is None
    with pytest.raises(PermissionDenied):
        world.actor("gerda")
    row = world.session.exec(
        select(AuditEvent).where(AuditEvent.action == "membership.leave")
    ).one()
    assert row.user_id == gerda.user_id and row.object_id == gerda.id
    # Her account is untouched: she only left this dossier.
    assert world.users["gerda"].name == "Gerda" and world.users["gerda"].erased_at is None


def test_the_last_parent_cannot_leave_and_nothing_changes(world: World) -> None:
    bram = world.members["bram"]
    remove_member(
        world.session, world.actor("anna"), membership_id=bram.id, expected_version=bram.version
    )
    assert leaving_facts(world.session, world.actor("anna")).last_parent is True
    with pytest.raises(InvalidInput) as refused:
        leave_family(world.session, world.actor("anna"))
    assert refused.value.message_key == "leaving.last_parent_error"
    assert world.members["anna"].status == MembershipStatus.ACTIVE


def test_one_of_two_parents_may_leave(world: World) -> None:
    assert leaving_facts(world.session, world.actor("bram")).last_parent is False
    leave_family(world.session, world.actor("bram"))
    assert world.members["bram"].status == MembershipStatus.REVOKED


def test_a_case_manager_who_leaves_tells_the_parents(world: World) -> None:
    left = leave_family(world.session, world.actor("hugo"))
    assert left.parents_told == 2
    told = world.session.exec(select(Notification).where(Notification.kind == MEMBER_LEFT)).all()
    assert {n.recipient_user_id for n in told} == {
        world.users["anna"].id,
        world.users["bram"].id,
    }
    assert all(n.url == "/gezin" for n in told)


def test_a_caregiver_who_leaves_tells_nobody(world: World) -> None:
    assert leave_family(world.session, world.actor("gerda")).parents_told == 0


def test_a_sibling_takes_his_checkins_along_with_their_signals(world: World) -> None:
    ben = world.members["ben"]
    checkin = world.checkins["parents"]
    signal = CheckinSignal(
        family_id=world.alfa.id,
        sibling_id=ben.id,
        kind=SignalKind.LOW_MOOD,
        checkin_id=checkin.id,
        share_parents=True,
    )
    world.session.add(signal)
    world.session.flush()
    assert leaving_facts(world.session, world.actor("ben")).checkins == 4
    left = leave_family(world.session, world.actor("ben"))
    assert left.checkins_removed == 4
    assert world.session.exec(select(CheckIn).where(CheckIn.sibling_id == ben.id)).all() == []
    assert world.session.exec(select(CheckinSignal)).all() == []


def test_a_sibling_may_leave_his_checkins_with_the_family(world: World) -> None:
    ben = world.members["ben"]
    left = leave_family(world.session, world.actor("ben"), keep_checkins=True)
    assert left.checkins_removed == 0
    kept = world.session.exec(select(CheckIn).where(CheckIn.sibling_id == ben.id)).all()
    assert len(kept) == 4


def test_erasing_is_refused_while_the_person_is_in_another_family(world: World) -> None:
    # Hanna is case manager in Gezin Beta too.
    facts = leaving_facts(world.session, world.actor("hanna"))
    assert facts.last_family is False and facts.other_families == 1
    with pytest.raises(InvalidInput) as refused:
        leave_family(world.session, world.actor("hanna"), erase=True)
    assert refused.value.message_key == "leaving.erase_other_families"
    assert world.members["hanna"].status == MembershipStatus.ACTIVE


def test_leaving_the_last_family_can_erase_the_account(world: World) -> None:
    gerda = world.users["gerda"]
    left = leave_family(world.session, world.actor("gerda"), erase=True)
    assert left.erased is True
    world.session.refresh(gerda)
    assert gerda.erased_at is not None and gerda.email is None and gerda.name == "oud-lid"


def test_a_removed_member_cannot_leave_again(world: World) -> None:
    actor = world.actor("gerda")
    leave_family(world.session, actor)
    with pytest.raises(PermissionDenied):
        leave_family(world.session, world.actor("gerda"))


def test_leaving_drops_the_calendar_link(world: World) -> None:
    gerda = world.members["gerda"]
    world.session.add(CalendarFeed(membership_id=gerda.id, token_hash="x" * 64))
    world.session.flush()
    leave_family(world.session, world.actor("gerda"))
    feeds = world.session.exec(
        select(CalendarFeed).where(col(CalendarFeed.membership_id) == gerda.id)
    ).all()
    assert feeds == []


def test_leaving_keeps_other_peoples_pushes(world: World) -> None:
    leave_family(world.session, world.actor("hugo"))
    assert world.session.exec(select(PushDelivery)).all() == []  # nobody has a device here
    assert world.session.get(User, world.users["anna"].id) is not None


@pytest.mark.parametrize("role", list(Role))
def test_every_role_may_leave_its_own_family_only(role: Role) -> None:
    member = Actor(user_id=1, family_id=7, membership_id=3, role=role)
    assert can(member, Action.MEMBERSHIP_LEAVE, Membership(id=3, family_id=7, user_id=1, role=role))
    elsewhere = Membership(id=4, family_id=8, user_id=1, role=role)
    assert not can(member, Action.MEMBERSHIP_LEAVE, elsewhere)
