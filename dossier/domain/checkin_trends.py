"""How a brother or sister is doing over time, as far as they shared it with the reader.

For an adult, a sibling and a period (4 weeks, 3 months or 6 months): the mood per
check-in and per week, how often each need was chosen, and the notes. Everything here is
computed from ONE call to `readable_checkins`, which narrows the query to the reader's
share flag in SQL and then lets the gate decide per row. So a check-in that was not
shared with the reader can never add to a count, an average, a chart point, a need or a
note: it is simply not in the list the numbers are made from.

One query per page: the check-ins of all siblings in the period are read once; the
counts for the sibling selector and the chosen sibling's trend both come from that list.

Periods run from 00:00 (Amsterdam time) on their first day up to now: 4 weeks is the same
weekday 4 weeks ago, 3 and 6 months the same date 3 or 6 months ago (the last day of a
shorter month when that date does not exist), so both end days are included.
"""

from __future__ import annotations

import calendar
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from statistics import fmean

from sqlmodel import Session

from dossier import audit
from dossier.clock import ZONE as AMSTERDAM
from dossier.clock import local_day, start_of_day
from dossier.domain.checkin_settings import siblings_of
from dossier.domain.checkins import readable_checkins
from dossier.models import CheckIn, Need, Role, utcnow
from dossier.permissions import Action, Actor, PermissionDenied, checkin_share_flag

EXPORT_MONTHS = range(1, 13)  # what the download accepts: 1 to 12 months back


class Period(StrEnum):
    WEEKS_4 = "4w"
    MONTHS_3 = "3m"
    MONTHS_6 = "6m"


DEFAULT_PERIOD = Period.MONTHS_3


def parse_period(value: object) -> Period:
    """The period the browser asked for; anything unknown is the default (3 months)."""
    try:
        return Period(str(value))
    except ValueError:
        return DEFAULT_PERIOD


# --------------------------------------------------------------------------------------
# Calendar arithmetic (Amsterdam days)
# --------------------------------------------------------------------------------------


def months_before(day: date, months: int) -> date:
    """The same date `months` earlier; the month's last day when that date does not exist."""
    total = day.year * 12 + (day.month - 1) - months
    year, month = divmod(total, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def period_start(period: Period, today: date) -> date:
    if period is Period.WEEKS_4:
        return today - timedelta(weeks=4)
    return months_before(today, 3 if period is Period.MONTHS_3 else 6)


def day_offset(moment: datetime, start: date) -> float:
    """Days since 00:00 on `start` by the Amsterdam wall clock (a DST day still counts as
    one day), so 21:00 on the third day is 2.875."""
    local = moment.astimezone(AMSTERDAM)
    clock = local.hour + local.minute / 60 + local.second / 3600
    return (local.date() - start).days + clock / 24


def axis_ticks(period: Period, start: date, end: date) -> list[date]:
    """Where the time axis gets a label: every Monday for 4 weeks, else every 1st."""
    days = (start + timedelta(days=i) for i in range((end - start).days + 1))
    if period is Period.WEEKS_4:
        return [d for d in days if d.weekday() == 0]
    return [d for d in days if d.day == 1]


# --------------------------------------------------------------------------------------
# What a trend is made of
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class MoodPoint:
    checkin_id: int
    at: datetime
    day: date  # in Amsterdam
    offset: float  # days since the start of the period, for the time axis
    mood: int


@dataclass(frozen=True, slots=True, kw_only=True)
class WeekAverage:
    week_start: date  # the Monday (Amsterdam)
    average: float
    count: int
    offset: float  # the middle of the part of this week that lies in the period


@dataclass(frozen=True, slots=True, kw_only=True)
class NeedCount:
    need: str
    count: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Note:
    checkin_id: int
    at: datetime
    mood: int
    text: str
    wants_to_talk: bool
    talk_to_id: int | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Trend:
    period: Period
    start_day: date
    end_day: date
    sibling_id: int | None  # None: nobody chosen, or a sibling the reader cannot see
    points: list[MoodPoint] = field(default_factory=list)  # oldest first
    weeks: list[WeekAverage] = field(default_factory=list)  # oldest first
    needs: list[NeedCount] = field(default_factory=list)  # most chosen first
    notes: list[Note] = field(default_factory=list)  # newest first
    ticks: list[date] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.points)

    @property
    def average(self) -> float | None:
        return fmean(p.mood for p in self.points) if self.points else None

    @property
    def latest(self) -> int | None:
        return self.points[-1].mood if self.points else None

    @property
    def span(self) -> int:
        """The length of the time axis in days (today counts as a whole day)."""
        return (self.end_day - self.start_day).days + 1


@dataclass(frozen=True, slots=True, kw_only=True)
class SiblingChoice:
    sibling_id: int
    name: str
    shared: int  # check-ins shared with the reader in the period; 0 is fine


@dataclass(frozen=True, slots=True, kw_only=True)
class TrendPage:
    siblings: list[SiblingChoice]
    trend: Trend


def summarise(
    checkins: Iterable[CheckIn],
    *,
    sibling_id: int | None,
    period: Period,
    today: date,
) -> Trend:
    """The trend of one sibling from check-ins the reader may read (pure, no database).

    Check-ins of other siblings or from before the period are left out here too, so the
    numbers hold whatever list they are given.
    """
    start = period_start(period, today)
    since = start_of_day(start)
    ticks = axis_ticks(period, start, today)
    if sibling_id is None:
        return Trend(period=period, start_day=start, end_day=today, sibling_id=None, ticks=ticks)
    mine = sorted(
        (c for c in checkins if c.sibling_id == sibling_id and c.created_at >= since),
        key=lambda c: (c.created_at, c.id or 0),
    )
    points = [
        MoodPoint(
            checkin_id=c.id or 0,
            at=c.created_at,
            day=local_day(c.created_at),
            offset=round(day_offset(c.created_at, start), 4),
            mood=c.mood,
        )
        for c in mine
    ]
    return Trend(
        period=period,
        start_day=start,
        end_day=today,
        sibling_id=sibling_id,
        points=points,
        weeks=weekly_averages(points, start=start, end=today),
        needs=need_counts(mine),
        notes=[
            Note(
                checkin_id=c.id or 0,
                at=c.created_at,
                mood=c.mood,
                text=c.note,
                wants_to_talk=c.wants_to_talk,
                talk_to_id=c.talk_to_id,
            )
            for c in reversed(mine)
            if c.note.strip()
        ],
        ticks=ticks,
    )


def weekly_averages(points: list[MoodPoint], *, start: date, end: date) -> list[WeekAverage]:
    """The average mood per calendar week (Monday to Sunday, Amsterdam); weeks without a
    check-in have no average (the chart leaves a gap rather than inventing a value)."""
    by_week: dict[date, list[int]] = defaultdict(list)
    for point in points:
        by_week[point.day - timedelta(days=point.day.weekday())].append(point.mood)
    weeks = []
    for monday in sorted(by_week):
        first = max(monday, start)
        last = min(monday + timedelta(days=6), end)
        moods = by_week[monday]
        weeks.append(
            WeekAverage(
                week_start=monday,
                average=fmean(moods),
                count=len(moods),
                offset=((first - start).days + (last - start).days + 1) / 2,
            )
        )
    return weeks


def need_counts(checkins: Iterable[CheckIn]) -> list[NeedCount]:
    """How often each need was chosen, most chosen first (ties in the check-in's order);
    needs nobody chose are left out."""
    counted = Counter(need for c in checkins for need in c.needs)
    order = {need.value: i for i, need in enumerate(Need)}
    ranked = sorted(counted.items(), key=lambda item: (-item[1], order.get(item[0], len(order))))
    return [NeedCount(need=need, count=count) for need, count in ranked]


# --------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------


def trend_page(
    session: Session,
    actor: Actor,
    *,
    sibling_id: int | None = None,
    period: Period = DEFAULT_PERIOD,
    now: datetime | None = None,
) -> TrendPage:
    """The siblings to choose from (with how many check-ins each shared with the reader in
    the period) and the chosen sibling's trend. Without a choice: the first sibling who
    shared something. A sibling id the reader cannot see gives an empty trend."""
    today = local_day(now or utcnow())
    since = start_of_day(period_start(period, today))
    # The gate first: it refuses (and logs) anyone who may not read check-ins at all.
    readable = readable_checkins(session, actor, since=since, limit=None)
    shared = Counter(c.sibling_id for c in readable)
    siblings = [
        SiblingChoice(sibling_id=m.id or 0, name=u.name, shared=shared[m.id or 0])
        for m, u in siblings_of(session, actor.family_id)
        if actor.role is not Role.SIBLING or m.id == actor.membership_id
    ]
    if sibling_id is None:
        first = siblings[0].sibling_id if siblings else None
        chosen = next((s.sibling_id for s in siblings if s.shared), first)
    else:
        chosen = sibling_id if any(s.sibling_id == sibling_id for s in siblings) else None
    trend = summarise(readable, sibling_id=chosen, period=period, today=today)
    return TrendPage(siblings=siblings, trend=trend)


def checkins_for_export(
    session: Session,
    actor: Actor,
    *,
    sibling_id: int,
    months: int,
    now: datetime | None = None,
) -> list[CheckIn]:
    """The check-ins of one sibling shared with this adult, newest first, for a download.

    Only the adults a sibling can share with may download (a sibling reads their own on
    their own screen); the download itself is one more row in the access log.
    """
    if checkin_share_flag(actor) is None:
        raise PermissionDenied(actor, Action.CHECKIN_VIEW)
    if months not in EXPORT_MONTHS:
        months = 6
    since = start_of_day(months_before(local_day(now or utcnow()), months))
    rows = readable_checkins(session, actor, sibling_id=sibling_id, since=since, limit=None)
    audit.record(
        session,
        actor,
        "checkin.export",
        object_type="membership",
        object_id=sibling_id,
        detail=f"{len(rows)} rows, {months} months",
    )
    return rows
