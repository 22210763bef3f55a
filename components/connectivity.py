"""The connection banner and the "new version" banner; assets/connectivity.js runs them.

Drawn hidden by the app, shown by the script: whether the device is offline and whether a
new service worker waits are facts of this browser, not of the server. The script only
reads `data-lost` (Reflex's live connection broke) and fills and shows the banners, so no
script text is ever evaluated (strict CSP).
"""

from __future__ import annotations

import reflex as rx
from reflex_base.vars.base import Var
from reflex_components_core.core.banner import has_connection_errors

from components.styles import TOUCH_TARGET


def connection_notices(t: Var) -> rx.Component:
    return rx.fragment(
        rx.el.div(
            id="connection-state",
            hidden=True,
            custom_attrs={"data-lost": rx.cond(has_connection_errors, "true", "false")},
        ),
        # Empty until the script writes the text: a status region is read out when its
        # text changes, not when it becomes visible.
        rx.el.div(
            id="connection-banner",
            role="status",
            hidden=True,
            class_name="connection-banner",
            custom_attrs={
                "data-text-offline": t["offline.banner"],
                "data-text-unsaved": t["offline.unsaved"],
            },
        ),
        rx.el.div(
            rx.el.p(t["update.available"], margin="0"),
            rx.el.button(
                t["update.reload"],
                id="update-reload",
                type="button",
                class_name="update-button",
                min_height=TOUCH_TARGET,
            ),
            id="update-banner",
            hidden=True,
            role="region",
            aria_label=t["update.available"],
            class_name="update-banner",
        ),
    )
