"""The bar that says what just happened ("Taak afgerond"), with an undo where there is
one: a live region, so screen readers hear it too. Tasks, agenda and werkafspraken."""

from __future__ import annotations

import reflex as rx
from reflex_base.vars.base import Var

from components.cards import WIDE
from components.styles import TOUCH_TARGET

# Within thumb reach on a phone: fixed just above the bottom navigation; on a tablet
# (no bottom navigation) near the bottom edge. Only its children take taps.
THUMB_ZONE = {
    "position": "fixed",
    "left": "16px",
    "right": "16px",
    "bottom": "calc(64px + 12px + env(safe-area-inset-bottom))",
    "max_width": "520px",
    "margin_left": "auto",
    "z_index": "20",
    "pointer_events": "none",
    "style": {"& > *": {"pointer_events": "auto"}, WIDE: {"bottom": "24px"}},
}


def undo_button(label: Var, on_click: object) -> rx.Component:
    return rx.button(
        label, on_click=on_click, min_height=TOUCH_TARGET, variant="solid", color_scheme="teal"
    )


def notice_bar(text: Var, undo: rx.Component, seq: Var | None = None) -> rx.Component:
    """`undo` is shown beside the text (an rx.cond or rx.match of undo buttons).

    With `seq` (a number the state raises with each new notice) the bar hides itself in
    the browser after eight seconds (`.notice-away` in assets/app.css), starting again
    for each new notice, so the state needs no timer event of its own.
    """
    hides_itself = {} if seq is None else {"key": seq, "class_name": "notice-away"}
    return rx.el.div(
        rx.cond(
            text != "",
            rx.hstack(
                rx.icon("circle-check", aria_hidden="true", size=18),
                rx.text(text, weight="medium", flex="1"),
                undo,
                align="center",
                width="100%",
                min_height="52px",
                padding="4px 8px 4px 14px",
                border_radius="12px",
                background=rx.color("gray", 12),
                color=rx.color("gray", 1),
                box_shadow="0 6px 24px rgba(0, 0, 0, 0.25)",
                **hides_itself,
            ),
        ),
        role="status",
        width="100%",
    )
