"""Mijn apparaten: where the user is logged in; log out on another device; and for this
device "Beschikbaar zonder internet" (the offline card).

The offline card panel (#offline-card-panel) is drawn with its switch hidden and a
"checking" line; assets/offline-card.js owns the device-local state (the opt-in flag in
localStorage, the snapshot in Cache Storage), shows the switch, and handles it.
"""

from __future__ import annotations

import reflex as rx

from components.cards import item_list, page_title, pill
from components.styles import TOUCH_TARGET, card_style, muted_text
from dossier import routes
from dossier.pages.layout import signed_in_page
from dossier.state.devices import DeviceRow
from dossier.state.devices import DevicesState as S
from dossier.urls import backend_url

HIDDEN_STYLE = {"&[hidden]": {"display": "none"}}


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


def offline_state_text(name: str, key: str, **props: object) -> rx.Component:
    """One line of the switch's status; offline-card.js shows the one that fits."""
    return rx.text(
        S.t[key],
        size="2",
        hidden=name != "checking",
        custom_attrs={"data-offline-view": name},
        style=HIDDEN_STYLE,
        **props,
    )


def offline_switch() -> rx.Component:
    # A native checkbox with role="switch": a real form control with a visible label.
    return rx.el.label(
        rx.el.input(
            type="checkbox",
            id="offline-card-switch",
            role="switch",
            disabled=True,  # until offline-card.js has looked at this device
            style={
                "width": "22px",
                "height": "22px",
                "accent_color": "var(--teal-9)",
                "flex": "none",
                "margin": "0",
            },
        ),
        rx.el.span(S.t["devices.offline.switch"]),
        html_for="offline-card-switch",
        hidden=True,
        custom_attrs={"data-offline-switch-row": ""},
        style={
            "display": "flex",
            "align_items": "center",
            "gap": "10px",
            "min_height": TOUCH_TARGET,
            "font_weight": "600",
            "cursor": "pointer",
            **HIDDEN_STYLE,
        },
    )


def offline_card_panel() -> rx.Component:
    t = S.t
    return rx.el.section(
        rx.vstack(
            rx.heading(t["devices.offline.title"], as_="h2", size="4", id="offline-card-heading"),
            rx.text(t["devices.offline.intro"], size="2"),
            rx.el.ul(
                rx.el.li(t["devices.offline.what_appointments"]),
                rx.el.li(t["devices.offline.what_tasks"]),
                rx.el.li(t["devices.offline.what_contacts"]),
                rx.el.li(t["devices.offline.what_emergency"]),  # issue 19
                style={"padding_left": "22px", "margin": "0", "font_size": "var(--font-size-2)"},
            ),
            rx.text(t["devices.offline.removed"], size="2", style=muted_text),
            offline_switch(),
            rx.el.div(
                offline_state_text("checking", "devices.offline.checking"),
                offline_state_text("unsupported", "devices.offline.unsupported"),
                offline_state_text("busy", "devices.offline.busy"),
                offline_state_text("on", "devices.offline.on", weight="medium"),
                offline_state_text("not-yet", "devices.offline.not_yet"),
                offline_state_text("off", "devices.offline.off"),
                offline_state_text(
                    "failed", "devices.offline.failed", color=rx.color("tomato", 11)
                ),
                rx.text(
                    t["devices.offline.updated"],
                    " ",
                    rx.el.span(custom_attrs={"data-offline-updated": ""}),
                    size="2",
                    hidden=True,
                    custom_attrs={"data-offline-view": "updated"},
                    style=HIDDEN_STYLE,
                ),
                role="status",
                custom_attrs={"data-offline-status": ""},
                style={"display": "flex", "flex_direction": "column", "gap": "4px"},
            ),
            spacing="3",
            width="100%",
        ),
        id="offline-card-panel",
        aria_labelledby="offline-card-heading",
        custom_attrs={
            "data-user-id": S.user_id,
            "data-snapshot-url": backend_url(routes.API_OFFLINE_SNAPSHOT),
        },
        style=card_style,
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
        offline_card_panel(),
        needs_family=False,  # your own devices, with or without a family
    )
