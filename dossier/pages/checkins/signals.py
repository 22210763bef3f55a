"""Check-in for the adults: the open signals, with "Opgepakt" to pick one up."""

from __future__ import annotations

import reflex as rx

from components.cards import empty_state
from components.styles import TOUCH_TARGET, card_style, muted_text
from dossier.presenters.rows import SignalRow
from dossier.state.checkins import CheckInsState as S

TWO_COLUMNS = rx.breakpoints(initial="1fr", md="1fr 1fr")


LIST = {"display": "grid", "gap": "8px", "padding": "0", "margin": "0", "width": "100%"}


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
