"""Instellingen voor meldingen: the styles its sections share."""

from __future__ import annotations

import reflex as rx

from components.styles import TOUCH_TARGET

FIELDSET = {"border": "none", "padding": "0", "margin": "0", "width": "100%"}
LEGEND = {"font_weight": "600", "padding": "0"}
CHOICE_ROW = {
    "display": "flex",
    "align_items": "center",
    "gap": "10px",
    "min_height": TOUCH_TARGET,
    "cursor": "pointer",
}
CONTROL = {"width": "20px", "height": "20px", "accent_color": "var(--teal-9)", "flex": "none"}
ERROR_COLOUR = rx.color("tomato", 11)
OK_COLOUR = rx.color("grass", 11)
