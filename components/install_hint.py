"""'Zet het Gezinsdossier op je beginscherm': drawn hidden; assets/install.js shows it.

Two views (data-install-view): "prompt" on Chromium/Android once the browser fired
`beforeinstallprompt` (the button opens the browser's own install dialog), "ios" on an
iPhone or iPad in Safari (Share, then 'Zet op beginscherm'). Nothing shows when the app
already runs from the home screen, or after 'Niet nu' on this device.
"""

from __future__ import annotations

import reflex as rx
from reflex_base.vars.base import Var

from components.styles import TOUCH_TARGET, card_style


def _view(name: str, *children: rx.Component) -> rx.Component:
    return rx.el.div(
        *children,
        hidden=True,
        custom_attrs={"data-install-view": name},
        style={"display": "flex", "flex_direction": "column", "gap": "10px"},
    )


def install_hint(t: Var) -> rx.Component:
    # A div with role=region, not a <section>: it is hidden on most visits, and "the
    # first section in main" stays the first card of the page.
    return rx.el.div(
        rx.hstack(
            rx.image(
                src="/icons/icon-192.png",
                alt="",
                width="40px",
                height="40px",
                flex_shrink="0",
            ),
            rx.heading(t["install.title"], as_="h2", size="3", id="install-hint-heading"),
            align="center",
            spacing="3",
        ),
        rx.text(t["install.text"], size="2"),
        _view(
            "prompt",
            rx.hstack(
                rx.button(
                    rx.icon("download", size=18, aria_hidden="true"),
                    t["install.button"],
                    type="button",
                    size="3",
                    min_height=TOUCH_TARGET,
                    custom_attrs={"data-install-action": "prompt"},
                ),
                rx.button(
                    t["install.later"],
                    type="button",
                    size="3",
                    variant="ghost",
                    min_height=TOUCH_TARGET,
                    custom_attrs={"data-install-action": "later"},
                ),
                wrap="wrap",
                spacing="3",
                align="center",
            ),
        ),
        _view(
            "ios",
            rx.text(t["install.ios_text"], size="2"),
            rx.el.ol(
                rx.el.li(t["install.ios_step1"]),
                rx.el.li(t["install.ios_step2"]),
                rx.el.li(t["install.ios_step3"]),
                style={"padding_left": "22px", "margin": "0", "display": "grid", "gap": "6px"},
            ),
            rx.button(
                t["install.later"],
                type="button",
                size="3",
                variant="ghost",
                min_height=TOUCH_TARGET,
                width="fit-content",
                custom_attrs={"data-install-action": "later"},
            ),
        ),
        id="install-hint",
        hidden=True,
        role="region",
        aria_labelledby="install-hint-heading",
        style={**card_style, "display": "flex", "flex_direction": "column", "gap": "10px"},
        width="100%",
    )
