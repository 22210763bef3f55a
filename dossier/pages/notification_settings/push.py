"""Instellingen voor meldingen: this phone or tablet (driven by assets/push.js)."""

from __future__ import annotations

import reflex as rx

from components.styles import TOUCH_TARGET, muted_text
from dossier.pages.notification_settings.common import ERROR_COLOUR, OK_COLOUR
from dossier.state.notification_settings import NotificationSettingsState as S
from dossier.urls import backend_url


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
