"""Cards, badges and empty states used on every page."""

from __future__ import annotations

import reflex as rx
from reflex_base.vars.base import Var

from components.styles import card_style, muted_text

# Tablets (case managers' iPads, 1024 px and wider): the list and the selected item side
# by side. Below this the page stacks and an item opens in a dialog, as on a phone.
WIDE = "@media (min-width: 1024px)"

# True in the browser on a tablet-sized screen. Sent along with a tap so the state shows
# the item in the side pane instead of a dialog: a layout hint only, it grants nothing
# (both ways read the item through the same permission gate).
IS_WIDE: Var = Var(
    _js_expr="(typeof window !== 'undefined' && window.matchMedia('(min-width: 1024px)').matches)",
    _var_type=bool,
)

# The pane stays in view while the list scrolls; it scrolls on its own when it is long.
PANE_STYLE = {
    **card_style,
    "display": "none",
    WIDE: {
        "display": "block",
        "position": "sticky",
        "top": "80px",  # below the sticky header
        "max_height": "calc(100vh - 180px)",  # room for the floating buttons below it
        "overflow_y": "auto",
    },
}
# A selected row: a thick teal edge (with aria-current for screen readers). No tinted
# background: the soft badges on the card would drop below 4.5:1 contrast.
SELECTED_STYLE = {"border": f"2px solid {rx.color('teal', 9)}"}


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
            # WCAG 2.2 target size: at least 24 px high (the text alone was 20 px).
            display="inline-flex",
            align_items="center",
            min_height="24px",
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


def master_detail(master: rx.Component, pane: rx.Component, *, pane_label: Var | str):
    """The list with the selected item beside it on a tablet; on a phone only the list.

    The pane is display:none below 1024 px, so it is out of the accessibility tree there
    and its buttons never double the ones in a dialog.
    """
    return rx.el.div(
        rx.el.div(master, min_width="0", width="100%"),
        rx.el.section(
            pane,
            aria_label=pane_label,
            # Focusable, so a keyboard can scroll a long pane (WCAG 2.1.1).
            tab_index=0,
            class_name="detail-pane",
            style=PANE_STYLE,
        ),
        class_name="master-detail",
        width="100%",
        style={
            "display": "block",
            WIDE: {
                "display": "grid",
                "grid_template_columns": "minmax(0, 1fr) minmax(0, 1fr)",
                "gap": "20px",
                "align_items": "start",
            },
        },
    )


def pane_hint(text: Var | str, icon: str = "mouse-pointer-click") -> rx.Component:
    """The empty pane: what to do to see an item here."""
    return rx.vstack(
        rx.icon(icon, size=28, aria_hidden="true", color=rx.color("gray", 10)),
        rx.text(text, size="3"),
        align="center",
        justify="center",
        spacing="3",
        min_height="200px",
        width="100%",
        text_align="center",
        style=muted_text,
    )


def pane_line(label: Var | str, value: Var | str) -> rx.Component:
    """One labelled fact in the pane ("Deadline" above "1 jun")."""
    return rx.box(
        rx.text(label, size="1", weight="medium", style=muted_text),
        rx.text(value, size="3", white_space="pre-wrap"),
        width="100%",
    )


def only_wide(display: str = "block") -> dict:
    """A style shown from 1024 px on (hidden, so out of the accessibility tree, below)."""
    return {"display": "none", WIDE: {"display": display}}


def only_narrow() -> dict:
    """A style shown below 1024 px only."""
    return {WIDE: {"display": "none"}}
