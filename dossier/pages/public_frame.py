"""The frame of a public page (no login): the app's name, a heading, a narrow column."""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex_base.vars.base import Var

from components.connectivity import connection_notices
from components.user_menu import language_choice


def public_frame(
    t: Var, lang: Var, title: Var, *children: rx.Component, on_language: Any = None
) -> rx.Component:
    """`on_language`: the state's set_language, for the language buttons at the bottom."""
    page = rx.center(
        rx.el.main(
            rx.vstack(
                rx.hstack(
                    rx.icon("book-heart", size=28, color=rx.color("teal", 11), aria_hidden="true"),
                    rx.text(t["app.name"], size="5", weight="bold"),
                    align="center",
                ),
                rx.heading(title, as_="h1", size="7"),
                *children,
                language_choice(t, lang, on_language) if on_language is not None else rx.fragment(),
                spacing="5",
                width="100%",
                max_width="440px",
            ),
            width="100%",
            padding="24px 16px",
            lang=lang,
        ),
        min_height="100vh",
        align_items="flex-start",
        background=rx.color("gray", 2),
    )
    return rx.fragment(connection_notices(t), page)


def back_to_login(label: Var) -> rx.Component:
    return rx.link(
        label, href="/login", min_height="24px", display="inline-flex", align_items="center"
    )
