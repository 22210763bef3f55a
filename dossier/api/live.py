"""GET /api/live: the pulse of the family open in this session, for /live.js.

Asking is no activity (the session is looked at, never touched), so an open tab does not
keep a session alive. It says only a number that changes; nothing of the content.
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from dossier.api.identity import actor_from
from dossier.db import session_scope
from dossier.domain import pulse
from dossier.permissions import PermissionDenied


def _counter(request: Request) -> int | None:
    with session_scope() as session:  # not unit_of_work: a poll is no access to log
        try:
            actor = actor_from(request, session, touch=False)
        except PermissionDenied:
            return None
        if actor is None:
            return None
        return pulse.current(session, actor.family_id)


async def live(request: Request) -> Response:
    counter = await run_in_threadpool(_counter, request)
    if counter is None:
        return Response(status_code=401)
    return JSONResponse({"pulse": counter})


def live_routes() -> list[Route]:
    return [Route("/api/live", live, methods=["GET"])]
