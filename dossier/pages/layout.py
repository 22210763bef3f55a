"""Fills the state-free shell with the signed-in user's data."""

from __future__ import annotations

import reflex as rx

from components.shell import ShellProps, app_shell
from components.user_menu import family_switch, language_choice, logout_form, user_menu
from dossier.routes import NAVIGATION
from dossier.state.base import AppState, LocaleState
from dossier.urls import backend_url


def signed_in_page(current: str, *content: rx.Component) -> rx.Component:
    t = AppState.t
    menu = user_menu(
        t=t,
        user_name=AppState.user_name,
        initials=AppState.user_initials,
        body=[
            language_choice(t, AppState.lang, LocaleState.set_language),
            family_switch(t, AppState.families, AppState.switch_family),
            logout_form(t, backend_url("/api/auth/logout")),
        ],
    )
    props = ShellProps(
        t=t,
        lang=AppState.lang,
        current=current,
        navigation=NAVIGATION,
        family_name=AppState.family_name,
        user_name=AppState.user_name,
        user_initials=AppState.user_initials,
        user_menu=menu,
    )
    return app_shell(props, *content)
