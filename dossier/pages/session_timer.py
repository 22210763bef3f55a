"""The idle warning's two dialogs (WCAG 2.2.1), drawn hidden; assets/session-timer.js
shows them at the right moment, moves focus into them and keeps it there.

The times come from the settings (`DOSSIER_SESSION_IDLE_MINUTES`) and the server's
answer to GET /api/auth/session; nothing here runs a timer of its own.
"""

from __future__ import annotations

import reflex as rx
from reflex_base.vars.base import Var

from components.styles import TOUCH_TARGET
from dossier import routes
from dossier.settings import get_settings
from dossier.state.base import AppState
from dossier.state.session_timer import EXPIRED, SessionTimerState
from dossier.urls import backend_url

SCRIPT_SRC = "/session-timer.js"
WARN_SECONDS = 120  # "2 minutes before": far more than the 20 s WCAG asks for


def warn_seconds(idle_seconds: int) -> int:
    """Two minutes, or half the idle time when that is shorter (tiny test settings)."""
    return max(20, min(WARN_SECONDS, idle_seconds // 2))


def _dialog(kind: str, title: Var, text: Var, button_label: Var, on_click=None) -> rx.Component:
    t = AppState.t
    return rx.el.div(
        rx.el.div(
            rx.heading(title, as_="h2", size="5", id=f"session-{kind}-title"),
            rx.text(text, id=f"session-{kind}-text", size="3"),
            rx.text(
                t["idle.time_left"],
                " ",
                rx.el.span(custom_attrs={"data-session-countdown": ""}, font_weight="bold"),
                size="2",
            ),
            rx.button(
                button_label,
                on_click=on_click,
                size="3",
                width="100%",
                min_height=TOUCH_TARGET,
                custom_attrs={"data-session-action": kind},
            ),
            role="alertdialog",
            aria_modal="true",
            aria_labelledby=f"session-{kind}-title",
            aria_describedby=f"session-{kind}-text",
            tab_index=-1,
            display="flex",
            flex_direction="column",
            gap="12px",
            width="100%",
            max_width="420px",
            padding="20px",
            border_radius="14px",
            background=rx.color("gray", 1),
            box_shadow="0 10px 40px rgba(0, 0, 0, 0.3)",
        ),
        hidden=True,
        custom_attrs={"data-session-dialog": kind},
        position="fixed",
        inset="0",
        z_index="1000",
        display="flex",
        align_items="center",
        justify_content="center",
        padding="16px",
        background="rgba(0, 0, 0, 0.5)",
        style={"&[hidden]": {"display": "none"}},
    )


def session_timer() -> rx.Component:
    t = AppState.t
    idle_seconds = get_settings().session_idle_minutes * 60
    return rx.el.div(
        _dialog(
            "idle",
            t["idle.title"],
            t["idle.text"],
            t["idle.stay"],
            on_click=SessionTimerState.stay_signed_in,
        ),
        _dialog(
            "absolute", t["idle.absolute_title"], t["idle.absolute_text"], t["idle.absolute_ok"]
        ),
        id="session-timer",
        lang=AppState.lang,
        display="contents",
        custom_attrs={
            "data-status-url": backend_url(routes.API_SESSION_STATUS),
            "data-expired-url": EXPIRED,
            "data-idle-seconds": str(idle_seconds),
            "data-warn-seconds": str(warn_seconds(idle_seconds)),
            "data-extended": SessionTimerState.extended,
        },
    )


def session_timer_script() -> rx.Component:
    """For the app's head: a static file, so the CSP needs no 'unsafe-eval' for it."""
    return rx.el.script(src=SCRIPT_SRC, defer=True)
