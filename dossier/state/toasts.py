"""Toasts that work under the Content-Security-Policy (no 'unsafe-eval').

Reflex turns `rx.toast.success("...")` returned from an event handler into a
`_call_function` event whose payload is JavaScript *text*, which the browser runs with
`eval()` (reflex 0.10.1, .web/utils/state.js applyEvent). Our CSP forbids eval, so such
a toast would silently not appear and report a CSP violation instead.

`install()` (called once in dossier/dossier.py) reroutes every plain-text toast to
`ToastState.show(level, message)`: the message travels as state, and `toast_bridge()`,
compiled into the app's JavaScript at build time, shows it with the same sonner toaster.
Handlers keep writing `rx.toast.success(...)`. Toasts with extra options, or a Var as
message (both compiled into the page, where no eval is needed), keep Reflex's own path.
"""

from __future__ import annotations

import reflex as rx
from reflex_base.components.memo import memo
from reflex_components_sonner.toast import Toaster

from dossier.state.gate import PUBLIC_STATE_NAMES

LEVELS = ("success", "error", "warning", "info")
_reflex_send_toast = Toaster.send_toast


class ToastState(rx.State):
    level: str = "info"
    message: str = ""
    pending: bool = False
    seq: int = 0

    @rx.event
    def show(self, level: str, message: str) -> None:
        self.level = level if level in LEVELS else "info"
        self.message = str(message)[:500]
        self.seq += 1
        self.pending = True

    @rx.event
    def shown(self) -> None:
        self.pending = False


# A toast only repeats to the same tab what its own server event decided to say; it
# works before login too (the invitation page), so the gate lets these events through.
PUBLIC_STATE_NAMES.add(ToastState.get_name())


def send_toast(message="", level=None, fallback_to_alert=False, **props):
    """Drop-in for Toaster.send_toast: plain text goes through the state, no eval."""
    if isinstance(message, str) and message and not props and not fallback_to_alert:
        return ToastState.show(level or "info", message)
    return _reflex_send_toast(message, level, fallback_to_alert, **props)


def install() -> None:
    """Reroute rx.toast.success/.error/.warning/.info (they call Toaster.send_toast)."""
    Toaster.send_toast = staticmethod(send_toast)  # type: ignore[method-assign]


def toast_bridge(stateful: bool = True) -> rx.Component | None:
    """For `rx.App(extra_app_wraps=...)`: shows ToastState's message as a sonner toast.

    A hidden span mounts when a message is pending (a new `key` per message); its
    on_mount toast is compiled into the page (a real function, not text), then `shown`
    clears the flag so a page change does not show it again.
    """
    if not stateful:
        return None

    def announcer(level: str) -> rx.Component:
        return rx.el.span(
            key=ToastState.seq,
            hidden=True,
            on_mount=[
                _reflex_send_toast(ToastState.message, level=level),
                ToastState.shown,
            ],
        )

    def toast_announcer() -> rx.Component:
        return rx.cond(
            ToastState.pending,
            rx.match(
                ToastState.level,
                *[(level, announcer(level)) for level in LEVELS[:-1]],
                announcer("info"),
            ),
        )

    # Memoised like Reflex's own overlay, so the app's root renders it as one component.
    return rx.fragment(memo(toast_announcer)())
