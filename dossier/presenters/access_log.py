"""Access-log rows as plain sentences in the reader's language (no Reflex here).

"Femke Bos (casemanager thuis, Thuiszorg Noord) bekeek de takenlijst". A sentence
names what kind of thing was seen or changed, never its content. Each action code has
`audit.action.<code>` (what someone did) and `audit.attempt.<code>` (what someone tried,
for refusals and failures) in the catalogue; unknown codes get a general sentence based
on their verb, so a new action never shows a raw code or crashes the page.

A refusal from outside the family reads "Iemand buiten jullie gezin probeerde …": the
domain gave no name or role for it. A row that stands for repeated attempts ends with
"(12 keer)". Looks folded into one line (domain.audit_log.fold_views) read "Femke Bos
(casemanager thuis) bekeek 5 keer taken (14:02-14:40)".
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TypedDict

from dossier.clock import local, local_today
from dossier.domain.audit_log import LogEntry, LogLine, Person
from dossier.domain.erasure import display_name
from dossier.i18n import catalogue, format_day, format_time, translate

DENIED, FAILED = "denied", "failed"

# The last word of an action code, mapped to a general kind of action.
_VERB_KINDS = {
    "list": "list",
    "view": "view",
    "read": "view",
    "create": "create",
    "add": "create",
    "propose": "create",
    "accept": "create",
    "edit": "change",
    "update": "change",
    "change": "change",
    "complete": "change",
    "confirm": "change",
    "role": "change",
    "delete": "delete",
    "remove": "delete",
    "revoke": "delete",
    "export": "export",
    "print": "export",
    "download": "export",
}


class AccessLogRow(TypedDict):
    id: str
    when: str
    iso: str
    sentence: str
    denied: bool
    badge: str


class PersonOption(TypedDict):
    value: str
    label: str


def _phrase(lang: str, kind: str, action: str) -> str:
    """The catalogue phrase for this action, else the general one for its verb."""
    texts = catalogue(lang)
    if text := texts.get(f"audit.{kind}.{action}"):
        return text
    verb = _VERB_KINDS.get(action.rsplit(".", 1)[-1], "other")
    return translate(lang, f"audit.{kind}.generic.{verb}")


def who(name: str, role: str, organisation: str, lang: str) -> str:
    """'Femke Bos (casemanager thuis, Thuiszorg Noord)'; 'Iemand' when the user is unknown."""
    name = display_name(name, lang) or translate(lang, "audit.who.unknown")
    role_text = catalogue(lang).get(f"audit.role.{role}", "") if role else ""
    details = ", ".join(part for part in (role_text, organisation) if part)
    return (
        translate(lang, "audit.who.with_details", name=name, details=details) if details else name
    )


def sentence(entry: LogEntry, lang: str) -> str:
    if entry.outside:
        person = translate(lang, "audit.who.outside")
    else:
        person = who(entry.name, entry.role, entry.organisation, lang)
    if entry.outcome in (DENIED, FAILED):
        attempt = _phrase(lang, "attempt", entry.action)
        text = translate(lang, f"audit.sentence.{entry.outcome}", who=person, attempt=attempt)
    else:
        did = _phrase(lang, "action", entry.action)
        text = translate(lang, "audit.sentence.allowed", who=person, did=did)
    if entry.count > 1:
        return translate(lang, "audit.sentence.times", sentence=text, count=entry.count)
    return text


def folded_sentence(line: LogLine, lang: str) -> str:
    """'Femke Bos (casemanager thuis) bekeek 5 keer taken (14:02-14:40)'."""
    entry = line.entry
    person = who(entry.name, entry.role, entry.organisation, lang)
    texts = catalogue(lang)
    things = texts.get(f"audit.things.{line.kind}") or translate(lang, "audit.things.generic")
    start, end = format_time(line.first_at, lang), format_time(entry.at, lang)
    if start == end:
        times = translate(lang, "audit.times.at", time=start)
    else:
        times = translate(lang, "audit.times.between", start=start, end=end)
    # A kind may have its own verb (a calendar app fetches, it does not look).
    key = f"audit.sentence.views.{line.kind}"
    if key not in texts:
        key = "audit.sentence.views"
    return translate(lang, key, who=person, count=line.views, things=things, times=times)


def day_label(moment: datetime, lang: str, today: date) -> str:
    """'Vandaag', 'ma 23 nov', or with the year when it is not this year."""
    day = local(moment).date()
    if day == today:
        return translate(lang, "day.today")
    if day.year != today.year:
        return f"{format_day(day, lang)} {day.year}"
    return format_day(day, lang)


def when(moment: datetime, lang: str, today: date) -> str:
    """'Vandaag 14:05', 'ma 23 nov 14:05', or with the year when it is not this year."""
    day = local(moment).date()
    clock = format_time(moment, lang)
    if day == today:
        return f"{translate(lang, 'day.today')} {clock}"
    if day.year != today.year:
        return f"{format_day(day, lang)} {day.year} {clock}"
    return f"{format_day(day, lang)} {clock}"


def access_log_row(entry: LogEntry, lang: str, today: date | None = None) -> AccessLogRow:
    return access_log_line(LogLine(entry=entry, first_at=entry.at), lang, today)


def access_log_line(line: LogLine, lang: str, today: date | None = None) -> AccessLogRow:
    """A line for the page: folded looks carry their day here and their times in the text."""
    entry, today = line.entry, today or local_today()
    badge = {DENIED: "accesslog.denied", FAILED: "accesslog.failed"}.get(entry.outcome)
    folded = line.views > 1
    return {
        "id": str(entry.id),
        "when": day_label(entry.at, lang, today) if folded else when(entry.at, lang, today),
        "iso": local(entry.at).isoformat(timespec="minutes"),
        "sentence": folded_sentence(line, lang) if folded else sentence(entry, lang),
        "denied": badge is not None,
        "badge": translate(lang, badge) if badge else "",
    }


def person_option(person: Person, lang: str) -> PersonOption:
    role_text = catalogue(lang).get(f"audit.role.{person.role}", "") if person.role else ""
    label = (
        translate(
            lang, "audit.who.with_details", name=display_name(person.name, lang), details=role_text
        )
        if role_text
        else display_name(person.name, lang)
    )
    return {"value": str(person.user_id), "label": label}
