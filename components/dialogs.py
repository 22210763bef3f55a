"""A confirmation before something that cannot simply be taken back."""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex_base.vars.base import Var

from components.styles import TOUCH_TARGET


def confirm_dialog(
    trigger: rx.Component,
    *,
    title: Var | str,
    description: list[Var | str],
    cancel_label: Var | str,
    confirm_label: Var | str,
    on_confirm: Any,
    danger: bool = True,
) -> rx.Component:
    """The trigger opens an alert dialog; only the confirm button does the thing."""
    # Radix's solid tomato (step 9) is too light for white text (WCAG AA); step 11 is not.
    confirm_colour = {"color_scheme": "tomato", "background": rx.color("tomato", 11)}
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(trigger),
        rx.alert_dialog.content(
            rx.alert_dialog.title(title),
            rx.alert_dialog.description(*description),
            rx.hstack(
                rx.alert_dialog.cancel(
                    rx.button(
                        cancel_label, variant="soft", color_scheme="gray", min_height=TOUCH_TARGET
                    )
                ),
                rx.alert_dialog.action(
                    rx.button(
                        confirm_label,
                        on_click=on_confirm,
                        min_height=TOUCH_TARGET,
                        **(confirm_colour if danger else {}),
                    )
                ),
                justify="end",
                wrap="wrap",
                spacing="3",
                margin_top="16px",
            ),
            max_width="420px",
        ),
    )
