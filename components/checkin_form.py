"""State-free pieces of the sibling's check-in screen: numbered steps and picture choices.

Every choice is a real form control (a native radio button or checkbox) inside its own
<label>, so the whole tile is the tap target and a screen reader says the words. The
looks live in assets/my_checkin.css (sizes in rem, so the screen grows with large text).
"""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex_base.vars.base import Var


def step(
    number: int,
    title: Var | str,
    *children: rx.Component,
    error: Var,
    hint: Var | str | None = None,
    name: str,
) -> rx.Component:
    """One numbered step: a fieldset whose legend is the step's heading."""
    return rx.el.fieldset(
        rx.el.legend(
            rx.el.h2(
                rx.el.span(f"{number}.", class_name="mc-step-number"),
                " ",
                title,
                class_name="mc-step-title",
            ),
        ),
        rx.el.p(hint, class_name="mc-hint", id=f"mc-{name}-hint")
        if hint is not None
        else rx.fragment(),
        *children,
        step_error(error, f"mc-{name}-error"),
        class_name="mc-step",
        aria_describedby=f"mc-{name}-error",
    )


def step_error(message: Var, element_id: str) -> rx.Component:
    """Always present (an empty live region), so a new message is read out at once."""
    return rx.el.div(
        rx.cond(
            message != "",
            rx.el.p(
                rx.icon("circle-alert", size=20, aria_hidden="true", flex_shrink="0"),
                rx.el.span(message),
                class_name="mc-error",
            ),
        ),
        role="alert",
        id=element_id,
    )


def face_choice(
    value: str, label: Var, icon: str, color: str, checked: Var, on_change: Any
) -> rx.Component:
    """One of the five faces: a radio button covering the whole tile, with its word."""
    return rx.el.label(
        rx.el.input(
            type="radio",
            name="mood",
            value=value,
            checked=checked,
            on_change=on_change,
            class_name="mc-face-input",
        ),
        rx.icon(icon, size=44, aria_hidden="true", color=rx.color(color, 11)),
        rx.el.span(label, class_name="mc-face-word"),
        class_name="mc-face",
    )


def choice_tile(
    *,
    kind: str,
    name: str,
    value: Var | str,
    label: Var | str,
    icon: rx.Component,
    checked: Var,
    on_change: Any,
    detail: Var | str | None = None,
) -> rx.Component:
    """A picture-and-word choice with a visible box (checkbox) or dot (radio)."""
    return rx.el.label(
        rx.el.input(
            type=kind,
            name=name,
            value=value,
            checked=checked,
            on_change=on_change,
            class_name="mc-tile-input",
        ),
        rx.el.span(icon, class_name="mc-tile-icon"),
        rx.el.span(
            rx.el.span(label, class_name="mc-tile-word"),
            rx.el.span(detail, class_name="mc-tile-detail")
            if detail is not None
            else rx.fragment(),
            class_name="mc-tile-text",
        ),
        class_name="mc-tile",
    )


def picture(icon: str, color: str = "teal") -> rx.Component:
    return rx.icon(icon, size=28, aria_hidden="true", color=rx.color(color, 11))
