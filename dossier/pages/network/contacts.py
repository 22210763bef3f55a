"""Netwerk, the contacts: the filter and add button, the rows, one contact's details."""

from __future__ import annotations

import reflex as rx

from components.cards import IS_WIDE, SELECTED_STYLE, item_list, pane_hint, pane_line, pill
from components.dialogs import confirm_dialog
from components.forms import native_select, option_items
from components.styles import TOUCH_TARGET, card_style, muted_text
from dossier.state.network import ContactRow, PhoneRow
from dossier.state.network import NetworkState as S

ROW_STYLE = {"list_style": "none", "padding": "8px 12px"}


def emergency_pill(emergency: rx.Var) -> rx.Component:
    return rx.match(
        emergency,
        ("call", pill(S.t["network.badge_call"], "tomato")),
        ("not_for", pill(S.t["network.badge_not_for"], "gray")),
        rx.fragment(),
    )


def toolbar() -> rx.Component:
    add = rx.button(
        rx.icon("user-plus", aria_hidden="true"),
        S.t["network.add"],
        type="button",
        on_click=S.form_change("", True),
        min_height=TOUCH_TARGET,
    )
    return rx.hstack(
        rx.vstack(
            rx.el.label(S.t["network.filter"], html_for="network-kind-filter", font_weight="500"),
            native_select(
                option_items(S.kind_options),
                id="network-kind-filter",
                value=S.kind_filter,
                on_change=S.set_kind_filter,
            ),
            spacing="1",
        ),
        rx.spacer(),
        rx.cond(S.can_edit, add),
        align="end",
        width="100%",
        wrap="wrap",
        spacing="3",
    )


def contact_item(contact: ContactRow) -> rx.Component:
    selected = S.sel_id == contact["id"]
    return rx.el.li(
        rx.hstack(
            rx.el.button(
                rx.el.span(contact["name"], display="block", font_weight="500"),
                rx.el.span(
                    emergency_pill(contact["emergency"]),
                    rx.el.span(contact["meta"]),
                    display="flex",
                    flex_wrap="wrap",
                    gap="6px",
                    align_items="center",
                    font_size="13px",
                ),
                type="button",
                on_click=S.open_contact(contact["id"], IS_WIDE),
                custom_attrs={"data-contact-id": contact["id"]},
                aria_current=rx.cond(selected, "true", "false"),
                display="flex",
                flex_direction="column",
                gap="4px",
                flex="1",
                min_height=TOUCH_TARGET,
                text_align="left",
                background="transparent",
                border="none",
                padding="2px 0",
                color="inherit",
                font="inherit",
                cursor="pointer",
            ),
            rx.cond(
                contact["phone_href"] != "",
                rx.link(
                    rx.icon("phone", size=16, aria_hidden="true"),
                    contact["phone"],
                    href=contact["phone_href"],
                    aria_label=S.t["network.call"]
                    + " "
                    + contact["name"]
                    + ", "
                    + contact["phone"],
                    display="inline-flex",
                    align_items="center",
                    gap="6px",
                    min_height=TOUCH_TARGET,
                    white_space="nowrap",
                ),
            ),
            align="center",
            width="100%",
        ),
        style={
            **card_style,
            **ROW_STYLE,
            "border": rx.cond(selected, SELECTED_STYLE["border"], card_style["border"]),
        },
        key=contact["id"],
    )


def contact_list() -> rx.Component:
    return item_list(
        loaded=S.loaded,
        items=S.shown_contacts,
        render=contact_item,
        empty_text=S.t["network.empty"],
        loading_text=S.t["common.loading"],
        empty_icon="users",
    )


def phone_line(phone: PhoneRow) -> rx.Component:
    return rx.link(
        rx.icon("phone", size=16, aria_hidden="true"),
        phone["label"],
        ": ",
        phone["shown"],
        href=phone["href"],
        display="inline-flex",
        align_items="center",
        gap="6px",
        min_height=TOUCH_TARGET,
    )


def contact_actions() -> rx.Component:
    edit = rx.button(
        rx.icon("pencil", aria_hidden="true"),
        S.t["network.edit"],
        type="button",
        on_click=S.form_change(S.sel_id, True),
        min_height=TOUCH_TARGET,
    )
    remove = confirm_dialog(
        rx.button(
            rx.icon("trash-2", aria_hidden="true"),
            S.t["network.remove"],
            type="button",
            color_scheme="tomato",
            variant="soft",
            min_height=TOUCH_TARGET,
        ),
        title=S.t["network.remove_title"],
        description=[S.sel_name, ": ", S.t["network.remove_text"]],
        cancel_label=S.t["common.cancel"],
        confirm_label=S.t["network.remove_confirm"],
        on_confirm=S.remove(S.sel_id, S.sel_version),
    )
    return rx.cond(
        S.can_edit,
        rx.hstack(edit, remove, spacing="3", wrap="wrap"),
    )


def contact_details() -> rx.Component:
    """One contact: its numbers as tel: links, its e-mail as a mailto: link, the rest."""
    return rx.vstack(
        rx.hstack(
            rx.heading(S.sel_name, as_="h2", size="5"),
            emergency_pill(S.sel_emergency),
            align="center",
            wrap="wrap",
        ),
        rx.foreach(S.sel_phones, phone_line),
        rx.cond(
            S.sel_email != "",
            rx.link(
                rx.icon("mail", size=16, aria_hidden="true"),
                S.sel_email,
                href="mailto:" + S.sel_email,
                display="inline-flex",
                align_items="center",
                gap="6px",
                min_height=TOUCH_TARGET,
            ),
        ),
        rx.foreach(S.sel_lines, lambda line: pane_line(line["label"], line["value"])),
        contact_actions(),
        spacing="3",
        width="100%",
    )


def contact_pane() -> rx.Component:
    return rx.cond(S.sel_id != "", contact_details(), pane_hint(S.t["network.pick"]))


def detail_dialog() -> rx.Component:
    """On a phone the tapped contact opens here (on a tablet it shows in the pane)."""
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(S.sel_name, class_name="sr-only"),
            rx.dialog.description(S.t["network.pane"], size="1", style=muted_text),
            rx.cond(S.detail_open, contact_details()),
            rx.dialog.close(
                rx.button(
                    S.t["common.close"],
                    variant="soft",
                    color_scheme="gray",
                    min_height=TOUCH_TARGET,
                    margin_top="12px",
                ),
            ),
            max_width="560px",
            width="calc(100vw - 24px)",
            padding="16px",
        ),
        open=S.detail_open,
        on_open_change=S.detail_change,
    )
