"""Toasts that work under the Content-Security-Policy (no 'unsafe-eval').

Reflex turns `rx.toast.success("...")` returned from an event handler into a
`_call_function` event whose payload is JavaScript *text*, which the browser runs with
`eval()` (reflex 0.10.1, .web/utils/state.js applyEvent). Our CSP forbids eval, so such
a toast would silently not appear and report a CSP violation instead.

`install()` (called once in dossier/dossier.py) reroutes every plain-text toast to
`ToastState.show(level, message)`: the message travels as state, and `toast_bridge()`,
an effect compiled into the app's JavaScript at build time, shows it with the same
sonner toaster. Handlers keep writing `rx.toast.success(...)` with a plain text.

A toast with extra options (or a Var as message) keeps Reflex's own path: fine as an
`on_click` in a page (compiled, no eval), but returned from a handler it would be
blocked; pass plain text there.
"""

from __future__ import annotations

import json

import reflex as rx
from reflex_base.components.memo import memo
from reflex_base.utils.imports import ImportVar
from reflex_base.vars.base import Var, VarData
from reflex_components_sonner.toast import Toaster  # type: ignore[import-untyped]  # no py.typed

from dossier.i18n import LOCALES, catalogue
from dossier.state.base import LocaleState
from dossier.state.gate import PUBLIC_STATE_NAMES

LEVELS = ("success", "error", "warning", "info")
_reflex_send_toast = Toaster.send_toast


# Under LocaleState: a toast can name people or things of the family, so it is bound to
# the login like every other state (dossier/state/binding.py).
class ToastState(LocaleState):
    # Declared as rx.Field so that a type checker reads `ToastState.seq` as the Var it is.
    level: rx.Field[str] = rx.field("info")
    message: rx.Field[str] = rx.field("")
    pending: rx.Field[bool] = rx.field(False)
    seq: rx.Field[int] = rx.field(0)

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
    Toaster.send_toast = staticmethod(send_toast)


class ToastAnnouncer(rx.Fragment):
    """Renders nothing; its effect runs whenever `ToastState.seq` changes."""

    def add_hooks(self) -> list[str | Var]:
        pending, level, message, seq = (
            ToastState.pending,
            ToastState.level,
            ToastState.message,
            ToastState.seq,
        )
        shown = f"{ToastState.get_full_name()}.shown"
        code = f"""useEffect(() => {{
    if (!{pending}) return;
    const toast = refs["__toast"];
    if (toast) (toast[{level}] ?? toast)({message});
    addEvents([ReflexEvent({json.dumps(shown)}, ({{}}), ({{}}))], [], ({{}}));
}}, [{seq}]);"""
        imports = VarData(
            imports={
                "react": [ImportVar(tag="useEffect")],
                "$/utils/state": [ImportVar(tag="refs"), ImportVar(tag="ReflexEvent")],
                "$/utils/context": [ImportVar(tag="addEvents")],
            }
        )
        var_data = VarData.merge(
            imports, *(var._get_all_var_data() for var in (pending, level, message, seq))
        )
        return [Var(_js_expr=code, _var_data=var_data), region_label_hook()]


def region_label_hook() -> Var:
    """The toaster's region is named at build time (in Dutch, dossier/dossier.py); this
    effect renames it in the language the person chose, keeping sonner's hotkey hint."""
    lang: Var = LocaleState.lang  # type: ignore[assignment]  # a Var on the class
    labels = {locale: catalogue(locale)["toasts.region"] for locale in LOCALES}
    code = f"""useEffect(() => {{
    const labels = {json.dumps(labels, ensure_ascii=False)};
    const wanted = labels[{lang}] ?? labels["nl"];
    const rename = () => {{
        for (const region of document.querySelectorAll("section[aria-label]")) {{
            const label = region.getAttribute("aria-label") || "";
            const known = Object.values(labels).find((name) => label.startsWith(name));
            const renamed = known === undefined ? label : wanted + label.slice(known.length);
            if (renamed !== label) region.setAttribute("aria-label", renamed);
        }}
    }};
    rename();
    // The toaster may be drawn again (with its build-time name): rename it each time.
    const observer = new MutationObserver(rename);
    const watch = {{ childList: true, subtree: true, attributeFilter: ["aria-label"] }};
    observer.observe(document.body, watch);
    return () => observer.disconnect();
}}, [{lang}]);"""
    imports = VarData(imports={"react": [ImportVar(tag="useEffect")]})
    return Var(_js_expr=code, _var_data=VarData.merge(imports, lang._get_all_var_data()))


def toast_bridge(stateful: bool = True) -> rx.Component | None:
    """For `rx.App(extra_app_wraps=...)`: shows ToastState's message as a sonner toast.

    The effect is compiled into the app's JavaScript at build time (a real function, no
    eval). `shown` clears the flag so that a page change does not show it again.
    """
    if not stateful:
        return None

    def csp_safe_toasts() -> rx.Component:
        return ToastAnnouncer.create()

    # Memoised like Reflex's own overlay: one small component with its own hooks.
    return rx.fragment(memo(csp_safe_toasts)())
