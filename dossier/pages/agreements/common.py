"""Wie doet wat: pieces the list, the dialog and the pane share."""

from __future__ import annotations

import reflex as rx

from components.cards import pill
from components.styles import TOUCH_TARGET
from dossier.presenters.rows import AgreementRow
from dossier.state.agreements import AgreementsState as S

STATUS_COLORS = {"agreed": "grass", "proposed": "amber", "needs_review": "tomato"}


def status_pill(status: rx.Var, status_key: rx.Var) -> rx.Component:
    return pill(status, rx.match(status_key, *STATUS_COLORS.items(), "gray"))


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
