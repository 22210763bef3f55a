"""GET /api/calendar/<token>.ics: a member's personal calendar feed, for the phone's agenda.

No login cookie: the phone's calendar app fetches it by itself, so the secret token in
the address is the key (see dossier/domain/calendar_feed.py). Unknown, renewed and
removed tokens all get the same plain 404; nothing is cached on the way.
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from dossier.api.http import NO_STORE, client
from dossier.db import session_scope
from dossier.domain.calendar_feed import build_feed

CALENDAR_TYPE = "text/calendar; charset=utf-8"


def _feed(token: str, ip: str, user_agent: str) -> bytes | None:
    with session_scope() as session:
        return build_feed(session, token, ip=ip, user_agent=user_agent)


async def calendar_feed(request: Request) -> Response:
    token = str(request.path_params.get("token", ""))
    ip, user_agent = client(request)
    body = await run_in_threadpool(_feed, token, ip, user_agent)
    if body is None:
        return Response(
            "Niet gevonden\n", status_code=404, media_type="text/plain", headers=NO_STORE
        )
    return Response(
        body,
        media_type=CALENDAR_TYPE,
        headers={**NO_STORE, "Content-Disposition": 'inline; filename="gezinsdossier.ics"'},
    )


def calendar_routes() -> list[Route]:
    return [Route("/api/calendar/{token}.ics", calendar_feed, methods=["GET"])]
