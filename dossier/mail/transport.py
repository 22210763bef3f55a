"""The way out: SMTP as DOSSIER_SMTP_URL says, or a file under data/mail/ in development.

    smtp+starttls://user:password@host:587   STARTTLS (certificate checked)
    smtps://user:password@host:465           TLS from the first byte
    smtp://127.0.0.1:1025                    no TLS: only to this machine (settings.py)

Without DOSSIER_SMTP_URL (development, `make run`) every mail is written to
data/mail/<timestamp>-<id>.eml and one line on the console names the file and the link
in it, so a newcomer can follow it. In production mails are never written to files: the
start check (`dossier preflight`) asks for SMTP, and without it nothing is sent.
Nothing here logs a message's body.
"""

from __future__ import annotations

import logging
import re
import smtplib
import ssl
import sys
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import unquote, urlsplit

from dossier.settings import Settings

logger = logging.getLogger(__name__)

SMTP_TIMEOUT = 15.0  # seconds for connecting and for every answer
DEFAULT_PORTS = {"smtp": 25, "smtp+starttls": 587, "smtps": 465}
_LINK = re.compile(r"https?://\S+")


class MailNotSent(Exception):
    """The SMTP server refused or could not be reached; the outbox tries again later."""


def send(message: EmailMessage, settings: Settings, *, name: str = "") -> str:
    """Send one message; returns where it went (for the outbox's log line, no content)."""
    if settings.smtp_url is None:
        if settings.production:  # the start check asks for SMTP; never links on disk
            raise MailNotSent("DOSSIER_SMTP_URL is not set: no mail goes out in production")
        return _write_file(message, settings, name=name)
    return _send_smtp(message, settings.smtp_url)


def _send_smtp(message: EmailMessage, url: str) -> str:
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or DEFAULT_PORTS[parts.scheme]
    context = ssl.create_default_context()
    try:
        client: smtplib.SMTP
        if parts.scheme == "smtps":
            client = smtplib.SMTP_SSL(host, port, timeout=SMTP_TIMEOUT, context=context)
        else:
            client = smtplib.SMTP(host, port, timeout=SMTP_TIMEOUT)
        with client:
            client.ehlo()
            if parts.scheme == "smtp+starttls":
                client.starttls(context=context)
                client.ehlo()
            if parts.username:
                client.login(unquote(parts.username), unquote(parts.password or ""))
            client.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        # The exception's text may quote the server, never the message: safe to keep.
        raise MailNotSent(f"{type(exc).__name__}: {str(exc)[:200]}") from exc
    return f"smtp {host}:{port}"


def _write_file(message: EmailMessage, settings: Settings, *, name: str) -> str:
    folder = settings.data_dir / "mail"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    path = folder / f"{stamp}-{name or 'mail'}.eml"
    path.write_bytes(bytes(message))
    path.chmod(0o600)
    logger.info("mail for %s written to %s (no DOSSIER_SMTP_URL)", message["To"], path)
    if not settings.production:
        _show_link(message, path)
    return str(path)


def _show_link(message: EmailMessage, path: Path) -> None:
    """Development only: the link on the console (not through logging, which blanks
    every token on purpose, see dossier/ops/log_redaction.py)."""
    body = message.get_body(preferencelist=("plain",))
    text = body.get_content() if body is not None else ""
    link = next(iter(_LINK.findall(str(text))), "")
    if link:
        print(f"[mail] {path.name}: {link}", file=sys.stderr, flush=True)  # noqa: T201
