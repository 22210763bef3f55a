"""Starting a dossier, on the overview: state-free pieces (the page passes vars and events).

- `first_steps_card`: "Eerste stappen" for the parents of a new dossier, each step a link
  to where it is done, ticked when done; "Verbergen" hides it for this parent.
- `consent_card`: the parents' question about a case manager who started the dossier.
- `waiting_card`: what a case manager sees of a dossier that waits for its parents.
"""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex_base.vars.base import Var

from components.cards import section_card
from components.share import share_buttons
from components.styles import TOUCH_TARGET, card_style, muted_text

STEP_LINK = {
    "display": "flex",
    "align_items": "center",
    "gap": "10px",
    "width": "100%",
    "min_height": TOUCH_TARGET,
    "padding": "6px 8px",
    "margin": "0 -8px",
    "border_radius": "10px",
    "color": "inherit",
    "text_decoration": "none",
    "_hover": {"background": rx.color("gray", 3)},
}


def _tick(done: Var) -> rx.Component:
    return rx.cond(
        done,
        rx.icon("circle-check", size=20, color=rx.color("teal", 11), aria_hidden="true"),
        rx.icon("circle", size=20, color=rx.color("gray", 9), aria_hidden="true"),
    )


def _label(step: Any) -> rx.Component:
    return rx.text(
        step["label"],
        rx.el.span(
            ", " + step["state"],
            style={
                "position": "absolute",
                "width": "1px",
                "height": "1px",
                "overflow": "hidden",
                "clip": "rect(0 0 0 0)",
                "white_space": "nowrap",
            },
        ),
        size="2",
        flex="1",
        text_decoration=rx.cond(step["done"], "line-through", "none"),
        color=rx.cond(step["done"], rx.color("gray", 11), "inherit"),
    )


def _step(step: Any, t: Var, on_installed: Any) -> rx.Component:
    line = rx.cond(
        step["href"] != "",
        rx.link(
            _tick(step["done"]),
            _label(step),
            href=step["href"],
            aria_label=step["name"],
            style=STEP_LINK,
        ),
        rx.hstack(
            _tick(step["done"]),
            _label(step),
            rx.cond(
                ~step["done"],
                rx.button(
                    t["first_steps.install_done"],
                    on_click=on_installed,
                    variant="soft",
                    size="2",
                    min_height=TOUCH_TARGET,
                    type="button",
                ),
            ),
            align="center",
            width="100%",
            min_height=TOUCH_TARGET,
        ),
    )
    return rx.el.li(line, list_style="none")


def first_steps_card(
    t: Var, steps: Var, count: Var, *, on_hide: Any, on_installed: Any
) -> rx.Component:
    return rx.cond(
        steps,
        rx.box(
            section_card(
                t["first_steps.title"],
                rx.text(t["first_steps.intro"], size="2"),
                rx.text(count, size="1", style=muted_text),
                rx.el.ul(
                    rx.foreach(steps, lambda step: _step(step, t, on_installed)),
                    style={"padding": "0", "margin": "0", "width": "100%"},
                ),
                rx.text(t["first_steps.install_hint"], size="1", style=muted_text),
                rx.button(
                    t["first_steps.hide"],
                    on_click=on_hide,
                    variant="ghost",
                    color_scheme="gray",
                    size="2",
                    min_height=TOUCH_TARGET,
                    type="button",
                ),
                heading_id="eerste-stappen",
            ),
            border_left=f"4px solid {rx.color('teal', 9)}",
            border_radius="14px",
            width="100%",
        ),
    )


def _question(row: Any, on_answer: Any) -> rx.Component:
    return rx.vstack(
        rx.text(row["question"], size="3", weight="medium"),
        rx.hstack(
            rx.button(
                row["yes_label"],
                on_click=on_answer(row["id"], row["version"], True),
                size="3",
                min_height=TOUCH_TARGET,
                type="button",
            ),
            rx.button(
                row["no_label"],
                on_click=on_answer(row["id"], row["version"], False),
                size="3",
                variant="soft",
                color_scheme="gray",
                min_height=TOUCH_TARGET,
                type="button",
            ),
            wrap="wrap",
            spacing="3",
        ),
        spacing="2",
        width="100%",
    )


def consent_card(t: Var, rows: Var, *, on_answer: Any) -> rx.Component:
    """First on the page and answered with a tap: yes keeps her, no ends her access."""
    return rx.cond(
        rows,
        rx.el.section(
            rx.vstack(
                rx.heading(t["consent.title"], as_="h2", size="4", id="akkoord-casemanager"),
                rx.text(t["consent.intro"], size="2"),
                rx.foreach(rows, lambda row: _question(row, on_answer)),
                rx.text(t["consent.later"], size="1", style=muted_text),
                spacing="3",
                width="100%",
            ),
            aria_labelledby="akkoord-casemanager",
            style={**card_style, "border_left": f"4px solid {rx.color('amber', 9)}"},
            width="100%",
        ),
    )


def waiting_card(
    t: Var,
    family_name: Var,
    *,
    for_parents: Var,
    may_renew: Var,
    link: Var,
    qr: Var,
    on_renew: Any,
    on_close: Any,
) -> rx.Component:
    """Only the name and the state; a new parent link (and QR) for her to pass on."""
    new_link = rx.vstack(
        rx.callout(t["waiting.link_once"], icon="info", color_scheme="teal", width="100%"),
        rx.el.label(t["waiting.link_label"], html_for="parent-link", font_weight="500"),
        rx.input(id="parent-link", value=link, read_only=True, width="100%"),
        share_buttons(
            link,
            t,
            copy_label=t["members.copy"],
            field_id="parent-link",
            title=t["waiting.link_label"],
            extra=(
                rx.button(
                    t["common.close"],
                    variant="soft",
                    color_scheme="gray",
                    on_click=on_close,
                    min_height=TOUCH_TARGET,
                    type="button",
                ),
            ),
        ),
        rx.image(src=qr, alt=t["members.qr_alt"], width="220px", height="220px"),
        spacing="2",
        width="100%",
    )
    return rx.el.section(
        rx.vstack(
            rx.hstack(
                rx.icon("hourglass", size=20, color=rx.color("teal", 11), aria_hidden="true"),
                rx.heading(t["waiting.title"], as_="h2", size="4", id="wacht-op-ouders"),
                align="center",
            ),
            rx.text(family_name, size="3", weight="bold"),
            rx.cond(
                for_parents,
                rx.text(t["waiting.for_parents"], size="2"),
                rx.text(t["waiting.for_consent"], size="2"),
            ),
            rx.cond(
                may_renew,
                rx.cond(
                    link != "",
                    new_link,
                    rx.vstack(
                        rx.text(t["waiting.renew_intro"], size="2", style=muted_text),
                        rx.button(
                            rx.icon("link", size=16, aria_hidden="true"),
                            t["waiting.renew"],
                            on_click=on_renew,
                            size="3",
                            min_height=TOUCH_TARGET,
                            type="button",
                        ),
                        spacing="2",
                    ),
                ),
            ),
            spacing="3",
            width="100%",
        ),
        aria_labelledby="wacht-op-ouders",
        style=card_style,
        width="100%",
    )
