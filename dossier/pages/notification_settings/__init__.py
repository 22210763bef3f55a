"""Instellingen voor meldingen: this device's push (on a tap), the person's devices, a
test notification, and per topic push / only in the app / off, quiet hours and the
daily summary.

The panel "Deze telefoon of tablet" (#push-panel) is drawn with all its views hidden
but "checking"; assets/push.js shows the one that fits this browser (an iPhone or iPad
outside the home screen gets the "Zet op beginscherm" steps and no button) and handles
the two buttons. Nothing asks for permission until the person taps.

The sections: push.py (this device), devices.py, choices.py; common.py (shared styles).
"""

from __future__ import annotations

import reflex as rx

from components.cards import page_title
from components.styles import TOUCH_TARGET
from dossier import routes
from dossier.pages.layout import signed_in_page
from dossier.pages.notification_settings.choices import choices_form
from dossier.pages.notification_settings.devices import devices_section
from dossier.pages.notification_settings.push import push_panel
from dossier.state.notification_settings import NotificationSettingsState as S

__all__ = ["notification_settings_page"]


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
