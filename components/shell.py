"""The app shell: header, bottom navigation on phones, a side rail on tablets (>= 1024 px)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import reflex as rx
from reflex_base.vars.base import Var

from components.styles import BOTTOM_NAV_HEIGHT, CONTENT_MAX_WIDTH, TOUCH_TARGET, page_background

# On a wide tablet (iPad landscape, 1366 px) the list and the chosen item sit side by side
# next to the rail: let the content grow there instead of leaving wide empty margins.
WIDE_CONTENT = {"@media (min-width: 1280px)": {"max_width": "1320px"}}


@dataclass(frozen=True, kw_only=True)
class ShellProps:
    """What the shell shows; pages fill it from the state, so components stay state-free."""

    t: Var
    lang: Var
    current: str
    navigation: tuple[tuple[str, str, str], ...]
    family_name: Var
    user_name: Var
    user_initials: Var
    user_menu: rx.Component
    # Where a navigation item really goes, when that depends on the user (route -> href).
    hrefs: dict[str, Any] = field(default_factory=dict)
    # Whether a navigation item is there for this user (route -> bool var); absent: always.
    shown: dict[str, Any] = field(default_factory=dict)
    bell: rx.Component | None = None  # the notifications bell, left of the user menu


def nav_link(
    route: str | Var, label: Var, icon: str, current: bool, vertical: bool
) -> rx.Component:
    return rx.link(
        rx.flex(
            rx.icon(icon, size=22, aria_hidden="true"),
            rx.text(label, size="1" if vertical else "2", weight="medium"),
            direction="column" if vertical else "row",
            align="center",
            gap="1" if vertical else "3",
        ),
        href=route,
        aria_current="page" if current else None,
        underline="none",
        color_scheme="teal" if current else "gray",
        high_contrast=not current,
        # rx.link turns accent 8 on hover, too light to read (2.1:1); keep the rest colour.
        _hover={"color": rx.color("teal", 11) if current else rx.color("gray", 12)},
        min_height=TOUCH_TARGET,
        min_width=TOUCH_TARGET,
        padding="6px 4px" if vertical else "10px 12px",
        border_radius="10px",
        background=rx.color("teal", 3) if current else "transparent",
        flex="1" if vertical else None,
        display="flex",
        justify_content="center" if vertical else "flex-start",
        align_items="center",
    )


def nav_item(props: ShellProps, route: str, key: str, icon: str, vertical: bool) -> rx.Component:
    """A navigation item, only for the users who can use its page (menus show only what
    a role can use; a tab that only says "not for you" is a dead end)."""
    link = nav_link(
        props.hrefs.get(route, route), props.t[key], icon, route == props.current, vertical
    )
    return rx.cond(props.shown[route], link) if route in props.shown else link


def bottom_nav(props: ShellProps) -> rx.Component:
    return rx.el.nav(
        rx.flex(
            *[nav_item(props, route, key, icon, True) for route, key, icon in props.navigation],
            width="100%",
            gap="1",
            padding="4px 6px",
        ),
        aria_label=props.t["nav.label"],
        position="fixed",
        bottom="0",
        left="0",
        right="0",
        min_height=BOTTOM_NAV_HEIGHT,
        padding_bottom="env(safe-area-inset-bottom)",
        background=rx.color("gray", 1),
        border_top=f"1px solid {rx.color('gray', 5)}",
        z_index="10",
        class_name="bottom-nav",
    )


def side_rail(props: ShellProps) -> rx.Component:
    return rx.el.nav(
        rx.vstack(
            *[nav_item(props, route, key, icon, False) for route, key, icon in props.navigation],
            spacing="1",
            width="100%",
        ),
        aria_label=props.t["nav.label"],
        width="220px",
        flex_shrink="0",
        padding="16px 8px",
        position="sticky",
        top="64px",
        align_self="flex-start",
        class_name="side-rail",
    )


def bell(*, href: str, label: Var, count: Var) -> rx.Component:
    """A link to the notifications with the unread count; the name says it in words
    ("Meldingen, 3 ongelezen"), so the number on the badge is hidden from screen readers."""
    return rx.link(
        rx.icon("bell", size=22, aria_hidden="true"),
        rx.cond(
            count > 0,
            rx.el.span(
                rx.cond(count > 99, "99+", count.to_string()),  # type: ignore[attr-defined]
                aria_hidden="true",
                position="absolute",
                top="2px",
                right="0px",
                min_width="20px",
                height="20px",
                padding="0 5px",
                border_radius="10px",
                background=rx.color("tomato", 11),
                color="white",
                font_size="12px",
                font_weight="700",
                line_height="20px",
                text_align="center",
            ),
        ),
        href=href,
        aria_label=label,
        color=rx.color("gray", 12),
        _hover={"color": rx.color("teal", 11)},
        position="relative",
        display="flex",
        align_items="center",
        justify_content="center",
        min_width=TOUCH_TARGET,
        min_height=TOUCH_TARGET,
        border_radius="full",
        custom_attrs={"data-unread": count.to_string()},  # type: ignore[attr-defined]
    )


def header(props: ShellProps) -> rx.Component:
    return rx.el.header(
        rx.hstack(
            rx.hstack(
                rx.icon("book-heart", size=22, color=rx.color("teal", 11), aria_hidden="true"),
                rx.vstack(
                    rx.text(props.t["app.name"], size="1", color=rx.color("gray", 11)),
                    rx.text(props.family_name, size="3", weight="bold"),
                    spacing="0",
                ),
                align="center",
                spacing="2",
            ),
            rx.spacer(),
            props.bell if props.bell is not None else rx.fragment(),
            props.user_menu,
            align="center",
            width="100%",
            max_width=CONTENT_MAX_WIDTH,
            margin="0 auto",
            style=WIDE_CONTENT,
        ),
        position="sticky",
        top="0",
        z_index="10",
        padding="10px 16px",
        padding_top="calc(10px + env(safe-area-inset-top))",
        background=rx.color("gray", 1),
        border_bottom=f"1px solid {rx.color('gray', 5)}",
    )


def app_shell(props: ShellProps, *content: rx.Component) -> rx.Component:
    return rx.box(
        rx.el.a(props.t["nav.skip"], href="#inhoud", class_name="skip-link"),
        header(props),
        rx.flex(
            side_rail(props),
            rx.el.main(
                rx.vstack(*content, spacing="4", width="100%"),
                id="inhoud",
                tab_index=-1,
                flex="1",
                min_width="0",
                padding="16px",
                class_name="app-main",
            ),
            max_width=CONTENT_MAX_WIDTH,
            margin="0 auto",
            width="100%",
            style=WIDE_CONTENT,
        ),
        bottom_nav(props),
        # The page's words follow the chosen language; screen readers need to know it.
        custom_attrs={"lang": props.lang},
        min_height="100vh",
        background=page_background,
    )
