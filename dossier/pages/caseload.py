"""Mijn gezinnen: the case manager's families, what needs attention first, one tap in."""

from __future__ import annotations

import reflex as rx

from components.cards import empty_state, loading, page_title, pill
from components.start_family import start_family_button, start_family_dialog, waiting_family_card
from components.styles import TOUCH_TARGET, card_style, muted_text
from dossier import routes
from dossier.pages.layout import signed_in_page
from dossier.presenters.caseload import CaseloadCard
from dossier.state.base import AppState
from dossier.state.caseload import CaseloadState as S

# Radix sizes the control to its widest label times three (min-width: max-content): 93 px
# too wide at 390. Here it takes the row's width and a long label wraps onto two lines.
# Its bold copy of each label, which only reserves room for the chosen state, goes.
FITS_A_PHONE = {
    "&.rt-SegmentedControlRoot": {
        "min_width": "0",
        "width": "100%",
        "height": "auto",
        "min_height": TOUCH_TARGET,
    },
    ".rt-SegmentedControlItemLabel": {"padding": "4px 8px", "line_height": "1.25"},
    ".rt-SegmentedControlItemLabelInactive": {"display": "none"},
    ".rt-SegmentedControlItemLabelActive": {"opacity": "1"},
    ".rt-SegmentedControlItem[data-state='off'] .rt-SegmentedControlItemLabelActive": {
        "font_weight": "var(--font-weight-regular)"
    },
}


def fact(icon: str, text: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.icon(icon, size=16, aria_hidden="true", flex_shrink="0"),
        rx.text(text, size="2"),
        align="center",
        spacing="2",
    )


def family_card(card: CaseloadCard) -> rx.Component:
    """Issue 17: a dossier that waits for its parents shows only its name and state."""
    return rx.cond(
        card["waiting"],
        waiting_family_card(S.t, card, on_open=AppState.switch_family(card["id"])),
        open_family_card(card),
    )


def start_for_family() -> rx.Component:
    """Issue 17: hospital case managers start a dossier on a family's behalf."""
    return rx.cond(
        S.may_start_for_family,
        rx.fragment(
            start_family_button(S.t, on_click=S.open_start),
            start_family_dialog(
                S.t,
                is_open=S.start_open,
                on_open_change=S.start_open_changed,
                on_submit=S.start_for_family,
                error=S.start_error,
                send_key=S.send_key,
                started_name=S.started_name,
                link=S.started_link,
                qr=S.started_qr,
            ),
        ),
    )


def open_family_card(card: CaseloadCard) -> rx.Component:
    return rx.el.li(
        rx.el.article(
            rx.vstack(
                rx.hstack(
                    rx.heading(card["name"], as_="h2", size="4"),
                    rx.spacer(),
                    rx.cond(card["has_signals"], pill(S.t["caseload.signal_pill"], "tomato")),
                    rx.cond(
                        card["attention"],
                        pill(S.t["caseload.attention_pill"], "amber"),
                        pill(S.t["caseload.calm_pill"], "teal"),
                    ),
                    width="100%",
                    align="center",
                    wrap="wrap",
                ),
                rx.text(card["role"], size="1", style=muted_text),
                fact("heart-handshake", card["signals"]),
                fact("list-checks", card["overdue"]),
                fact("handshake", card["agreements"]),
                fact("calendar-days", card["appointments"]),
                rx.cond(  # issue 20: "Zorgplan: herzien over N dagen" / "te laat"
                    card["care_plan"] != "",
                    rx.hstack(
                        rx.icon("clipboard-list", size=16, aria_hidden="true", flex_shrink="0"),
                        rx.text(
                            card["care_plan"],
                            size="2",
                            weight=rx.cond(card["care_plan_late"], "bold", "regular"),
                        ),
                        align="center",
                        spacing="2",
                        class_name="caseload-care-plan",
                    ),
                ),
                fact("clock", card["contact"]),
                fact("users", card["colleague"]),
                rx.cond(
                    card["top"],
                    rx.el.ul(
                        rx.foreach(card["top"], lambda item: rx.el.li(rx.text(item, size="2"))),
                        style={"padding_left": "20px", "margin": "0"},
                    ),
                ),
                rx.button(
                    rx.icon("arrow-right", size=16, aria_hidden="true"),
                    S.t["caseload.open"],
                    on_click=AppState.switch_family(card["id"]),
                    aria_label=card["open_label"],
                    size="3",
                    min_height=TOUCH_TARGET,
                    width="100%",
                    type="button",
                ),
                spacing="2",
                width="100%",
            ),
            style=card_style,
            height="100%",
        ),
        list_style="none",
    )


def filters() -> rx.Component:
    return rx.vstack(
        rx.text(S.t["caseload.filter"], size="2", weight="medium", id="caseload-filter"),
        rx.segmented_control.root(
            *[
                rx.segmented_control.item(S.t[f"caseload.filter.{value}"], value=value)
                for value in ("all", "attention", "signals")
            ],
            value=S.card_filter,
            on_change=S.choose_filter,
            size="3",
            aria_labelledby="caseload-filter",
            style=FITS_A_PHONE,
        ),
        spacing="1",
        width="100%",
    )


def cards() -> rx.Component:
    return rx.cond(
        S.shown_cards,
        rx.el.ul(rx.foreach(S.shown_cards, family_card), class_name="caseload-grid"),
        empty_state(S.t["caseload.empty_filter"]),
    )


def caseload_content() -> rx.Component:
    return rx.vstack(
        page_title(S.t["caseload.title"], S.t["caseload.subtitle"]),
        start_for_family(),
        rx.cond(
            S.caseload_loaded,
            rx.cond(
                S.is_case_manager,
                rx.fragment(
                    filters(),
                    rx.text(S.t["caseload.contact_explained"], size="1", style=muted_text),
                    cards(),
                ),
                empty_state(S.t["caseload.not_case_manager"], icon="info"),
            ),
            loading(S.t["caseload.loading"]),
        ),
        spacing="4",
        width="100%",
    )


def caseload_page() -> rx.Component:
    return signed_in_page(
        routes.CASELOAD, caseload_content(), needs_family=False, refresh=S.load_caseload
    )
