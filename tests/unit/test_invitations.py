"""Invitations: single use, 72 hours, revocable, only parents create them, nothing leaks."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from dossier.domain.accounts import create_user
from dossier.domain.invitations import (
    InvitationProblem,
    InvitationUnusable,
    accept_invitation,
    check_invitation,
    create_invitation,
    open_invitations,
    revoke_invitation,
)
from dossier.models import AuditEvent, Invitation, Membership, Role, utcnow
from dossier.permissions import PermissionDenied
from tests.factories import World


def invite(world: World, role: str = Role.CM_HOME, by: str = "anna") -> str:
    _, token = create_invitation(world.session, world.actor(by), role=role, relation="thuis")
    return token


def newcomer(world: World, email: str = "nieuw@test.nl"):
    return create_user(world.session, email=email, name="Nieuw", password=None)


def test_a_parent_invites_and_the_invitee_joins_in_that_role(world: World) -> None:
    token = invite(world)
    assert check_invitation(world.session, token).family_name == "Gezin Alfa"
    membership = accept_invitation(world.session, token=token, user=newcomer(world))
    assert (membership.family_id, membership.role, membership.relation) == (
        world.alfa.id,
        "cm_home",
        "thuis",
    )
    actions = [e.action for e in world.session.exec(select(AuditEvent))]
    assert "invitation.create" in actions and "invitation.accept" in actions


def test_only_the_hash_of_the_token_is_stored(world: World) -> None:
    token = invite(world)
    stored = world.session.exec(select(Invitation)).one()
    assert len(token) >= 43 and token not in stored.token_hash


@pytest.mark.parametrize("who", ["hanna", "hugo", "gerda", "ben", "cleo"])
def test_only_parents_invite(world: World, who: str) -> None:
    with pytest.raises(PermissionDenied):
        invite(world, by=who)


def test_a_link_works_once(world: World) -> None:
    token = invite(world)
    accept_invitation(world.session, token=token, user=newcomer(world))
    with pytest.raises(InvitationUnusable) as second:
        accept_invitation(world.session, token=token, user=newcomer(world, "ander@test.nl"))
    assert second.value.problem is InvitationProblem.USED


def test_a_link_expires_after_72_hours(world: World) -> None:
    token = invite(world)
    later = utcnow() + timedelta(hours=72, seconds=1)
    with pytest.raises(InvitationUnusable) as expired:
        accept_invitation(world.session, token=token, user=newcomer(world), now=later)
    assert expired.value.problem is InvitationProblem.EXPIRED
    assert check_invitation(world.session, token, now=utcnow() + timedelta(hours=71))


def test_a_revoked_link_grants_nothing(world: World) -> None:
    token = invite(world)
    (pending,) = open_invitations(world.session, world.actor("anna"))
    revoke_invitation(world.session, world.actor("bram"), invitation_id=pending.id)
    with pytest.raises(InvitationUnusable) as revoked:
        accept_invitation(world.session, token=token, user=newcomer(world))
    assert revoked.value.problem is InvitationProblem.REVOKED
    assert open_invitations(world.session, world.actor("anna")) == []


def test_an_unknown_link_grants_nothing(world: World) -> None:
    with pytest.raises(InvitationUnusable) as unknown:
        accept_invitation(world.session, token="verzonnen", user=newcomer(world))
    assert unknown.value.problem is InvitationProblem.UNKNOWN
    assert world.session.exec(select(Membership).where(Membership.role == "cm_home")).all() == [
        world.members["hugo"]
    ]


def test_another_family_cannot_revoke_our_invitation(world: World) -> None:
    invite(world)
    (pending,) = open_invitations(world.session, world.actor("anna"))
    with pytest.raises(PermissionDenied):
        revoke_invitation(world.session, world.actor("dora", world.beta), invitation_id=pending.id)


def test_an_existing_professional_joins_a_second_family(world: World) -> None:
    """A case manager with a caseload: the same user, another membership."""
    _, token = create_invitation(world.session, world.actor("dora", world.beta), role="cm_home")
    membership = accept_invitation(world.session, token=token, user=world.users["hugo"])
    assert membership.family_id == world.beta.id
    assert world.actor("hugo", world.beta).role == Role.CM_HOME
