"""The session gate: every Reflex event is checked against the login session first.

The identity comes from the HttpOnly session cookie that the browser sent with the
websocket handshake (Reflex fills the headers server-side, never from the event
payload) and from the session row in the database. Events of signed-out users go
nowhere except the login page's own states.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

import reflex as rx
from reflex.middleware import Middleware
from reflex.state import StateUpdate
from reflex_base.event import Event

from dossier import audit
from dossier.db import session_scope
from dossier.domain import sessions
from dossier.settings import get_settings
from dossier.web import read_cookie


@dataclass(frozen=True, slots=True, kw_only=True)
class Login:
    user_id: int
    family_id: int | None
    session_id: int
    ip: str
    user_agent: str


_current_login: ContextVar[Login | None] = ContextVar("current_login", default=None)

# States whose events work without a login (language choice, the login page).
PUBLIC_STATE_NAMES: set[str] = set()


def current_login() -> Login | None:
    return _current_login.get()


def session_token(router_data: dict[str, Any]) -> str | None:
    headers = router_data.get("headers", {}) or {}
    return read_cookie(headers.get("cookie", ""), get_settings().session_cookie_name)


def resolve_login(router_data: dict[str, Any]) -> Login | None:
    token = session_token(router_data)
    if not token:
        return None
    headers = router_data.get("headers", {}) or {}
    with session_scope() as session:
        found = sessions.find_session(session, token)
        if found is None or found.id is None:
            return None
        return Login(
            user_id=found.user_id,
            family_id=found.current_family_id,
            session_id=found.id,
            ip=str(router_data.get("ip", "") or headers.get("asgi-scope-client", "")),
            user_agent=str(headers.get("user-agent", "")),
        )


def is_public_event(event_name: str) -> bool:
    """Reflex's own internal events (hydrate, on-load dispatch) and the public states."""
    states = event_name.split(".")[1:-1]  # without the root state and the handler name
    return all(name.startswith("reflex___") or name in PUBLIC_STATE_NAMES for name in states)


class SessionGate(Middleware):
    async def preprocess(self, app: Any, state: Any, event: Event) -> StateUpdate | None:
        login = resolve_login(state.router_data)
        _current_login.set(login)
        if login is not None or is_public_event(event.name):
            return None
        log_refused_event(state.router_data, event.name)
        # Someone who never logged in simply gets the login page; a dead session is named.
        target = "/login?reason=expired" if session_token(state.router_data) else "/login"
        return StateUpdate(events=Event.from_event_type(rx.redirect(target)))


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
