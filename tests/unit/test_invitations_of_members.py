"""An invitation never changes the role of someone already in the family, and the rule
"a family keeps a parent" holds in one place for every change of a membership."""

from __future__ import annotations

import pytest

from dossier.domain.accounts import create_user
from dossier.domain.errors import InvalidInput
from dossier.domain.invitations import (
    AlreadyMember,
    InvitationProblem,
    accept_invitation,
    check_invitation,
    create_invitation,
)
from dossier.domain.members import keep_a_parent, remove_member
from dossier.i18n import catalogue
from dossier.models import Invitation, MembershipStatus, Role
from tests.factories import World


def invite(world: World, role: str, by: str = "anna") -> tuple[Invitation, str]:
    return create_invitation(world.session, world.actor(by), role=role)


def remove(world: World, name: str, by: str = "anna") -> None:
    member = world.members[name]
    remove_member(
        world.session, world.actor(by), membership_id=member.id, expected_version=member.version
    )


def test_a_parent_who_accepts_a_caregiver_link_stays_a_parent(world: World) -> None:
    invitation, token = invite(world, Role.CAREGIVER)
    with pytest.raises(AlreadyMember) as refused:
        accept_invitation(world.session, token=token, user=world.users["anna"])
    assert refused.value.message_key == "invitation.problem.already_member.parent"
    assert refused.value.problem is InvitationProblem.ALREADY_MEMBER
    assert not refused.value.dead_link  # not a guess: the throttle does not count it
    assert world.actor("anna").role == Role.PARENT
    assert invitation.used_at is None and invitation.used_by_user_id is None


def test_the_only_parent_cannot_leave_the_family_parentless_through_an_invitation(
    world: World,
) -> None:
    remove(world, "bram")
    _, token = invite(world, Role.CAREGIVER)
    with pytest.raises(AlreadyMember):
        accept_invitation(world.session, token=token, user=world.users["anna"])
    anna = world.members["anna"]
    assert (anna.role, anna.status) == (Role.PARENT, MembershipStatus.ACTIVE)


def test_the_refused_link_still_works_for_the_person_it_was_meant_for(world: World) -> None:
    _, token = invite(world, Role.CAREGIVER)
    with pytest.raises(AlreadyMember):
        accept_invitation(world.session, token=token, user=world.users["anna"])
    newcomer = create_user(world.session, email="huisarts@test.nl", name="Huisarts", password=None)
    joined = accept_invitation(world.session, token=token, user=newcomer)
    assert (joined.role, joined.family_id) == (Role.CAREGIVER, world.alfa.id)


@pytest.mark.parametrize(
    ("who", "role"),
    [
        ("hugo", Role.PARENT),  # not raised either: roles change on the members page
        ("gerda", Role.CM_HOME),
        ("hanna", Role.CAREGIVER),  # nor lowered
        ("ben", Role.SIBLING),  # nor the same role again
    ],
)
def test_an_invitation_never_changes_a_members_role(world: World, who: str, role: str) -> None:
    before = world.members[who].role
    invitation, token = invite(world, role)
    with pytest.raises(AlreadyMember) as refused:
        accept_invitation(world.session, token=token, user=world.users[who])
    assert refused.value.message_key == f"invitation.problem.already_member.{before}"
    assert world.members[who].role == before and invitation.used_at is None


def test_a_signed_in_member_is_told_before_they_tap_join(world: World) -> None:
    _, token = invite(world, Role.CAREGIVER)
    with pytest.raises(AlreadyMember):
        check_invitation(world.session, token, user=world.users["anna"])
    assert check_invitation(world.session, token, user=world.users["olga"]).role == "caregiver"
    assert check_invitation(world.session, token).role == "caregiver"  # not signed in


def test_someone_who_was_removed_comes_back_in_the_invited_role(world: World) -> None:
    remove(world, "gerda")
    _, token = invite(world, Role.CM_HOME)
    back = accept_invitation(world.session, token=token, user=world.users["gerda"])
    assert back.id == world.members["gerda"].id
    assert (back.role, back.status) == (Role.CM_HOME, MembershipStatus.ACTIVE)


def test_every_role_has_a_clear_already_a_member_message_in_both_languages() -> None:
    for lang in ("nl", "en"):
        texts = catalogue(lang)
        for role in Role:
            assert texts[f"invitation.problem.already_member.{role}"].strip()
    assert catalogue("nl")["invitation.problem.already_member.parent"].startswith(
        "Je bent al lid van dit gezin als ouder. Deze uitnodiging is niet voor jou."
    )


# --------------------------------------------------------------------------------------
# keep_a_parent: the one place of "a family keeps a parent"
# --------------------------------------------------------------------------------------


def test_the_last_parent_may_neither_change_role_nor_leave(world: World) -> None:
    remove(world, "bram")
    anna = world.members["anna"]
    for change in ({"role": Role.CAREGIVER}, {"status": MembershipStatus.REVOKED}):
        with pytest.raises(InvalidInput, match=r"members\.last_parent"):
            keep_a_parent(world.session, anna, **change)  # type: ignore[arg-type]
    keep_a_parent(world.session, anna, role=Role.PARENT)  # staying a parent is fine


def test_with_a_second_parent_a_parent_may_change_role_or_leave(world: World) -> None:
    anna = world.members["anna"]
    keep_a_parent(world.session, anna, role=Role.CAREGIVER)
    keep_a_parent(world.session, anna, status=MembershipStatus.REVOKED)


def test_other_members_are_never_held_back_by_the_parent_rule(world: World) -> None:
    remove(world, "bram")
    keep_a_parent(world.session, world.members["gerda"], status=MembershipStatus.REVOKED)
    keep_a_parent(world.session, world.members["hugo"], role=Role.CAREGIVER)


class _Checked(Exception):
    """Raised by the stand-in for keep_a_parent: proof the change passed the rule."""


@pytest.mark.parametrize("change", ["change_role", "remove_member", "accept_invitation"])
def test_every_membership_change_passes_the_one_parent_rule(
    world: World, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    from dossier.domain import invitations, members

    if change == "accept_invitation":
        remove(world, "gerda")  # someone coming back: the membership row changes
        _, token = invite(world, Role.CM_HOME)

    def stand_in(*_args: object, **_kwargs: object) -> None:
        raise _Checked

    monkeypatch.setattr(members, "keep_a_parent", stand_in)
    monkeypatch.setattr(invitations, "keep_a_parent", stand_in)
    hugo = world.members["hugo"]
    calls = {
        "change_role": lambda: members.change_role(
            world.session,
            world.actor("anna"),
            membership_id=hugo.id,
            role=Role.CAREGIVER,
            expected_version=hugo.version,
        ),
        "remove_member": lambda: remove(world, "hugo"),
        "accept_invitation": lambda: accept_invitation(
            world.session, token=token, user=world.users["gerda"]
        ),
    }
    with pytest.raises(_Checked):
        calls[change]()
