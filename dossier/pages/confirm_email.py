"""The link in "Bevestig je e-mailadres": checked on load, then on to the app."""

from __future__ import annotations

import reflex as rx

from dossier.pages.public_frame import public_frame
from dossier.state.password_reset import ConfirmEmailState as S


def confirm_email_page() -> rx.Component:
    return public_frame(
        S.t,
        S.lang,
        S.t["mail.confirm.subject"],
        rx.hstack(rx.spinner(), rx.text(S.t["confirm.checking"]), role="status", align="center"),
    )
