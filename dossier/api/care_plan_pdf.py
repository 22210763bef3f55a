"""GET /api/zorgplan.pdf: the care plan as the viewer may read it, as a PDF file.

The login cookie is the key, as for every page (the session pattern of
checkin_export.py); a request from another site is refused. 401 without a live
session, 403 for a role that may not read the plan (a brother or sister: logged as a
refusal by the unit of work), 404 while the family has no plan. The sections pass the
gate one by one (domain/care_plan_print.py, one "careplan.print" row in the access log);
the viewer's language decides the words (presenters/care_plan_pdf.py). Never cached.
"""

from __future__ import annotations

import re
import unicodedata

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from dossier import routes
from dossier.api.http import NO_STORE, forbidden_cross_site
from dossier.api.identity import actor_from
from dossier.clock import local_today
from dossier.domain.access import unit_of_work
from dossier.domain.care_plan_print import plan_for_print
from dossier.domain.errors import NotFound
from dossier.i18n import translate
from dossier.models import User
from dossier.permissions import PermissionDenied
from dossier.presenters.care_plan_pdf import plan_document, render

PDF_TYPE = "application/pdf"
HEADERS = {**NO_STORE, "X-Content-Type-Options": "nosniff"}


def file_name(child_name: str, edition: int, lang: str) -> str:
    """zorgplan-cleo-versie-7.pdf: ASCII only, safe in a header."""
    plain = unicodedata.normalize("NFKD", child_name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:40] or "kind"
    return translate(lang, "careplan.pdf.file", name=slug, edition=edition)


def _pdf(request: Request) -> tuple[bytes, str] | None:
    """(bytes, file name), or None without a live session. A refusal raises
    PermissionDenied after the unit of work wrote it to the access log."""
    with unit_of_work() as session:
        actor = actor_from(request, session, touch=False)
        if actor is None:
            return None
        printed = plan_for_print(session, actor)
        user = session.get(User, actor.user_id)
        lang = user.locale if user and user.locale in ("nl", "en") else "nl"
    document = plan_document(printed, printed_on=local_today(), lang=lang)
    return render(document), file_name(printed.child_name, printed.edition, lang)


async def care_plan_pdf(request: Request) -> Response:
    if forbidden_cross_site(request):
        return Response(status_code=403, headers=HEADERS)
    try:
        found = await run_in_threadpool(_pdf, request)
    except PermissionDenied:
        return Response(status_code=403, headers=HEADERS)
    except NotFound:
        return Response(status_code=404, headers=HEADERS)
    if found is None:
        return Response(status_code=401, headers=HEADERS)
    body, filename = found
    return Response(
        body,
        media_type=PDF_TYPE,
        headers={**HEADERS, "Content-Disposition": f'attachment; filename="{filename}"'},
    )


def care_plan_pdf_routes() -> list[Route]:
    return [Route(routes.API_CARE_PLAN_PDF, care_plan_pdf, methods=["GET"])]
