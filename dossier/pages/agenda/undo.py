"""Agenda: the bar near the thumb after a delete ("Afspraak verwijderd", Ongedaan maken)."""

from __future__ import annotations

import reflex as rx

from components.styles import TOUCH_TARGET
from dossier.state.agenda import AgendaState as S

BOTTOM_OFFSET = "calc(64px + 12px + env(safe-area-inset-bottom))"  # above the bottom nav
WIDE = "@media (min-width: 1024px)"  # the tablet layout: no bottom nav


def notice_bar() -> rx.Component:
    """A live region: screen readers hear what happened; the undo is one tap away."""
    return rx.el.div(
        rx.cond(
            S.notice != "",
            rx.hstack(
                rx.icon("circle-check", aria_hidden="true", size=18),
                rx.text(S.notice, weight="medium", flex="1"),
                rx.cond(
                    S.undo_id != "",
                    rx.button(
                        S.t["agenda.undo"],
                        on_click=S.restore_appointment(S.undo_id),
                        min_height=TOUCH_TARGET,
                        variant="solid",
                        color_scheme="teal",
                    ),
                ),
                align="center",
                width="100%",
                min_height="52px",
                padding="4px 8px 4px 14px",
                border_radius="12px",
                background=rx.color("gray", 12),
                color=rx.color("gray", 1),
                box_shadow="0 6px 24px rgba(0, 0, 0, 0.25)",
                pointer_events="auto",
            ),
        ),
        role="status",
        id="agenda-notice",
        position="fixed",
        left="16px",
        right="16px",
        bottom=BOTTOM_OFFSET,
        max_width="520px",
        margin_left="auto",
        z_index="20",
        pointer_events="none",
        style={WIDE: {"bottom": "24px"}},
    )
