"""A sibling's check-ins as a CSV file for Dutch Excel.

UTF-8 with a byte order mark, `;` between the columns, dates in Amsterdam time. A note
that starts like a formula (=, +, -, @) gets a leading apostrophe so a spreadsheet shows
it as text instead of running it.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date

from dossier.clock import local
from dossier.i18n import translate
from dossier.models import CheckIn

BOM = "\ufeff"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(text: str) -> str:
    """Text a spreadsheet will not read as a formula."""
    return "'" + text if text.startswith(FORMULA_START) else text


def to_csv(checkins: list[CheckIn], names: dict[int, str], lang: str) -> str:
    def word(key: str, **params: object) -> str:
        return translate(lang, f"trends.csv.{key}", **params)

    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        [word(k) for k in ("date", "mood", "mood_word", "needs", "note", "wants_to_talk")]
    )
    for checkin in checkins:
        if checkin.wants_to_talk:
            adult = names.get(checkin.talk_to_id or 0, "")
            talk = word("yes_with", name=adult) if adult else word("yes")
        else:
            talk = word("no")
        writer.writerow(
            [
                local(checkin.created_at).strftime("%Y-%m-%d %H:%M"),
                checkin.mood,
                translate(lang, f"mood.{checkin.mood}"),
                ", ".join(translate(lang, f"need.{need}") for need in checkin.needs),
                safe_cell(checkin.note),
                talk,
            ]
        )
    return BOM + out.getvalue()


def file_name(name: str, lang: str, day: date) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "broer-of-zus"
    return f"{translate(lang, 'trends.csv.filename')}-{slug}-{day:%Y-%m-%d}.csv"
