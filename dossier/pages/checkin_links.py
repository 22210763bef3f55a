"""Personal check-in links per brother or sister: status, make one, revoke it.

For the parents' check-in settings page: `links_section()` is the whole block. It loads
its own data when it appears (on_mount: CheckinLinksState.load_links), so the page needs
no extra on_load. The state can be passed in, e.g. a subclass: `links_section(MyState)`.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from components.cards import item_list, pill, section_card
from components.dialogs import confirm_dialog
from components.share import share_buttons
from components.styles import TOUCH_TARGET, card_style, muted_text
from dossier.state.checkin_links import CheckinLinksState

HEADING_ID = "persoonlijke-links"
LINK_INPUT_ID = "checkin-link-address"


def _make_button(S: Any, row: Any) -> rx.Component:
    return rx.button(
        rx.icon("link", aria_hidden="true"),
        S.t["links.make"],
        on_click=S.make_link(row["sibling_id"]),
        min_height=TOUCH_TARGET,
        aria_label=S.t["links.make"] + ": " + row["name"],
    )


def _renew_button(S: Any, row: Any) -> rx.Component:
    return confirm_dialog(
        rx.button(
            rx.icon("refresh-cw", aria_hidden="true"),
            S.t["links.make_new"],
            variant="soft",
            min_height=TOUCH_TARGET,
            aria_label=S.t["links.make_new"] + ": " + row["name"],
        ),
        title=S.t["links.renew_title"],
        description=[row["name"], ": ", S.t["links.renew_text"]],
        cancel_label=S.t["common.cancel"],
        confirm_label=S.t["links.renew_confirm"],
        on_confirm=S.make_link(row["sibling_id"]),
        danger=False,
    )


def _revoke_button(S: Any, row: Any) -> rx.Component:
    return confirm_dialog(
        rx.button(
            S.t["links.revoke"],
            color_scheme="tomato",
            variant="soft",
            min_height=TOUCH_TARGET,
            aria_label=S.t["links.revoke"] + ": " + row["name"],
        ),
        title=S.t["links.revoke_title"],
        description=[row["name"], ": ", S.t["links.revoke_text"]],
        cancel_label=S.t["common.cancel"],
        confirm_label=S.t["links.revoke_confirm"],
        on_confirm=S.revoke_link(row["sibling_id"]),
    )


def link_item(S: Any, row: Any) -> rx.Component:
    """One sibling: is there a live link, since when, last used; make or revoke."""
    return rx.el.li(
        rx.vstack(
            rx.hstack(
                rx.heading(row["name"], as_="h3", size="3", flex="1"),
                rx.cond(
                    row["active"],
                    pill(S.t["links.status_active"], "teal"),
                    pill(S.t["links.status_none"], "gray"),
                ),
                align="center",
                width="100%",
            ),
            rx.cond(
                row["active"],
                rx.vstack(
                    rx.text(row["since"], size="2"),
                    rx.text(row["last_used"], size="2", style=muted_text),
                    spacing="1",
                ),
                rx.text(S.t["links.none"], size="2", style=muted_text),
            ),
            rx.hstack(
                rx.cond(row["active"], _renew_button(S, row), _make_button(S, row)),
                rx.cond(row["active"], _revoke_button(S, row)),
                wrap="wrap",
                spacing="3",
            ),
            spacing="2",
            width="100%",
        ),
        style={**card_style, "list_style": "none"},
    )


def new_link_dialog(S: Any) -> rx.Component:
    """The new link, once: what it opens, the address with a copy button, the QR code."""
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(S.shown_title),
            rx.dialog.description(S.shown_only_checkin, size="3"),
            rx.vstack(
                rx.callout(S.shown_once, icon="info", color_scheme="teal", width="100%"),
                rx.el.label(S.t["links.link_label"], html_for=LINK_INPUT_ID, font_weight="500"),
                rx.input(
                    id=LINK_INPUT_ID, value=S.shown_link, read_only=True, width="100%", size="3"
                ),
                share_buttons(
                    S.shown_link,
                    S.t,
                    copy_label=S.t["links.copy"],
                    field_id=LINK_INPUT_ID,
                    title=S.shown_title,
                    extra=(
                        rx.dialog.close(
                            rx.button(
                                S.t["common.close"],
                                variant="soft",
                                color_scheme="gray",
                                on_click=S.close_link,
                                min_height=TOUCH_TARGET,
                            )
                        ),
                    ),
                ),
                rx.image(src=S.shown_qr, alt=S.shown_qr_alt, width="220px", height="220px"),
                rx.text(S.t["links.shared_tablet"], size="2", style=muted_text),
                spacing="3",
                width="100%",
                padding_top="12px",
            ),
            max_width="480px",
            max_height="90vh",
            overflow_y="auto",
        ),
        open=S.shown_link != "",
        on_open_change=S.link_dialog_changed,
    )


def links_section(S: Any = CheckinLinksState) -> rx.Component:
    """The whole block: intro, one card per brother or sister, and the shown-once dialog."""
    section = section_card(
        S.t["links.title"],
        rx.text(S.t["links.intro"], size="2"),
        rx.callout(
            S.t["links.shared_tablet"],
            icon="tablet-smartphone",
            color_scheme="teal",
            size="1",
            width="100%",
        ),
        item_list(
            loaded=S.links_loaded,
            items=S.link_rows,
            render=lambda row: link_item(S, row),
            empty_text=S.t["links.no_siblings"],
            loading_text=S.t["common.loading"],
            empty_icon="users",
        ),
        new_link_dialog(S),
        heading_id=HEADING_ID,
    )
    return rx.box(section, on_mount=S.load_links, width="100%")
