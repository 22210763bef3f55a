"""Wie doet wat: per topic who is responsible, who backs up, when it is reviewed."""

from __future__ import annotations

import reflex as rx

from components.cards import item_list, page_title, pill
from components.styles import card_style
from dossier import routes
from dossier.pages.layout import signed_in_page
from dossier.presenters import AgreementRow
from dossier.state.agreements import AgreementsState as S

STATUS_COLORS = {"agreed": "grass", "proposed": "amber", "needs_review": "tomato"}


def agreement_item(agreement: AgreementRow) -> rx.Component:
    color = rx.match(agreement["status_key"], *STATUS_COLORS.items(), "gray")
    return rx.el.li(
        rx.vstack(
            rx.hstack(
                rx.text(agreement["topic"], weight="medium", flex="1"),
                pill(agreement["status"], color),
                width="100%",
                align="start",
            ),
            pill(agreement["domain"], "teal"),
            rx.text(S.t["agreement.responsible"], ": ", agreement["responsible"], size="2"),
            rx.cond(
                agreement["backup"] != "",
                rx.text(S.t["agreement.backup"], ": ", agreement["backup"], size="2"),
            ),
            rx.cond(
                agreement["review"] != "",
                rx.text(
                    S.t["agreement.review"],
                    ": ",
                    agreement["review"],
                    size="1",
                    color=rx.color("gray", 11),
                ),
            ),
            spacing="1",
            width="100%",
        ),
        style={**card_style, "list_style": "none"},
    )


def agreements_page() -> rx.Component:
    return signed_in_page(
        routes.AGREEMENTS,
        page_title(S.t["agreements.title"], S.t["agreements.subtitle"]),
        item_list(
            loaded=S.loaded,
            items=S.agreements,
            render=agreement_item,
            empty_text=S.t["agreements.empty"],
            loading_text=S.t["common.loading"],
            two_columns_on_tablet=True,
        ),
    )
