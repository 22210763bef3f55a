"""Taken: the undo bar and the "Nieuwe taak" button, within thumb reach."""

from __future__ import annotations

import reflex as rx

from components.styles import TOUCH_TARGET
from dossier.pages.tasks.dialog import form_dialog
from dossier.state.tasks import TasksState as S

BOTTOM_OFFSET = "calc(64px + 12px + env(safe-area-inset-bottom))"  # above the bottom nav
WIDE = "@media (min-width: 1024px)"  # the tablet layout: no bottom nav


def notice_bar() -> rx.Component:
    """What just happened, with an undo where there is one; a live region for screen readers."""
    button_style = {"min_height": TOUCH_TARGET, "variant": "solid", "color_scheme": "teal"}
    return rx.el.div(
        rx.cond(
            S.notice != "",
            rx.hstack(
                rx.icon("circle-check", aria_hidden="true", size=18),
                rx.text(S.notice, weight="medium", flex="1"),
                rx.match(
                    S.undo_kind,
                    (
                        "delete",
                        rx.button(
                            S.t["task.undo"], on_click=S.restore(S.undo_task_id), **button_style
                        ),
                    ),
                    (
                        "complete",
                        rx.button(
                            S.t["task.undo"],
                            on_click=S.undo_complete(S.undo_task_id, S.undo_version),
                            **button_style,
                        ),
                    ),
                    rx.fragment(),
                ),
                align="center",
                width="100%",
                min_height="52px",
                padding="4px 8px 4px 14px",
                border_radius="12px",
                background=rx.color("gray", 12),
                color=rx.color("gray", 1),
                box_shadow="0 6px 24px rgba(0, 0, 0, 0.25)",
            ),
        ),
        role="status",
        width="100%",
    )


def floating_actions() -> rx.Component:
    return rx.vstack(
        notice_bar(),
        rx.cond(
            S.can_create,
            form_dialog(
                rx.button(
                    rx.icon("plus", aria_hidden="true"),
                    S.t["tasks.new"],
                    size="3",
                    radius="full",
                    min_height="48px",
                    box_shadow="0 4px 16px rgba(0, 0, 0, 0.2)",
                ),
                S.form_open & S.is_new,
                lambda is_open: S.open_change("", is_open, False),
            ),
        ),
        align="end",
        spacing="3",
        position="fixed",
        left="16px",
        right="16px",
        bottom=BOTTOM_OFFSET,
        max_width="520px",
        margin_left="auto",
        z_index="20",
        pointer_events="none",
        style={"& > *": {"pointer_events": "auto"}, WIDE: {"bottom": "24px"}},
    )
