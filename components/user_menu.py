"""The avatar button with the user's menu: language, family switch, logout."""

from __future__ import annotations

import reflex as rx
from reflex_base.vars.base import Var

from components.forms import native_form
from components.styles import TOUCH_TARGET


def language_choice(t: Var, lang: Var, on_choose) -> rx.Component:
    def option(code: str, key: str) -> rx.Component:
        return rx.button(
            t[key],
            on_click=on_choose(code),
            variant=rx.cond(lang == code, "solid", "outline"),
            aria_pressed=rx.cond(lang == code, "true", "false"),
            lang=code,
            min_height=TOUCH_TARGET,
            flex="1",
        )

    return rx.el.fieldset(
        rx.el.legend(t["menu.language"], class_name="menu-legend"),
        rx.hstack(option("nl", "language.nl"), option("en", "language.en"), width="100%"),
        border="none",
        padding="0",
        margin="0",
    )


def family_switch(t: Var, families: Var, on_choose) -> rx.Component:
    return rx.cond(
        families.length() > 1,  # type: ignore[attr-defined]
        rx.vstack(
            rx.text(t["menu.families"], size="2", weight="bold", as_="div"),
            rx.foreach(
                families,
                lambda family: rx.button(
                    family["name"],
                    on_click=on_choose(family["id"]),
                    variant="soft",
                    width="100%",
                    min_height=TOUCH_TARGET,
                ),
            ),
            width="100%",
            spacing="2",
        ),
    )


def logout_form(t: Var, action: str) -> rx.Component:
    # A real form POST: the server ends the session and clears the HttpOnly cookie.
    return native_form(
        rx.button(
            rx.icon("log-out", size=16, aria_hidden="true"),
            t["menu.logout"],
            type="submit",
            color_scheme="gray",
            variant="outline",
            width="100%",
            min_height=TOUCH_TARGET,
        ),
        action=action,
        width="100%",
    )


MENU_ID = "user-menu"
MENU_NAME_ID = "user-menu-name"

# The panel is a native popover (the `popover` attribute): the browser opens it from the
# button, closes it on Escape or a tap elsewhere, puts it on top and lets Tab go from the
# button into it, all without a JavaScript chunk (a Radix popover costs 27 KB gzip on
# every page). Browsers without popovers (Safari before 17) get the same toggle from
# assets/connectivity.js, which sets data-open.
PANEL_STYLE = {
    "display": "none",
    "&:popover-open, &[data-open]": {"display": "block"},
    "position": "fixed",
    "inset": "auto",
    "top": "calc(env(safe-area-inset-top, 0px) + 60px)",
    "right": "max(12px, env(safe-area-inset-right, 0px))",
    "margin": "0",
    "padding": "16px",
    "max_height": "calc(100dvh - 80px)",
    "overflow_y": "auto",
    "border": "1px solid var(--gray-a6)",
    "border_radius": "var(--radius-4)",
    "background": "var(--color-panel-solid)",
    "color": "var(--gray-12)",
    "box_shadow": "var(--shadow-5)",
    "z_index": "50",
}


def user_menu(*, t: Var, user_name: Var, initials: Var, body: list[rx.Component]) -> rx.Component:
    return rx.fragment(
        rx.button(
            rx.avatar(fallback=initials, size="2", radius="full", color_scheme="teal"),
            type="button",
            variant="ghost",
            aria_label=t["menu.open"],
            aria_controls=MENU_ID,
            min_height=TOUCH_TARGET,
            min_width=TOUCH_TARGET,
            radius="full",
            custom_attrs={"popoverTarget": MENU_ID},
        ),
        rx.el.div(
            rx.vstack(
                rx.text(user_name, weight="bold", id=MENU_NAME_ID),
                *body,
                spacing="4",
                width="240px",
                max_width="calc(100vw - 56px)",
            ),
            id=MENU_ID,
            role="dialog",
            aria_labelledby=MENU_NAME_ID,
            custom_attrs={"popover": "auto"},
            style=PANEL_STYLE,
        ),
    )
