"""Uitnodiging: join a family through a link; a dead link says why and grants nothing."""

from __future__ import annotations

import reflex as rx

from components.forms import labelled_input, native_form
from components.styles import TOUCH_TARGET, card_style
from dossier.domain.passwords import MIN_LENGTH
from dossier.pages.login import kept
from dossier.state.invitation import InvitationState as S
from dossier.urls import backend_url


def signup_form() -> rx.Component:
    return native_form(
        rx.el.input(type="hidden", name="token", value=S.token),
        rx.vstack(
            # Name and e-mail are kept after a refusal (assets/connectivity.js).
            labelled_input(
                S.t["invitation.name"], "name", "text", "name", custom_attrs=kept(S.t, "name")
            ),
            labelled_input(
                S.t["login.email"], "email", "email", "username", custom_attrs=kept(S.t, "email")
            ),
            # The browser checks the length first, by the server's own rule.
            labelled_input(
                S.t["invitation.password"],
                "password",
                "password",
                "new-password",
                min_length=MIN_LENGTH,
                aria_describedby="password-hint",
                custom_attrs={"data-invalid-text": S.t["password.too_short"]},
            ),
            rx.text(
                S.t["invitation.password_hint"],
                id="password-hint",
                size="1",
                color=rx.color("gray", 11),
            ),
            rx.button(
                S.t["invitation.join"],
                type="submit",
                size="3",
                width="100%",
                min_height=TOUCH_TARGET,
            ),
            spacing="3",
            width="100%",
        ),
        action=backend_url("/api/invitations/accept"),
        width="100%",
    )


def usable_invitation() -> rx.Component:
    return rx.vstack(
        rx.text(
            S.t["invitation.intro"],
            " ",
            rx.text.strong(S.family_name),
            ". ",
            S.t["invitation.as_role"],
            " ",
            rx.text.strong(S.t["role." + S.role]),
            ".",
        ),
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
        rx.cond(
            S.signed_in_as != "",
            rx.button(
                S.t["invitation.join_as"],
                " ",
                S.signed_in_as,
                on_click=S.join_as_me,
                size="3",
                width="100%",
                min_height=TOUCH_TARGET,
            ),
            rx.box(signup_form(), style=card_style),
        ),
        rx.cond(
            S.oidc_enabled & (S.signed_in_as == ""),
            rx.link(
                S.t["invitation.oidc"], href=backend_url("/api/auth/oidc/start?invite=") + S.token
            ),
        ),
        spacing="4",
        width="100%",
    )


def invitation_page() -> rx.Component:
    return rx.center(
        rx.el.main(
            rx.vstack(
                rx.heading(S.t["invitation.title"], as_="h1", size="7"),
                rx.cond(
                    ~S.loaded,
                    rx.spinner(),
                    rx.cond(
                        S.problem_key != "",
                        rx.callout(
                            S.t[S.problem_key],
                            icon="circle-alert",
                            color_scheme="tomato",
                            role="alert",
                            width="100%",
                        ),
                        usable_invitation(),
                    ),
                ),
                rx.link(S.t["invitation.to_login"], href="/login"),
                spacing="5",
                width="100%",
                max_width="440px",
            ),
            width="100%",
            padding="24px 16px",
            lang=S.lang,
        ),
        min_height="100vh",
        align_items="flex-start",
        background=rx.color("gray", 2),
    )
