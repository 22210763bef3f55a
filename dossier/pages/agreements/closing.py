"""Wie doet wat: what closing an agreement looks like. The bar with the undo after a
withdrawal, the question before ending one, and the collapsed "Beëindigd" section."""

from __future__ import annotations

import reflex as rx

from components import forms
from components.cards import pill
from components.notice_bar import notice_bar, undo_button
from components.styles import TOUCH_TARGET, card_style, muted_text
from dossier.state.agreements import AgreementsState as S
from dossier.state.agreements import EndedRow


def agreements_notice() -> rx.Component:
    """After a withdrawal: what happened, with its undo."""
    undo = undo_button(S.t["agreements.undo"], S.restore(S.undo_id))
    return notice_bar(S.notice, rx.cond(S.undo_id != "", undo), seq=S.notice_seq)


REASON_ID = "agreement-end-reason"


def end_dialog() -> rx.Component:
    """Asks before ending. "No" comes first and is the easy one; "Yes" stands apart."""
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.form(
                rx.vstack(
                    rx.el.input(type="hidden", name="id", value=S.end_id),
                    rx.el.input(type="hidden", name="version", value=S.end_version),
                    rx.alert_dialog.title(S.t["agreements.end_title"], margin="0"),
                    rx.text(S.end_topic, weight="bold", size="3"),
                    rx.alert_dialog.description(S.t["agreements.end_text"], size="2"),
                    forms.labelled(
                        S.t["agreements.end_reason"],
                        REASON_ID,
                        rx.text_area(
                            id=REASON_ID,
                            name="reason",
                            max_length=500,
                            rows="3",
                            width="100%",
                            size="3",
                            **forms.error_props(S.end_error, REASON_ID),
                        ),
                        error=forms.field_error(S.end_error, REASON_ID, live=True),
                    ),
                    rx.flex(
                        rx.alert_dialog.cancel(
                            rx.button(
                                S.t["agreements.end_cancel"],
                                type="button",
                                variant="solid",
                                color_scheme="teal",
                                min_height=TOUCH_TARGET,
                            )
                        ),
                        rx.button(
                            S.t["agreements.end_confirm"],
                            type="submit",
                            variant="outline",
                            color_scheme="tomato",
                            min_height=TOUCH_TARGET,
                        ),
                        # Far apart: the dangerous button is not next to the common one.
                        justify="between",
                        wrap="wrap",
                        gap="16px",
                        width="100%",
                        padding_top="8px",
                    ),
                    spacing="3",
                    width="100%",
                ),
                on_submit=S.end,
                reset_on_submit=False,
                key=S.end_key,
                width="100%",
            ),
            max_width="520px",
        ),
        open=S.end_open,
        on_open_change=S.set_end_open,
    )


def ended_item(item: EndedRow) -> rx.Component:
    return rx.el.li(
        rx.vstack(
            rx.hstack(
                rx.heading(item["topic"], as_="h3", size="3", flex="1"),
                pill(S.t["agreement.status.ended"], "gray"),
                width="100%",
                align="start",
            ),
            rx.text(item["domain"], " · ", item["responsible"], size="2", style=muted_text),
            rx.text(item["ended"], size="2"),
            rx.cond(
                item["reason"] != "",
                rx.text(
                    rx.el.span(S.t["agreements.ended_reason"], ": ", font_weight="500"),
                    item["reason"],
                    size="2",
                    white_space="pre-wrap",
                ),
            ),
            rx.button(
                S.t["agreements.open"],
                on_click=S.open_agreement(item["id"], False),
                aria_label=S.t["agreements.open"] + ": " + item["topic"],
                variant="soft",
                color_scheme="gray",
                min_height=TOUCH_TARGET,
            ),
            spacing="2",
            width="100%",
        ),
        style={**card_style, "list_style": "none"},
    )


def ended_section() -> rx.Component:
    """Collapsed: what no longer holds stays readable, out of the way."""
    return rx.cond(
        S.ended.length() > 0,  # type: ignore[attr-defined]
        rx.el.details(
            rx.el.summary(
                rx.el.h2(
                    S.t["agreements.ended_title"],
                    " (",
                    S.ended.length(),  # type: ignore[attr-defined]
                    ")",
                    style={"display": "inline", "font_size": "1.1rem", "font_weight": "600"},
                ),
                min_height=TOUCH_TARGET,
                cursor="pointer",
                padding="8px 0",
            ),
            rx.el.ul(
                rx.foreach(S.ended, ended_item),
                display="grid",
                gap="10px",
                padding="0",
                margin="0",
                width="100%",
            ),
            id="beeindigd",
            width="100%",
        ),
    )
