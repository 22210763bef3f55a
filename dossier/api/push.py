"""POST and DELETE /api/push/subscriptions: this browser starts or stops receiving push.

Called by assets/push.js after a tap ("Meldingen aan op dit apparaat"). The login cookie
is the key (a sibling's personal check-in link session counts as no login: find_session
refuses it); a request from another site is refused. The body is JSON:

    POST   {"endpoint": ..., "keys": {"p256dh": ..., "auth": ...}, "deviceName": "..."}
           (the browser's PushSubscription.toJSON(); deviceName is optional)
    DELETE {"endpoint": ...}

Answers are small JSON: 201 {"status": "subscribed", "id": n, "deviceName": ...} for a
device new to this person, 200 for one they had already; 200 {"status": "removed"};
401 without a live session; 403 cross-site; 400 {"error": <reason>} for anything that is
not a usable subscription (nothing is stored then); 404 {"error": "not_found"} for an
endpoint that is unknown or someone else's (the same answer, so it reveals nothing);
409 {"error": "too_many_devices"} above the limit per person.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from dossier.api.http import client, forbidden_cross_site, json_answer, session_token
from dossier.api.identity import login_from
from dossier.db import session_scope
from dossier.domain import push_devices
from dossier.domain.push_devices import Client, InvalidSubscription, TooManyDevices
from dossier.i18n import translate
from dossier.models import User
from dossier.settings import get_settings

PATH = "/api/push/subscriptions"
MAX_BODY = 4096  # a subscription is well under 1 kB


async def _json_body(request: Request) -> Any:
    """The parsed body, or raises InvalidSubscription with the reason."""
    content_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if content_type != "application/json":
        raise InvalidSubscription("content_type")
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY:
        raise InvalidSubscription("too_large")
    raw = b""
    async for chunk in request.stream():
        raw += chunk
        if len(raw) > MAX_BODY:
            raise InvalidSubscription("too_large")
    try:
        return json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as bad:
        raise InvalidSubscription("bad_json") from bad


def _client_of(request: Request) -> Client:
    ip, user_agent = client(request)
    return Client(ip=ip, user_agent=user_agent)


def _subscribe(
    request: Request, data: push_devices.SubscriptionInput, name: str
) -> tuple[int, str, bool] | None:
    """(id, device name, new for this person), or None without a live session."""
    device = _client_of(request)
    with session_scope() as session:
        found = login_from(request, session, touch=True)
        user = session.get(User, found.user_id) if found is not None else None
        if found is None or user is None:
            return None
        lang = user.locale or "nl"
        fallback = push_devices.default_name(
            device.user_agent,
            translate(lang, "notif.devices.default_name"),
            translate(lang, "notif.devices.unknown_device"),
        )
        row, new = push_devices.subscribe(
            session,
            user_id=found.user_id,
            subscription=data,
            device_name=name,
            fallback_name=fallback,
            client=device,
        )
        return row.id or 0, row.device_name, new


def _unsubscribe(request: Request, endpoint: str) -> bool | None:
    with session_scope() as session:
        found = login_from(request, session, touch=True)
        if found is None:
            return None
        return push_devices.unsubscribe(
            session, user_id=found.user_id, endpoint=endpoint, client=_client_of(request)
        )


async def subscribe(request: Request) -> Response:
    if forbidden_cross_site(request):
        return json_answer(403, error="cross_site")
    if not session_token(request):
        return json_answer(401, error="not_signed_in")
    settings = get_settings()
    try:
        body = await _json_body(request)
        data = push_devices.parse_subscription(body, allow_local=not settings.production)
    except InvalidSubscription as bad:
        return json_answer(400, error=bad.reason)
    name = push_devices.clean_name(body.get("deviceName", ""))
    try:
        result = await run_in_threadpool(_subscribe, request, data, name)
    except TooManyDevices:
        return json_answer(409, error="too_many_devices", limit=push_devices.MAX_DEVICES)
    if result is None:
        return json_answer(401, error="not_signed_in")
    device_id, device_name, new = result
    return json_answer(
        201 if new else 200, status="subscribed", id=device_id, deviceName=device_name
    )


async def unsubscribe(request: Request) -> Response:
    if forbidden_cross_site(request):
        return json_answer(403, error="cross_site")
    if not session_token(request):
        return json_answer(401, error="not_signed_in")
    try:
        body = await _json_body(request)
        endpoint = body.get("endpoint") if isinstance(body, dict) else None
        if not isinstance(endpoint, str) or not endpoint:
            raise InvalidSubscription("endpoint_missing")
        if len(endpoint) > push_devices.MAX_ENDPOINT:
            raise InvalidSubscription("endpoint_too_long")
    except InvalidSubscription as bad:
        return json_answer(400, error=bad.reason)
    removed = await run_in_threadpool(_unsubscribe, request, endpoint)
    if removed is None:
        return json_answer(401, error="not_signed_in")
    if not removed:
        return json_answer(404, error="not_found")
    return json_answer(200, status="removed")


def push_routes() -> list[Route]:
    return [
        Route(PATH, subscribe, methods=["POST"]),
        Route(PATH, unsubscribe, methods=["DELETE"]),
    ]
