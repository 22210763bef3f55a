"""Who is asking: the HTTP twin of the event gate (dossier/state/gate.py `resolve_login`).

Identity comes only from the HttpOnly session cookie and the session row in the
database, never from the request's body or address. Every route that needs to know who
asks goes through here, inside its own transaction (`db`), in a thread:

    with unit_of_work() as db:
        actor = actor_from(request, db, touch=False)   # None: no live login (401)
        ...                                            # PermissionDenied: refused (403)

`touch`: whether the request counts as activity (the idle clock restarts). Polling
routes (the idle warning, live updates) must not keep a session alive, so they only
look. A sibling's personal-link session counts as no login unless `links=True`: it
reaches nothing but the check-in screen.
"""

from __future__ import annotations

from sqlmodel import Session
from starlette.requests import Request

from dossier.api.http import client, session_token
from dossier.domain import sessions
from dossier.domain.access import actor_for
from dossier.models import UserSession
from dossier.permissions import Actor


def login_from(
    request: Request, db: Session, *, touch: bool, links: bool = False
) -> UserSession | None:
    """The live session the cookie names; None when there is none (or a link session)."""
    token = session_token(request)
    if touch:
        return sessions.find_session(db, token, allow_link=links)
    return sessions.peek_session(db, token, allow_link=links)


def actor_of(request: Request, db: Session, login: UserSession) -> Actor | None:
    """The acting member of the login's current family; None when it has no family open.

    Raises PermissionDenied when the login is no (longer an) active member there.
    """
    if login.current_family_id is None:
        return None
    ip, user_agent = client(request)
    return actor_for(
        db, user_id=login.user_id, family_id=login.current_family_id, ip=ip, user_agent=user_agent
    )


def actor_from(request: Request, db: Session, *, touch: bool) -> Actor | None:
    """The acting member for this request; None without a live login or an open family.

    Raises PermissionDenied when the login is no (longer an) active member of its family
    (inside `unit_of_work` that refusal is written to the access log).
    """
    login = login_from(request, db, touch=touch)
    return actor_of(request, db, login) if login is not None else None
