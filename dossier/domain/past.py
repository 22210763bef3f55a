"""A date that has already been: ask before saving it ("Deze datum is al geweest").

A new appointment on an old day, or a task due yesterday, is usually a typo (2025 for
2026) and would vanish into "Geweest" unseen. So a save whose date lies before today
(Europe/Amsterdam) is held back once with a question; the form sends back the days the
person confirmed (`past_ok`), and then it saves. A date that was already in the past
and was not changed asks nothing: editing an old item is not a mistake.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date

from dossier.clock import local_today


class PastDate(Exception):
    """A save held back to ask: `days` are the dates that have already been."""

    def __init__(self, days: list[date]) -> None:
        super().__init__(", ".join(day.isoformat() for day in days))
        self.days = days


def past_days(
    days: Iterable[date | None], *, today: date | None = None, before: Collection[date] = ()
) -> list[date]:
    """The dates before today, leaving out those the item already had (`before`)."""
    today = today or local_today()
    found: list[date] = []
    for day in days:
        if day is not None and day < today and day not in before and day not in found:
            found.append(day)
    return found


def ask_if_past(
    days: Iterable[date | None],
    *,
    confirmed: Collection[date] | None,
    today: date | None = None,
    before: Collection[date] = (),
) -> None:
    """Raise PastDate for a past date not confirmed yet; `confirmed=None` asks nothing."""
    if confirmed is None:
        return
    asked = [day for day in past_days(days, today=today, before=before) if day not in confirmed]
    if asked:
        raise PastDate(asked)


def read_confirmed(text: object) -> set[date]:
    """The hidden `past_ok` field: the ISO dates the person said "Toch opslaan" to."""
    found: set[date] = set()
    for part in str(text or "")[:200].split(","):
        try:
            found.add(date.fromisoformat(part.strip()))
        except ValueError:
            continue
    return found


def confirmed_field(days: Iterable[date]) -> str:
    return ",".join(day.isoformat() for day in days)
