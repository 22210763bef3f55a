"""Wie doet wat, the list tab: the agreements (chosen one in the pane), the starter set."""

from __future__ import annotations

import reflex as rx

from components.cards import (
    IS_WIDE,
    SELECTED_STYLE,
    WIDE,
    empty_state,
    loading,
    master_detail,
    pill,
    section_card,
)
from components.styles import TOUCH_TARGET, card_style, muted_text
from dossier.pages.agreements.closing import agreements_notice, ended_section
from dossier.pages.agreements.common import confirm_button, line, status_pill
from dossier.pages.agreements.pane import agreement_pane
from dossier.presenters.rows import AgreementRow
from dossier.state.agreements import AgreementsState as S
from dossier.state.agreements import TemplateRow

# The list tab from 1024 px: one column of cards, with the chosen one in the pane beside it.
LIST_COLUMNS = {
    "display": "grid",
    "grid_template_columns": "1fr",
    "@media (min-width: 768px)": {"grid_template_columns": "1fr 1fr"},
    WIDE: {"grid_template_columns": "1fr"},
}


def agreement_item(agreement: AgreementRow) -> rx.Component:
    selected = S.selected_id == agreement["id"]
    return rx.el.li(
        rx.vstack(
            rx.hstack(
                rx.heading(agreement["topic"], as_="h3", size="3", flex="1"),
                status_pill(agreement["status"], agreement["status_key"]),
                width="100%",
                align="start",
            ),
            rx.hstack(
                pill(agreement["domain"], "teal"),
                rx.cond(agreement["gap"], pill(S.t["agreements.gap"], "tomato")),
                spacing="2",
                wrap="wrap",
            ),
            line(S.t["agreement.responsible"], agreement["responsible"]),
            rx.cond(
                agreement["backup"] != "",
                line(S.t["agreement.backup"], agreement["backup"]),
            ),
            rx.cond(
                agreement["review"] != "",
                line(
                    S.t["agreement.review"],
                    rx.cond(
                        agreement["review_due"],
                        agreement["review"] + " (" + S.t["agreements.review_passed"] + ")",
                        agreement["review"],
                    ),
                ),
            ),
            rx.cond(
                agreement["waiting_for"] != "",
                line(S.t["agreements.waiting_for"], agreement["waiting_for"]),
            ),
            rx.cond(
                agreement["tasks"] != "",
                rx.hstack(
                    rx.cond(
                        agreement["tasks_behind"],
                        rx.icon("clock-alert", size=16, aria_hidden="true"),
                        rx.icon("circle-check", size=16, aria_hidden="true"),
                    ),
                    rx.text(agreement["tasks"], size="2"),
                    align="center",
                    spacing="2",
                    color=rx.cond(
                        agreement["tasks_behind"], rx.color("tomato", 11), rx.color("grass", 11)
                    ),
                ),
            ),
            rx.hstack(
                rx.cond(agreement["my_turn"], confirm_button(agreement)),
                rx.button(
                    rx.cond(S.can_propose, S.t["agreements.open_edit"], S.t["agreements.open"]),
                    # On a tablet it shows the agreement in the pane instead of the dialog.
                    on_click=S.open_agreement(agreement["id"], IS_WIDE),
                    aria_current=rx.cond(selected, "true", "false"),
                    variant=rx.cond(selected, "solid", "soft"),
                    color_scheme=rx.cond(selected, "teal", "gray"),
                    min_height=TOUCH_TARGET,
                    aria_label=rx.cond(
                        S.can_propose, S.t["agreements.open_edit"], S.t["agreements.open"]
                    )
                    + ": "
                    + agreement["topic"],
                ),
                spacing="3",
                wrap="wrap",
                padding_top="4px",
            ),
            spacing="2",
            width="100%",
        ),
        style={
            **card_style,
            "list_style": "none",
            "border": rx.cond(selected, SELECTED_STYLE["border"], card_style["border"]),
        },
    )


def template_item(template: TemplateRow) -> rx.Component:
    return rx.el.li(
        rx.vstack(
            rx.hstack(
                rx.heading(template["topic"], as_="h3", size="2", flex="1"),
                pill(template["domain"], "teal"),
                width="100%",
                align="start",
            ),
            rx.text(template["how"], size="2", style=muted_text),
            rx.hstack(
                rx.button(
                    S.t["agreements.adopt"],
                    on_click=S.adopt_template(template["key"]),
                    aria_label=S.t["agreements.adopt"] + ": " + template["topic"],
                    min_height=TOUCH_TARGET,
                ),
                rx.button(
                    S.t["agreements.skip"],
                    on_click=S.skip_template(template["key"]),
                    aria_label=S.t["agreements.skip"] + ": " + template["topic"],
                    variant="soft",
                    color_scheme="gray",
                    min_height=TOUCH_TARGET,
                ),
                spacing="3",
            ),
            spacing="2",
            width="100%",
        ),
        style={**card_style, "list_style": "none", "padding": "12px"},
    )


def starter_set() -> rx.Component:
    return rx.cond(
        S.can_propose & (S.templates.length() > 0),  # type: ignore[attr-defined]
        section_card(
            S.t["agreements.starters_title"],
            rx.text(S.t["agreements.starters_intro"], size="2"),
            rx.el.ul(
                rx.foreach(S.templates, template_item),
                style=LIST_COLUMNS,
                gap="8px",
                padding="0",
                margin="0",
                width="100%",
            ),
            heading_id="om-mee-te-beginnen",
        ),
    )


def list_tab() -> rx.Component:
    return master_detail(
        agreement_list(), agreement_pane(), pane_label=S.t["layout.agreements.pane"]
    )


def agreement_cards(rows: rx.Var) -> rx.Component:
    return rx.el.ul(
        rx.foreach(rows, agreement_item),
        style=LIST_COLUMNS,
        gap="10px",
        padding="0",
        margin="0",
        width="100%",
    )


def waiting_for_me() -> rx.Component:
    """What waits for this person's confirmation comes first (on a phone: on screen one)."""
    return rx.cond(
        S.waiting_for_me.length() > 0,  # type: ignore[attr-defined]
        rx.el.section(
            rx.vstack(
                rx.heading(
                    S.t["agreements.waiting_for_you"], as_="h2", size="4", id="wacht-op-jou"
                ),
                rx.text(S.t["agreements.waiting_for_you_intro"], size="2"),
                agreement_cards(S.waiting_for_me),
                spacing="3",
                width="100%",
            ),
            aria_labelledby="wacht-op-jou",
            width="100%",
        ),
    )


def the_others() -> rx.Component:
    """The rest of the list; headed only when "Wacht op jou" stands above it."""
    return rx.cond(
        S.other_agreements.length() > 0,  # type: ignore[attr-defined]
        rx.vstack(
            rx.cond(
                S.waiting_for_me.length() > 0,  # type: ignore[attr-defined]
                rx.heading(S.t["agreements.all"], as_="h2", size="4"),
            ),
            agreement_cards(S.other_agreements),
            spacing="3",
            width="100%",
        ),
    )


def agreement_list() -> rx.Component:
    return rx.vstack(
        agreements_notice(),
        rx.cond(
            S.can_propose,
            rx.button(
                rx.icon("plus", aria_hidden="true"),
                S.t["agreements.new"],
                on_click=S.open_new,
                min_height=TOUCH_TARGET,
            ),
        ),
        rx.cond(
            S.loaded,
            rx.cond(
                S.agreements,
                rx.vstack(waiting_for_me(), the_others(), spacing="5", width="100%"),
                empty_state(S.t["agreements.empty"]),
            ),
            loading(S.t["common.loading"]),
        ),
        # Below the list: the starter set, then what has ended (collapsed).
        starter_set(),
        ended_section(),
        spacing="4",
        width="100%",
    )
