"""Who did what, and when: the history list of a task or an agreement (rows from presenters)."""

from __future__ import annotations

import reflex as rx
from reflex_base.vars.base import Var

from components.styles import muted_text


def history_item(text: Var, when: Var, *, ruled: bool = False) -> rx.Component:
    if ruled:  # the moment above the words, a line between rows, no bullets
        return rx.el.li(
            rx.text(when, size="1", style=muted_text),
            rx.text(text, size="2"),
            list_style="none",
            padding="6px 0",
            border_bottom=f"1px solid {rx.color('gray', 4)}",
        )
    return rx.el.li(
        rx.text(text, size="2"),
        rx.text(when, size="1", style=muted_text),
        padding_y="4px",
    )


def history_list(
    entries: Var,
    heading: Var,
    *,
    text_key: str = "text",
    heading_id: str | None = None,
    ruled: bool = False,
) -> rx.Component:
    """Nothing while there is no history.

    With a heading_id: a section named by its heading, bulleted rows, a line above it.
    ruled=True: a plain block with ruled rows, the moment first.
    """

    def item(entry: Var) -> rx.Component:
        return history_item(entry[text_key], entry["when"], ruled=ruled)

    if heading_id is None:
        return rx.cond(
            entries,
            rx.vstack(
                rx.heading(heading, as_="h3", size="3"),
                rx.el.ul(rx.foreach(entries, item), padding="0", margin="0", width="100%"),
                spacing="2",
                width="100%",
            ),
        )
    return rx.cond(
        entries,
        rx.el.section(
            rx.heading(heading, as_="h3", size="3", id=heading_id),
            rx.el.ul(rx.foreach(entries, item), padding_left="18px", margin="4px 0 0 0"),
            aria_labelledby=heading_id,
            width="100%",
            padding_top="12px",
            border_top=f"1px solid {rx.color('gray', 5)}",
        ),
    )
