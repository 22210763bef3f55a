"""Check-in for the adults: signals first, then how a brother or sister is doing over time.

Thin: the domain reads (one query per load) and decides what the reader may see; this
state turns the answer into chart rows and sentences. The chosen sibling and period
live in the browser and are only a wish: they go to the domain, which shows nothing for
a sibling the reader cannot see. Siblings are sent to their own screen; the ill child
and caregivers get a calm "this is not for you" (the refusal is still logged).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any, TypedDict

import reflex as rx
from babel.dates import format_date
from babel.numbers import format_decimal

from dossier import routes
from dossier.domain.checkin_signals import pick_up, visible_signals
from dossier.domain.checkin_trends import (
    DEFAULT_PERIOD,
    Period,
    Trend,
    TrendPage,
    parse_period,
    trend_page,
)
from dossier.domain.errors import Conflict
from dossier.domain.families import member_names
from dossier.i18n import format_moment, translate
from dossier.models import Role, utcnow
from dossier.permissions import Action, PermissionDenied, require
from dossier.presenters.rows import SignalRow, signal_row
from dossier.state.base import AppState, guarded
from dossier.urls import backend_url

RECENTLY_PICKED_UP_DAYS = 30
EXPORT_MONTHS = {Period.WEEKS_4: 1, Period.MONTHS_3: 3, Period.MONTHS_6: 6}


class SiblingOption(TypedDict):
    value: str
    label: str  # "Lotte (4)"


class NeedRow(TypedDict):
    label: str
    count: int


class NoteRow(TypedDict):
    id: str
    when: str
    mood: int
    mood_label: str
    text: str
    wants_to_talk: bool


def _number(value: object) -> int | None:
    """An id or version from the browser: plain digits, else nothing."""
    text = value if isinstance(value, str) else ""
    return int(text) if text.isascii() and text.isdigit() and len(text) < 12 else None


def _first_name(name: str) -> str:
    return name.split(" ")[0] if name else name


def _times(lang: str, count: int) -> str:
    return translate(lang, "trends.times_one" if count == 1 else "trends.times", count=count)


class CheckInsState(AppState):
    loaded: bool = False
    switching: bool = False  # a new sibling or period is on its way
    not_for_you: bool = False

    open_signals: list[SignalRow] = []
    picked_up_signals: list[SignalRow] = []

    period: str = DEFAULT_PERIOD.value
    sibling_id: str = ""
    sibling_name: str = ""
    siblings: list[SiblingOption] = []
    shared_text: str = ""
    count: int = 0

    # The mood chart: x is days since the start of the period, y is the mood 1..5.
    mood_chart: list[dict[str, Any]] = []
    x_span: int = 90
    x_ticks: list[int] = []
    x_labels: dict[str, str] = {}
    mood_words: list[str] = []
    mood_summary: str = ""
    mood_chart_label: str = ""

    needs: list[NeedRow] = []
    needs_summary: str = ""
    notes: list[NoteRow] = []

    @rx.var
    def needs_chart_height(self) -> int:
        return 36 * len(self.needs) + 40

    @rx.var
    def export_url(self) -> str:
        if not self.sibling_id:
            return ""
        months = EXPORT_MONTHS.get(parse_period(self.period), 3)
        return backend_url(f"/api/checkins/export.csv?sibling={self.sibling_id}&months={months}")

    # ----------------------------------------------------------------------------------
    # Loading
    # ----------------------------------------------------------------------------------

    @rx.event
    @guarded
    def load_page(self) -> Any:
        return self._load()

    @rx.event
    def start_switch(self, _value: str | list[str] = "") -> None:
        """Runs just before a new choice loads: the charts show they are being redone."""
        self.switching = True

    @rx.event
    @guarded
    def choose_sibling(self, sibling_id: str | list[str]) -> Any:
        chosen = _number(sibling_id)
        self.sibling_id = "" if chosen is None else str(chosen)
        return self._load()

    @rx.event
    @guarded
    def choose_period(self, period: str | list[str]) -> Any:
        self.period = parse_period(period).value
        return self._load()

    def _load(self) -> Any:
        try:
            with self._work(fresh=True) as (session, actor):
                if actor.role is Role.SIBLING:
                    return rx.redirect(routes.MY_CHECKIN)
                require(actor, Action.SIGNAL_VIEW)  # caregivers and the ill child: refused
                page = trend_page(
                    session,
                    actor,
                    sibling_id=_number(self.sibling_id),
                    period=parse_period(self.period),
                )
                signals = visible_signals(session, actor, open_only=False)
                names = member_names(session, actor)
        except PermissionDenied:  # logged by the unit of work; the page says it calmly
            self._forget()
            self.not_for_you = True
            self.loaded = True
            return None
        finally:
            self.switching = False
        lang = self.lang
        self.not_for_you = False
        cutoff = utcnow() - timedelta(days=RECENTLY_PICKED_UP_DAYS)
        recent = sorted(
            (s for s in signals if s.picked_up_at is not None and s.picked_up_at >= cutoff),
            key=lambda s: s.picked_up_at or cutoff,
            reverse=True,
        )
        self.open_signals = [signal_row(s, names, lang) for s in signals if s.picked_up_at is None]
        self.picked_up_signals = [signal_row(s, names, lang) for s in recent]
        self._show(page)
        self.loaded = True
        return None

    def _forget(self) -> None:
        """Nothing of an earlier reader stays in the browser's state."""
        self.open_signals = []
        self.picked_up_signals = []
        self.siblings = []
        self.sibling_id = self.sibling_name = self.shared_text = ""
        self.count = 0
        self.mood_chart = []
        self.x_ticks = []
        self.x_labels = {}
        self.mood_summary = self.mood_chart_label = self.needs_summary = ""
        self.needs = []
        self.notes = []

    def _show(self, page: TrendPage) -> None:
        lang, trend = self.lang, page.trend
        self.siblings = [
            {"value": str(s.sibling_id), "label": f"{_first_name(s.name)} ({s.shared})"}
            for s in page.siblings
        ]
        self.period = trend.period.value
        self.sibling_id = str(trend.sibling_id) if trend.sibling_id is not None else ""
        chosen = next((s for s in page.siblings if s.sibling_id == trend.sibling_id), None)
        self.sibling_name = _first_name(chosen.name) if chosen else ""
        self.count = trend.count
        period_text = translate(lang, f"trends.period_text.{trend.period.value}")
        if chosen is None:
            self.shared_text = ""
        elif trend.count:
            self.shared_text = translate(
                lang,
                "trends.shared_one" if trend.count == 1 else "trends.shared",
                name=self.sibling_name,
                count=trend.count,
                period=period_text,
            )
        else:
            self.shared_text = translate(
                lang, "trends.nothing_shared", name=self.sibling_name, period=period_text
            )
        self.mood_words = [translate(lang, f"mood.{i}") for i in range(1, 6)]
        self._show_mood(trend, period_text)
        self._show_needs(trend)
        self.notes = [
            {
                "id": str(note.checkin_id),
                "when": format_moment(note.at, lang),
                "mood": note.mood,
                "mood_label": translate(lang, f"mood.{note.mood}"),
                "text": note.text,
                "wants_to_talk": note.wants_to_talk,
            }
            for note in trend.notes
        ]

    def _show_mood(self, trend: Trend, period_text: str) -> None:
        lang = self.lang
        rows: list[dict[str, Any]] = [{"x": p.offset, "mood": p.mood} for p in trend.points]
        rows += [{"x": w.offset, "week": round(w.average, 2)} for w in trend.weeks]
        self.mood_chart = sorted(rows, key=lambda row: row["x"])
        self.x_span = trend.span
        pattern = "d MMM" if trend.period is Period.WEEKS_4 else "LLL"
        self.x_ticks = [(day - trend.start_day).days for day in trend.ticks]
        self.x_labels = {
            str((day - trend.start_day).days): format_date(day, pattern, locale=lang).rstrip(".")
            for day in trend.ticks
        }
        self.mood_chart_label = translate(
            lang, "trends.mood_chart_label", name=self.sibling_name, period=period_text
        )
        if trend.average is None or trend.latest is None:
            self.mood_summary = translate(lang, "trends.mood_summary_none")
            return
        self.mood_summary = translate(
            lang,
            "trends.mood_summary_one" if trend.count == 1 else "trends.mood_summary",
            average=format_decimal(round(trend.average, 1), format="0.0", locale=lang),
            count=trend.count,
            latest=translate(lang, f"mood.{trend.latest}").lower(),
        )

    def _show_needs(self, trend: Trend) -> None:
        lang = self.lang
        self.needs = [
            {"label": translate(lang, f"need.{n.need}"), "count": n.count} for n in trend.needs
        ]
        if not self.needs:
            self.needs_summary = translate(lang, "trends.needs_none")
            return
        self.needs_summary = "; ".join(
            f"{row['label']}: {_times(lang, row['count'])}" for row in self.needs
        )

    # ----------------------------------------------------------------------------------
    # Signals
    # ----------------------------------------------------------------------------------

    @rx.event
    @guarded
    def pick_up_signal(self, signal_id: str, version: str) -> Any:
        signal, expected = _number(signal_id), _number(version)
        if signal is None or expected is None:
            return None
        try:
            with self._work() as (session, actor):
                pick_up(session, actor, signal_id=signal, expected_version=expected)
        except Conflict as taken:
            self._load()
            return rx.toast.info(self._message(taken.message_key))
        self._load()
        return rx.toast.success(self._message("trends.picked_up_done"))
