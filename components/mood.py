"""A mood face (1 very bad ... 5 very good), always with its word for screen readers."""

from __future__ import annotations

import reflex as rx
from reflex_base.vars.base import Var

MOOD_ICONS = {1: "frown", 2: "annoyed", 3: "meh", 4: "smile", 5: "laugh"}
MOOD_COLORS = {1: "tomato", 2: "orange", 3: "amber", 4: "grass", 5: "teal"}


def mood_face(mood: Var, label: Var | str, size: int = 28) -> rx.Component:
    icon = rx.match(
        mood,
        *[
            (value, rx.icon(name, size=size, aria_hidden="true"))
            for value, name in MOOD_ICONS.items()
        ],
        rx.icon("meh", size=size, aria_hidden="true"),
    )
    color = rx.match(
        mood, *[(value, rx.color(c, 11)) for value, c in MOOD_COLORS.items()], rx.color("gray", 11)
    )
    return rx.box(
        icon,
        rx.el.span(label, class_name="sr-only"),
        color=color,
        title=label,
        display="inline-flex",
    )
