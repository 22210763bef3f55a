"""Uit dit dossier stappen: what leaving means, the choices, and a confirmation."""

from __future__ import annotations

import reflex as rx

from components.cards import page_title, section_card
from components.dialogs import confirm_dialog
from components.styles import TOUCH_TARGET, check_row, checkbox_style, muted_text
from dossier import routes
from dossier.pages.layout import signed_in_page
from dossier.state.leaving import LeavingState as S

# The page where parents close the whole dossier (built with "closing the dossier").
CLOSE_DOSSIER = "/dossier-sluiten"


def what_happens() -> rx.Component:
    def point(text: rx.Var) -> rx.Component:
        return rx.el.li(text, style={"margin_bottom": "6px"})

    return section_card(
        S.t["leaving.what_title"],
        rx.el.ul(
            point(S.t["leaving.what_access"]),
            point(S.t["leaving.what_history"]),
            rx.cond(S.is_case_manager_here, point(S.t["leaving.what_parents_told"])),
            point(S.t["leaving.what_back"]),
            style={"padding_left": "20px", "margin": "0"},
        ),
        heading_id="wat-er-gebeurt",
    )


def last_parent_notice() -> rx.Component:
    return rx.callout(
        rx.vstack(
            rx.text(S.t["leaving.last_parent"]),
            rx.link(
                S.t["leaving.close_instead"],
                href=CLOSE_DOSSIER,
                weight="medium",
                display="inline-flex",
                align_items="center",
                min_height="24px",
            ),
            spacing="2",
        ),
        icon="info",
        color_scheme="amber",
        width="100%",
    )


def radio(value: str, label: rx.Var) -> rx.Component:
    field_id = f"leaving-checkins-{value}"
    return rx.el.label(
        rx.el.input(
            type="radio",
            name="checkins",
            value=value,
            id=field_id,
            checked=S.keep_checkins == value,
            on_change=S.set_keep_checkins(value),
            style=checkbox_style,
        ),
        rx.text(label),
        html_for=field_id,
        style=check_row,
    )


def checkins_choice() -> rx.Component:
    return rx.cond(
        S.is_sibling,
        section_card(
            S.t["leaving.checkins_title"],
            rx.text(S.t["leaving.checkins_intro"], size="2"),
            rx.el.fieldset(
                rx.el.legend(S.t["leaving.checkins_legend"], style={"font_weight": "500"}),
                radio("take", S.t["leaving.checkins_take"]),
                radio("leave", S.t["leaving.checkins_leave"]),
                style={"border": "none", "padding": "0", "margin": "0"},
            ),
            heading_id="je-check-ins",
        ),
    )


def account_choice() -> rx.Component:
    return section_card(
        S.t["leaving.account_title"],
        rx.cond(
            S.last_family,
            rx.vstack(
                rx.el.label(
                    rx.el.input(
                        type="checkbox",
                        id="leaving-erase",
                        checked=S.erase,
                        on_change=S.set_erase,
                        aria_describedby="leaving-erase-hint",
                        style=checkbox_style,
                    ),
                    rx.text(S.t["leaving.erase"], weight="medium"),
                    html_for="leaving-erase",
                    style=check_row,
                ),
                rx.text(
                    S.t["leaving.erase_hint"], id="leaving-erase-hint", size="2", style=muted_text
                ),
                spacing="1",
                width="100%",
            ),
            rx.text(S.t["leaving.other_families"], size="2"),
        ),
        heading_id="je-account",
    )


def leave_button() -> rx.Component:
    return confirm_dialog(
        rx.button(
            rx.icon("log-out", size=16, aria_hidden="true"),
            S.t["leaving.button"],
            color_scheme="tomato",
            variant="soft",
            min_height=TOUCH_TARGET,
            width="100%",
            id="leaving-button",
        ),
        title=S.t["leaving.confirm_title"],
        description=[
            S.t["leaving.confirm_text"],
            rx.cond(S.erase, " " + S.t["leaving.confirm_erase"], ""),
        ],
        cancel_label=S.t["common.cancel"],
        confirm_label=S.t["leaving.confirm"],
        on_confirm=S.leave,
    )


def leaving_page() -> rx.Component:
    return signed_in_page(
        routes.LEAVING,
        page_title(S.t["leaving.title"], S.t["leaving.subtitle"]),
        rx.cond(
            S.loaded,
            rx.vstack(
                what_happens(),
                rx.cond(
                    S.last_parent,
                    last_parent_notice(),
                    rx.vstack(checkins_choice(), account_choice(), leave_button(), width="100%"),
                ),
                spacing="4",
                width="100%",
                max_width="640px",
            ),
            rx.text(S.t["common.loading"], style=muted_text),
        ),
    )
