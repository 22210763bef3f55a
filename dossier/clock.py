"""The one clock: the family's time zone, today there, and reading a day from a form.

Times are stored in UTC and mean Europe/Amsterdam wherever a day or a clock time is
shown or chosen. No Reflex and no other dossier module here, so anything may use it.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from typing import Literal
from zoneinfo import ZoneInfo

ZONE = ZoneInfo("Europe/Amsterdam")

# What a date input sends (2026-11-23), and what people type (23-11-2026, 3/2/2026,
# 3.2.2026). ASCII digits only: other scripts' digits are no day here.
_ISO_DAY = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_TYPED_ISO_DAY = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
_DUTCH_DAY = re.compile(r"([0-9]{1,2})[-/.]([0-9]{1,2})[-/.]([0-9]{4})")

DayProblem = Literal["format", "impossible", "range"]


class BadDay(ValueError):
    """Text that is no usable day; `problem` says why, for the caller's own message."""

    def __init__(self, problem: DayProblem) -> None:
        super().__init__(problem)
        self.problem: DayProblem = problem


def now() -> datetime:
    """The current moment, aware, in UTC."""
    return datetime.now(UTC)


def local(moment: datetime) -> datetime:
    """An aware moment on the Amsterdam wall clock."""
    return moment.astimezone(ZONE)


def local_today(moment: datetime | None = None) -> date:
    """The day it is in Amsterdam (now, or at `moment`)."""
    return (moment or now()).astimezone(ZONE).date()


def local_day(moment: datetime) -> date:
    """The Amsterdam day of a moment; a naive moment is read as UTC (as stored)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(ZONE).date()


def start_of_day(day: date) -> datetime:
    """00:00 in Amsterdam on `day`, as an aware UTC moment (for the database)."""
    return datetime.combine(day, time(), tzinfo=ZONE).astimezone(UTC)


def parse_day(
    text: str | None,
    *,
    typed: bool = True,
    earliest: date | None = None,
    latest: date | None = None,
) -> date | None:
    """The day in a form field; None when it is empty.

    Always takes what a date input sends (yyyy-mm-dd). With `typed`, also a day typed
    by hand: 2026-3-1, 1-3-2026, 1/3/2026 or 1.3.2026 (day first, the Dutch way).
    Raises BadDay("format") for other text, BadDay("impossible") for 30 February and
    the like, BadDay("range") for a day before `earliest` or after `latest`.
    """
    text = (text or "").strip()
    if not text:
        return None
    if match := (_TYPED_ISO_DAY if typed else _ISO_DAY).fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
    elif typed and (match := _DUTCH_DAY.fullmatch(text)):
        day, month, year = (int(part) for part in match.groups())
    else:
        raise BadDay("format")
    try:
        found = date(year, month, day)
    except ValueError as impossible:
        raise BadDay("impossible") from impossible
    if (earliest and found < earliest) or (latest and found > latest):
        raise BadDay("range")
    return found
