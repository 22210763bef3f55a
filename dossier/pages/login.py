"""Inloggen: a plain form that posts to the server, which sets the HttpOnly cookie."""

from __future__ import annotations

import reflex as rx
from reflex_base.vars.base import Var

from components.connectivity import connection_notices
from components.forms import labelled_input, native_form
from components.styles import TOUCH_TARGET, card_style
from components.user_menu import language_choice
from dossier import routes
from dossier.state.login import LoginState as S
from dossier.urls import backend_url


def kept(t: Var, field: str) -> dict[str, Var | str]:
    """A field the browser fills in again after the server said no, with our own words
    when the browser's check stops the form (both in assets/connectivity.js)."""
    return {"data-keep-typed": "true", "data-invalid-text": t[f"signin.check.{field}"]}


def notice() -> rx.Component:
    return rx.cond(
        S.notice != "",
        # Two static icons, not an icon named by state (that would ship lucide's whole map).
        rx.callout.root(
            rx.callout.icon(rx.cond(S.is_error, rx.icon("circle-alert"), rx.icon("info"))),
            rx.callout.text(S.notice),
            color_scheme=rx.cond(S.is_error, "tomato", "teal"),
            role="alert",
            width="100%",
        ),
    )


def oidc_login() -> rx.Component:
    """A plain link to the server route, which sends the browser to the organisation."""
    return rx.vstack(
        rx.text(S.t["oidc.hint"], size="2"),
        # rx.el.a is a React Router link: reload_document makes the browser really leave
        # for the server route, which redirects to the organisation's login page.
        rx.el.a(
            rx.icon("building-2", size=18, aria_hidden="true"),
            S.t["oidc.button"],
            href=backend_url("/api/auth/oidc/start"),
            reload_document=True,
            display="flex",
            align_items="center",
            justify_content="center",
            gap="8px",
            width="100%",
            min_height=TOUCH_TARGET,
            padding="8px 16px",
            border=f"1px solid {rx.color('teal', 8)}",
            border_radius="max(var(--radius-3), var(--radius-full))",
            color=rx.color("teal", 11),
            background=rx.color("gray", 1),
            font_weight="500",
            text_align="center",
            text_decoration="none",
        ),
        spacing="2",
        width="100%",
        style=card_style,
    )


def login_page() -> rx.Component:
    form = native_form(
        rx.vstack(
            # Kept after a wrong password (assets/connectivity.js); the password never is.
            labelled_input(
                S.t["login.email"], "email", "email", "username", custom_attrs=kept(S.t, "email")
            ),
            labelled_input(
                S.t["login.password"],
                "password",
                "password",
                "current-password",
                custom_attrs={"data-invalid-text": S.t["signin.check.password"]},
            ),
            rx.button(
                S.t["login.submit"], type="submit", size="3", width="100%", min_height=TOUCH_TARGET
            ),
            spacing="4",
            width="100%",
        ),
        action=backend_url("/api/auth/login"),
        width="100%",
    )
    page = rx.center(
        rx.el.main(
            rx.vstack(
                rx.hstack(
                    rx.icon("book-heart", size=28, color=rx.color("teal", 11), aria_hidden="true"),
                    rx.heading(S.t["app.name"], as_="h1", size="7"),
                    align="center",
                ),
                rx.text(S.t["login.intro"], size="3"),
                notice(),
                rx.box(form, style=card_style),
                rx.link(
                    S.t["forgot.link"],
                    href=routes.PASSWORD_FORGOTTEN,
                    min_height="24px",
                    display="inline-flex",
                    align_items="center",
                ),
                rx.cond(S.oidc_enabled, oidc_login()),
                # Issue 17: a new family starts its own dossier (dossier/pages/start.py).
                rx.box(
                    rx.text(S.t["start.no_account"], size="2"),
                    rx.link(
                        rx.icon("circle-plus", size=18, aria_hidden="true"),
                        S.t["start.title"],
                        href=routes.START,
                        min_height=TOUCH_TARGET,
                        display="inline-flex",
                        align_items="center",
                        gap="8px",
                        weight="bold",
                    ),
                    style=card_style,
                    width="100%",
                ),
                language_choice(S.t, S.lang, S.set_language),
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
    return rx.fragment(connection_notices(S.t), page)
