"""GET /api/auth/session: how long the current session has left (for the idle warning).

Asking is not activity: the session is looked at, never touched, so an open tab that
polls cannot keep a session alive. 401 when there is no live session. The answer is in
seconds, not clock times, so a device with a wrong clock still warns on time.
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from dossier import routes
from dossier.api.identity import login_from
from dossier.db import session_scope
from dossier.domain import sessions


def _time_left(request: Request) -> sessions.TimeLeft | None:
    with session_scope() as session:
        found = login_from(request, session, touch=False)
        return sessions.time_left(found) if found is not None else None


async def session_status(request: Request) -> JSONResponse:
    left = await run_in_threadpool(_time_left, request)
    if left is None:
        return JSONResponse({"signed_in": False}, status_code=401)
    return JSONResponse(
        {
            "signed_in": True,
            "idle_seconds": left.idle_seconds,
            "absolute_seconds": left.absolute_seconds,
        }
    )


def session_routes() -> list[Route]:
    return [Route(routes.API_SESSION_STATUS, session_status, methods=["GET"])]
