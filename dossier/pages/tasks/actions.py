"""Taken: the undo bar and the "Nieuwe taak" button, within thumb reach."""

from __future__ import annotations

import reflex as rx

from components.notice_bar import THUMB_ZONE, notice_bar, undo_button
from dossier.pages.tasks.dialog import form_dialog
from dossier.state.tasks import TasksState as S


def tasks_notice() -> rx.Component:
    """After completing or deleting: what happened, with the matching undo."""
    return notice_bar(
        S.notice,
        rx.match(
            S.undo_kind,
            ("delete", undo_button(S.t["task.undo"], S.restore(S.undo_task_id))),
            (
                "complete",
                undo_button(S.t["task.undo"], S.undo_complete(S.undo_task_id, S.undo_version)),
            ),
            rx.fragment(),
        ),
        seq=S.notice_seq,  # hides itself after a few seconds, in the browser
    )


def floating_actions() -> rx.Component:
    return rx.vstack(
        tasks_notice(),
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
        **THUMB_ZONE,
    )
