"""The 404 page: in the person's language, with the app's look and a way home.

Public (no family data), so it uses only the language state; "/" sends a signed-in
person to their overview and anyone else to the login page.
"""

from __future__ import annotations

import reflex as rx

from components.styles import TOUCH_TARGET, card_style
from dossier import routes
from dossier.state.base import LocaleState as S


def not_found_page() -> rx.Component:
    return rx.center(
        rx.el.main(
            rx.vstack(
                rx.hstack(
                    rx.icon("book-heart", size=28, color=rx.color("teal", 11), aria_hidden="true"),
                    rx.text(S.t["app.name"], size="5", weight="bold"),
                    align="center",
                ),
                rx.vstack(
                    rx.heading(S.t["notfound.title"], as_="h1", size="6"),
                    rx.text(S.t["notfound.text"], size="3"),
                    rx.link(
                        rx.icon("house", size=18, aria_hidden="true"),
                        S.t["notfound.home"],
                        href=routes.OVERVIEW,
                        display="inline-flex",
                        align_items="center",
                        gap="8px",
                        min_height=TOUCH_TARGET,
                        weight="medium",
                    ),
                    spacing="3",
                    width="100%",
                    style=card_style,
                ),
                spacing="5",
                width="100%",
                max_width="420px",
            ),
            width="100%",
            padding="24px 16px",
            lang=S.lang,
        ),
        min_height="100vh",
        align_items="flex-start",
        background=rx.color("gray", 2),
    )
