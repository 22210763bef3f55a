"""Mijn gezinnen, issue 17: a hospital case manager starts a dossier for a family.

State-free: the caseload page passes its vars and events. The dialog asks the family's
name, the child's first name and year of birth (nothing medical); after starting it
shows the parent invitation once (a link and a QR code), as "Gezin en toegang" does.
"""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex_base.vars.base import Var

from components.forms import once_field
from components.share import share_buttons
from components.styles import TOUCH_TARGET, card_style, muted_text


def _field(label: Var, name: str, hint_id: str = "", hint: Var | None = None, **props: Any):
    return rx.vstack(
        rx.el.label(label, html_for=f"start-{name}", font_weight="500"),
        rx.cond(hint is not None, rx.text(hint, id=hint_id, size="1", style=muted_text))
        if hint is not None
        else rx.fragment(),
        rx.input(
            id=f"start-{name}",
            name=name,
            required=True,
            size="3",
            width="100%",
            **({"aria_describedby": hint_id} if hint_id else {}),
            **props,
        ),
        spacing="1",
        width="100%",
    )


def _form(t: Var, *, on_submit: Any, error: Var, send_key: Var) -> rx.Component:
    return rx.form(
        rx.vstack(
            once_field(send_key),
            _field(t["start.family_name"], "family_name", max_length=120),
            _field(t["start.child_name"], "child_name", max_length=120),
            _field(
                t["start.birth_year"],
                "birth_year",
                "start-year-hint-cm",
                t["start.birth_year_hint"],
                input_mode="numeric",
                max_length=4,
            ),
            rx.cond(
                error != "",
                rx.callout(error, icon="circle-alert", color_scheme="tomato", role="alert"),
            ),
            rx.text(t["start_for.after"], size="2", style=muted_text),
            rx.hstack(
                rx.dialog.close(
                    rx.button(
                        t["common.cancel"],
                        variant="soft",
                        color_scheme="gray",
                        type="button",
                        min_height=TOUCH_TARGET,
                    )
                ),
                rx.button(t["start_for.submit"], type="submit", min_height=TOUCH_TARGET),
                justify="end",
                width="100%",
                wrap="wrap",
            ),
            spacing="3",
            width="100%",
        ),
        on_submit=on_submit,
        reset_on_submit=False,
    )


def _started(t: Var, name: Var, link: Var, qr: Var) -> rx.Component:
    return rx.vstack(
        rx.callout(t["start_for.done"], icon="circle-check", color_scheme="teal", role="status"),
        rx.text(name, weight="bold"),
        rx.text(t["waiting.link_once"], size="2"),
        rx.el.label(t["waiting.link_label"], html_for="started-link", font_weight="500"),
        rx.input(id="started-link", value=link, read_only=True, width="100%"),
        share_buttons(
            link,
            t,
            copy_label=t["members.copy"],
            field_id="started-link",
            title=t["waiting.link_label"],
        ),
        rx.image(src=qr, alt=t["members.qr_alt"], width="220px", height="220px"),
        rx.dialog.close(
            rx.button(t["common.close"], variant="soft", type="button", min_height=TOUCH_TARGET)
        ),
        spacing="3",
        width="100%",
    )


def start_family_button(t: Var, *, on_click: Any) -> rx.Component:
    return rx.button(
        rx.icon("circle-plus", size=16, aria_hidden="true"),
        t["start_for.open"],
        on_click=on_click,
        size="3",
        min_height=TOUCH_TARGET,
        type="button",
    )


def start_family_dialog(
    t: Var,
    *,
    is_open: Var,
    on_open_change: Any,
    on_submit: Any,
    error: Var,
    send_key: Var,
    started_name: Var,
    link: Var,
    qr: Var,
) -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(t["start_for.title"]),
            rx.dialog.description(t["start_for.intro"], size="2"),
            rx.box(
                rx.cond(
                    link != "",
                    _started(t, started_name, link, qr),
                    _form(t, on_submit=on_submit, error=error, send_key=send_key),
                ),
                padding_top="12px",
            ),
            max_width="480px",
        ),
        open=is_open,
        on_open_change=on_open_change,
    )


def waiting_family_card(t: Var, card: Any, *, on_open: Any) -> rx.Component:
    """A family whose dossier waits: only its name and the state, and a way in."""
    return rx.el.li(
        rx.el.article(
            rx.vstack(
                rx.hstack(
                    rx.heading(card["name"], as_="h2", size="4"),
                    rx.spacer(),
                    rx.badge(
                        t["waiting.title"],
                        color_scheme="gray",
                        variant="soft",
                        radius="full",
                        size="1",
                    ),
                    width="100%",
                    align="center",
                    wrap="wrap",
                ),
                rx.text(card["role"], size="1", style=muted_text),
                rx.text(t["waiting.caseload"], size="2"),
                rx.button(
                    rx.icon("arrow-right", size=16, aria_hidden="true"),
                    t["caseload.open"],
                    on_click=on_open,
                    aria_label=card["open_label"],
                    size="3",
                    min_height=TOUCH_TARGET,
                    width="100%",
                    type="button",
                ),
                spacing="2",
                width="100%",
            ),
            style=card_style,
            height="100%",
        ),
        list_style="none",
    )
