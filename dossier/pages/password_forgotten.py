"""Wachtwoord vergeten: an address in, always the same calm answer out."""

from __future__ import annotations

import reflex as rx

from components.forms import labelled_input, native_form
from components.styles import TOUCH_TARGET, card_style
from dossier.pages.login import kept
from dossier.pages.public_frame import back_to_login, public_frame
from dossier.state.password_reset import PasswordForgottenState as S
from dossier.urls import backend_url


def ask_form() -> rx.Component:
    return native_form(
        rx.vstack(
            labelled_input(
                S.t["login.email"], "email", "email", "username", custom_attrs=kept(S.t, "email")
            ),
            rx.button(
                S.t["forgot.submit"], type="submit", size="3", width="100%", min_height=TOUCH_TARGET
            ),
            spacing="4",
            width="100%",
        ),
        action=backend_url("/api/auth/password/forgotten"),
        width="100%",
    )


def password_forgotten_page() -> rx.Component:
    return public_frame(
        S.t,
        S.lang,
        S.t["forgot.title"],
        rx.cond(
            S.sent,
            rx.callout(S.t["forgot.sent"], icon="mail-check", color_scheme="teal", role="status"),
            rx.fragment(
                rx.text(S.t["forgot.intro"], size="3"),
                rx.cond(
                    S.error_key != "",
                    rx.callout(
                        S.t[S.error_key],
                        icon="circle-alert",
                        color_scheme="tomato",
                        role="alert",
                        width="100%",
                    ),
                ),
                rx.box(ask_form(), style=card_style, width="100%"),
            ),
        ),
        rx.text(S.t["forgot.oidc_hint"], size="2", color=rx.color("gray", 11)),
        back_to_login(S.t["forgot.back"]),
        on_language=S.set_language,
    )
