"""A plain HTML form that the browser submits itself.

Reflex's own form always cancels the native submit and sends an event instead. Login
and logout must reach our HTTP routes, because only a server response can set or clear
an HttpOnly cookie.
"""

from __future__ import annotations

import reflex as rx
from reflex_base.vars.base import Var
from reflex_components_core.el.elements.forms import BaseHTML


class NativeForm(BaseHTML):
    tag = "form"

    action: Var[str]
    method: Var[str]
    auto_complete: Var[str]


def native_form(*children: rx.Component, action: str, **props: object) -> rx.Component:
    return NativeForm.create(*children, action=action, method="post", **props)


def labelled_input(label: Var | str, name: str, input_type: str, autocomplete: str) -> rx.Component:
    """A required field for a native form: a visible label above an input the form posts."""
    return rx.vstack(
        rx.el.label(label, html_for=name, font_weight="500"),
        rx.input(
            id=name,
            name=name,
            type=input_type,
            auto_complete=autocomplete,
            required=True,
            size="3",
            width="100%",
            max_length=254 if input_type == "email" else 1024,
        ),
        spacing="1",
        width="100%",
    )
