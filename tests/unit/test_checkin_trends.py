"""The trend numbers: periods in Amsterdam days, weekly averages, need counts, notes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from dossier.domain.checkin_trends import (
    AMSTERDAM,
    DEFAULT_PERIOD,
    Period,
    axis_ticks,
    day_offset,
    months_before,
    need_counts,
    parse_period,
    period_start,
    start_of_day,
    summarise,
    trend_page,
)
from dossier.models import CheckIn
from tests.factories import World

SIBLING, OTHER = 7, 8
TODAY = date(2026, 11, 23)  # a Monday


def at(day: date, clock: str = "19:00") -> datetime:
    hour, minute = map(int, clock.split(":"))
    local = datetime(day.year, day.month, day.day, hour, minute, tzinfo=AMSTERDAM)
    return local.astimezone(UTC)


def checkin(moment: datetime, mood: int = 3, *, sibling: int = SIBLING, **extra) -> CheckIn:
    values = {"needs": [], "note": "", **extra}
    return CheckIn(id=None, family_id=1, sibling_id=sibling, mood=mood, created_at=moment, **values)


# --------------------------------------------------------------------------------------
# Periods
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 11, 23), 3, date(2026, 8, 23)),
        (date(2026, 5, 31), 3, date(2026, 2, 28)),  # no 31 February: the month's last day
        (date(2028, 5, 31), 3, date(2028, 2, 29)),  # a leap year
        (date(2026, 3, 15), 6, date(2025, 9, 15)),  # across the new year
        (date(2026, 1, 31), 1, date(2025, 12, 31)),
    ],
)
def test_months_before(day: date, months: int, expected: date) -> None:
    assert months_before(day, months) == expected


def test_each_period_starts_on_the_same_weekday_or_date_back() -> None:
    assert period_start(Period.WEEKS_4, TODAY) == date(2026, 10, 26)
    assert period_start(Period.MONTHS_3, TODAY) == date(2026, 8, 23)
    assert period_start(Period.MONTHS_6, TODAY) == date(2026, 5, 23)


def test_an_unknown_period_is_the_default_of_three_months() -> None:
    assert DEFAULT_PERIOD is Period.MONTHS_3
    assert parse_period("6m") is Period.MONTHS_6
    assert parse_period("1y") is Period.MONTHS_3
    assert parse_period(["4w"]) is Period.MONTHS_3


def test_a_period_starts_at_midnight_in_amsterdam_winter_and_summer() -> None:
    assert start_of_day(date(2026, 1, 10)) == datetime(2026, 1, 9, 23, 0, tzinfo=UTC)
    assert start_of_day(date(2026, 7, 10)) == datetime(2026, 7, 9, 22, 0, tzinfo=UTC)


def test_the_first_day_counts_whole_and_the_day_before_not_at_all() -> None:
    start = period_start(Period.WEEKS_4, TODAY)
    first = start_of_day(start)
    rows = [
        checkin(first, 1, note="om middernacht"),
        checkin(first - timedelta(seconds=1), 5, note="een seconde te vroeg"),
        checkin(at(TODAY, "23:59"), 4, note="vandaag laat"),
    ]
    trend = summarise(rows, sibling_id=SIBLING, period=Period.WEEKS_4, today=TODAY)
    assert [p.mood for p in trend.points] == [1, 4]
    assert [n.text for n in trend.notes] == ["vandaag laat", "om middernacht"]
    assert trend.points[0].offset == 0
    assert trend.span == 29  # 26 October up to and including 23 November


def test_only_the_chosen_sibling_counts() -> None:
    rows = [checkin(at(TODAY), 2), checkin(at(TODAY), 5, sibling=OTHER, note="van een ander")]
    trend = summarise(rows, sibling_id=SIBLING, period=Period.MONTHS_3, today=TODAY)
    assert (trend.count, trend.average, trend.latest) == (1, 2, 2)
    assert trend.notes == []
    empty = summarise(rows, sibling_id=None, period=Period.MONTHS_3, today=TODAY)
    assert (empty.count, empty.average, empty.latest, empty.needs) == (0, None, None, [])


# --------------------------------------------------------------------------------------
# Mood over time
# --------------------------------------------------------------------------------------


def test_points_are_oldest_first_with_the_amsterdam_clock_as_offset() -> None:
    start = period_start(Period.WEEKS_4, TODAY)
    rows = [checkin(at(start + timedelta(days=2), "21:00"), 4), checkin(at(start, "06:00"), 2)]
    trend = summarise(rows, sibling_id=SIBLING, period=Period.WEEKS_4, today=TODAY)
    assert [(p.mood, p.offset) for p in trend.points] == [(2, 0.25), (4, 2.875)]
    assert trend.latest == 4
    assert trend.average == 3


def test_a_day_with_a_clock_change_is_still_one_day_on_the_axis() -> None:
    start = date(2026, 3, 28)  # the clocks go forward in the night to 29 March
    assert day_offset(at(date(2026, 3, 29), "12:00"), start) == 1.5
    assert day_offset(at(date(2026, 3, 30), "00:00"), start) == 2


def test_weekly_averages_follow_calendar_weeks_in_amsterdam() -> None:
    monday = date(2026, 11, 9)
    rows = [
        checkin(at(monday, "08:00"), 2),
        checkin(at(monday + timedelta(days=2)), 3),
        # Sunday 23:30 in Amsterdam is still that week, though UTC is almost Monday...
        checkin(at(monday + timedelta(days=6), "23:30"), 4),
        # ...and Monday 00:30 in Amsterdam (Sunday 23:30 UTC) is the next week.
        checkin(at(monday + timedelta(days=7), "00:30"), 5),
    ]
    trend = summarise(rows, sibling_id=SIBLING, period=Period.WEEKS_4, today=TODAY)
    weeks = {w.week_start: (w.average, w.count) for w in trend.weeks}
    assert weeks == {monday: (3, 3), monday + timedelta(days=7): (5, 1)}


def test_a_week_without_check_ins_has_no_average() -> None:
    rows = [checkin(at(date(2026, 10, 27)), 4), checkin(at(date(2026, 11, 17)), 2)]
    trend = summarise(rows, sibling_id=SIBLING, period=Period.WEEKS_4, today=TODAY)
    assert [w.week_start for w in trend.weeks] == [date(2026, 10, 26), date(2026, 11, 16)]


def test_a_weeks_point_sits_in_the_middle_of_its_days_inside_the_period() -> None:
    today = date(2026, 11, 25)  # a Wednesday: this week has three days so far
    start = period_start(Period.MONTHS_3, today)  # 25 August, a Tuesday
    rows = [checkin(at(start)), checkin(at(date(2026, 9, 2))), checkin(at(today, "08:00"))]
    trend = summarise(rows, sibling_id=SIBLING, period=Period.MONTHS_3, today=today)
    first, middle, last = trend.weeks
    assert first.offset == 3  # Tue 25 to Sun 30 August: six days, the middle after three
    assert middle.offset == (6 + 12 + 1) / 2  # Mon 31 August to Sun 6 September
    assert last.offset == trend.span - 1.5  # Mon 23 to Wed 25 November


def test_axis_labels_fall_on_mondays_or_on_the_first_of_the_month() -> None:
    start = period_start(Period.WEEKS_4, TODAY)
    ticks = axis_ticks(Period.WEEKS_4, start, TODAY)
    assert ticks[0] == date(2026, 10, 26) and ticks[-1] == TODAY
    assert all(d.weekday() == 0 for d in ticks) and len(ticks) == 5
    months = axis_ticks(Period.MONTHS_6, period_start(Period.MONTHS_6, TODAY), TODAY)
    assert months == [date(2026, m, 1) for m in range(6, 12)]


# --------------------------------------------------------------------------------------
# Needs and notes
# --------------------------------------------------------------------------------------


def test_needs_are_counted_most_chosen_first() -> None:
    rows = [
        checkin(at(TODAY), needs=["rest", "time_with_parent"]),
        checkin(at(TODAY), needs=["rest"]),
        checkin(at(TODAY), needs=["something_fun"]),
        checkin(at(TODAY), needs=["nothing"]),
    ]
    counted = [(n.need, n.count) for n in need_counts(rows)]
    # Ties keep the order of the check-in screen; needs nobody chose are not listed.
    assert counted == [("rest", 2), ("time_with_parent", 1), ("something_fun", 1), ("nothing", 1)]


def test_notes_are_newest_first_and_empty_notes_are_left_out() -> None:
    rows = [
        checkin(at(date(2026, 11, 1)), 2, note="Eerste"),
        checkin(at(date(2026, 11, 2)), 3, note="   "),
        checkin(at(date(2026, 11, 3)), 4, note="Tweede", wants_to_talk=True, talk_to_id=3),
    ]
    trend = summarise(rows, sibling_id=SIBLING, period=Period.WEEKS_4, today=TODAY)
    assert [(n.text, n.mood, n.wants_to_talk) for n in trend.notes] == [
        ("Tweede", 4, True),
        ("Eerste", 2, False),
    ]


# --------------------------------------------------------------------------------------
# With the database: one list, counts per sibling, a first choice
# --------------------------------------------------------------------------------------


def test_the_page_counts_per_sibling_and_picks_one_who_shared(world: World) -> None:
    page = trend_page(world.session, world.actor("anna"))
    ben = world.members["ben"].id
    assert [(s.name, s.shared) for s in page.siblings] == [("Ben", 1)]
    assert page.trend.sibling_id == ben and page.trend.count == 1
    assert trend_page(world.session, world.actor("anna"), sibling_id=999).trend.count == 0


def test_a_sibling_of_another_family_gives_nothing(world: World) -> None:
    ben = world.members["ben"].id
    dora = world.actor("dora", world.beta)
    page = trend_page(world.session, dora, sibling_id=ben)
    assert page.siblings == [] and page.trend.sibling_id is None and page.trend.points == []


def test_the_trend_page_reads_the_check_ins_with_one_query(world: World) -> None:
    from sqlalchemy import event

    statements: list[str] = []
    engine = world.session.get_bind()

    def count(_conn, _cursor, statement, *_args) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        trend_page(world.session, world.actor("hugo"), period=Period.MONTHS_6)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert sum("FROM checkin" in s for s in statements) == 1, statements


# --------------------------------------------------------------------------------------
# A signal in words
# --------------------------------------------------------------------------------------


def test_a_signal_says_who_what_when_and_who_picked_it_up() -> None:
    from dossier.models import CheckinSignal
    from dossier.presenters.rows import signal_row

    names = {7: "Lotte de Vries", 3: "Femke Bos", 4: "Anna de Vries"}
    when = at(TODAY, "21:35")
    talk = CheckinSignal(
        id=1,
        family_id=1,
        sibling_id=7,
        kind="wants_to_talk",
        checkin_id=1,
        talk_to_id=3,
        created_at=when,
        version=1,
    )
    row = signal_row(talk, names, "nl")
    assert (row["text"], row["when"], row["picked_up"]) == (
        "Lotte wil graag praten met Femke Bos",
        "ma 23 nov 21:35",
        "",
    )
    low = CheckinSignal(
        id=2,
        family_id=1,
        sibling_id=7,
        kind="low_mood",
        checkin_id=2,
        created_at=when,
        picked_up_by_id=4,
        picked_up_at=when + timedelta(minutes=10),
        version=2,
    )
    row = signal_row(low, names, "en")
    assert row["text"] == "Lotte did not feel well twice in 14 days"
    assert row["picked_up"].startswith("Picked up by Anna de Vries, ")
    assert (
        signal_row(CheckinSignal(**{**talk.model_dump(), "talk_to_id": None}), names, "nl")["text"]
        == "Lotte wil graag praten"
    )
