"""Errors the browser reports, written to the server log safely (the app's
`frontend_exception_handler`).

Two ways reach it, both without a login: the `client_error` socket event (Reflex
sanitises and rate-limits that one itself) and the state event
`FrontendEventExceptionState.handle_frontend_exception(info, component_stack)`, a
Reflex event the session gate lets through as nobody, whose text Reflex hands on as
the browser sent it (only rich markup escaped). A script could thus write forged lines
("\\n2026-12-07 ERROR ...") or megabytes into the log.

So every report is:

* escaped repr-style: a newline becomes `\\n`, other control and invisible characters
  `\\x1b`, `\\u2028` and so on, a backslash `\\\\`; one report is one log line;
* cut to MAX_CHARS (the cut is made before escaping too, so a huge text costs little);
* rate-limited with token buckets: one for the whole process and one per client (the
  socket's SID or the client token, when known; at most MAX_CLIENTS remembered). What is
  dropped is counted and said once, on the next line that gets through.

Records go through `logging` (logger "dossier.ops.client_errors"), so the log redaction
(dossier/ops/log_redaction.py) and the deployment's handlers apply.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

logger = logging.getLogger("dossier.ops.client_errors")

MAX_CHARS = 500  # of the escaped text in one record
MAX_CLIENT_KEY = 64
MAX_CLIENTS = 1024
# (burst, per minute): the whole process, and each client.
PROCESS_RATE = (20, 20)
CLIENT_RATE = (5, 5)

_SID = re.compile(r"\[SID: ([^\]\s]{1,128})\]")  # how Reflex's client_error report starts


def escape(text: str, limit: int = MAX_CHARS) -> str:
    """One printable line of at most `limit` characters; what was cut is said at the end."""
    head = text[: limit + 1]  # escaping only lengthens: nothing past this can show
    escaped = "".join(_escape_char(char) for char in head)
    if len(text) <= limit and len(escaped) <= limit:
        return escaped
    suffix = f"… [{len(text)} chars]"
    return escaped[: limit - len(suffix)] + suffix


def _escape_char(char: str) -> str:
    if char == "\\":
        return "\\\\"
    return char if char.isprintable() else repr(char)[1:-1]  # "\n", "\x1b", "\u2028"


@dataclass(slots=True)
class TokenBucket:
    capacity: float
    per_second: float
    tokens: float = field(default=-1.0)
    updated: float = 0.0

    def take(self, now: float) -> bool:
        if self.tokens < 0:  # a new bucket starts full
            self.tokens, self.updated = self.capacity, now
        self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.per_second)
        self.updated = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


def _bucket(rate: tuple[int, int]) -> TokenBucket:
    burst, per_minute = rate
    return TokenBucket(capacity=burst, per_second=per_minute / 60)


def _current_client() -> str | None:
    """The client token of the event being handled (the state-event path), if any."""
    try:
        from reflex_base.event.context import EventContext

        return str(EventContext.get().token) or None
    except (ImportError, LookupError, AttributeError):
        return None


class ClientErrorLog:
    """Log browser error reports escaped, cut and rate-limited (see the module)."""

    def __init__(
        self,
        *,
        process_rate: tuple[int, int] = PROCESS_RATE,
        client_rate: tuple[int, int] = CLIENT_RATE,
        clock: Callable[[], float] = time.monotonic,
        client: Callable[[], str | None] = _current_client,
    ) -> None:
        self._process = _bucket(process_rate)
        self._client_rate = client_rate
        self._clients: OrderedDict[str, TokenBucket] = OrderedDict()
        self._clock = clock
        self._client = client
        self._lock = threading.Lock()
        self.dropped = 0

    def _client_bucket(self, key: str) -> TokenBucket:
        bucket = self._clients.pop(key, None) or _bucket(self._client_rate)
        self._clients[key] = bucket  # the most recent last
        while len(self._clients) > MAX_CLIENTS:
            self._clients.popitem(last=False)
        return bucket

    def _allowed(self, key: str | None) -> int | None:
        """None when dropped; else how many were dropped before this one."""
        with self._lock:
            now = self._clock()
            if key is not None and not self._client_bucket(key).take(now):
                self.dropped += 1
                return None
            if not self._process.take(now):
                self.dropped += 1
                return None
            dropped, self.dropped = self.dropped, 0
            return dropped

    def __call__(self, exception: Exception) -> None:
        text = str(exception)
        sid = _SID.match(text[:200])
        key = sid.group(1) if sid else self._client()
        if key is not None:
            key = key[:MAX_CLIENT_KEY]
        dropped = self._allowed(key)
        if dropped is None:
            return
        client = escape(key or "-", MAX_CLIENT_KEY)
        if dropped:
            logger.warning(
                "browser error (client %s; %d earlier reports dropped by the rate limit): %s",
                client,
                dropped,
                escape(text),
            )
        else:
            logger.warning("browser error (client %s): %s", client, escape(text))


_log = ClientErrorLog()


def handle_frontend_exception(exception: Exception) -> None:
    """The app's `frontend_exception_handler` (a named function, as Reflex requires)."""
    _log(exception)
