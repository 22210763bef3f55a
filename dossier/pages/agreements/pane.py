"""Wie doet wat: the tablet's pane, the chosen agreement beside the list."""

from __future__ import annotations

import reflex as rx

from components.cards import pane_hint
from components.styles import TOUCH_TARGET
from dossier.pages.agreements.common import closing_actions
from dossier.pages.agreements.detail import detail_status, history, linked_tasks, read_only
from dossier.presenters.rows import AgreementRow
from dossier.state.agreements import AgreementsState as S


def selected_agreement(agreement: AgreementRow) -> rx.Component:
    return rx.vstack(
        rx.heading(agreement["topic"], as_="h2", size="5"),
        detail_status(agreement),
        rx.cond(
            S.can_propose & ~S.detail_closed,
            rx.button(
                rx.icon("pencil", aria_hidden="true"),
                S.t["layout.agreements.edit"],
                on_click=S.open_agreement(agreement["id"], False),
                min_height=TOUCH_TARGET,
            ),
        ),
        read_only(agreement),
        linked_tasks(),
        history(),
        closing_actions(agreement),
        spacing="4",
        width="100%",
    )


def agreement_pane() -> rx.Component:
    return rx.cond(
        (S.selected_id != "") & (S.detail.length() > 0),  # type: ignore[attr-defined]
        rx.foreach(S.detail, selected_agreement),
        pane_hint(S.t["layout.agreements.pick"]),
    )
