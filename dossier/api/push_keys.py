"""GET /api/push/vapid-public-key: the key a browser subscribes to web push with.

`{"publicKey": "<base64url>"}`, the `applicationServerKey` for
`registration.pushManager.subscribe({userVisibleOnly: true, applicationServerKey})`.
It is public by nature, so no login is needed; it is cached only briefly, because a new
key pair (`dossier vapid --force`) means every device has to subscribe again. When push
is not configured the answer is 503 with a short error and the reason in the log.
"""

from __future__ import annotations

import logging

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from dossier.api.http import json_answer
from dossier.notify.vapid import public_key_b64url
from dossier.settings import ConfigError

log = logging.getLogger(__name__)

CACHE = {"Cache-Control": "public, max-age=300"}


async def vapid_public_key(_request: Request) -> JSONResponse:
    try:
        key = await run_in_threadpool(public_key_b64url)  # may create data/vapid.json
    except ConfigError as exc:
        log.error("web push is not available: %s", exc)
        return json_answer(503, error="push_not_configured")
    return JSONResponse({"publicKey": key}, headers=CACHE)


def push_key_routes() -> list[Route]:
    return [Route("/api/push/vapid-public-key", vapid_public_key, methods=["GET"])]
