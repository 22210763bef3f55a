"""GET /api/exports/<token>.zip: a ready export, once, for the person who asked.

Two keys: the login cookie of the person who asked (a live session of that user) and
the link's token (only its keyed hash is stored). Anyone else, a used, expired or unknown
token: 404, logged (domain/exports.take_download). Signed out: 401. A request from another
site is refused (403) as every cookie route does. The answer is an attachment that is
never cached and never sniffed; the file leaves the folder as it is sent.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import BinaryIO

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from dossier.api.http import NO_STORE, client, forbidden_cross_site
from dossier.api.identity import login_from
from dossier.domain import exports
from dossier.domain.access import unit_of_work
from dossier.models import ExportKind, utcnow
from dossier.settings import data_dir

ZIP_TYPE = "application/zip"
TOKEN_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
HEADERS = {**NO_STORE, "X-Content-Type-Options": "nosniff"}
CHUNK = 64 * 1024


def _take(request: Request, token: str) -> tuple[BinaryIO, int, str] | int:
    """(the open file, its size, the name to save it as), or the status of the refusal.

    The file is opened here, right after the job was marked downloaded: the cleanup may
    delete it from the folder any time after that, the open handle still reads it whole.
    """
    ip, user_agent = client(request)
    with unit_of_work() as session:
        login = login_from(request, session, touch=False)
        if login is None:
            return 401
        job = exports.take_download(
            session, user_id=login.user_id, token=token, ip=ip, user_agent=user_agent
        )
        if job is None:
            return 404
        path = exports.file_of(data_dir(), job.file_path)
        kind = "gezinsdossier" if job.kind == ExportKind.FAMILY else "mijn-gegevens"
        try:
            handle = path.open("rb") if path is not None else None
        except OSError:
            handle = None
    if handle is None or path is None:
        return 404
    path.unlink(missing_ok=True)  # the link works once: the file goes with this answer
    return handle, os.fstat(handle.fileno()).st_size, f"{kind}-{utcnow():%Y-%m-%d}.zip"


def _chunks(handle: BinaryIO) -> Iterator[bytes]:
    with handle:
        while chunk := handle.read(CHUNK):
            yield chunk


async def download_export(request: Request) -> Response:
    if forbidden_cross_site(request):
        return Response(status_code=403, headers=HEADERS)
    token = str(request.path_params.get("token", ""))
    if not (20 <= len(token) <= 100 and set(token) <= TOKEN_CHARS):
        return Response(status_code=404, headers=HEADERS)
    found = await run_in_threadpool(_take, request, token)
    if isinstance(found, int):
        return Response(status_code=found, headers=HEADERS)
    handle, size, name = found
    return StreamingResponse(
        _chunks(handle),
        media_type=ZIP_TYPE,
        headers={
            **HEADERS,
            "Content-Disposition": f'attachment; filename="{name}"',
            "Content-Length": str(size),
        },
    )


def export_routes() -> list[Route]:
    return [Route("/api/exports/{token}.zip", download_export, methods=["GET"])]
