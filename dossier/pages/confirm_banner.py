"""The reminder in the signed-in shell until the address is confirmed (with a resend)."""

from __future__ import annotations

import reflex as rx

from components.styles import TOUCH_TARGET
from dossier.state.base import AppState


def confirm_banner() -> rx.Component:
    t = AppState.t
    return rx.cond(
        AppState.unconfirmed_email != "",
        rx.callout.root(
            rx.callout.icon(rx.icon("mail-warning", aria_hidden="true")),
            rx.flex(
                rx.callout.text(AppState.confirm_banner_text),
                rx.button(
                    t["confirm.resend"],
                    on_click=AppState.resend_confirmation,
                    variant="outline",
                    size="2",
                    min_height=TOUCH_TARGET,
                    type="button",
                ),
                gap="8px",
                wrap="wrap",
                align="center",
                justify="between",
                width="100%",
            ),
            color_scheme="amber",
            role="status",
            width="100%",
            margin_bottom="12px",
        ),
    )
