"""GET /api/offline/snapshot: the small snapshot a device keeps for when it is offline.

Asked for by assets/offline-card.js, only on a device where the person switched on
"Beschikbaar zonder internet" (dossier/domain/offline_snapshot.py says what is in it).
The login cookie is the key, as for every page; a sibling's personal-link session counts
as no login (find_session refuses it), a request from another site is refused.

`?user=<id>`: the user the device's snapshot belongs to. When someone else is signed in
now, the answer is 409 {"error": "other_user"} and nothing is read: the device then
throws the old snapshot away (another person's choice is not carried over).

Answers: 200 JSON; 401 without a live session; 403 cross-site or no family to show
(refusals are logged); 400 for a malformed ?user. Never cached on the way: no-store.
"""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from dossier.api import _client, _forbidden_cross_site
from dossier.domain import sessions
from dossier.domain.access import actor_for, unit_of_work
from dossier.domain.offline_snapshot import build_snapshot
from dossier.permissions import PermissionDenied
from dossier.settings import get_settings
from dossier.web import read_cookie

PATH = "/api/offline/snapshot"
NO_STORE = {"Cache-Control": "no-store"}
OTHER_USER = "other_user"


def _answer(code: int, body: dict[str, Any]) -> JSONResponse:
    return JSONResponse(body, status_code=code, headers=NO_STORE)


def _snapshot(
    token: str | None, expected_user: int | None, ip: str, user_agent: str
) -> dict[str, Any] | str | None:
    """The snapshot, OTHER_USER, or None without a live session (or without a family)."""
    with unit_of_work() as session:
        found = sessions.find_session(session, token)
        if found is None:
            return None
        if expected_user is not None and found.user_id != expected_user:
            return OTHER_USER  # checked before anything of the family is read
        if found.current_family_id is None:
            raise PermissionDenied(None, "offline.snapshot", user_id=found.user_id)
        actor = actor_for(
            session,
            user_id=found.user_id,
            family_id=found.current_family_id,
            ip=ip,
            user_agent=user_agent,
        )
        return build_snapshot(session, actor)


async def offline_snapshot(request: Request) -> JSONResponse:
    if _forbidden_cross_site(request):
        return _answer(403, {"error": "cross_site"})
    raw_user = request.query_params.get("user", "")
    if raw_user and not (raw_user.isdigit() and len(raw_user) < 12):
        return _answer(400, {"error": "bad_user"})
    token = read_cookie(request.headers.get("cookie", ""), get_settings().session_cookie_name)
    if not token:
        return _answer(401, {"error": "not_signed_in"})
    ip, user_agent = _client(request)
    expected = int(raw_user) if raw_user else None
    try:
        found = await run_in_threadpool(_snapshot, token, expected, ip, user_agent)
    except PermissionDenied:
        return _answer(403, {"error": "forbidden"})
    if found is None:
        return _answer(401, {"error": "not_signed_in"})
    if found == OTHER_USER:
        return _answer(409, {"error": OTHER_USER})
    return _answer(200, found)  # type: ignore[arg-type]


def offline_routes() -> list[Route]:
    return [Route(PATH, offline_snapshot, methods=["GET"])]
