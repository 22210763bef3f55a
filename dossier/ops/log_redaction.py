"""Secrets never reach a log: cookies, authorization headers and session tokens are
blanked in every log record, whoever writes it.

Reflex logs a whole event, its router data and request headers included, when it
cannot dispatch it (an unknown handler, as a stale frontend sends after a deploy):
`cookie: dossier_session=...` was in the server log, and the token still worked. The
record factory runs for every record of every logger, before any handler or filter,
so the message, its arguments and the traceback text are redacted at the source.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

REDACTED = "[redacted]"

_PATTERNS = (
    # 'cookie': '...' / "authorization": "..." as a repr or JSON of a header mapping; a
    # tab's client token is the key to its state on the server, so it counts too.
    re.compile(
        r"""(?P<key>['"](?:cookie|set-cookie|authorization|proxy-authorization|token|client_token)['"]\s*:\s*)"""
        r"""(?P<quote>['"])(?:\\.|(?!(?P=quote)).)*(?P=quote)""",
        re.IGNORECASE,
    ),
    # cookie=... / authorization=... as keyword arguments (a dataclass repr).
    re.compile(
        r"""(?P<key>\b(?:cookie|set_cookie|authorization|raw_cookie|token|client_token)=)"""
        r"""(?P<quote>['"])(?:\\.|(?!(?P=quote)).)*(?P=quote)""",
        re.IGNORECASE,
    ),
    # Cookie: ... / Authorization: ... as a header line.
    re.compile(
        r"""(?P<key>^\s*(?:cookie|set-cookie|authorization):\s*)(?P<quote>)[^\r\n]+""",
        re.IGNORECASE | re.MULTILINE,
    ),
    # A session cookie's value anywhere else (dossier_session, dossier_session_dev, ...).
    re.compile(r"""(?P<key>\bdossier_[a-z_]*session[a-z_]*=)(?P<quote>)[^;\s'",}]+"""),
    # Secrets in a URL: a sibling's personal link, the calendar feed, an invitation.
    re.compile(r"""(?P<key>/api/(?:k|calendar)/)(?P<quote>)[^\s/?'"]+"""),
    re.compile(r"""(?P<key>[?&]token=)(?P<quote>)[^\s&#'"]+"""),
)


def redact(text: str) -> str:
    for pattern in _PATTERNS:
        text = pattern.sub(_blank, text)
    return text


def _blank(match: re.Match[str]) -> str:
    quote = match.group("quote")
    return f"{match.group('key')}{quote}{REDACTED}{quote}"


class _RedactedRecordFactory:
    """The record factory that was installed before, with every record it makes redacted."""

    dossier_redacts = True  # the marker install() looks for: it wraps only once

    def __init__(self, base: Callable[..., logging.LogRecord]) -> None:
        self._base = base

    def __call__(self, *args: Any, **kwargs: Any) -> logging.LogRecord:
        record = self._base(*args, **kwargs)
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            return record  # a broken format string: the handler reports it as before
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and not record.exc_text:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
        return record


def install() -> None:
    """Once per process (the app module calls it at import); calling again does nothing."""
    current = logging.getLogRecordFactory()
    if not getattr(current, "dossier_redacts", False):
        logging.setLogRecordFactory(_RedactedRecordFactory(current))
