"""Words about closing the dossier: the erase day as people say it ("6 januari")."""

from __future__ import annotations

from datetime import date

from babel.dates import format_date


def format_day_month(day: date, lang: str) -> str:
    """'6 januari' / '6 January': the day and month, the year when it is not this one's
    or next (an erase day is at most 30 days away, so that is rare)."""
    return format_date(day, "d MMMM", locale=lang)
