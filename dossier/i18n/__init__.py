"""The message catalogue (Dutch first, English second) and locale-aware formatting.

Every interface string lives in nl.json and en.json under the same keys; a test checks
that both have the same keys and that every key used in the code exists.
Times are stored in UTC and always shown in Europe/Amsterdam (dossier/clock.py).
"""

from __future__ import annotations

import json
from datetime import date, datetime
from functools import cache
from pathlib import Path

from babel.dates import format_date as babel_format_date
from babel.dates import format_time as babel_format_time

# The clock lives in the domain; these names stay here for older imports.
from dossier.clock import ZONE as TIMEZONE  # noqa: F401
from dossier.clock import local
from dossier.clock import local_today as local_today
from dossier.i18n.frontend import frontend_keys

LOCALES = ("nl", "en")
DEFAULT_LOCALE = "nl"
_DIR = Path(__file__).parent


@cache
def catalogue(locale: str) -> dict[str, str]:
    """nl.json plus any feature files such as nl.audit.json, merged (keys must not clash)."""
    locale = locale if locale in LOCALES else DEFAULT_LOCALE
    merged: dict[str, str] = {}
    for path in sorted(_DIR.glob(f"{locale}.json")) + sorted(_DIR.glob(f"{locale}.*.json")):
        part = json.loads(path.read_text(encoding="utf-8"))
        if clash := merged.keys() & part.keys():
            raise ValueError(f"{path.name} repeats catalogue keys: {sorted(clash)}")
        merged.update(part)
    return merged


@cache
def frontend_catalogue(locale: str) -> dict[str, str]:
    """The part of the catalogue the pages can read (dossier/i18n/frontend.py): what
    `LocaleState.t` sends to the browser. The server keeps the whole one (`translate`)."""
    full = catalogue(locale)
    keep = frontend_keys(full)
    return {key: text for key, text in full.items() if key in keep}


def translate(locale: str, key: str, **params: object) -> str:
    text = catalogue(locale).get(key) or catalogue(DEFAULT_LOCALE).get(key) or key
    return text.format(**params) if params else text


def pick_locale(preferred: str | None) -> str:
    """The user's own choice, else Dutch.

    The browser's language is not used on purpose: many Dutch parents have phones set
    to English, and the dossier's words (IZP, PGB, MDO) belong to Dutch care.
    """
    return preferred if preferred in LOCALES else DEFAULT_LOCALE


def format_day(day: date, locale: str) -> str:
    """'ma 23 nov.' style: short enough for a phone row."""
    return babel_format_date(day, "EEE d MMM", locale=locale)


def format_long_day(day: date, locale: str) -> str:
    return babel_format_date(day, "EEEE d MMMM", locale=locale)


def format_time(moment: datetime, locale: str) -> str:
    return babel_format_time(local(moment), "HH:mm", locale=locale)


def format_moment(moment: datetime, locale: str) -> str:
    return f"{format_day(local(moment).date(), locale)} {format_time(moment, locale)}"
