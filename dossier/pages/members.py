"""Gezin en toegang: the members, and for parents: invite, change a role, remove."""

from __future__ import annotations

from typing import Any

import reflex as rx

from components import forms
from components.cards import item_list, page_title, pill, section_card
from components.dialogs import confirm_dialog
from components.share import share_buttons
from components.styles import TOUCH_TARGET, card_style
from dossier import routes
from dossier.pages.layout import signed_in_page
from dossier.state.members import InviteRow, MemberRow
from dossier.state.members import MembersState as S


def role_choice(choice: dict, member: MemberRow) -> rx.Component:
    """One role as a radio button, with a sentence of what that role may see."""
    field_id = "role-" + member["id"] + "-" + choice["value"]
    return rx.el.label(
        rx.el.input(
            type="radio",
            name="role",
            value=choice["value"],
            id=field_id,
            default_checked=choice["value"] == member["role"],
            style={"width": "22px", "height": "22px", "margin_top": "2px", "flex_shrink": "0"},
        ),
        rx.box(
            rx.text(choice["label"], weight="medium"),
            rx.text(choice["effect"], size="2", color=rx.color("gray", 11)),
        ),
        html_for=field_id,
        style={
            "display": "flex",
            "gap": "10px",
            "align_items": "flex-start",
            "min_height": TOUCH_TARGET,
            "padding": "6px 0",
            "cursor": "pointer",
        },
    )


def role_dialog(member: MemberRow) -> rx.Component:
    """Rol wijzigen: opened on purpose, each role says what it may see, saved on a
    second, deliberate tap; removing someone sits apart at the bottom."""
    return rx.dialog.root(
        rx.dialog.trigger(
            rx.button(
                rx.icon("user-cog", size=16, aria_hidden="true"),
                S.t["members.change_role"],
                variant="soft",
                min_height=TOUCH_TARGET,
                aria_label=S.t["members.change_role"] + ": " + member["name"],
            )
        ),
        rx.dialog.content(
            rx.dialog.title(S.t["members.role_title"] + " " + member["name"]),
            rx.dialog.description(S.t["members.role_intro"], size="2"),
            rx.form(
                rx.el.input(type="hidden", name="membership", value=member["id"]),
                rx.el.input(type="hidden", name="version", value=member["version"]),
                rx.el.fieldset(
                    rx.el.legend(S.t["members.role_of"] + " " + member["name"]),
                    rx.foreach(S.role_choices, lambda choice: role_choice(choice, member)),
                    style={"border": "none", "padding": "0", "margin": "12px 0"},
                ),
                rx.hstack(
                    rx.button(S.t["members.role_save"], type="submit", min_height=TOUCH_TARGET),
                    rx.dialog.close(
                        rx.button(
                            S.t["common.cancel"],
                            type="button",
                            variant="soft",
                            color_scheme="gray",
                            min_height=TOUCH_TARGET,
                        )
                    ),
                    spacing="3",
                    wrap="wrap",
                ),
                on_submit=S.change_member_role,
                reset_on_submit=False,
            ),
            rx.separator(margin_y="16px"),
            rx.text(S.t["members.remove_intro"], size="2", margin_bottom="8px"),
            remove_button(member),
            max_width="480px",
        ),
        open=S.role_dialog_for == member["id"],
        on_open_change=lambda is_open: S.show_role_dialog(member["id"], is_open),
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


def phone_line(member: MemberRow) -> rx.Component:
    return rx.cond(
        member["phone"] != "",
        rx.link(
            rx.icon("phone", size=14, aria_hidden="true"),
            " ",
            member["phone"],
            href=member["phone_href"],
            size="2",
            aria_label=S.t["members.phone_call"] + " " + member["name"] + ": " + member["phone"],
        ),
    )


def phone_form(member: MemberRow) -> rx.Component:
    """Their own number for everyone; parents may fill in anyone's (e.g. the GP's)."""
    return member_field_form(
        member,
        field="phone",
        label=rx.cond(
            member["is_me"],
            S.t["members.phone_mine"],
            S.t["members.phone_of"] + " " + member["name"],
        ),
        save=S.t["members.phone_save"],
        save_label=S.t["members.phone_save"] + ": " + member["name"],
        error=S.phone_error,
        has_error=S.phone_error_for == member["id"],
        on_submit=S.save_phone,
        type="tel",
        default_value=member["phone"],
        max_length=32,
        auto_complete=rx.cond(member["is_me"], "tel", "off"),
        placeholder=S.t["members.phone_hint"],
    )


def access_until_form(member: MemberRow) -> rx.Component:
    """A parent gives a professional access until a day (empty: no end date)."""
    return member_field_form(
        member,
        field="until",
        label=S.t["access_until.label"],
        save=S.t["access_until.save"],
        save_label=S.t["access_until.label"] + ": " + member["name"],
        error=S.access_error,
        has_error=S.access_error_for == member["id"],
        on_submit=S.save_access_until,
        type="date",
        default_value=member["access_until"],
    )


def member_field_form(
    member: MemberRow,
    *,
    field: str,
    label: Any,
    save: Any,
    save_label: Any,
    error: Any,
    has_error: Any,
    on_submit: Any,
    **input_props: Any,
) -> rx.Component:
    """One field of a member's card with its own Opslaan: the row's id and version go
    along, so a stale save is refused; the error sits under the field it is about."""
    field_id = field + "-" + member["id"]
    error_id = field + "-error-" + member["id"]
    return rx.form(
        rx.el.input(type="hidden", name="membership", value=member["id"]),
        rx.el.input(type="hidden", name="version", value=member["version"]),
        rx.el.label(label, html_for=field_id, font_weight="500", font_size="var(--font-size-2)"),
        rx.hstack(
            rx.input(
                id=field_id,
                name=field,
                aria_invalid=rx.cond(has_error, "true", "false"),
                aria_describedby=rx.cond(has_error, error_id, ""),
                size="3",
                flex="1",
                min_width="0",
                **input_props,
            ),
            rx.button(
                save, type="submit", variant="soft", min_height=TOUCH_TARGET, aria_label=save_label
            ),
            width="100%",
            align="center",
        ),
        rx.cond(
            has_error,
            rx.text(error, id=error_id, role="alert", size="2", color=rx.color("tomato", 11)),
        ),
        on_submit=on_submit,
        reset_on_submit=False,
        width="100%",
        style={"display": "flex", "flex_direction": "column", "gap": "4px"},
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
            phone_line(member),
            rx.cond(member["access_label"] != "", pill(member["access_label"], "amber")),
            rx.cond(member["can_edit_phone"], phone_form(member)),
            rx.cond(member["may_end"], access_until_form(member)),
            rx.cond(
                manage,
                rx.hstack(
                    rx.text(member["role_label"], size="2", color=rx.color("gray", 11)),
                    role_dialog(member),
                    wrap="wrap",
                    spacing="3",
                    align="center",
                    justify="between",
                    width="100%",
                ),
                rx.text(member["role_label"], size="2", color=rx.color("gray", 11)),
            ),
            spacing="2",
            width="100%",
        ),
        style={**card_style, "list_style": "none"},
    )


def invite_until_field() -> rx.Component:
    """A professional's last day of access, copied to the membership when accepted."""
    return rx.vstack(
        rx.el.label(S.t["access_until.invite_label"], html_for="invite-until", font_weight="500"),
        rx.input(
            id="invite-until",
            type="date",
            value=S.invite_access_until,
            on_change=S.set_invite_access_until,
            aria_invalid=rx.cond(S.invite_access_error != "", "true", "false"),
            aria_describedby=rx.cond(S.invite_access_error != "", "invite-until-error", ""),
            width="100%",
            size="3",
        ),
        rx.cond(
            S.invite_access_error != "",
            rx.text(
                S.invite_access_error,
                id="invite-until-error",
                role="alert",
                size="2",
                color=rx.color("tomato", 11),
            ),
        ),
        spacing="2",
        width="100%",
    )


def invite_form() -> rx.Component:
    return rx.vstack(
        rx.el.label(S.t["members.invite_role"], html_for="invite-role", font_weight="500"),
        forms.native_select(
            forms.option_items(S.role_options),
            id="invite-role",
            value=S.invite_role,
            on_change=S.set_invite_role,
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
        rx.cond(S.invite_may_end, invite_until_field()),
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
            share_buttons(
                S.invite_link,
                S.t,
                copy_label=S.t["members.copy"],
                field_id="invite-link",
                title=S.t["members.invite_link"],
                extra=(
                    rx.button(
                        S.t["common.close"],
                        variant="soft",
                        color_scheme="gray",
                        on_click=S.close_invite,
                        min_height=TOUCH_TARGET,
                    ),
                ),
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
