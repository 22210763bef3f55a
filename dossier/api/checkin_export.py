"""GET /api/checkins/export.csv?sibling=<membership id>&months=6: a sibling's check-ins as a file.

For the adults a sibling shares with: only the check-ins shared with the one asking
(dossier/domain/checkin_trends.checkins_for_export, through the same gate as the page).
The login cookie is the key, as for every page; a request from another site is refused.
401 without a live session, 403 for a role that may not read check-ins (logged as a
refusal). A sibling the reader cannot see gives an empty file, never an error that
tells whether it exists.

The file itself is made in dossier/presenters/checkins_csv.py.
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from dossier.api.http import NO_STORE, forbidden_cross_site
from dossier.api.identity import actor_from
from dossier.clock import local_today
from dossier.domain.access import unit_of_work
from dossier.domain.checkin_trends import EXPORT_MONTHS, checkins_for_export
from dossier.domain.families import member_names
from dossier.models import User
from dossier.permissions import PermissionDenied
from dossier.presenters.checkins_csv import file_name, to_csv

CSV_TYPE = "text/csv; charset=utf-8"
DEFAULT_MONTHS = 6


def _export(request: Request, sibling: int, months: int) -> tuple[str, str] | None:
    """(file text, file name), or None without a live session. A refusal raises
    PermissionDenied after the unit of work wrote it to the access log."""
    with unit_of_work() as session:
        # Looked at, not touched: the download itself never restarted the idle clock.
        actor = actor_from(request, session, touch=False)
        if actor is None:
            return None
        rows = checkins_for_export(session, actor, sibling_id=sibling, months=months)
        names = member_names(session, actor)
        user = session.get(User, actor.user_id)
        lang = user.locale if user else "nl"
        sibling_name = names.get(sibling, "") if rows else ""
        return to_csv(rows, names, lang), file_name(sibling_name, lang, local_today())


async def export_checkins(request: Request) -> Response:
    if forbidden_cross_site(request):
        return Response(status_code=403, headers=NO_STORE)
    sibling = request.query_params.get("sibling", "")
    months = request.query_params.get("months", str(DEFAULT_MONTHS))
    if not (sibling.isdigit() and len(sibling) < 12 and months.isdigit()):
        return Response("Onbekende vraag\n", status_code=400, media_type="text/plain")
    if int(months) not in EXPORT_MONTHS:
        return Response("Onbekende vraag\n", status_code=400, media_type="text/plain")
    try:
        found = await run_in_threadpool(_export, request, int(sibling), int(months))
    except PermissionDenied:
        return Response(status_code=403, headers=NO_STORE)
    if found is None:
        return Response(status_code=401, headers=NO_STORE)
    body, filename = found
    return Response(
        body.encode("utf-8"),
        media_type=CSV_TYPE,
        headers={**NO_STORE, "Content-Disposition": f'attachment; filename="{filename}"'},
    )


def checkin_export_routes() -> list[Route]:
    return [Route("/api/checkins/export.csv", export_checkins, methods=["GET"])]
