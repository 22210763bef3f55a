"""Agenda: the phone's calendar (a private feed link, how to add it, renew or stop it)."""

from __future__ import annotations

import reflex as rx

from components.cards import section_card
from components.dialogs import confirm_dialog
from components.share import share_buttons
from components.styles import TOUCH_TARGET, link_button
from dossier.pages.agenda.form import LABEL_STYLE
from dossier.state.agenda import AgendaState as S


def how_to(title_key: str, steps_key: str) -> rx.Component:
    return rx.vstack(
        rx.heading(S.t[title_key], as_="h3", size="2"),
        rx.text(S.t[steps_key], size="2"),
        spacing="1",
        width="100%",
    )


def renew_button() -> rx.Component:
    return confirm_dialog(
        rx.button(
            rx.icon("refresh-cw", aria_hidden="true"),
            S.t["agenda.feed.renew"],
            variant="soft",
            min_height=TOUCH_TARGET,
        ),
        title=S.t["agenda.feed.renew_title"],
        description=[S.t["agenda.feed.renew_warning"]],
        cancel_label=S.t["common.cancel"],
        confirm_label=S.t["agenda.feed.renew_confirm"],
        on_confirm=S.renew_feed_link,
        danger=False,
    )


def new_feed_link() -> rx.Component:
    return rx.vstack(
        rx.callout(S.t["agenda.feed.once"], icon="info", color_scheme="teal", width="100%"),
        rx.el.label(S.t["agenda.feed.link"], html_for="feed-link", style=LABEL_STYLE),
        rx.input(id="feed-link", value=S.feed_link, read_only=True, width="100%", size="3"),
        share_buttons(
            S.feed_link,
            S.t,
            copy_label=S.t["agenda.feed.copy"],
            field_id="feed-link",
            title=S.t["agenda.feed.link"],
            extra=(
                rx.el.a(
                    rx.icon("calendar-plus", size=18, aria_hidden="true"),
                    S.t["agenda.feed.open"],
                    href=S.feed_webcal,
                    style=link_button,
                ),
                rx.button(
                    S.t["common.close"],
                    variant="soft",
                    color_scheme="gray",
                    on_click=S.close_feed_link,
                    min_height=TOUCH_TARGET,
                ),
            ),
        ),
        how_to("agenda.feed.iphone", "agenda.feed.iphone_steps"),
        how_to("agenda.feed.android", "agenda.feed.android_steps"),
        spacing="3",
        width="100%",
    )


def feed_section() -> rx.Component:
    return section_card(
        S.t["agenda.feed.title"],
        rx.text(S.t["agenda.feed.intro"], size="2"),
        rx.cond(
            S.feed_link != "",
            new_feed_link(),
            rx.cond(
                S.has_feed,
                rx.vstack(
                    rx.text(S.t["agenda.feed.exists"], size="2"),
                    renew_button(),
                    spacing="3",
                    width="100%",
                ),
                rx.button(
                    rx.icon("calendar-plus", aria_hidden="true"),
                    S.t["agenda.feed.make"],
                    on_click=S.make_feed_link,
                    min_height=TOUCH_TARGET,
                ),
            ),
        ),
        heading_id="agenda-telefoon",
    )
