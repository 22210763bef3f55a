"""Gezin en toegang: the members, and for parents: invite, change a role, remove."""

from __future__ import annotations

import reflex as rx

from components.cards import item_list, page_title, pill, section_card
from components.dialogs import confirm_dialog
from components.styles import TOUCH_TARGET, card_style
from dossier import routes
from dossier.pages.layout import signed_in_page
from dossier.state.members import InviteRow, MemberRow
from dossier.state.members import MembersState as S


def role_select(member: MemberRow) -> rx.Component:
    return rx.el.select(
        rx.foreach(S.role_options, lambda o: rx.el.option(o["label"], value=o["value"])),
        value=member["role"],
        on_change=lambda role: S.change_member_role(member["id"], member["version"], role),
        aria_label=S.t["members.role_of"] + " " + member["name"],
        class_name="native-select",
    )


def remove_button(member: MemberRow) -> rx.Component:
    return confirm_dialog(
        rx.button(
            S.t["members.remove"],
            color_scheme="tomato",
            variant="soft",
            min_height=TOUCH_TARGET,
            aria_label=S.t["members.remove"] + ": " + member["name"],
        ),
        title=S.t["members.remove_title"],
        description=[member["name"], ": ", S.t["members.remove_text"]],
        cancel_label=S.t["common.cancel"],
        confirm_label=S.t["members.remove_confirm"],
        on_confirm=S.remove(member["id"], member["version"]),
    )


def member_item(member: MemberRow) -> rx.Component:
    manage = S.can_manage & ~member["is_me"]
    return rx.el.li(
        rx.vstack(
            rx.hstack(
                rx.text(member["name"], weight="medium", flex="1"),
                rx.cond(member["is_me"], pill(S.t["members.you"], "teal")),
                width="100%",
            ),
            rx.cond(member["relation"] != "", rx.text(member["relation"], size="2")),
            rx.cond(
                manage,
                rx.hstack(
                    role_select(member),
                    remove_button(member),
                    wrap="wrap",
                    spacing="3",
                    align="center",
                ),
                rx.text(member["role_label"], size="2", color=rx.color("gray", 11)),
            ),
            spacing="2",
            width="100%",
        ),
        style={**card_style, "list_style": "none"},
    )


def invite_form() -> rx.Component:
    return rx.vstack(
        rx.el.label(S.t["members.invite_role"], html_for="invite-role", font_weight="500"),
        rx.el.select(
            rx.foreach(S.role_options, lambda o: rx.el.option(o["label"], value=o["value"])),
            id="invite-role",
            value=S.invite_role,
            on_change=S.set_invite_role,
            class_name="native-select",
        ),
        rx.el.label(S.t["members.invite_relation"], html_for="invite-relation", font_weight="500"),
        rx.input(
            id="invite-relation",
            value=S.invite_relation,
            on_change=S.set_invite_relation,
            placeholder=S.t["members.invite_relation_hint"],
            max_length=120,
            width="100%",
            size="3",
        ),
        rx.button(
            rx.icon("user-plus", aria_hidden="true"),
            S.t["members.invite_create"],
            on_click=S.create_invite,
            min_height=TOUCH_TARGET,
            width="100%",
        ),
        spacing="2",
        width="100%",
    )


def new_invite() -> rx.Component:
    return rx.cond(
        S.invite_link != "",
        rx.vstack(
            rx.callout(S.t["members.invite_once"], icon="info", color_scheme="teal", width="100%"),
            rx.el.label(S.t["members.invite_link"], html_for="invite-link", font_weight="500"),
            rx.input(id="invite-link", value=S.invite_link, read_only=True, width="100%"),
            rx.hstack(
                rx.button(
                    rx.icon("copy", aria_hidden="true"),
                    S.t["members.copy"],
                    on_click=rx.set_clipboard(S.invite_link),
                    min_height=TOUCH_TARGET,
                ),
                rx.button(
                    S.t["common.close"],
                    variant="soft",
                    color_scheme="gray",
                    on_click=S.close_invite,
                    min_height=TOUCH_TARGET,
                ),
                spacing="3",
            ),
            rx.image(src=S.invite_qr, alt=S.t["members.qr_alt"], width="220px", height="220px"),
            spacing="2",
            width="100%",
        ),
    )


def invite_item(invite: InviteRow) -> rx.Component:
    return rx.el.li(
        rx.hstack(
            rx.vstack(
                rx.text(invite["role_label"], weight="medium"),
                rx.cond(invite["relation"] != "", rx.text(invite["relation"], size="2")),
                rx.text(
                    S.t["members.invite_expires"],
                    " ",
                    invite["expires"],
                    size="1",
                    color=rx.color("gray", 11),
                ),
                spacing="0",
                flex="1",
            ),
            rx.button(
                S.t["members.invite_revoke"],
                variant="soft",
                color_scheme="gray",
                on_click=S.revoke_invite(invite["id"]),
                min_height=TOUCH_TARGET,
            ),
            align="center",
            width="100%",
        ),
        style={**card_style, "list_style": "none", "padding": "10px 12px"},
    )


def members_page() -> rx.Component:
    return signed_in_page(
        routes.MEMBERS,
        page_title(S.t["members.title"], S.t["members.subtitle"]),
        item_list(
            loaded=S.loaded,
            items=S.members,
            render=member_item,
            empty_text=S.t["members.empty"],
            loading_text=S.t["common.loading"],
            two_columns_on_tablet=True,
        ),
        rx.cond(
            S.can_manage,
            section_card(
                S.t["members.invite_title"],
                rx.text(S.t["members.invite_intro"], size="2"),
                invite_form(),
                new_invite(),
                rx.cond(
                    S.invites,
                    rx.el.ul(
                        rx.foreach(S.invites, invite_item),
                        display="grid",
                        gap="8px",
                        padding="0",
                        margin="0",
                        width="100%",
                    ),
                ),
                heading_id="uitnodigen",
            ),
        ),
        refresh=S.load_members,
    )
