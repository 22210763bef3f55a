"""Wie doet wat, the dialog of one agreement: its status, the form or the facts, its tasks,
its history."""

from __future__ import annotations

import reflex as rx

from components.cards import pill
from components.history import history_list
from components.styles import TOUCH_TARGET, muted_text
from dossier import routes
from dossier.pages.agreements.common import (
    closing_actions,
    confirm_button,
    line,
    status_pill,
)
from dossier.pages.agreements.form import agreement_form, form_alert
from dossier.presenters.rows import AgreementRow, TaskRow
from dossier.state.agreements import AgreementsState as S
from dossier.state.agreements import ChangeRow


def detail_status(agreement: AgreementRow) -> rx.Component:
    return rx.vstack(
        rx.hstack(
            status_pill(agreement["status"], agreement["status_key"]),
            pill(agreement["domain"], "teal"),
            spacing="2",
            wrap="wrap",
        ),
        rx.cond(
            agreement["waiting_for"] != "",
            line(S.t["agreements.waiting_for"], agreement["waiting_for"]),
        ),
        rx.cond(
            agreement["confirmed_by"] != "",
            line(S.t["agreements.confirmed_by"], agreement["confirmed_by"]),
        ),
        rx.cond(
            agreement["review_due"],
            rx.text(S.t["agreements.review_due_hint"], size="2", color=rx.color("tomato", 11)),
        ),
        rx.cond(agreement["tasks"] != "", rx.text(agreement["tasks"], size="2")),
        what_changed(),
        rx.cond(agreement["can_confirm"], confirm_button(agreement)),
        spacing="2",
        width="100%",
        padding="12px",
        border_radius="10px",
        # A border, not a tinted background: the soft badges keep their contrast (4.5:1).
        border=f"1px solid {rx.color('gray', 5)}",
    )


def changed_field(change: ChangeRow) -> rx.Component:
    return rx.el.li(
        rx.text(change["name"], size="2", weight="medium"),
        rx.text(
            rx.el.span(S.t["agreements.was"], ": "),
            rx.el.s(change["old"]),
            size="2",
            white_space="pre-wrap",
        ),
        rx.text(
            rx.el.span(S.t["agreements.becomes"], ": "),
            rx.el.strong(change["new"]),
            size="2",
            white_space="pre-wrap",
        ),
        list_style="none",
        padding="4px 0",
    )


def what_changed() -> rx.Component:
    """A change that waits for confirmation: each field with what it was and becomes."""
    return rx.cond(
        S.detail_changes.length() > 0,  # type: ignore[attr-defined]
        rx.vstack(
            rx.heading(S.t["agreements.what_changed"], as_="h3", size="2"),
            rx.el.ul(
                rx.foreach(S.detail_changes, changed_field),
                padding="0",
                margin="0",
                width="100%",
            ),
            spacing="1",
            width="100%",
        ),
    )


def read_only(agreement: AgreementRow) -> rx.Component:
    return rx.vstack(
        line(S.t["agreement.responsible"], agreement["responsible"]),
        rx.cond(agreement["backup"] != "", line(S.t["agreement.backup"], agreement["backup"])),
        rx.cond(
            agreement["informed"] != "",
            line(S.t["agreements.informed"], agreement["informed"]),
        ),
        rx.cond(agreement["review"] != "", line(S.t["agreement.review"], agreement["review"])),
        rx.cond(
            agreement["how"] != "",
            rx.text(agreement["how"], size="2", white_space="pre-wrap"),
        ),
        spacing="2",
        width="100%",
    )


def linked_task(task: TaskRow) -> rx.Component:
    return rx.el.li(
        rx.text(task["title"], size="2", weight="medium"),
        rx.hstack(
            rx.text(task["status"], size="1"),
            rx.cond(task["due"] != "", rx.text("· ", task["due"], size="1")),
            rx.cond(task["overdue"], pill(S.t["task.overdue"], "tomato")),
            spacing="2",
            align="center",
            style=muted_text,
        ),
        list_style="none",
        padding="6px 0",
        border_bottom=f"1px solid {rx.color('gray', 4)}",
    )


def linked_tasks() -> rx.Component:
    return rx.cond(
        S.detail_tasks.length() > 0,  # type: ignore[attr-defined]
        rx.vstack(
            rx.hstack(
                rx.heading(S.t["agreements.tasks"], as_="h3", size="3"),
                rx.spacer(),
                rx.link(S.t["overview.all_tasks"], href=routes.TASKS, size="2"),
                align="center",
                width="100%",
            ),
            rx.el.ul(
                rx.foreach(S.detail_tasks, linked_task), padding="0", margin="0", width="100%"
            ),
            spacing="2",
            width="100%",
        ),
    )


def history() -> rx.Component:
    return history_list(S.history, S.t["agreements.history"], ruled=True)


def agreement_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.vstack(
                rx.hstack(
                    rx.dialog.title(
                        rx.cond(S.detail, S.detail[0]["topic"], S.t["agreements.new"]),
                        margin="0",
                        flex="1",
                    ),
                    rx.dialog.close(
                        rx.icon_button(
                            rx.icon("x", aria_hidden="true"),
                            variant="ghost",
                            color_scheme="gray",
                            aria_label=S.t["common.close"],
                            min_width=TOUCH_TARGET,
                            min_height=TOUCH_TARGET,
                        )
                    ),
                    align="start",
                    width="100%",
                ),
                rx.dialog.description(
                    rx.cond(
                        S.can_propose, S.t["agreements.form_intro"], S.t["agreements.read_intro"]
                    ),
                    size="2",
                ),
                rx.foreach(S.detail, detail_status),
                form_alert(),
                rx.cond(
                    S.can_propose & ~S.detail_closed,
                    agreement_form(),
                    rx.foreach(S.detail, read_only),
                ),
                linked_tasks(),
                history(),
                rx.foreach(S.detail, closing_actions),
                spacing="4",
                width="100%",
            ),
            max_width="620px",
        ),
        open=S.form_open,
        on_open_change=S.set_form_open,
    )
