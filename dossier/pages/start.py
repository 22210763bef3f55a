"""Start een gezinsdossier: an account and the family's dossier, in one plain form.

The form posts to POST /api/auth/start (dossier/api/start.py), which sets the HttpOnly
session cookie. After a refusal the browser fills in what was typed again, except the
password (assets/connectivity.js, `data-keep-typed`).
"""

from __future__ import annotations

import reflex as rx

from components.forms import labelled_input, native_form
from components.styles import TOUCH_TARGET, card_style, muted_text
from dossier import routes
from dossier.domain.passwords import MIN_LENGTH
from dossier.pages.public_frame import public_frame
from dossier.state.start import StartState as S
from dossier.urls import backend_url


def kept(field: str) -> dict:
    """Filled in again after the server said no; our own words when the browser stops it."""
    return {"data-keep-typed": "true", "data-invalid-text": S.t[f"start.check.{field}"]}


def hint(text: rx.Var, hint_id: str) -> rx.Component:
    return rx.text(text, id=hint_id, size="1", style=muted_text)


def start_form() -> rx.Component:
    return native_form(
        rx.vstack(
            rx.heading(S.t["start.you"], as_="h2", size="4"),
            labelled_input(S.t["start.name"], "name", "text", "name", custom_attrs=kept("name")),
            labelled_input(
                S.t["login.email"], "email", "email", "username", custom_attrs=kept("email")
            ),
            labelled_input(
                S.t["invitation.password"],
                "password",
                "password",
                "new-password",
                min_length=MIN_LENGTH,
                aria_describedby="start-password-hint",
                custom_attrs={"data-invalid-text": S.t["password.too_short"]},
            ),
            hint(S.t["invitation.password_hint"], "start-password-hint"),
            rx.heading(S.t["start.family"], as_="h2", size="4", padding_top="8px"),
            labelled_input(
                S.t["start.family_name"],
                "family_name",
                "text",
                "off",
                placeholder=S.t["start.family_name_example"],
                custom_attrs=kept("family_name"),
            ),
            labelled_input(
                S.t["start.child_name"],
                "child_name",
                "text",
                "off",
                aria_describedby="start-child-hint",
                custom_attrs=kept("child_name"),
            ),
            hint(S.t["start.child_hint"], "start-child-hint"),
            labelled_input(
                S.t["start.birth_year"],
                "birth_year",
                "text",
                "off",
                input_mode="numeric",
                pattern="[0-9]{4}",
                aria_describedby="start-year-hint",
                custom_attrs=kept("birth_year"),
            ),
            hint(S.t["start.birth_year_hint"], "start-year-hint"),
            rx.button(
                S.t["start.submit"], type="submit", size="3", width="100%", min_height=TOUCH_TARGET
            ),
            spacing="3",
            width="100%",
        ),
        action=backend_url("/api/auth/start"),
        width="100%",
    )


def start_content() -> rx.Component:
    return rx.vstack(
        rx.text(S.t["start.intro"], size="3"),
        rx.cond(
            S.error != "",
            rx.callout(
                S.error, icon="circle-alert", color_scheme="tomato", role="alert", width="100%"
            ),
        ),
        rx.box(start_form(), style=card_style),
        rx.text(S.t["start.for_professionals"], size="2", style=muted_text),
        rx.link(S.t["start.have_account"], href=routes.LOGIN, min_height="24px", weight="medium"),
        spacing="4",
        width="100%",
    )


def start_page() -> rx.Component:
    return public_frame(
        S.t, S.lang, S.t["start.title"], start_content(), on_language=S.set_language
    )
