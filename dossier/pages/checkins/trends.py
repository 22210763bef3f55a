"""Check-in for the adults: who may need attention now, and how each sibling is doing.

Open signals come first, with "Opgepakt" to say you pick it up. Then, per sibling and
period, the mood over time (a line per check-in and a thick line per week), how often
each need was chosen, and the notes: only what that sibling shared with the reader.
Each chart is a figure with its numbers in words next to it, for screen readers too.
On a tablet the two charts stand side by side.
"""

from __future__ import annotations

import reflex as rx
from reflex_base.vars.base import Var
from reflex_base.vars.function import ArgsFunctionOperation

from components.cards import empty_state, loading, page_title, pill, section_card
from components.mood import mood_face
from components.styles import TOUCH_TARGET, card_style, link_button, muted_text
from dossier import routes
from dossier.pages.layout import signed_in_page
from dossier.presenters.rows import SignalRow
from dossier.state.checkins import CheckInsState as S
from dossier.state.checkins import NoteRow, SiblingOption

TWO_COLUMNS = rx.breakpoints(initial="1fr", md="1fr 1fr")
# On a tablet the mood over time gets the most room; the needs chart sits next to it.
CHART_COLUMNS = rx.breakpoints(initial="minmax(0, 1fr)", md="minmax(0, 3fr) minmax(0, 2fr)")
MOOD_CHART_HEIGHT = 240
MAX_DOTS = 90
DOT = {"r": 3, "fill": "var(--teal-9)", "stroke": "var(--teal-9)"}
TICK = {"fontSize": 12, "fill": "var(--gray-11)"}
NOTE_LINE = f"1px solid {rx.color('gray', 4)}"
LIST = {"display": "grid", "gap": "8px", "padding": "0", "margin": "0", "width": "100%"}


# --------------------------------------------------------------------------------------
# Signals
# --------------------------------------------------------------------------------------


def signal_card(signal: SignalRow) -> rx.Component:
    return rx.el.li(
        rx.flex(
            rx.hstack(
                rx.icon("hand-heart", size=22, color=rx.color("amber", 11), aria_hidden="true"),
                rx.vstack(
                    rx.text(signal["text"], weight="medium"),
                    rx.text(signal["when"], size="1", style=muted_text),
                    spacing="0",
                ),
                align="start",
                spacing="3",
                flex="1",
            ),
            rx.button(
                rx.icon("check", size=16, aria_hidden="true"),
                S.t["signal.pick_up"],
                on_click=S.pick_up_signal(signal["id"], signal["version"]),
                aria_label=S.t["signal.pick_up"] + ": " + signal["text"],
                min_height=TOUCH_TARGET,
                variant="soft",
            ),
            justify="between",
            align="center",
            wrap="wrap",
            gap="3",
            width="100%",
        ),
        style={
            **card_style,
            "list_style": "none",
            "border_left": f"4px solid {rx.color('amber', 9)}",
            "padding": "12px 14px",
        },
    )


def picked_up_item(signal: SignalRow) -> rx.Component:
    return rx.el.li(
        rx.text(signal["text"], size="2"),
        rx.text(signal["picked_up"], size="1", style=muted_text),
        style={"list_style": "none", "padding": "6px 0"},
    )


def signals_section() -> rx.Component:
    recent = rx.cond(
        S.picked_up_signals,
        rx.el.details(
            rx.el.summary(
                S.t["trends.recently_picked_up"],
                " (",
                S.picked_up_signals.length(),
                ")",
                style={"cursor": "pointer", "min_height": "32px", "font_size": "14px"},
            ),
            rx.el.ul(rx.foreach(S.picked_up_signals, picked_up_item), style=LIST),
        ),
    )
    return rx.el.section(
        rx.heading(S.t["trends.signals_title"], as_="h2", size="4", id="aandacht"),
        rx.cond(
            S.open_signals,
            rx.el.ul(
                rx.foreach(S.open_signals, signal_card),
                style={**LIST, "grid_template_columns": TWO_COLUMNS},
            ),
            empty_state(S.t["trends.no_signals"], "check"),
        ),
        recent,
        aria_labelledby="aandacht",
        style={"display": "grid", "gap": "10px", "width": "100%"},
    )


# --------------------------------------------------------------------------------------
# Choosing a sibling and a period
# --------------------------------------------------------------------------------------


def sibling_item(option: SiblingOption) -> rx.Component:
    return rx.segmented_control.item(option["label"], value=option["value"])


def choices() -> rx.Component:
    return rx.flex(
        rx.vstack(
            rx.text(S.t["trends.choose_sibling"], size="2", weight="medium", id="kies-kind"),
            rx.segmented_control.root(
                rx.foreach(S.siblings, sibling_item),
                value=S.sibling_id,
                on_change=[S.start_switch, S.choose_sibling],
                size="3",
                aria_labelledby="kies-kind",
                max_width="100%",
            ),
            spacing="1",
        ),
        rx.vstack(
            rx.text(S.t["trends.choose_period"], size="2", weight="medium", id="kies-periode"),
            rx.segmented_control.root(
                *[
                    rx.segmented_control.item(S.t[f"trends.period.{value}"], value=value)
                    for value in ("4w", "3m", "6m")
                ],
                value=S.period,
                on_change=[S.start_switch, S.choose_period],
                size="3",
                aria_labelledby="kies-periode",
            ),
            spacing="1",
        ),
        wrap="wrap",
        gap="4",
        width="100%",
    )


# --------------------------------------------------------------------------------------
# The charts
# --------------------------------------------------------------------------------------


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


# --------------------------------------------------------------------------------------
# The notes
# --------------------------------------------------------------------------------------


def note_item(note: NoteRow) -> rx.Component:
    return rx.el.li(
        rx.hstack(
            mood_face(note["mood"], note["mood_label"], size=26),
            rx.vstack(
                rx.text(note["when"], size="1", style=muted_text),
                rx.text("“", note["text"], "”", size="2"),
                rx.cond(note["wants_to_talk"], pill(S.t["checkin.wants_to_talk"], "tomato")),
                spacing="1",
                flex="1",
            ),
            align="start",
            width="100%",
        ),
        style={"list_style": "none", "padding": "8px 0", "border_bottom": NOTE_LINE},
    )


def notes_section() -> rx.Component:
    return section_card(
        S.t["trends.notes_title"],
        rx.cond(
            S.notes,
            rx.el.ul(rx.foreach(S.notes, note_item), style={**LIST, "gap": "0"}),
            empty_state(S.t["trends.no_notes"], "message-circle"),
        ),
        heading_id="berichtjes",
    )


def download_link() -> rx.Component:
    return rx.cond(
        S.count > 0,
        rx.el.a(
            rx.icon("download", size=18, aria_hidden="true"),
            S.t["trends.download"],
            href=S.export_url,
            download=True,
            style=link_button,
        ),
    )


def trends_section() -> rx.Component:
    body = rx.cond(
        S.siblings,
        rx.vstack(
            choices(),
            rx.box(
                rx.cond(
                    S.switching,
                    loading(S.t["common.loading"]),
                    rx.text(S.shared_text, size="2", id="gedeeld"),
                ),
                aria_live="polite",
                min_height="24px",
            ),
            rx.el.div(
                mood_chart(),
                needs_chart(),
                style={
                    "display": "grid",
                    "grid_template_columns": CHART_COLUMNS,
                    "gap": "12px",
                    "width": "100%",
                    "opacity": rx.cond(S.switching, "0.5", "1"),
                },
            ),
            notes_section(),
            download_link(),
            spacing="4",
            width="100%",
        ),
        empty_state(S.t["trends.no_siblings"], "users"),
    )
    return rx.el.section(
        rx.heading(S.t["trends.title"], as_="h2", size="4", id="hoe-gaat-het"),
        body,
        aria_labelledby="hoe-gaat-het",
        style={"display": "grid", "gap": "12px", "width": "100%"},
    )


def not_for_you() -> rx.Component:
    return rx.callout(S.t["trends.not_for_you"], icon="info", color_scheme="gray", width="100%")


def checkins_page() -> rx.Component:
    return signed_in_page(
        routes.CHECKIN,
        page_title(S.t["checkins.title"], S.t["checkins.subtitle"]),
        rx.cond(
            S.loaded,
            rx.cond(
                S.not_for_you,
                not_for_you(),
                rx.vstack(signals_section(), trends_section(), spacing="6", width="100%"),
            ),
            loading(S.t["common.loading"]),
        ),
        refresh=S.load_page,
    )
