"""Cards, badges and empty states used on every page."""

from __future__ import annotations

import reflex as rx
from reflex_base.vars.base import Var

from components.styles import card_style, muted_text


def section_card(
    title: Var | str,
    *children: rx.Component,
    link: str | None = None,
    link_label: Var | str = "",
    heading_id: str = "",
) -> rx.Component:
    header = rx.hstack(
        rx.heading(title, as_="h2", size="4", id=heading_id or None),
        rx.spacer(),
        # rx.link turns accent 8 on hover, too light to read; the underline marks the hover.
        rx.link(
            link_label,
            href=link,
            size="2",
            weight="medium",
            _hover={"color": rx.color("accent", 11)},
        )
        if link
        else rx.fragment(),
        align="center",
        width="100%",
    )
    return rx.el.section(
        rx.vstack(header, *children, spacing="3", width="100%"),
        style=card_style,
        aria_labelledby=heading_id or None,
    )


def empty_state(text: Var | str, icon: str = "leaf") -> rx.Component:
    return rx.hstack(
        rx.icon(icon, size=18, aria_hidden="true"),
        rx.text(text, size="2"),
        align="center",
        spacing="2",
        style=muted_text,
    )


def loading(label: Var | str) -> rx.Component:
    return rx.hstack(
        rx.spinner(size="2"),
        rx.text(label, size="2"),
        role="status",
        align="center",
        spacing="2",
        style=muted_text,
    )


def pill(text: Var | str, color: Var | str = "gray") -> rx.Component:
    return rx.badge(text, color_scheme=color, variant="soft", radius="full", size="1")


def page_title(text: Var | str, subtitle: Var | str = "") -> rx.Component:
    return rx.vstack(
        rx.heading(text, as_="h1", size="6"),
        rx.text(subtitle, size="2", style=muted_text),
        spacing="1",
        width="100%",
    )


def item_list(
    *,
    loaded: Var,
    items: Var,
    render,
    empty_text: Var | str,
    loading_text: Var | str,
    empty_icon: str = "leaf",
    two_columns_on_tablet: bool = False,
) -> rx.Component:
    """A section's list: a spinner while loading, then the items or a calm empty state."""
    # rx.el takes no responsive dicts (only Radix props do); breakpoints become media queries.
    columns = rx.breakpoints(initial="1fr", md="1fr 1fr") if two_columns_on_tablet else "1fr"
    return rx.cond(
        loaded,
        rx.cond(
            items,
            rx.el.ul(
                rx.foreach(items, render),
                display="grid",
                grid_template_columns=columns,
                gap="10px",
                padding="0",
                margin="0",
                width="100%",
            ),
            empty_state(empty_text, empty_icon),
        ),
        loading(loading_text),
    )
