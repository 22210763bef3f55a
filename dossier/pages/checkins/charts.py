"""Check-in for the adults: the two charts, each a figure with its numbers in words."""

from __future__ import annotations

import reflex as rx
from reflex_base.vars.base import Var
from reflex_base.vars.function import ArgsFunctionOperation

from components.styles import card_style
from dossier.state.checkins import CheckInsState as S

MOOD_CHART_HEIGHT = 240
MAX_DOTS = 90
DOT = {"r": 3, "fill": "var(--teal-9)", "stroke": "var(--teal-9)"}
TICK = {"fontSize": 12, "fill": "var(--gray-11)"}


def _lookup(words: Var, *, minus_one: bool = False) -> ArgsFunctionOperation:
    """A tick formatter that shows the state's words for the axis values (no eval)."""
    value = Var("value")
    key = value.to(int) - 1 if minus_one else value.to(str)
    return ArgsFunctionOperation.create(("value",), words[key])  # type: ignore[index]


def legend_key(color: str, width: str, label: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.box(width="18px", height=width, border_radius="2px", bg=rx.color(color, 9)),
        rx.text(label, size="1"),
        align="center",
        spacing="1",
    )


def mood_chart() -> rx.Component:
    chart = rx.recharts.line_chart(
        rx.recharts.cartesian_grid(stroke_dasharray="3 3", vertical=False),
        rx.recharts.x_axis(
            data_key="x",
            type_="number",
            domain=[0, S.x_span],
            ticks=S.x_ticks,
            tick_formatter=_lookup(S.x_labels),
            interval="preserveStartEnd",
            allow_data_overflow=True,
            tick=TICK,
        ),
        rx.recharts.y_axis(
            type_="number",
            domain=[1, 5],
            ticks=[1, 2, 3, 4, 5],
            tick_formatter=_lookup(S.mood_words, minus_one=True),
            width=88,
            tick=TICK,
        ),
        rx.recharts.line(
            data_key="mood",
            name=S.t["trends.legend_checkin"],
            stroke=rx.color("teal", 8),
            stroke_width=1.5,
            # A dot per check-in, as long as they fit next to each other.
            dot=rx.cond(S.count <= MAX_DOTS, DOT, False),
            connect_nulls=True,
            is_animation_active=False,
        ),
        rx.recharts.line(
            data_key="week",
            name=S.t["trends.legend_week"],
            stroke=rx.color("amber", 10),
            stroke_width=3,
            dot=False,
            connect_nulls=True,
            is_animation_active=False,
        ),
        data=S.mood_chart,
        height=MOOD_CHART_HEIGHT,
        margin={"top": 8, "right": 12, "left": 0, "bottom": 0},
        custom_attrs={"accessibilityLayer": False},
    )
    legend = rx.hstack(
        legend_key("teal", "3px", S.t["trends.legend_checkin"]),
        legend_key("amber", "5px", S.t["trends.legend_week"]),
        wrap="wrap",
        spacing="4",
        aria_hidden="true",  # the figure's caption says the same in words
    )
    return rx.el.figure(
        rx.heading(S.t["trends.mood_title"], as_="h3", size="3"),
        rx.box(chart, id="mood-chart", role="img", aria_label=S.mood_chart_label, width="100%"),
        legend,
        rx.el.figcaption(S.mood_summary, id="mood-summary", style={"font_size": "14px"}),
        style={**card_style, "margin": "0", "display": "grid", "gap": "8px", "min_width": "0"},
    )


def needs_chart() -> rx.Component:
    chart = rx.recharts.bar_chart(
        rx.recharts.cartesian_grid(horizontal=False, stroke_dasharray="3 3"),
        rx.recharts.x_axis(type_="number", allow_decimals=False, tick=TICK),
        rx.recharts.y_axis(data_key="label", type_="category", width=130, tick=TICK),
        rx.recharts.bar(
            rx.recharts.label_list(data_key="count", position="right", fill="var(--gray-12)"),
            data_key="count",
            name=S.t["trends.needs_title"],
            fill=rx.color("teal", 9),
            radius=4,
            is_animation_active=False,
        ),
        data=S.needs,
        layout="vertical",
        height=S.needs_chart_height,
        margin={"top": 4, "right": 28, "left": 0, "bottom": 0},
        custom_attrs={"accessibilityLayer": False},
    )
    return rx.el.figure(
        rx.heading(S.t["trends.needs_title"], as_="h3", size="3"),
        rx.cond(
            S.needs,
            rx.box(
                chart,
                id="needs-chart",
                role="img",
                aria_label=S.t["trends.needs_chart_label"],
                width="100%",
            ),
        ),
        rx.el.figcaption(S.needs_summary, style={"font_size": "14px"}),
        style={**card_style, "margin": "0", "display": "grid", "gap": "8px", "min_width": "0"},
    )
