"""GET /api/k/<token>, and what a session opened with it can reach: only the check-in screen.

The route sets the session cookie and sends the browser to /mijn-check-in; a dead link
goes to the login page and counts against the client's IP, and after 20 dead links in a
minute even a good link waits. The link session is then tried against EVERY HTTP route
of dossier.api.build_api() and EVERY event handler of every dossier state, through the
real SessionGate.preprocess with the cookie in the websocket's headers: only the states
in gate.LINK_STATE_NAMES run as the sibling, public states run as nobody, and every
other event is refused, leaves a denied audit row and redirects to /mijn-check-in.

Pages: every page's on_load is one of those event handlers (AppState.load_shell plus
the page's own loader), so for a link session every page route of the app ends on
/mijn-check-in; the sweep over all handlers below covers them, no browser needed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from types import SimpleNamespace

import pytest
import reflex as rx
from reflex_base.event import Event
from sqlmodel import Session, select
from starlette.routing import Route
from starlette.testclient import TestClient

from dossier import routes
from dossier.api import build_api
from dossier.db import session_scope
from dossier.domain import sessions, throttle
from dossier.domain.checkin_links import create_link, revoke_link
from dossier.domain.members import remove_member
from dossier.models import AuditEvent, CheckinLink, Invitation, UserSession
from dossier.state import gate
from tests.factories import World
from tests.integration.test_authorization_matrix import (
    FAMILY_DATA,
    discovered_handlers,
    dossier_states,
)

ORIGIN = "http://localhost:3000"
COOKIE = "dossier_session"


@pytest.fixture
def link(world: World) -> str:
    token = create_link(world.session, world.actor("anna"), sibling_id=world.members["ben"].id)
    world.session.commit()  # SQLite has one writer; the route needs it
    return token


@pytest.fixture
def client(world: World) -> Iterator[TestClient]:
    with TestClient(build_api(), base_url=ORIGIN) as client:
        yield client


def open_link(client: TestClient, token: str):
    return client.get(f"/api/k/{token}", follow_redirects=False)


def link_session(client: TestClient, token: str) -> str:
    response = open_link(client, token)
    assert response.headers["location"] == ORIGIN + routes.MY_CHECKIN
    return client.cookies[COOKIE]


def stored(db: Session, session_token: str) -> UserSession | None:
    db.expire_all()
    return db.exec(
        select(UserSession).where(UserSession.token_hash == sessions.hash_token(session_token))
    ).first()


def live(session_token: str) -> bool:
    with session_scope() as session:
        return sessions.find_session(session, session_token, allow_link=True) is not None


# --------------------------------------------------------------------------------------
# The route
# --------------------------------------------------------------------------------------


def test_a_live_link_sets_the_cookie_and_opens_the_check_in_screen(
    client: TestClient, link: str, world: World, db: Session
) -> None:
    response = open_link(client, link)
    assert response.status_code == 303
    assert response.headers["location"] == f"{ORIGIN}/mijn-check-in"
    cookie = response.headers["set-cookie"].lower()
    assert cookie.startswith(f"{COOKIE}=") and "httponly" in cookie and "samesite=lax" in cookie
    assert response.headers["cache-control"] == "no-store"
    assert "storage" in response.headers["clear-site-data"]
    found = stored(db, client.cookies[COOKIE])
    assert found is not None and found.checkin_link_id is not None
    assert (found.user_id, found.current_family_id) == (world.users["ben"].id, world.alfa.id)
    assert db.exec(select(CheckinLink)).one().last_used_at is not None


def test_opening_the_link_signs_out_the_adult_on_this_browser(
    client: TestClient, link: str, world: World, db: Session
) -> None:
    anna = sessions.start_session(db, user_id=world.users["anna"].id, family_id=world.alfa.id)
    db.commit()
    as_anna = {"cookie": f"{COOKIE}={anna}"}
    dead = client.get("/api/k/a-dead-link", headers=as_anna, follow_redirects=False)
    assert "set-cookie" not in dead.headers
    assert live(anna)  # a dead link changes nothing
    opened = client.get(f"/api/k/{link}", headers=as_anna, follow_redirects=False)
    assert opened.headers["location"] == ORIGIN + routes.MY_CHECKIN
    assert not live(anna)
    assert anna not in opened.headers["set-cookie"]


@pytest.mark.parametrize("how", ["unknown", "revoked", "removed"])
def test_a_dead_link_goes_to_a_friendly_page_and_counts_as_a_failure(
    client: TestClient, link: str, world: World, db: Session, how: str
) -> None:
    token = "geraden-token" if how == "unknown" else link
    if how == "revoked":
        revoke_link(db, world.actor("anna"), sibling_id=world.members["ben"].id)
    if how == "removed":
        ben = world.members["ben"]
        remove_member(db, world.actor("anna"), membership_id=ben.id, expected_version=ben.version)
    db.commit()
    response = open_link(client, token)
    assert response.status_code == 303
    assert response.headers["location"] == f"{ORIGIN}/login?reason=link"
    assert COOKIE not in client.cookies
    counts = throttle.default_throttle().backend.read(throttle.link_keys(ip="testclient"))
    assert [c.failures for c in counts.values()] == [1]


def test_guessing_links_is_rate_limited_per_ip(client: TestClient, link: str) -> None:
    """20 dead links a minute from one address; then even the right link waits."""
    for attempt in range(20):
        response = open_link(client, f"geraden-{attempt}")
        assert response.headers["location"].endswith("reason=link")
    refused = open_link(client, link)
    assert refused.headers["location"] == f"{ORIGIN}/login?error=throttled"
    assert int(refused.headers["retry-after"]) > 0
    assert COOKIE not in client.cookies


def test_a_head_request_opens_nothing(client: TestClient, link: str, db: Session) -> None:
    assert client.head(f"/api/k/{link}").status_code == 204
    assert COOKIE not in client.cookies
    assert db.exec(select(UserSession)).all() == []


def test_the_login_page_explains_a_dead_link() -> None:
    from dossier.state.login import NOTICES

    assert NOTICES[("reason", "link")] == "links.dead"


# --------------------------------------------------------------------------------------
# Every HTTP route refuses the link session
# --------------------------------------------------------------------------------------

Check = Callable[[TestClient, Session, World, str], None]


def _refused_401(path: str) -> Check:
    def check(client: TestClient, _db: Session, _world: World, _token: str) -> None:
        assert client.get(path).status_code == 401

    return check


def _logout_ends_it(client: TestClient, db: Session, _world: World, token: str) -> None:
    response = client.post("/api/auth/logout", follow_redirects=False)
    assert response.headers["location"] == f"{ORIGIN}/login?bye=1"
    assert not live(token)


def _login_needs_a_password(client: TestClient, db: Session, world: World, token: str) -> None:
    response = client.post("/api/auth/login", data={}, follow_redirects=False)
    assert response.headers["location"].endswith("error=missing")
    assert client.cookies[COOKIE] == token  # nothing granted, nothing changed
    assert len(db.exec(select(UserSession)).all()) == 1


def _invitation_needs_its_own_token(
    client: TestClient, db: Session, world: World, token: str
) -> None:
    form = {"token": "geen", "name": "Ben", "email": "ben2@test.nl", "password": "x" * 20}
    response = client.post("/api/invitations/accept", data=form, follow_redirects=False)
    assert "/uitnodiging" in response.headers["location"]
    assert db.exec(select(Invitation)).all() == []
    assert client.cookies[COOKIE] == token


def _needs_its_form(path: str, form: dict[str, str], page: str) -> Check:
    """Starting a dossier or a password reset with a link session: back to the form,
    nothing granted, the link session untouched."""

    def check(client: TestClient, db: Session, _world: World, token: str) -> None:
        response = client.post(path, data=form, follow_redirects=False)
        assert page in response.headers["location"]
        assert client.cookies[COOKIE] == token
        assert len(db.exec(select(UserSession)).all()) == 1

    return check


def _export_download_refused(client: TestClient, *_args: object) -> None:
    """A link session is no login: no family's or person's ZIP, whatever the token."""
    assert client.get("/api/exports/geen-token.zip").status_code in {401, 404}


def _not_found(path: str) -> Check:
    def check(client: TestClient, _db: Session, _world: World, _token: str) -> None:
        assert client.get(path, follow_redirects=False).status_code == 404

    return check


def _export_refused(client: TestClient, _db: Session, world: World, _token: str) -> None:
    """Ben's own check-ins, asked for with his link session: no session, no file."""
    path = f"/api/checkins/export.csv?sibling={world.members['ben'].id}&months=6"
    response = client.get(path)
    assert response.status_code == 401 and not response.content


def _health_reads_no_session(client: TestClient, *_args: object) -> None:
    body = client.get("/api/health").json()
    assert set(body) == {"status", "database", "redis"}  # nothing about anyone


def _public_key_reads_no_session(client: TestClient, *_args: object) -> None:
    body = client.get("/api/push/vapid-public-key").json()
    assert set(body) == {"publicKey"}  # the server's public push key, nothing about anyone


def _push_subscription_refused(client: TestClient, *_args: object) -> None:
    """A link session cannot add or remove a device for push: no session, nothing stored."""
    from dossier.db import session_scope
    from dossier.models import PushSubscription
    from tests.integration.test_push_subscription_routes import subscription

    body = subscription()
    assert client.post("/api/push/subscriptions", json=body).status_code == 401
    gone = client.request("DELETE", "/api/push/subscriptions", json={"endpoint": body["endpoint"]})
    assert gone.status_code == 401
    with session_scope() as session:
        assert session.exec(select(PushSubscription)).all() == []


# Every route of build_api(), with how it treats a link session. A new route must be
# added here, so nobody forgets to think about what a sibling's link may reach.
ROUTES: dict[str, Check] = {
    "/api/health": _health_reads_no_session,
    "/api/auth/login": _login_needs_a_password,
    "/api/auth/logout": _logout_ends_it,
    "/api/auth/session": _refused_401("/api/auth/session"),
    "/api/invitations/accept": _invitation_needs_its_own_token,
    "/api/auth/oidc/start": _not_found("/api/auth/oidc/start"),
    "/api/auth/oidc/callback": _not_found("/api/auth/oidc/callback?code=x&state=y"),
    "/api/calendar/{token}.ics": _not_found("/api/calendar/geen-token.ics"),
    "/api/checkins/export.csv": _export_refused,
    "/api/k/{token}": lambda *_args: None,  # the link route itself (tested above)
    "/api/push/vapid-public-key": _public_key_reads_no_session,
    "/api/push/subscriptions": _push_subscription_refused,
    "/api/offline/snapshot": _refused_401("/api/offline/snapshot"),
    "/api/auth/start": _needs_its_form("/api/auth/start", {}, "/starten"),
    "/api/auth/password/forgotten": _needs_its_form(
        "/api/auth/password/forgotten", {}, "/wachtwoord-vergeten"
    ),
    "/api/auth/password/reset": _needs_its_form(
        "/api/auth/password/reset", {"token": "geen"}, "/wachtwoord-herstellen"
    ),
    "/api/exports/{token}.zip": _export_download_refused,
    "/api/zorgplan.pdf": _refused_401("/api/zorgplan.pdf"),  # issue 20: a link is no login
}


def test_every_http_route_is_classified_for_link_sessions() -> None:
    paths = {route.path for route in build_api().routes if isinstance(route, Route)}
    assert paths == set(ROUTES), "say how a new route treats a link session"


@pytest.mark.parametrize("path", sorted(ROUTES))
def test_a_link_session_reaches_no_http_route(
    client: TestClient, link: str, world: World, db: Session, path: str
) -> None:
    token = link_session(client, link)
    ROUTES[path](client, db, world, token)


def test_the_calendar_feed_of_the_sibling_is_not_opened_by_the_cookie(
    client: TestClient, link: str
) -> None:
    link_session(client, link)
    assert client.get(f"/api/calendar/{link}.ics").status_code == 404


# --------------------------------------------------------------------------------------
# Every event handler, through the real gate
# --------------------------------------------------------------------------------------


def all_events() -> list[tuple[type[rx.State], str]]:
    """Every (state, handler) pair: inherited handlers too, under each state's own path."""
    return [(cls, name) for cls in dossier_states() for name in sorted(cls.event_handlers)]


def path_names(cls: type[rx.State]) -> list[str]:
    return cls.get_full_name().split(".")[1:]


def is_check_in_screen(cls: type[rx.State]) -> bool:
    names = path_names(cls)
    return any(n in gate.LINK_STATE_NAMES for n in names) and all(
        n in gate.LINK_STATE_NAMES or n in gate.PUBLIC_STATE_NAMES for n in names
    )


def is_public(cls: type[rx.State]) -> bool:
    return all(n in gate.PUBLIC_STATE_NAMES for n in path_names(cls))


async def through_gate(token: str, event_name: str):
    headers = {"cookie": f"{COOKIE}={token}", "user-agent": "gezinstablet"}
    state = SimpleNamespace(router_data={"headers": headers, "ip": "192.0.2.44"})
    try:
        update = await gate.SessionGate().preprocess(
            app=None, state=state, event=Event(name=event_name, payload={})
        )
        return update, gate.current_login()
    finally:
        gate.act_as(None)


def link_refusals(family_id: int) -> list[AuditEvent]:
    with session_scope() as session:
        return list(
            session.exec(
                select(AuditEvent).where(
                    AuditEvent.action == "event.link_only",
                    AuditEvent.outcome == "denied",
                    AuditEvent.family_id == family_id,
                )
            )
        )


async def test_a_link_session_reaches_no_event_handler_but_the_check_in_screen(
    client: TestClient, link: str, world: World
) -> None:
    token = link_session(client, link)
    events = all_events()
    refused = allowed = anonymous = 0
    for cls, handler in events:
        name = f"{cls.get_full_name()}.{handler}"
        before = len(link_refusals(world.alfa.id))
        update, login = await through_gate(token, name)
        if is_check_in_screen(cls):
            assert update is None, name
            assert login is not None and login.checkin_link_id is not None, name
            assert login.user_id == world.users["ben"].id, name
            allowed += 1
        elif is_public(cls):
            assert update is None, name
            assert login is None, f"{name} ran as the sibling outside the check-in screen"
            anonymous += 1
        else:
            assert update is not None, f"{name} was not refused for a link session"
            assert f'"{routes.MY_CHECKIN}"' in str(update.events) or routes.MY_CHECKIN in str(
                update.events
            ), name
            rows = link_refusals(world.alfa.id)
            assert len(rows) == before + 1, f"{name} was refused but not logged"
            assert rows[-1].user_id == world.users["ben"].id
            assert rows[-1].ip == "192.0.2.44" and rows[-1].detail == handler
            refused += 1
    assert refused >= len(FAMILY_DATA)  # every family-data handler, at least
    assert refused + allowed + anonymous == len(events)


def family_data_outside_the_check_in_screen() -> list[str]:
    handlers = discovered_handlers()  # a stale name in the matrix fails the matrix itself
    return [h for h in sorted(FAMILY_DATA) if h in handlers and not is_check_in_screen(handlers[h])]


@pytest.mark.parametrize("handler", family_data_outside_the_check_in_screen())
async def test_every_family_data_handler_is_refused_for_a_link_session(
    client: TestClient, link: str, world: World, handler: str
) -> None:
    """Independent of how the gate decides: the matrix's family-data handlers never run."""
    token = link_session(client, link)
    cls = discovered_handlers()[handler]
    update, login = await through_gate(token, f"{cls.get_full_name()}.{handler.split('.')[-1]}")
    assert update is not None and routes.MY_CHECKIN in str(update.events)
    assert login is None


async def test_the_check_in_screen_runs_as_the_sibling(
    client: TestClient, link: str, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A registered check-in state (a stand-in name here) gets the sibling's login."""
    monkeypatch.setattr(gate, "LINK_STATE_NAMES", {*gate.LINK_STATE_NAMES, "fake_checkin_state"})
    token = link_session(client, link)
    locale = "dossier___state___base____locale_state"
    update, login = await through_gate(
        token, f"reflex___state____state.{locale}.fake_checkin_state.save"
    )
    assert update is None and login is not None
    assert (login.user_id, login.family_id) == (world.users["ben"].id, world.alfa.id)
    # Below a state that is neither public nor the check-in screen: refused.
    app = "dossier___state___base____locale_state.dossier___state___base____app_state"
    update, _ = await through_gate(token, f"reflex___state____state.{app}.fake_checkin_state.x")
    assert update is not None and routes.MY_CHECKIN in str(update.events)


async def test_reflex_own_events_pass_as_nobody(client: TestClient, link: str) -> None:
    token = link_session(client, link)
    update, login = await through_gate(token, "reflex___state____state.hydrate")
    assert update is None and login is None


@pytest.mark.parametrize("how", ["revoked", "removed", "logged_out"])
async def test_an_ended_link_session_is_no_session_at_the_next_event(
    client: TestClient, link: str, world: World, db: Session, how: str
) -> None:
    token = link_session(client, link)
    if how == "revoked":
        revoke_link(db, world.actor("anna"), sibling_id=world.members["ben"].id)
    elif how == "removed":
        ben = world.members["ben"]
        remove_member(db, world.actor("anna"), membership_id=ben.id, expected_version=ben.version)
    else:
        client.post("/api/auth/logout")
    db.commit()
    assert gate.resolve_login({"headers": {"cookie": f"{COOKIE}={token}"}}) is None
    shell = discovered_handlers()["AppState.load_shell"]
    update, _ = await through_gate(token, f"{shell.get_full_name()}.load_shell")
    assert "/login" in str(update.events)


async def test_a_role_changed_behind_the_gates_back_ends_the_link_session(
    client: TestClient, link: str, world: World, db: Session
) -> None:
    token = link_session(client, link)
    world.members["ben"].role = "parent"  # straight in the database: nothing was revoked
    db.add(world.members["ben"])
    db.commit()
    assert gate.resolve_login({"headers": {"cookie": f"{COOKIE}={token}"}}) is None
