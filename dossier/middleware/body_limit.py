"""A cap on HTTP request bodies: anything bigger gets 413 before the app reads it all.

Why: Starlette and Reflex read request bodies into memory without a limit (a 53 MB raw
POST to /_upload was accepted), so one client could fill a worker's memory. The cap is
checked twice, because a client can lie or send no length at all:

* up front, from `Content-Length`, before the app sees the request;
* while the body streams in (chunked bodies), by counting the bytes the app receives.

Websocket traffic (/_event) is not touched here: engine.io caps each message at
`REFLEX_SOCKET_MAX_HTTP_BUFFER_SIZE` bytes (rxconfig.py sets a default).

The cap is `DOSSIER_MAX_BODY_BYTES` (default 1 MiB, enough for every form and JSON call
the app has; there are no file uploads). Wire it in as an `api_transformer` before
`security_headers`, so a 413 carries the security headers too.
"""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable, Mapping, MutableMapping
from typing import Any

from dossier.i18n import DEFAULT_LOCALE, translate

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

DEFAULT_MAX_BODY_BYTES = 1024 * 1024
MAX_BODY_ENV = "DOSSIER_MAX_BODY_BYTES"


class BodyTooLarge(Exception):
    """Raised inside the app's `receive` once the streamed body passes the cap."""


def max_body_bytes() -> int:
    """The configured cap; a bad value falls back to the default rather than no cap."""
    raw = os.environ.get(MAX_BODY_ENV, "").strip()
    return int(raw) if raw.isdigit() and int(raw) > 0 else DEFAULT_MAX_BODY_BYTES


def _declared_length(scope: Scope) -> int | None:
    """Content-Length as a number; -1 when it is there but not a plain number."""
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            text = value.decode("latin-1").strip()
            return int(text) if text.isdigit() else -1
    return None


async def _answer(send: Send, status: int, text: str) -> None:
    body = (text + "\n").encode()
    headers = [
        (b"content-type", b"text/plain; charset=utf-8"),
        (b"content-length", str(len(body)).encode()),
        (b"connection", b"close"),  # the rest of the body is not read; start afresh
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class BodyLimit:
    """ASGI middleware: HTTP request bodies over `limit` bytes get 413.

    `limits` maps a path prefix to its own cap (the longest matching prefix wins), for a
    future upload route that needs more than the default.
    """

    def __init__(
        self, app: ASGIApp, *, limit: int | None = None, limits: Mapping[str, int] | None = None
    ) -> None:
        self.app = app
        self.limit = limit if limit is not None else max_body_bytes()
        self.limits = dict(limits or {})

    def limit_for(self, path: str) -> int:
        matches = [prefix for prefix in self.limits if path.startswith(prefix)]
        return self.limits[max(matches, key=len)] if matches else self.limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope.get("path", ""))
        declared = _declared_length(scope)
        if declared == -1:
            await _answer(send, 400, translate(DEFAULT_LOCALE, "ops.bad_length"))
            return
        if declared is not None and declared > limit:
            await _answer(send, 413, translate(DEFAULT_LOCALE, "ops.body_too_large"))
            return
        await _CountingCall(self.app, limit).run(scope, receive, send)


class _CountingCall:
    """One request: counts the body bytes the app receives and answers 413 past the cap."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit
        self.received = 0
        self.started = False  # the app has begun its own response
        self.refused = False  # we answered 413; whatever the app sends after is dropped

    async def run(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def counting_receive() -> Message:
            message = await receive()
            if message["type"] == "http.request":
                self.received += len(message.get("body", b""))
                if self.received > self.limit:
                    await self._refuse(send)
                    raise BodyTooLarge
            return message

        async def guarded_send(message: Message) -> None:
            if self.refused:
                return
            if message["type"] == "http.response.start":
                self.started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except BodyTooLarge:
            pass  # already answered; the app's own error handling may have re-raised it
        except Exception:
            if not self.refused:
                raise  # a real error in the app, not ours to hide

    async def _refuse(self, send: Send) -> None:
        # Answer straight away, before the app's error middleware can turn our exception
        # into a 500. If the app already started a response, all we can do is stop reading.
        if not self.started and not self.refused:
            self.refused = True
            await _answer(send, 413, translate(DEFAULT_LOCALE, "ops.body_too_large"))
        self.refused = True


def body_limit(app: ASGIApp) -> ASGIApp:
    """The `api_transformer` form: `api_transformer=[build_api(), body_limit, ...]`."""
    return BodyLimit(app)
