"""A link to pass on: "Kopieer link" that says "Gekopieerd", and "Delen" on a phone.

The work is done in assets/connectivity.js (a static file: the CSP allows no eval):
- a tap on the copy button copies `data-copy-text`; the button then says "Gekopieerd"
  for a moment (`data-copied`) and a status region announces it. When the browser
  refuses, the link's field is selected and the region says to copy it by hand;
- "Delen" opens the phone's own share sheet (navigator.share). It is hidden until the
  script finds Web Share (it marks <html data-can-share>), so a laptop shows no button
  that does nothing.
"""

from __future__ import annotations

import reflex as rx
from reflex_base.vars.base import Var

from components.styles import TOUCH_TARGET

# Read by screen readers, not shown: the button itself already says "Gekopieerd".
VISUALLY_HIDDEN = {
    "position": "absolute",
    "width": "1px",
    "height": "1px",
    "overflow": "hidden",
    "clip": "rect(0 0 0 0)",
    "white_space": "nowrap",
}

# What shows depends on attributes the script sets, so the rules live with the markup.
SHARE_STYLE = {
    ".share-copy[data-copied] .share-idle": {"display": "none"},
    ".share-copy:not([data-copied]) .share-done": {"display": "none"},
    ".share-web": {"display": "none"},
    "html[data-can-share] & .share-web": {"display": "inline-flex"},
}


def copy_button(link: Var, t: Var, label: Var | str, field_id: str) -> rx.Component:
    return rx.button(
        rx.icon("copy", aria_hidden="true", class_name="share-idle"),
        rx.icon("check", aria_hidden="true", class_name="share-done"),
        rx.el.span(label, class_name="share-idle"),
        rx.el.span(t["share.copied"], class_name="share-done"),
        type="button",
        class_name="share-copy",
        min_height=TOUCH_TARGET,
        custom_attrs={"data-copy-text": link, "data-copy-field": field_id},
    )


def web_share_button(link: Var, t: Var, title: Var | str) -> rx.Component:
    return rx.el.span(
        rx.button(
            rx.icon("share-2", aria_hidden="true"),
            t["share.share"],
            type="button",
            variant="soft",
            min_height=TOUCH_TARGET,
            custom_attrs={"data-share-url": link, "data-share-title": title},
        ),
        class_name="share-web",
    )


def share_buttons(
    link: Var,
    t: Var,
    *,
    copy_label: Var | str,
    field_id: str,
    title: Var | str = "Gezinsdossier",
    extra: tuple[rx.Component, ...] = (),
) -> rx.Component:
    """Copy and share buttons for `link` (shown in the field `field_id`), then `extra`."""
    return rx.flex(
        copy_button(link, t, copy_label, field_id),
        web_share_button(link, t, title),
        *extra,
        rx.el.span(
            role="status",
            class_name="share-status",
            style=VISUALLY_HIDDEN,
            custom_attrs={
                "data-text-copied": t["share.copied"],
                "data-text-failed": t["share.copy_failed"],
            },
        ),
        class_name="share-actions",
        wrap="wrap",
        align="center",
        # One style dict: Reflex lets `style` replace CSS given as keyword arguments.
        style={**SHARE_STYLE, "gap": "12px", "position": "relative"},
    )
