"""The session gate: every Reflex event is checked against the login session first.

The identity comes from the HttpOnly session cookie that the browser sent with the
websocket handshake (Reflex fills the headers server-side, never from the event
payload) and from the session row in the database. Events of signed-out users go
nowhere except the login page's own states.

A *link session* (a sibling opened their personal check-in link, see
dossier/domain/checkin_links.py) reaches only the states in LINK_STATE_NAMES, the
sibling's check-in screen. Its events for public states run as if nobody were signed in;
every other event is refused, logged and answered with a redirect to that screen. So
each page's on_load for a link session ends on /mijn-check-in.
"""

from __future__ import annotations

import asyncio
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

import reflex as rx
from reflex.middleware import Middleware
from reflex.state import StateUpdate
from reflex_base.event import Event

from dossier import audit, routes
from dossier.db import session_scope
from dossier.domain import checkin_links, sessions
from dossier.settings import get_settings
from dossier.state import binding
from dossier.state.off_loop import dispatching
from dossier.web import read_cookie


@dataclass(frozen=True, slots=True, kw_only=True)
class Login:
    user_id: int
    family_id: int | None
    session_id: int
    ip: str
    user_agent: str
    # Set for a link session: only LINK_STATE_NAMES states see this login at all.
    checkin_link_id: int | None = None
    # The role in the current family now (None: not an active member); only part of the
    # key a tab's data is bound to, never a permission (the gate's rules ask afresh).
    role: str | None = None

    @property
    def key(self) -> str:
        return binding.login_key(
            session_id=self.session_id,
            user_id=self.user_id,
            family_id=self.family_id,
            role=self.role,
            checkin_link_id=self.checkin_link_id,
        )


_current_login: ContextVar[Login | None] = ContextVar("current_login", default=None)

# States whose events work without a login (language choice, the login page).
PUBLIC_STATE_NAMES: set[str] = set()
# States a session opened with a sibling's personal check-in link may use (nothing else):
# each state's own name (cls.get_name()); every state on an event's path must be listed
# here, be public, or be one of Reflex's own.
LINK_STATE_NAMES: set[str] = set()


def current_login() -> Login | None:
    return _current_login.get()


def act_as(login: Login | None) -> None:
    """Handlers called directly (tests, tools) run as this login, as the gate sets it for
    a real event; None is nobody."""
    _current_login.set(login)


def session_token(router_data: dict[str, Any]) -> str | None:
    headers = router_data.get("headers", {}) or {}
    return read_cookie(headers.get("cookie", ""), get_settings().session_cookie_name)


def resolve_login(router_data: dict[str, Any]) -> Login | None:
    token = session_token(router_data)
    if not token:
        return None
    headers = router_data.get("headers", {}) or {}
    with session_scope() as session:
        found = sessions.find_session(session, token, allow_link=True)
        if found is None or found.id is None:
            return None
        link_id = found.checkin_link_id
        if link_id is not None and not checkin_links.link_is_live(session, link_id):
            return None  # revoked, or the sibling left the family or has another role
        return Login(
            user_id=found.user_id,
            family_id=found.current_family_id,
            session_id=found.id,
            ip=str(router_data.get("ip", "") or headers.get("asgi-scope-client", "")),
            user_agent=str(headers.get("user-agent", "")),
            checkin_link_id=link_id,
            role=sessions.active_role(
                session, user_id=found.user_id, family_id=found.current_family_id
            ),
        )


def _states_of(event_name: str) -> list[str]:
    return event_name.split(".")[1:-1]  # without the root state and the handler name


def is_link_event(event_name: str) -> bool:
    """An event of the check-in screen: one of its states on a path of allowed states."""
    states = _states_of(event_name)
    allowed = all(
        name.startswith("reflex___") or name in PUBLIC_STATE_NAMES or name in LINK_STATE_NAMES
        for name in states
    )
    return allowed and any(name in LINK_STATE_NAMES for name in states)


def is_public_event(event_name: str) -> bool:
    """Reflex's own internal events (hydrate, on-load dispatch) and the public states."""
    states = _states_of(event_name)
    return all(name.startswith("reflex___") or name in PUBLIC_STATE_NAMES for name in states)


class SessionGate(Middleware):
    async def preprocess(self, app: Any, state: Any, event: Event) -> StateUpdate | None:
        # The session lookup waits on the database: off the loop, so other clients move.
        login = await asyncio.to_thread(resolve_login, state.router_data)
        # Before anything runs or is sent: a tree loaded under another login (or none)
        # goes back to its defaults, so this event can never carry it.
        await binding.bind_to_login(state, login.key if login else binding.ANONYMOUS)
        if login is not None and login.checkin_link_id is not None:
            return self._link_session(event, login)
        _current_login.set(login)
        if login is not None or is_public_event(event.name):
            dispatching(event.name)
            return None
        log_refused_event(state.router_data, event.name)
        # Someone who never logged in simply gets the login page; a dead session is named.
        target = routes.LOGIN_EXPIRED if session_token(state.router_data) else routes.LOGIN
        return StateUpdate(events=Event.from_event_type(rx.redirect(target)))

    @staticmethod
    def _link_session(event: Event, login: Login) -> StateUpdate | None:
        """The check-in screen runs as the sibling; public states run as nobody; the rest
        is refused and logged, and the browser goes back to the check-in screen."""
        if is_link_event(event.name):
            _current_login.set(login)
            dispatching(event.name)
            return None
        _current_login.set(None)
        if is_public_event(event.name):
            dispatching(event.name)
            return None
        log_link_refused_event(event.name, login)
        return StateUpdate(events=Event.from_event_type(rx.redirect(routes.MY_CHECKIN)))


def log_link_refused_event(event_name: str, login: Login) -> None:
    """A link session tried something other than the check-in screen: logged, never run."""
    with session_scope() as session:
        audit.record(
            session,
            None,
            "event.link_only",
            outcome="denied",
            user_id=login.user_id,
            family_id=login.family_id,
            ip=login.ip,
            user_agent=login.user_agent,
            detail=event_name.rpartition(".")[2],  # the handler's name only
        )


def log_refused_event(router_data: dict[str, Any], event_name: str) -> None:
    """An event without a live session never runs; who tried it, from where, is logged."""
    headers = router_data.get("headers", {}) or {}
    with session_scope() as session:
        audit.record(
            session,
            None,
            "event.no_session",
            outcome="denied",
            ip=str(router_data.get("ip", "") or headers.get("asgi-scope-client", "")),
            user_agent=str(headers.get("user-agent", "")),
            detail=event_name.rpartition(".")[2],  # the handler's name only
        )
