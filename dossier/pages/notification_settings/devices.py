"""Instellingen voor meldingen: this device's push (on a tap), the person's devices, a
test notification, and per topic push / only in the app / off, quiet hours and the
daily summary.

The panel "Deze telefoon of tablet" (#push-panel) is drawn with all its views hidden
but "checking"; assets/push.js shows the one that fits this browser (an iPhone or iPad
outside the home screen gets the "Zet op beginscherm" steps and no button) and handles
the two buttons. Nothing asks for permission until the person taps.
"""

from __future__ import annotations

import reflex as rx

from components.cards import item_list, page_title, pill, section_card
from components.styles import TOUCH_TARGET, muted_text
from dossier import routes
from dossier.pages.layout import signed_in_page
from dossier.state.notification_settings import ChannelOption, DeviceRow, TopicRow
from dossier.state.notification_settings import NotificationSettingsState as S
from dossier.urls import backend_url

FIELDSET = {"border": "none", "padding": "0", "margin": "0", "width": "100%"}
LEGEND = {"font_weight": "600", "padding": "0"}
CHOICE_ROW = {
    "display": "flex",
    "align_items": "center",
    "gap": "10px",
    "min_height": TOUCH_TARGET,
    "cursor": "pointer",
}
CONTROL = {"width": "20px", "height": "20px", "accent_color": "var(--teal-9)", "flex": "none"}
ERROR_COLOUR = rx.color("tomato", 11)
OK_COLOUR = rx.color("grass", 11)


# --------------------------------------------------------------------------------------
# This phone or tablet (driven by assets/push.js)
# --------------------------------------------------------------------------------------


def view(names: str, *children: rx.Component, shown: bool = False) -> rx.Component:
    """One of the panel's views; push.js shows the one whose name fits."""
    return rx.el.div(
        *children,
        hidden=not shown,
        custom_attrs={"data-push-view": names},
        style={
            "display": "flex",
            "flex_direction": "column",
            "gap": "10px",
            "width": "100%",
            "&[hidden]": {"display": "none"},
        },
    )


def push_button(label: rx.Var, action: str, icon: str, soft: bool = False) -> rx.Component:
    return rx.button(
        rx.icon(icon, size=18, aria_hidden="true"),
        label,
        type="button",
        size="3",
        variant="soft" if soft else "solid",
        min_height=TOUCH_TARGET,
        custom_attrs={"data-push-action": action},
        width="fit-content",
    )


def ios_steps() -> rx.Component:
    t = S.t
    return rx.el.ol(
        rx.el.li(t["notif.push.ios_step1"]),
        rx.el.li(t["notif.push.ios_step2"]),
        rx.el.li(t["notif.push.ios_step3"]),
        style={"padding_left": "22px", "margin": "0", "display": "grid", "gap": "6px"},
    )


def push_panel() -> rx.Component:
    t = S.t
    return rx.el.section(
        rx.heading(t["notif.push.heading"], as_="h2", size="4", id="push-heading"),
        rx.el.div(
            view("checking", rx.text(t["notif.push.checking"], size="2"), shown=True),
            view("unsupported", rx.text(t["notif.push.unsupported"], size="2")),
            view(
                "ios-install",
                rx.heading(t["notif.push.ios_title"], as_="h3", size="3"),
                rx.text(t["notif.push.ios_text"], size="2"),
                ios_steps(),
            ),
            view("denied", rx.text(t["notif.push.denied"], size="2")),
            view("busy", rx.text(t["notif.push.busy"], size="2")),
            view("error", rx.text(t["notif.push.failed"], size="2", color=ERROR_COLOUR)),
            view("too-many", rx.text(S.too_many_text, size="2", color=ERROR_COLOUR)),
            view("off error", rx.text(t["notif.push.off"], size="2", weight="medium")),
            view("off error", push_button(t["notif.push.turn_on"], "on", "bell-ring")),
            view(
                "on",
                rx.text(t["notif.push.on"], size="2", weight="medium", color=OK_COLOUR),
                push_button(t["notif.push.turn_off"], "off", "bell-off", soft=True),
            ),
            role="status",
            tab_index=-1,
            custom_attrs={"data-push-status": ""},
            style={"display": "flex", "flex_direction": "column", "gap": "10px"},
        ),
        rx.text(t["notif.push.lock_screen"], size="2", style=muted_text),
        rx.hstack(
            rx.button(
                rx.icon("send", size=16, aria_hidden="true"),
                t["notif.test.button"],
                on_click=S.send_test,
                type="button",
                variant="outline",
                min_height=TOUCH_TARGET,
            ),
            width="100%",
        ),
        rx.text(S.test_message, role="status", size="2"),
        id="push-panel",
        aria_labelledby="push-heading",
        custom_attrs={
            "data-fingerprints": S.fingerprints,
            "data-subscriptions-url": backend_url("/api/push/subscriptions"),
            "data-key-url": backend_url("/api/push/vapid-public-key"),
        },
        class_name="settings-card",
        style={"display": "flex", "flex_direction": "column", "gap": "12px"},
    )


# --------------------------------------------------------------------------------------
# The person's devices
# --------------------------------------------------------------------------------------


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


# --------------------------------------------------------------------------------------
# The choices
# --------------------------------------------------------------------------------------


def channel_radio(option: ChannelOption, topic: TopicRow) -> rx.Component:
    return rx.el.label(
        rx.el.input(
            type="radio",
            name=topic["field"],
            value=option["value"],
            default_checked=topic["channel"] == option["value"],
            style=CONTROL,
        ),
        rx.text(option["label"], size="2"),
        style=CHOICE_ROW,
    )


def topic_fieldset(topic: TopicRow) -> rx.Component:
    hint_id = "hint-" + topic["category"]
    return rx.el.fieldset(
        rx.el.legend(topic["label"], style=LEGEND),
        rx.text(topic["hint"], size="2", style=muted_text, id=hint_id),
        rx.el.div(
            rx.foreach(S.channel_options, lambda option: channel_radio(option, topic)),
            style={"display": "flex", "flex_wrap": "wrap", "column_gap": "20px"},
        ),
        aria_describedby=hint_id,
        style={**FIELDSET, "padding_top": "6px"},
    )


def time_field(label: rx.Var, name: str, value: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.el.label(label, html_for="field-" + name, style=LEGEND),
        rx.input(
            id="field-" + name,
            name=name,
            type="time",
            default_value=value,
            required=True,
            size="3",
            width="140px",
            aria_describedby="settings-error",
        ),
        spacing="1",
    )


def choices_form() -> rx.Component:
    t = S.t
    return rx.form(
        rx.el.input(type="hidden", name="version", value=S.version),
        section_card(
            t["notif.channels.heading"],
            rx.text(t["notif.channels.hint"], size="2", style=muted_text),
            rx.foreach(S.topics, topic_fieldset),
            heading_id="channels-heading",
        ),
        section_card(
            t["notif.quiet.heading"],
            rx.text(t["notif.quiet.hint"], size="2", style=muted_text),
            rx.hstack(
                time_field(t["notif.quiet.start"], "quiet_start", S.quiet_start),
                time_field(t["notif.quiet.end"], "quiet_end", S.quiet_end),
                spacing="4",
                wrap="wrap",
            ),
            heading_id="quiet-heading",
        ),
        section_card(
            t["notif.summary.heading"],
            rx.el.label(
                rx.el.input(
                    type="checkbox",
                    name="daily_summary",
                    default_checked=S.daily_summary,
                    style=CONTROL,
                ),
                rx.text(t["notif.summary.toggle"], size="2"),
                style=CHOICE_ROW,
            ),
            rx.text(t["notif.summary.hint"], size="2", style=muted_text),
            time_field(t["notif.summary.at"], "summary_at", S.summary_at),
            heading_id="summary-heading",
        ),
        rx.text(S.error, id="settings-error", role="alert", size="2", color=ERROR_COLOUR),
        rx.cond(
            S.saved,
            rx.text(t["notif.settings.saved"], role="status", size="2", color=OK_COLOUR),
        ),
        rx.button(t["notif.settings.save"], type="submit", size="3", min_height=TOUCH_TARGET),
        on_submit=S.save_preferences,
        reset_on_submit=False,
        key=S.form_key.to_string() + "-" + S.version,
        style={"display": "flex", "flex_direction": "column", "gap": "16px", "width": "100%"},
    )


def notification_settings_page() -> rx.Component:
    return signed_in_page(
        routes.NOTIFICATION_SETTINGS,
        page_title(S.t["notif.settings.title"], S.t["notif.settings.subtitle"]),
        rx.link(
            rx.hstack(
                rx.icon("arrow-left", size=16, aria_hidden="true"),
                S.t["notif.settings.back"],
                align="center",
                spacing="1",
            ),
            href=routes.NOTIFICATIONS,
            min_height=TOUCH_TARGET,
            display="flex",
            align_items="center",
            _hover={"color": rx.color("accent", 11)},
        ),
        push_panel(),
        devices_section(),
        rx.cond(S.loaded, choices_form()),
        needs_family=False,  # your own settings, with or without a family
    )
