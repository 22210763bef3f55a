"""Wachtwoord herstellen: the link from the mail; a new password twice, or a calm page
that asks for a new link when this one is used, expired or unknown."""

from __future__ import annotations

import reflex as rx

from components.forms import labelled_input, native_form
from components.styles import TOUCH_TARGET, card_style
from dossier import routes
from dossier.domain.passwords import MIN_LENGTH
from dossier.pages.public_frame import back_to_login, public_frame
from dossier.state.password_reset import PasswordResetState as S
from dossier.urls import backend_url


def new_password_form() -> rx.Component:
    def password(label_key: str, name: str) -> rx.Component:
        return labelled_input(
            S.t[label_key],
            name,
            "password",
            "new-password",
            min_length=MIN_LENGTH,
            aria_describedby="password-hint",
            custom_attrs={"data-invalid-text": S.t["password.too_short"]},
        )

    return native_form(
        rx.el.input(type="hidden", name="token", value=S.token),
        rx.vstack(
            password("reset.password", "password"),
            password("reset.repeat", "repeat"),
            rx.text(
                S.t["reset.password_hint"], id="password-hint", size="2", color=rx.color("gray", 11)
            ),
            rx.button(
                S.t["reset.submit"], type="submit", size="3", width="100%", min_height=TOUCH_TARGET
            ),
            spacing="4",
            width="100%",
        ),
        action=backend_url("/api/auth/password/reset"),
        width="100%",
    )


def dead_link() -> rx.Component:
    return rx.vstack(
        rx.callout(
            S.t["reset.dead.body"],
            icon="link-2-off",
            color_scheme="amber",
            role="status",
            width="100%",
        ),
        rx.link(
            S.t["reset.dead.action"],
            href=routes.PASSWORD_FORGOTTEN,
            weight="medium",
            min_height="44px",
            display="inline-flex",
            align_items="center",
        ),
        spacing="3",
        width="100%",
    )


def password_reset_page() -> rx.Component:
    return public_frame(
        S.t,
        S.lang,
        # A dead link says so in the heading too.
        rx.cond(S.loaded & ~S.live, S.t["reset.dead.title"], S.t["reset.title"]),
        rx.cond(
            ~S.loaded,
            rx.spinner(),
            rx.cond(
                S.live,
                rx.fragment(
                    rx.text(S.t["reset.intro"], size="3"),
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
                    rx.box(new_password_form(), style=card_style, width="100%"),
                ),
                dead_link(),
            ),
        ),
        back_to_login(S.t["forgot.back"]),
        on_language=S.set_language,
    )
