"""Wie doet wat: pieces the list, the dialog and the pane share."""

from __future__ import annotations

import reflex as rx

from components.cards import pill
from components.styles import TOUCH_TARGET
from dossier.presenters.rows import AgreementRow
from dossier.state.agreements import AgreementsState as S

# "Opnieuw bekijken" (a passed review date) is the only red one.
STATUS_COLORS = {"agreed": "grass", "proposed": "amber", "needs_review": "tomato"}


def status_pill(status: rx.Var, status_key: rx.Var) -> rx.Component:
    # A change that waits for confirmation: amber with a border and a pencil, something to
    # read, not an alarm (orange text on its soft badge is below 4.5:1).
    return rx.cond(
        status_key == "changed",
        rx.badge(
            rx.icon("pencil", size=12, aria_hidden="true"),
            status,
            color_scheme="amber",
            variant="surface",
            radius="full",
            size="1",
        ),
        pill(status, rx.match(status_key, *STATUS_COLORS.items(), "gray")),
    )


def line(label: rx.Var, value: rx.Var, **props) -> rx.Component:
    return rx.text(rx.el.span(label, ": ", font_weight="500"), value, size="2", **props)


def confirm_button(agreement: AgreementRow) -> rx.Component:
    return rx.button(
        rx.icon("check", aria_hidden="true"),
        S.t["agreements.confirm"],
        on_click=S.confirm(agreement["id"], agreement["version"]),
        aria_label=S.t["agreements.confirm"] + ": " + agreement["topic"],
        min_height=TOUCH_TARGET,
    )


def closing_actions(agreement: AgreementRow) -> rx.Component:
    """Withdraw a proposal or end an agreement: apart, at the bottom, away from Save."""
    can_withdraw = S.withdrawable.contains(agreement["id"])  # type: ignore[attr-defined]
    can_end = S.endable.contains(agreement["id"])  # type: ignore[attr-defined]
    return rx.cond(
        can_withdraw | can_end,
        rx.el.section(
            rx.vstack(
                rx.heading(S.t["agreements.closing"], as_="h3", size="3"),
                rx.cond(
                    can_withdraw,
                    rx.vstack(
                        rx.text(S.t["agreements.withdraw_hint"], size="2"),
                        rx.button(
                            rx.icon("undo-2", aria_hidden="true"),
                            S.t["agreements.withdraw"],
                            on_click=S.withdraw(agreement["id"], agreement["version"]),
                            variant="outline",
                            color_scheme="tomato",
                            min_height=TOUCH_TARGET,
                        ),
                        spacing="2",
                    ),
                ),
                rx.cond(
                    can_end,
                    rx.vstack(
                        rx.text(S.t["agreements.end_hint"], size="2"),
                        rx.button(
                            rx.icon("circle-stop", aria_hidden="true"),
                            S.t["agreements.end"],
                            on_click=S.ask_end(agreement["id"]),
                            variant="outline",
                            color_scheme="tomato",
                            min_height=TOUCH_TARGET,
                        ),
                        spacing="2",
                    ),
                ),
                spacing="3",
                width="100%",
            ),
            width="100%",
            padding_top="12px",
            border_top=f"1px solid {rx.color('gray', 5)}",
        ),
    )
