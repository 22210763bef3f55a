"""Dossier sluiten: what closing means, then ask (or, as the only parent, close).

A closed dossier does not show this page: the frame shows the calm closed notice with
"Heropenen" for parents (dossier/pages/layout.py `closed_notice`).
"""

from __future__ import annotations

import reflex as rx

from components.cards import loading, page_title
from components.dialogs import confirm_dialog
from components.styles import TOUCH_TARGET, card_style
from dossier import routes
from dossier.pages.layout import signed_in_page
from dossier.state.closing import ClosingState as S


def what_closing_means() -> rx.Component:
    t = S.t
    return rx.vstack(
        rx.text(t["closing.intro"]),
        rx.el.ul(
            rx.el.li(t["closing.point_access"]),
            rx.el.li(t["closing.point_reopen"]),
            rx.el.li(t["closing.point_erase"]),
            rx.el.li(t["closing.point_log"]),
            padding_left="20px",
            margin="0",
            style={"display": "grid", "gap": "6px"},
        ),
        rx.hstack(
            rx.icon("download", size=18, color=rx.color("teal", 11), aria_hidden="true"),
            rx.text(
                t["closing.download_first"],
                " ",
                rx.link(
                    t["closing.download_link"],
                    href=routes.MY_DATA,
                    weight="medium",
                    color=rx.color("teal", 11),
                    min_height="24px",
                    display="inline-flex",
                    align_items="center",
                    text_decoration="underline",
                ),
                size="2",
            ),
            align="center",
            style={**card_style, "border_left": f"4px solid {rx.color('teal', 9)}"},
            width="100%",
        ),
        spacing="3",
        width="100%",
    )


def ask_button() -> rx.Component:
    t = S.t
    return confirm_dialog(
        rx.button(
            rx.icon("archive", size=16, aria_hidden="true"),
            t["closing.ask"],
            color_scheme="tomato",
            variant="outline",
            min_height=TOUCH_TARGET,
            id="close-dossier",
        ),
        title=t["closing.confirm_title"],
        description=[rx.cond(S.parents > 1, t["closing.confirm_two"], t["closing.confirm_alone"])],
        cancel_label=t["closing.cancel"],
        confirm_label=rx.cond(S.parents > 1, t["closing.do_ask"], t["closing.do_close"]),
        on_confirm=S.ask_to_close,
    )


def waiting_for_other() -> rx.Component:
    """I asked: the other parent has to confirm; I can take it back."""
    t = S.t
    return rx.vstack(
        rx.text(t["closing.waiting_mine"], weight="medium"),
        rx.button(
            t["closing.withdraw"],
            on_click=S.cancel_request(S.request_id),
            variant="soft",
            color_scheme="gray",
            min_height=TOUCH_TARGET,
        ),
        role="status",
        spacing="3",
        style=card_style,
        width="100%",
    )


def asked_to_confirm() -> rx.Component:
    """The other parent asked: yes closes at once, no keeps it open."""
    t = S.t
    return rx.vstack(
        rx.heading(S.waiting_text, as_="h2", size="4"),
        rx.text(t["closing.agree_text"]),
        rx.hstack(
            confirm_dialog(
                rx.button(
                    t["closing.agree"],
                    color_scheme="tomato",
                    variant="outline",
                    min_height=TOUCH_TARGET,
                    id="confirm-close",
                ),
                title=t["closing.confirm_title"],
                description=[t["closing.agree_text"]],
                cancel_label=t["closing.cancel"],
                confirm_label=t["closing.do_close"],
                on_confirm=S.confirm_close(S.request_id),
            ),
            rx.button(
                t["closing.decline"],
                on_click=S.cancel_request(S.request_id),
                variant="soft",
                color_scheme="gray",
                min_height=TOUCH_TARGET,
            ),
            wrap="wrap",
            spacing="3",
        ),
        spacing="3",
        style={**card_style, "border_left": f"4px solid {rx.color('amber', 9)}"},
        width="100%",
    )


def closing_body() -> rx.Component:
    t = S.t
    return rx.vstack(
        rx.cond(S.may_confirm, asked_to_confirm()),
        what_closing_means(),
        rx.cond(
            S.asked_by_me,
            waiting_for_other(),
            rx.cond(
                ~S.may_confirm,
                rx.vstack(
                    rx.text(
                        rx.cond(S.parents > 1, t["closing.two_parents"], t["closing.one_parent"]),
                        size="2",
                        color=rx.color("gray", 11),
                    ),
                    ask_button(),
                    spacing="3",
                ),
            ),
        ),
        spacing="5",
        width="100%",
        max_width="640px",
    )


def closing_page() -> rx.Component:
    return signed_in_page(
        routes.CLOSING,
        page_title(S.t["closing.title"], S.family_name),
        rx.cond(S.loaded, closing_body(), loading(S.t["common.loading"])),
        refresh=S.load_closing,
    )
