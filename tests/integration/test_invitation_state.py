"""The invitation page over the websocket (InvitationState), called as Reflex would:
someone already in the family is refused and keeps their role, and checking links here
is limited per IP exactly like the HTTP route (one counter for both, Redis included)."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import reflex as rx
from sqlmodel import select
from starlette.testclient import TestClient

from dossier.api import build_api
from dossier.db import session_scope
from dossier.domain import throttle
from dossier.domain.invitations import create_invitation
from dossier.domain.members import remove_member
from dossier.models import Invitation, Membership, MembershipStatus, Role
from dossier.state import gate
from dossier.state.invitation import InvitationState
from tests.factories import World
from tests.integration.support import login_as

LIMIT = throttle.PER_IP.limit or 20
THROTTLED = "throttle.too_many"
REDIS_URL = "redis://127.0.0.1:6379/0"


def invitation(world: World, role: str = Role.CAREGIVER) -> str:
    _, token = create_invitation(world.session, world.actor("anna"), role=role)
    world.session.commit()
    return token


def membership(world: World, name: str) -> Membership:
    with session_scope() as session:
        found = session.get(Membership, world.members[name].id)
        assert found is not None
        return found


def stored_invitation() -> Invitation:
    with session_scope() as session:
        return session.exec(select(Invitation)).one()


@pytest.fixture
def page(world: World) -> Iterator[Callable[..., Any]]:
    """page(token, ip=..., who=...) -> the invitation page, loaded as the browser would
    load it: the link in the address bar, from that address, signed in as `who` or not."""
    world.session.commit()

    async def open_page(token: str, *, ip: str = "198.51.100.7", who: str | None = None):
        gate.act_as(login_as(world, who) if who else None)
        root = rx.State()
        data = {
            "pathname": "/uitnodiging",
            "asPath": f"/uitnodiging?t={token}",
            "headers": {"origin": "http://localhost:3000"},
            "ip": ip,
        }
        root.router_data = root._update_router_vars(data, {})
        state = await root.get_state(InvitationState)
        state.load_invitation()
        return state

    yield open_page
    gate.act_as(None)


# --------------------------------------------------------------------------------------
# Someone already in the family
# --------------------------------------------------------------------------------------


async def test_a_parent_who_opens_a_caregiver_link_is_told_it_is_not_for_her(
    world: World, page
) -> None:
    token = invitation(world)
    state = await page(token, who="anna")
    assert state.problem_key == "invitation.problem.already_member.parent"
    assert state.token == ""  # nothing to join with
    assert stored_invitation().used_at is None


async def test_a_parent_tapping_join_as_me_on_a_caregiver_link_stays_a_parent(
    world: World, page
) -> None:
    """The finding: the only parent joined as a caregiver and the family lost its parent."""
    remove_member(
        world.session,
        world.actor("anna"),
        membership_id=world.members["bram"].id,
        expected_version=world.members["bram"].version,
    )
    token = invitation(world)
    state = await page(token)  # opened before signing in: the join button comes later
    state.token = token
    gate.act_as(login_as(world, "anna"))
    assert state.join_as_me() is None  # no redirect into the family as a caregiver
    assert state.problem_key == "invitation.problem.already_member.parent"
    anna = membership(world, "anna")
    assert (anna.role, anna.status) == (Role.PARENT, MembershipStatus.ACTIVE)
    assert stored_invitation().used_at is None  # still there for the real caregiver


async def test_the_caregiver_it_was_meant_for_can_still_use_the_refused_link(
    world: World, page
) -> None:
    token = invitation(world)
    await page(token, who="anna")
    with TestClient(build_api(), base_url="http://localhost:3000") as client:
        response = client.post(
            "/api/invitations/accept",
            data={
                "token": token,
                "name": "Femke",
                "email": "femke@test.nl",
                "password": "een goed wachtwoord",
            },
            follow_redirects=False,
        )
    assert response.headers["location"] == "http://localhost:3000/"
    assert stored_invitation().used_at is not None


async def test_a_case_manager_of_another_family_still_joins_as_herself(world: World, page) -> None:
    _, token = create_invitation(world.session, world.actor("dora", world.beta), role="cm_home")
    world.session.commit()
    state = await page(token, who="hugo")
    assert state.problem_key == "" and state.signed_in_as == "Hugo"
    assert state.family_name == "Gezin Beta"
    redirect = state.join_as_me()
    assert redirect is not None and state.problem_key == ""


# --------------------------------------------------------------------------------------
# Guessing links over the websocket
# --------------------------------------------------------------------------------------


async def test_guessing_links_on_the_page_is_rate_limited_per_ip(world: World, page) -> None:
    """20 dead links a minute from one address; then even the right link is not looked at."""
    token = invitation(world)
    for attempt in range(LIMIT):
        state = await page(f"geraden-{attempt}")
        assert state.problem_key == "invitation.problem.unknown"
    refused = await page(token)
    assert refused.problem_key == THROTTLED
    assert (refused.family_name, refused.role, refused.token) == ("", "", "")
    other_address = await page(token, ip="198.51.100.8")
    assert other_address.problem_key == "" and other_address.family_name == "Gezin Alfa"


async def test_a_signed_in_guesser_is_counted_by_the_address_of_their_login(
    world: World, page
) -> None:
    token = invitation(world, role=Role.CM_HOME)
    for attempt in range(LIMIT):
        await page(f"geraden-{attempt}", who="hugo", ip="ignored")  # login.ip is 127.0.0.1
    assert (await page(token, who="hugo", ip="ignored")).problem_key == THROTTLED
    assert throttle.check(throttle.invitation_keys(ip="127.0.0.1")) is not None


async def test_a_throttled_page_cannot_join_with_a_guessed_link(world: World, page) -> None:
    token = invitation(world, role=Role.CM_HOME)
    for attempt in range(LIMIT):
        await page(f"geraden-{attempt}", who="olga")
    state = await page(token, who="olga")
    state.token = token  # even if the link got into the state some other way
    assert state.join_as_me() is None and state.problem_key == THROTTLED
    assert stored_invitation().used_at is None


async def test_the_page_and_the_http_route_share_one_counter(world: World, page) -> None:
    token = invitation(world)
    with TestClient(build_api(), base_url="http://localhost:3000") as client:
        for attempt in range(LIMIT):
            client.post(
                "/api/invitations/accept",
                data={"token": f"geraden-{attempt}", "name": "X", "email": "x@test.nl"}
                | {"password": "een goed wachtwoord"},
                follow_redirects=False,
            )
    # Starlette's test client connects from "testclient".
    assert (await page(token, ip="testclient")).problem_key == THROTTLED


async def test_a_member_who_is_refused_is_not_counted_as_a_guess(world: World, page) -> None:
    token = invitation(world)
    for _ in range(LIMIT + 1):
        state = await page(token, who="anna")
        assert state.problem_key == "invitation.problem.already_member.parent"


async def test_the_page_counts_in_redis_when_redis_is_configured(
    world: World, page, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.integration.test_throttle import redis_available

    if not redis_available():
        pytest.skip("Redis is not reachable on 127.0.0.1:6379 (make test starts it)")
    backend = throttle.RedisBackend(REDIS_URL, prefix=f"dossier-test:{secrets.token_hex(6)}:")
    monkeypatch.setitem(throttle._REDIS_BACKENDS, REDIS_URL, backend)
    monkeypatch.setenv("REFLEX_REDIS_URL", REDIS_URL)
    from dossier.settings import get_settings

    get_settings.cache_clear()
    try:
        token = invitation(world)
        for attempt in range(LIMIT):
            await page(f"geraden-{attempt}", ip="198.51.100.9")
        assert (await page(token, ip="198.51.100.9")).problem_key == THROTTLED
        assert backend.read(["invite:198.51.100.9"])["invite:198.51.100.9"].failures == LIMIT
    finally:
        for key in backend.client.scan_iter(f"{backend.prefix}*"):
            backend.client.delete(key)
        get_settings.cache_clear()
