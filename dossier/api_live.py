"""GET /api/live: the pulse of the family open in this session, for /live.js.

Asking is no activity (the session is looked at, never touched), so an open tab does not
keep a session alive. It says only a number that changes; nothing of the content.
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from dossier.db import session_scope
from dossier.domain import pulse, sessions
from dossier.domain.access import actor_for
from dossier.permissions import PermissionDenied
from dossier.settings import get_settings
from dossier.web import read_cookie


def _counter(token: str | None) -> int | None:
    with session_scope() as session:
        found = sessions.peek_session(session, token)
        if found is None or found.current_family_id is None:
            return None
        try:
            actor_for(session, user_id=found.user_id, family_id=found.current_family_id)
        except PermissionDenied:
            return None
        return pulse.current(session, found.current_family_id)


async def live(request: Request) -> Response:
    token = read_cookie(request.headers.get("cookie", ""), get_settings().session_cookie_name)
    counter = await run_in_threadpool(_counter, token)
    if counter is None:
        return Response(status_code=401)
    return JSONResponse({"pulse": counter})


def live_routes() -> list[Route]:
    return [Route("/api/live", live, methods=["GET"])]
