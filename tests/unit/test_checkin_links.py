"""Personal check-in links: only parents make and revoke them, for their own family's
siblings; the token is stored hashed; a new link, a revoke, a removal or another role
ends the link and every session opened with it; each step leaves an audit row."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session, select

from dossier.domain import sessions
from dossier.domain.checkin_links import (
    create_link,
    link_is_live,
    link_status,
    link_statuses,
    link_url,
    open_link,
    revoke_link,
)
from dossier.domain.errors import InvalidInput, NotFound
from dossier.domain.members import change_role, remove_member
from dossier.models import AuditEvent, CheckinLink, Role, UserSession, utcnow
from dossier.permissions import PermissionDenied
from tests.factories import World


def make(world: World, by: str = "anna") -> str:
    return create_link(world.session, world.actor(by), sibling_id=world.members["ben"].id)


def open_(world: World, token: str) -> str | None:
    return open_link(world.session, token, ip="192.0.2.1", user_agent="tablet")


def actions(session: Session, **where: object) -> list[tuple[str, str]]:
    rows = session.exec(select(AuditEvent).order_by(AuditEvent.id)).all()
    return [
        (row.action, row.outcome)
        for row in rows
        if row.action.startswith("checkin_link")
        and all(getattr(row, k) == v for k, v in where.items())
    ]


def test_a_parent_makes_a_link_that_opens_a_link_session_for_the_sibling(world: World) -> None:
    token = make(world)
    session_token = open_(world, token)
    assert session_token
    stored = world.session.exec(
        select(UserSession).where(UserSession.token_hash == sessions.hash_token(session_token))
    ).one()
    link = world.session.exec(select(CheckinLink)).one()
    assert stored.user_id == world.users["ben"].id
    assert stored.current_family_id == world.alfa.id
    assert stored.checkin_link_id == link.id
    assert stored.ip == "192.0.2.1" and stored.user_agent == "tablet"
    assert link.last_used_at is not None
    assert link.created_by_id == world.members["anna"].id


def test_the_link_address_is_the_origin_plus_the_route() -> None:
    assert link_url("abc", "https://dossier.example.nl") == "https://dossier.example.nl/api/k/abc"


def test_a_link_session_is_no_session_unless_the_gate_asks_for_it(world: World) -> None:
    session_token = open_(world, make(world))
    assert sessions.find_session(world.session, session_token) is None
    assert sessions.peek_session(world.session, session_token) is None
    assert sessions.find_session(world.session, session_token, allow_link=True) is not None
    assert sessions.peek_session(world.session, session_token, allow_link=True) is not None


@pytest.mark.parametrize("who", ["bram"])
def test_both_parents_may_make_links(world: World, who: str) -> None:
    assert make(world, by=who)


@pytest.mark.parametrize("who", ["ben", "cleo", "hanna", "hugo", "gerda"])
def test_only_parents_make_revoke_or_look_at_links(world: World, who: str) -> None:
    actor = world.actor(who)
    ben = world.members["ben"].id
    with pytest.raises(PermissionDenied):
        create_link(world.session, actor, sibling_id=ben)
    with pytest.raises(PermissionDenied):
        revoke_link(world.session, actor, sibling_id=ben)
    with pytest.raises(PermissionDenied):
        link_status(world.session, actor, ben)
    with pytest.raises(PermissionDenied):
        link_statuses(world.session, actor)
    assert world.session.exec(select(CheckinLink)).all() == []


def test_a_parent_of_another_family_cannot_touch_this_familys_sibling(world: World) -> None:
    dora = world.actor("dora", world.beta)
    ben = world.members["ben"].id
    with pytest.raises(PermissionDenied):
        create_link(world.session, dora, sibling_id=ben)
    make(world)
    with pytest.raises(PermissionDenied):
        revoke_link(world.session, dora, sibling_id=ben)
    with pytest.raises(PermissionDenied):
        link_status(world.session, dora, ben)
    assert link_statuses(world.session, dora) == []  # Beta has no siblings
    assert link_status(world.session, world.actor("anna"), ben).active  # untouched


def test_links_are_only_for_active_siblings(world: World) -> None:
    anna = world.actor("anna")
    with pytest.raises(InvalidInput, match=r"links\.not_a_sibling"):
        create_link(world.session, anna, sibling_id=world.members["hugo"].id)
    with pytest.raises(NotFound):
        create_link(world.session, anna, sibling_id=999_999)


def test_only_the_hash_of_the_token_is_stored(world: World) -> None:
    token = make(world)
    link = world.session.exec(select(CheckinLink)).one()
    assert len(token) >= 43
    assert link.token_hash == sessions.hash_token(token)
    assert token not in link.token_hash
    stored_values = [str(v) for v in link.model_dump().values()]
    assert not any(token in value for value in stored_values)
    assert all(token not in (e.detail or "") for e in world.session.exec(select(AuditEvent)))


def test_revoking_kills_the_link_and_ends_its_sessions_at_once(world: World) -> None:
    token = make(world)
    first = open_(world, token)
    second = open_(world, token)  # the phone and the family tablet
    assert revoke_link(world.session, world.actor("anna"), sibling_id=world.members["ben"].id)
    for session_token in (first, second):
        assert sessions.find_session(world.session, session_token, allow_link=True) is None
    assert open_(world, token) is None
    link = world.session.exec(select(CheckinLink)).one()
    assert link.revoked_at is not None and not link_is_live(world.session, link.id)
    again = revoke_link(world.session, world.actor("anna"), sibling_id=world.members["ben"].id)
    assert again is False  # nothing left to revoke


def test_a_new_link_revokes_the_old_one_and_its_sessions(world: World) -> None:
    old = make(world)
    old_session = open_(world, old)
    new = make(world, by="bram")
    assert open_(world, old) is None
    assert sessions.find_session(world.session, old_session, allow_link=True) is None
    assert open_(world, new)
    live = world.session.exec(select(CheckinLink).where(CheckinLink.revoked_at.is_(None))).all()
    assert len(live) == 1
    status = link_status(world.session, world.actor("anna"), world.members["ben"].id)
    assert status.active and status.created_by == "Bram" and status.last_used_at is not None


def test_a_removed_sibling_s_link_is_dead_also_when_invited_back(world: World) -> None:
    token = make(world)
    session_token = open_(world, token)
    ben = world.members["ben"]
    remove_member(
        world.session, world.actor("anna"), membership_id=ben.id, expected_version=ben.version
    )
    assert sessions.find_session(world.session, session_token, allow_link=True) is None
    assert open_(world, token) is None
    ben.status = "active"  # back in the family with the same membership (a new invitation)
    world.session.add(ben)
    world.session.flush()
    assert open_(world, token) is None


def test_another_role_ends_the_link(world: World) -> None:
    token = make(world)
    session_token = open_(world, token)
    ben = world.members["ben"]
    change_role(
        world.session,
        world.actor("anna"),
        membership_id=ben.id,
        role=Role.CHILD,
        expected_version=ben.version,
    )
    assert sessions.find_session(world.session, session_token, allow_link=True) is None
    assert open_(world, token) is None


def test_the_gate_check_holds_even_if_the_role_changed_behind_its_back(world: World) -> None:
    token = make(world)
    open_(world, token)
    link = world.session.exec(select(CheckinLink)).one()
    assert link_is_live(world.session, link.id)
    world.members["ben"].role = Role.PARENT  # no members.change_role: nothing was revoked
    world.session.add(world.members["ben"])
    world.session.flush()
    assert not link_is_live(world.session, link.id)


@pytest.mark.parametrize("token", ["", "x", "a" * 43, "a" * 500])
def test_unknown_tokens_open_nothing_and_leave_no_log_row(world: World, token: str) -> None:
    make(world)
    assert open_(world, token) is None
    assert ("checkin_link.open", "denied") not in actions(world.session)


def test_an_overlong_token_never_matches_even_with_a_good_start(world: World) -> None:
    token = make(world)
    assert open_(world, token + "x" * 100) is None


def test_the_status_for_the_parents_screen(world: World) -> None:
    anna = world.actor("anna")
    ben = world.members["ben"].id
    before = link_statuses(world.session, anna)
    assert [(s.sibling_name, s.active) for s in before] == [("Ben", False)]
    start = utcnow()
    token = create_link(world.session, anna, sibling_id=ben, now=start)
    open_link(world.session, token, now=start + timedelta(minutes=5))
    (status,) = link_statuses(world.session, anna)
    assert status.active and status.created_by == "Anna" and status.sibling_id == ben
    assert status.created_at == start and status.last_used_at == start + timedelta(minutes=5)


def test_every_step_leaves_an_audit_row(world: World) -> None:
    token = make(world)
    open_(world, token)
    revoke_link(world.session, world.actor("anna"), sibling_id=world.members["ben"].id)
    open_(world, token)  # the revoked link: a refusal the parents can read
    link_status(world.session, world.actor("anna"), world.members["ben"].id)
    link_statuses(world.session, world.actor("anna"))
    assert actions(world.session) == [
        ("checkin_link.create", "allowed"),
        ("checkin_link.open", "allowed"),
        ("checkin_link.revoke", "allowed"),
        ("checkin_link.open", "denied"),
        ("checkin_link.view", "allowed"),
        ("checkin_link.view.list", "allowed"),
    ]
    opened = world.session.exec(
        select(AuditEvent).where(AuditEvent.action == "checkin_link.open")
    ).all()
    assert {e.family_id for e in opened} == {world.alfa.id}
    assert opened[0].user_id == world.users["ben"].id and opened[0].ip == "192.0.2.1"
