"""Instellingen voor meldingen: the person's devices, with a test notification."""

from __future__ import annotations

import reflex as rx

from components.cards import item_list, pill, section_card
from components.styles import TOUCH_TARGET, muted_text
from dossier.pages.notification_settings.common import ERROR_COLOUR, LEGEND, OK_COLOUR
from dossier.state.notification_settings import DeviceRow
from dossier.state.notification_settings import NotificationSettingsState as S


def device_item(device: DeviceRow) -> rx.Component:
    field_id = "device-name-" + device["id"]
    error_id = "device-error-" + device["id"]
    show_error = (S.device_error_id == device["id"]) & (S.device_error != "")
    return rx.el.li(
        rx.hstack(
            rx.icon("smartphone", size=20, aria_hidden="true"),
            rx.text(device["name"], size="3", weight="bold"),
            rx.el.span(
                pill(S.t["notif.devices.this_device"], "teal"),
                hidden=True,
                custom_attrs={"data-this-device": device["fingerprint"]},
            ),
            rx.cond(device["failing"], pill(S.t["notif.devices.failing"], "tomato")),
            align="center",
            spacing="2",
            wrap="wrap",
        ),
        rx.text(device["since"], size="2", style=muted_text),
        rx.cond(
            device["failing"],
            rx.text(S.t["notif.devices.failing_hint"], size="2", color=ERROR_COLOUR),
        ),
        rx.form(
            rx.el.input(type="hidden", name="device", value=device["id"]),
            rx.el.input(type="hidden", name="version", value=device["version"]),
            rx.el.label(S.t["notif.devices.name_label"], html_for=field_id, style=LEGEND),
            rx.hstack(
                rx.input(
                    id=field_id,
                    name="name",
                    default_value=device["name"],
                    required=True,
                    max_length=60,
                    size="3",
                    flex="1",
                    min_width="160px",
                    auto_complete="off",
                    aria_describedby=error_id,
                ),
                rx.button(
                    S.t["notif.devices.save_name"],
                    type="submit",
                    variant="soft",
                    min_height=TOUCH_TARGET,
                    aria_label=S.t["notif.devices.save_name"] + ": " + device["name"],
                ),
                wrap="wrap",
                width="100%",
                spacing="2",
            ),
            rx.text(
                rx.cond(show_error, S.device_error, ""),
                id=error_id,
                role="alert",
                size="2",
                color=ERROR_COLOUR,
            ),
            on_submit=S.rename_device,
            reset_on_submit=False,
            key=device["id"] + "-" + device["version"],
            style={"display": "flex", "flex_direction": "column", "gap": "6px"},
        ),
        rx.button(
            rx.icon("trash-2", size=16, aria_hidden="true"),
            S.t["notif.devices.remove"],
            on_click=S.remove_device(device["id"]),
            type="button",
            color_scheme="tomato",
            variant="soft",
            min_height=TOUCH_TARGET,
            width="fit-content",
            aria_label=S.t["notif.devices.remove"] + ": " + device["name"],
        ),
        custom_attrs={"data-device": device["fingerprint"]},
        class_name="settings-card",
        style={"list_style": "none", "display": "flex", "flex_direction": "column", "gap": "8px"},
    )


def devices_section() -> rx.Component:
    return section_card(
        S.t["notif.devices.heading"],
        rx.el.div(
            item_list(
                loaded=S.devices_loaded,
                items=S.devices,
                render=device_item,
                empty_text=S.t["notif.devices.empty"],
                loading_text=S.t["common.loading"],
                empty_icon="smartphone",
            ),
            custom_attrs={"data-push-devices": ""},
            width="100%",
        ),
        rx.text(S.device_message, role="status", size="2", color=OK_COLOUR),
        # push.js presses this after turning push on or off here (no script is evaluated).
        rx.el.button(
            id="push-devices-refresh",
            on_click=S.load_devices,
            hidden=True,
            tab_index=-1,
            aria_hidden="true",
            type="button",
        ),
        heading_id="devices-heading",
    )
