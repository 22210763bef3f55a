"""Meldingen: every notification of the signed-in person, newest first, unread marked.

Each row says what and who ("Anna vroeg je: ..."); a brother or sister who wants to
talk stands out (a wide orange edge, an icon and "Wil praten"). Tapping one marks it
read and opens its item; "Gelezen" marks one read without leaving; "Alles gelezen"
marks them all. The bell in the header leads here.
"""

from __future__ import annotations

import reflex as rx

from components.cards import item_list, page_title, pill
from components.styles import TOUCH_TARGET, card_style, muted_text
from dossier import routes
from dossier.pages.layout import signed_in_page
from dossier.state.notifications import NotificationRow
from dossier.state.notifications import NotificationsState as S

BLOCK = {"display": "block"}


def talk_mark() -> rx.Component:
    """A brother or sister wants to talk: an icon and a word, not colour alone."""
    return rx.el.span(
        rx.icon("message-circle-heart", size=18, aria_hidden="true"),
        S.t["notif.item.talk_badge"],
        style={
            "display": "inline-flex",
            "align_items": "center",
            "gap": "6px",
            "padding": "2px 10px",
            "border_radius": "999px",
            "font_size": "14px",
            "font_weight": "600",
            # The darkest orange on a light one: well over 4.5:1, also in dark mode.
            "color": rx.color("orange", 12),
            "background": rx.color("orange", 4),
        },
    )


def edge(item: NotificationRow) -> rx.Var:
    """The left edge: orange and wide when someone wants to talk, teal when unread."""
    return rx.cond(
        item["talk"],
        f"6px solid {rx.color('orange', 9)}",
        rx.cond(
            item["unread"],
            f"4px solid {rx.color('teal', 9)}",
            f"1px solid {rx.color('gray', 5)}",
        ),
    )


def notification_item(item: NotificationRow) -> rx.Component:
    return rx.el.li(
        rx.el.button(
            rx.el.span(
                rx.cond(item["unread"], pill(S.t["notif.list.new"], "teal")),
                rx.cond(item["talk"], talk_mark()),
                style={"display": "flex", "gap": "8px", "align_items": "center"},
            ),
            rx.el.span(
                item["text"],
                style={
                    **BLOCK,
                    "font_size": "16px",
                    "font_weight": rx.cond(item["unread"], "700", "400"),
                    "margin_top": "2px",
                },
            ),
            rx.el.time(
                item["when"],
                date_time=item["iso"],
                style={**BLOCK, **muted_text, "font_size": "14px", "margin_top": "4px"},
            ),
            on_click=S.open_notification(item["id"]),
            type="button",
            style={
                "flex": "1",
                "min_width": "0",
                "text_align": "left",
                "background": "transparent",
                "border": "none",
                "padding": "4px 0",
                "cursor": "pointer",
                "color": "inherit",
                "font": "inherit",
                "min_height": TOUCH_TARGET,
            },
        ),
        rx.cond(
            item["unread"],
            rx.button(
                rx.icon("check", size=16, aria_hidden="true"),
                S.t["notif.list.mark_one"],
                on_click=S.mark_one_read(item["id"]),
                variant="soft",
                size="2",
                min_height=TOUCH_TARGET,
                aria_label=S.t["notif.list.mark_one_label"] + ": " + item["text"],
            ),
        ),
        style={
            **card_style,
            "list_style": "none",
            "display": "flex",
            "align_items": "center",
            "gap": "12px",
            "border_left": edge(item),
            "background": rx.cond(item["talk"], rx.color("orange", 2), rx.color("gray", 1)),
        },
        custom_attrs={
            "data-unread": rx.cond(item["unread"], "true", "false"),
            "data-talk": rx.cond(item["talk"], "true", "false"),
        },
    )


def toolbar() -> rx.Component:
    return rx.hstack(
        rx.text(S.unread_text, size="2", role="status", style=muted_text),
        rx.spacer(),
        rx.cond(
            S.unread > 0,
            rx.button(
                rx.icon("check-check", size=16, aria_hidden="true"),
                S.t["notif.list.mark_all"],
                on_click=S.mark_everything_read,
                variant="soft",
                min_height=TOUCH_TARGET,
            ),
        ),
        rx.link(
            rx.hstack(
                rx.icon("sliders-horizontal", size=16, aria_hidden="true"),
                S.t["notif.list.settings_link"],
                align="center",
                spacing="1",
            ),
            href=routes.NOTIFICATION_SETTINGS,
            min_height=TOUCH_TARGET,
            display="flex",
            align_items="center",
            _hover={"color": rx.color("accent", 11)},
        ),
        align="center",
        wrap="wrap",
        width="100%",
        spacing="3",
    )


def notifications_page() -> rx.Component:
    return signed_in_page(
        routes.NOTIFICATIONS,
        page_title(S.t["notif.list.title"], S.t["notif.list.subtitle"]),
        toolbar(),
        rx.el.section(
            rx.heading(S.t["notif.list.heading"], as_="h2", class_name="sr-only", id="notif-list"),
            item_list(
                loaded=S.loaded,
                items=S.items,
                render=notification_item,
                empty_text=S.t["notif.list.empty"],
                loading_text=S.t["common.loading"],
                empty_icon="bell",
            ),
            aria_labelledby="notif-list",
            width="100%",
        ),
        needs_family=False,  # your own notifications, with or without a family
        refresh=S.load_notifications,
    )
