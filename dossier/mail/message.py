"""A mail's words from the catalogue (nl.mail.json / en.mail.json) and the message itself.

Every mail is multipart: a plain-text part and a simple HTML part with the same words.
Mails name the app and the person, never anything about the family's health.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr

from dossier.i18n import translate

# The kinds of mail there are; each has mail.<kind>.subject / .intro / .after keys and,
# when it carries a link, .button.
KINDS = (
    "confirm",
    "reset",
    "reset_oidc",
    "start_claim",
    "consent_no",
)  # the last two: *.start.json


@dataclass(frozen=True, slots=True, kw_only=True)
class Rendered:
    subject: str
    text: str
    html: str


def render(kind: str, locale: str, *, name: str, link: str = "") -> Rendered:
    """The subject and both bodies of one mail in the reader's language."""
    if kind not in KINDS:
        raise ValueError(f"unknown mail kind {kind!r}")

    def t(key: str, **params: object) -> str:
        return translate(locale, key, **params)

    greeting = t("mail.greeting", name=name)
    intro = t(f"mail.{kind}.intro")
    after = t(f"mail.{kind}.after")
    closing = t("mail.closing")
    footer = t("mail.footer")
    text_parts = [greeting, intro]
    if link:
        text_parts.append(link)
    text_parts += [after, closing, "-- ", footer]
    text = "\n\n".join(text_parts).replace("\n\n-- \n\n", "\n\n-- \n") + "\n"
    esc = html.escape
    button = ""
    if link:
        label = t(f"mail.{kind}.button")
        button = (
            f'<p><a href="{esc(link, quote=True)}" style="display:inline-block;padding:12px 20px;'
            f'background:#0d7377;color:#ffffff;border-radius:6px;text-decoration:none;">'
            f"{esc(label)}</a></p>\n"
            f'<p style="font-size:14px;color:#555555;">{esc(t("mail.link_hint"))}<br>'
            f'<a href="{esc(link, quote=True)}">{esc(link)}</a></p>\n'
        )
    body = (
        f'<!DOCTYPE html>\n<html lang="{esc(locale)}">\n<head><meta charset="utf-8">'
        f"<title>{esc(t(f'mail.{kind}.subject'))}</title></head>\n"
        '<body style="font-family:Arial,sans-serif;font-size:16px;line-height:1.5;'
        'color:#1a1a1a;max-width:560px;">\n'
        f"<p>{esc(greeting)}</p>\n<p>{esc(intro)}</p>\n{button}"
        f"<p>{esc(after)}</p>\n<p>{esc(closing).replace(chr(10), '<br>')}</p>\n"
        f'<hr><p style="font-size:13px;color:#555555;">{esc(footer)}</p>\n</body>\n</html>\n'
    )
    return Rendered(subject=t(f"mail.{kind}.subject"), text=text, html=body)


def compose(
    *,
    sender: str,
    to: str,
    subject: str,
    text: str,
    html_body: str,
    when: datetime,
    lang: str = "nl",
) -> EmailMessage:
    """The message with From, To, Subject, Date and Message-ID; text first, then HTML."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = Address(addr_spec=to)
    message["Subject"] = subject
    message["Date"] = format_datetime(when)
    domain = parseaddr(sender)[1].rpartition("@")[2] or "localhost"
    message["Message-ID"] = make_msgid(domain=domain)
    message["Auto-Submitted"] = "auto-generated"  # no out-of-office replies, please
    message.set_content(text)
    message.add_alternative(html_body, subtype="html")
    message["Content-Language"] = lang
    return message
