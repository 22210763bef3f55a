"""Parents change roles and remove members; a family keeps a parent; removal ends sessions."""

from __future__ import annotations

import pytest

from dossier.domain import sessions
from dossier.domain.errors import Conflict, InvalidInput
from dossier.domain.members import change_role, remove_member
from dossier.models import MembershipStatus, Role
from dossier.permissions import PermissionDenied
from tests.factories import World


def test_a_parent_changes_a_role(world: World) -> None:
    hugo = world.members["hugo"]
    change_role(
        world.session,
        world.actor("anna"),
        membership_id=hugo.id,
        role=Role.CAREGIVER,
        expected_version=hugo.version,
    )
    assert world.actor("hugo").role == Role.CAREGIVER


def test_removal_ends_the_sessions_that_have_this_family_open(world: World) -> None:
    gerda = world.members["gerda"]
    token = sessions.start_session(world.session, user_id=gerda.user_id, family_id=world.alfa.id)
    elsewhere = sessions.start_session(world.session, user_id=gerda.user_id, family_id=None)
    remove_member(
        world.session, world.actor("anna"), membership_id=gerda.id, expected_version=gerda.version
    )
    assert gerda.status == MembershipStatus.REVOKED
    assert sessions.find_session(world.session, token) is None
    assert sessions.find_session(world.session, elsewhere) is not None
    with pytest.raises(PermissionDenied):
        world.actor("gerda")


def test_the_last_parent_cannot_be_removed_or_demoted(world: World) -> None:
    bram = world.members["bram"]
    remove_member(
        world.session, world.actor("anna"), membership_id=bram.id, expected_version=bram.version
    )
    anna = world.members["anna"]
    with pytest.raises(InvalidInput, match=r"members\.last_parent"):
        change_role(
            world.session,
            world.actor("anna"),
            membership_id=anna.id,
            role=Role.CM_HOME,
            expected_version=anna.version,
        )
    dora = world.members["dora"]
    with pytest.raises(InvalidInput, match=r"members\.last_parent"):
        remove_member(
            world.session,
            world.actor("dora", world.beta),
            membership_id=dora.id,
            expected_version=dora.version,
        )


@pytest.mark.parametrize("who", ["hanna", "hugo", "gerda", "ben"])
def test_only_parents_manage_members(world: World, who: str) -> None:
    target = world.members["cleo"]
    with pytest.raises(PermissionDenied):
        remove_member(
            world.session,
            world.actor(who),
            membership_id=target.id,
            expected_version=target.version,
        )


def test_another_family_cannot_remove_our_members(world: World) -> None:
    target = world.members["hugo"]
    with pytest.raises(PermissionDenied):
        remove_member(
            world.session,
            world.actor("dora", world.beta),
            membership_id=target.id,
            expected_version=target.version,
        )


def test_a_stale_role_change_is_refused(world: World) -> None:
    hugo = world.members["hugo"]
    change_role(
        world.session,
        world.actor("anna"),
        membership_id=hugo.id,
        role=Role.CAREGIVER,
        expected_version=1,
    )
    with pytest.raises(Conflict):
        change_role(
            world.session,
            world.actor("bram"),
            membership_id=hugo.id,
            role=Role.PARENT,
            expected_version=1,
        )


def test_removal_also_ends_their_calendar_link(world: World) -> None:
    from dossier.domain.calendar_feed import build_feed, feed_token

    gerda = world.members["gerda"]
    token = feed_token(world.session, world.actor("gerda"))
    assert build_feed(world.session, token) is not None
    remove_member(
        world.session, world.actor("anna"), membership_id=gerda.id, expected_version=gerda.version
    )
    gerda.status = MembershipStatus.ACTIVE  # even if invited back later...
    world.session.add(gerda)
    assert build_feed(world.session, token) is None  # ...the old link stays dead
