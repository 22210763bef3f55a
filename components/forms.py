"""A plain HTML form that the browser submits itself.

Reflex's own form always cancels the native submit and sends an event instead. Login
and logout must reach our HTTP routes, because only a server response can set or clear
an HttpOnly cookie.
"""

from __future__ import annotations

from typing import Literal

import reflex as rx
from reflex_base.vars.base import Var
from reflex_components_core.el.elements.forms import BaseHTML

from components.styles import TOUCH_TARGET, muted_text
from dossier.domain import once


class NativeForm(BaseHTML):
    tag = "form"

    action: Var[str]
    method: Var[str]
    auto_complete: Var[str]


def once_field(key: Var | str) -> rx.Component:
    """The form's one-time key (dossier/domain/once.py): a double tap saves once."""
    return rx.el.input(type="hidden", name=once.FIELD, value=key)


def native_form(*children: rx.Component, action: str, **props: object) -> rx.Component:
    return NativeForm.create(*children, action=action, method="post", **props)


def labelled_input(
    label: Var | str, name: str, input_type: str, autocomplete: str, **props: object
) -> rx.Component:
    """A required field for a native form: a visible label above an input the form posts.
    `props` go to the input (min_length, aria_describedby, custom_attrs, ...)."""
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
            **props,
        ),
        spacing="1",
        width="100%",
    )


# --------------------------------------------------------------------------------------
# Fields of the Reflex forms: one label, one control, one message, tied by ids
# --------------------------------------------------------------------------------------

ERROR_COLOR = rx.color("tomato", 11)


def error_id(field_id: str) -> str:
    """The id of a field's message, which the control names in aria-describedby."""
    return f"{field_id}-error"


def field_error(
    message: Var, field_id: str, *, live: bool = False, tag: Literal["div", "p"] = "div"
) -> rx.Component:
    """The message about one field, right under it.

    live=False: only there while there is a message (a medium-weight text).
    live=True: always there, empty when all is well, with role=alert, so a screen reader
    hears a new message; `tag` is the element ("div" or "p", which gets margin 0).
    """
    if not live:
        return rx.cond(
            message != "",
            rx.text(message, id=error_id(field_id), size="2", color=ERROR_COLOR, weight="medium"),
        )
    if tag == "p":
        style = {"color": ERROR_COLOR, "font_size": "14px", "margin": "0"}
        return rx.el.p(message, id=error_id(field_id), role="alert", style=style)
    return rx.el.div(
        message, id=error_id(field_id), role="alert", color=ERROR_COLOR, font_size="14px"
    )


def error_props(
    message: Var, field_id: str, *, always_described: bool = True, hint_id: str | None = None
) -> dict:
    """aria-invalid and aria-describedby for a control whose message is `message`.

    always_described=False names the message only while there is one (for a message that
    is only rendered then, see field_error(live=False)); hint_id names a hint first.
    """
    bad = message != ""
    described: Var | str = error_id(field_id)
    if hint_id is not None:
        described = f"{hint_id} {error_id(field_id)}"
    if not always_described:
        described = rx.cond(bad, described, "")
    return {"aria_invalid": rx.cond(bad, "true", "false"), "aria_describedby": described}


def hint_text(text: Var | str, **props: object) -> rx.Component:
    """A short help text between a label and its control."""
    return rx.text(text, size="1", style=muted_text, **props)


def labelled(
    label: Var | str,
    field_id: str,
    control: rx.Component,
    *,
    hint: rx.Component | None = None,
    error: rx.Component | None = None,
    **props: object,
) -> rx.Component:
    """A visible label above its control, with an optional hint and message."""
    return rx.vstack(
        rx.el.label(label, html_for=field_id, font_weight="500"),
        *([hint] if hint is not None else []),
        control,
        *([error] if error is not None else []),
        spacing="1",
        width="100%",
        **props,
    )


def native_select(*options: rx.Component, **props: object) -> rx.Component:
    """The browser's own select (large, familiar on phones), styled by .native-select."""
    return rx.el.select(*options, class_name="native-select", **props)


def option_items(items: Var) -> rx.Component:
    """<option>s from a list of {"label", "value"} rows."""
    return rx.foreach(items, lambda o: rx.el.option(o["label"], value=o["value"]))


def past_question(
    question: Var, *, save_label: Var, change_label: Var, saving: Var, on_change: object
) -> rx.Component:
    """Held back: a date has already been (dossier/domain/past.py). "Toch opslaan" is the
    form's submit again, with the confirmed days in its `past_ok` field; "Datum aanpassen"
    goes back to the date, nothing typed is lost. Shown in place of the form's buttons."""
    return rx.callout.root(
        rx.callout.icon(rx.icon("calendar-clock", aria_hidden="true")),
        rx.callout.text(question, weight="medium"),
        rx.flex(
            rx.button(
                save_label,
                type="submit",
                loading=saving,
                disabled=saving,
                min_height=TOUCH_TARGET,
                size="3",
            ),
            rx.button(
                change_label,
                type="button",
                variant="soft",
                on_click=on_change,
                min_height=TOUCH_TARGET,
                size="3",
            ),
            wrap="wrap",
            gap="3",
        ),
        role="alert",
        color_scheme="amber",
        width="100%",
    )


def save_and_cancel(
    save_label: Var | str, cancel_label: Var | str, *, saving: Var | None = None
) -> rx.Component:
    """A dialog form's save button and its cancel, side by side (wrapping on a phone).
    With `saving`, the save button shows progress and cannot be tapped twice."""
    busy: dict[str, Var] = {} if saving is None else {"loading": saving, "disabled": saving}
    return rx.hstack(
        rx.button(save_label, type="submit", min_height=TOUCH_TARGET, **busy),
        rx.dialog.close(
            rx.button(
                cancel_label,
                type="button",
                variant="soft",
                color_scheme="gray",
                min_height=TOUCH_TARGET,
            )
        ),
        spacing="3",
        wrap="wrap",
    )
