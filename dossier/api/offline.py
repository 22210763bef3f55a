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

from dossier import routes
from dossier.api.http import forbidden_cross_site, json_answer, session_token
from dossier.api.identity import actor_of, login_from
from dossier.domain.access import unit_of_work
from dossier.domain.offline_snapshot import build_snapshot
from dossier.permissions import PermissionDenied

OTHER_USER = "other_user"


def _snapshot(request: Request, expected_user: int | None) -> dict[str, Any] | str | None:
    """The snapshot, OTHER_USER, or None without a live session (or without a family)."""
    with unit_of_work() as session:
        found = login_from(request, session, touch=True)
        if found is None:
            return None
        if expected_user is not None and found.user_id != expected_user:
            return OTHER_USER  # checked before anything of the family is read
        actor = actor_of(request, session, found)
        if actor is None:  # no family open
            raise PermissionDenied(None, "offline.snapshot", user_id=found.user_id)
        return build_snapshot(session, actor)


async def offline_snapshot(request: Request) -> JSONResponse:
    if forbidden_cross_site(request):
        return json_answer(403, error="cross_site")
    raw_user = request.query_params.get("user", "")
    if raw_user and not (raw_user.isdigit() and len(raw_user) < 12):
        return json_answer(400, error="bad_user")
    if not session_token(request):
        return json_answer(401, error="not_signed_in")
    expected = int(raw_user) if raw_user else None
    try:
        found = await run_in_threadpool(_snapshot, request, expected)
    except PermissionDenied:
        return json_answer(403, error="forbidden")
    if found is None:
        return json_answer(401, error="not_signed_in")
    if isinstance(found, str):  # OTHER_USER, the only text _snapshot answers
        return json_answer(409, error=OTHER_USER)
    return json_answer(200, found)


def offline_routes() -> list[Route]:
    return [Route(routes.API_OFFLINE_SNAPSHOT, offline_snapshot, methods=["GET"])]
