"""Mijn check-in, the header: app name, the sibling's first name, language; no way into
the dossier."""

from __future__ import annotations

import reflex as rx

from dossier import routes
from dossier.state.base import LocaleState
from dossier.state.my_checkin import MyCheckinState

S = MyCheckinState
t = S.t


def way_out(label: rx.Var, href: str, icon: str) -> rx.Component:
    """A plain link (accounts only), 48 px high, that keeps its colour on hover."""
    return rx.link(
        rx.icon(icon, size=18, aria_hidden="true"),
        label,
        href=href,
        # rx.link turns accent 8 on hover, too light to read; keep a readable colour.
        _hover={"color": rx.color("teal", 12)},
        class_name="mc-header-link",
    )


def language_button(code: str, key: str) -> rx.Component:
    return rx.button(
        t[key],
        on_click=LocaleState.set_language(code),
        variant=rx.cond(S.lang == code, "solid", "outline"),
        aria_pressed=rx.cond(S.lang == code, "true", "false"),
        lang=code,
        type="button",
        class_name="mc-button",
    )


def header() -> rx.Component:
    return rx.el.header(
        rx.el.div(
            rx.el.div(
                rx.icon("book-heart", size=24, color=rx.color("teal", 11), aria_hidden="true"),
                rx.el.div(
                    rx.el.span(t["app.name"], class_name="mc-app-name"),
                    rx.cond(
                        S.first_name != "",
                        rx.el.span(t["mine.hello"], " ", S.first_name, class_name="mc-hello"),
                    ),
                ),
                class_name="mc-brand",
            ),
            rx.el.div(
                language_button("nl", "language.nl"),
                language_button("en", "language.en"),
                role="group",
                aria_label=t["menu.language"],
                class_name="mc-languages",
            ),
            rx.cond(
                S.loaded & ~S.via_link,
                way_out(t["mine.to_tasks"], routes.TASKS, "list-checks"),
            ),
            class_name="mc-header-inner",
        ),
        class_name="mc-header",
    )
