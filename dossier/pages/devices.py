"""Mijn apparaten: where the user is logged in; log out on another device."""

from __future__ import annotations

import reflex as rx

from components.cards import item_list, page_title, pill
from components.styles import TOUCH_TARGET, card_style
from dossier import routes
from dossier.pages.layout import signed_in_page
from dossier.state.devices import DeviceRow
from dossier.state.devices import DevicesState as S


def device_item(device: DeviceRow) -> rx.Component:
    return rx.el.li(
        rx.vstack(
            rx.hstack(
                rx.icon("monitor-smartphone", size=20, aria_hidden="true"),
                rx.text(device["name"], size="3", weight="bold"),
                rx.cond(device["current"], pill(S.t["devices.this_device"], "teal")),
                align="center",
                spacing="2",
                wrap="wrap",
            ),
            rx.text(device["since"], size="2"),
            rx.text(device["last_seen"], size="2"),
            rx.cond(
                device["current"],
                rx.text(S.t["devices.this_device_hint"], size="2", color=rx.color("gray", 11)),
                rx.button(
                    rx.icon("log-out", size=16, aria_hidden="true"),
                    S.t["devices.end"],
                    on_click=S.end_device(device["id"]),
                    color_scheme="tomato",
                    variant="soft",
                    min_height=TOUCH_TARGET,
                    aria_label=S.t["devices.end"] + ": " + device["name"],
                ),
            ),
            spacing="2",
            width="100%",
        ),
        style={**card_style, "list_style": "none"},
    )


def devices_page() -> rx.Component:
    return signed_in_page(
        routes.DEVICES,
        page_title(S.t["devices.title"], S.t["devices.subtitle"]),
        item_list(
            loaded=S.loaded,
            items=S.devices,
            render=device_item,
            empty_text=S.t["devices.only_this"],
            loading_text=S.t["common.loading"],
            empty_icon="monitor-smartphone",
        ),
        rx.cond(S.only_this_device, rx.text(S.t["devices.only_this"], size="2")),
        needs_family=False,  # your own devices, with or without a family
    )
