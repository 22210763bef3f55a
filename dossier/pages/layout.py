"""Fills the state-free shell with the signed-in user's data."""

from __future__ import annotations

from typing import Any

import reflex as rx

from components.connectivity import connection_notices
from components.dialogs import confirm_dialog
from components.shell import ShellProps, app_shell, bell
from components.styles import TOUCH_TARGET, card_style
from components.user_menu import family_switch, language_choice, logout_form, user_menu
from dossier import routes
from dossier.pages.confirm_banner import confirm_banner
from dossier.pages.session_timer import session_timer
from dossier.routes import NAVIGATION
from dossier.state.base import AppState, LocaleState
from dossier.state.closing import ClosingState
from dossier.urls import backend_url


def menu_link(label: rx.Var, href: str, icon: str) -> rx.Component:
    return rx.link(
        rx.hstack(rx.icon(icon, size=16, aria_hidden="true"), label, align="center"),
        href=href,
        min_height="44px",
        display="flex",
        align_items="center",
    )


def no_family() -> rx.Component:
    """Someone whose every membership ended, or who has none yet: a calm way forward."""
    t = AppState.t
    return rx.vstack(
        rx.heading(t["members.no_family_title"], as_="h1", size="6"),
        rx.text(t["members.no_family_text"]),
        spacing="3",
        width="100%",
    )


def waiting_elsewhere() -> rx.Component:
    """Issue 17: pages of a dossier that waits for its parents (the overview says more)."""
    t = AppState.t
    return rx.vstack(
        rx.heading(t["waiting.title"], as_="h1", size="6"),
        rx.text(t["waiting.elsewhere"]),
        rx.link(t["notfound.home"], href=routes.OVERVIEW, min_height="24px", weight="medium"),
        spacing="3",
        role="status",
    )


def not_for_you() -> rx.Component:
    """A page this role may not use: said at once and kindly, with a way home."""
    t = AppState.t
    return rx.vstack(
        rx.heading(t["page.refused.title"], as_="h1", size="6"),
        rx.text(t["page.refused.text"]),
        rx.link(t["notfound.home"], href=routes.OVERVIEW, min_height="24px", weight="medium"),
        spacing="3",
        role="status",
    )


def closed_notice() -> rx.Component:
    """The dossier is closed: said calmly on every page, with "Heropenen" for parents."""
    t = AppState.t
    return rx.vstack(
        rx.heading(t["closing.closed_title"], as_="h1", size="6"),
        rx.text(AppState.closed_notice, weight="medium"),
        rx.cond(
            AppState.may_reopen_family,
            rx.vstack(
                rx.text(t["closing.closed_reopen_text"]),
                confirm_dialog(
                    rx.button(
                        rx.icon("archive-restore", size=16, aria_hidden="true"),
                        t["closing.reopen"],
                        min_height=TOUCH_TARGET,
                        id="reopen-dossier",
                    ),
                    title=t["closing.reopen_title"],
                    description=[t["closing.reopen_text"]],
                    cancel_label=t["closing.cancel"],
                    confirm_label=t["closing.do_reopen"],
                    on_confirm=ClosingState.reopen,
                    danger=False,
                ),
                spacing="3",
            ),
            rx.text(t["closing.closed_others"]),
        ),
        spacing="3",
        role="status",
        id="closed-notice",
        style=card_style,
        width="100%",
    )


def close_request_banner() -> rx.Component:
    """To the other parent: a request to close waits for their answer."""
    t = AppState.t
    return rx.cond(
        AppState.close_asked_by != "",
        rx.hstack(
            rx.icon("archive", size=18, color=rx.color("amber", 11), aria_hidden="true"),
            rx.text(AppState.close_asked_by, weight="medium", flex="1"),
            rx.link(
                t["closing.request_banner_link"],
                href=routes.CLOSING,
                weight="medium",
                min_height="24px",
                display="inline-flex",
                align_items="center",
            ),
            align="center",
            wrap="wrap",
            id="close-request",
            style={**card_style, "border_left": f"4px solid {rx.color('amber', 9)}"},
            width="100%",
            margin_bottom="12px",
        ),
    )


def live_refresh(refresh: Any) -> rx.Component:
    """A hidden button that /live.js presses when someone else changed the family's dossier:
    data-live (pushed by the server, dossier/state/live.py) has passed data-pulse.

    Pressing a real button keeps this CSP-safe: no script text is ever evaluated.
    """
    return rx.el.button(
        id="live-refresh",
        # The bell's count too: most notifications come with a change in the family.
        on_click=[*(refresh if isinstance(refresh, list) else [refresh]), AppState.refresh_unread],
        custom_attrs={"data-pulse": AppState.pulse, "data-live": AppState.live_pulse},
        hidden=True,
        tab_index=-1,
        aria_hidden="true",
        type="button",
    )


def signed_in_page(
    current: str,
    *content: rx.Component,
    needs_family: bool = True,
    refresh: Any = None,
) -> rx.Component:
    """The shell around a page; `refresh` is the page's loader, run on live updates."""
    t = AppState.t
    menu = user_menu(
        t=t,
        user_name=AppState.user_name,
        initials=AppState.user_initials,
        body=[
            language_choice(t, AppState.lang, LocaleState.set_language),
            family_switch(t, AppState.families, AppState.switch_family),
            rx.cond(AppState.has_family, menu_link(t["members.menu"], routes.MEMBERS, "users")),
            rx.cond(
                AppState.may_view_network,
                menu_link(t["layout.network"], routes.NETWORK, "contact"),
            ),
            # Issue 19: the plan (PLAN_VIEW): parents and case managers all of it, a
            # caregiver the parts that name them, a brother or sister their own part.
            rx.cond(
                AppState.has_family & (AppState.role != "child"),
                menu_link(t["plan.menu"], routes.EMERGENCY_PLAN, "siren"),
            ),
            # Issue 20: the care plan (CAREPLAN_VIEW: not brothers and sisters).
            rx.cond(
                AppState.may_view_care_plan,
                menu_link(t["careplan.menu"], routes.CARE_PLAN, "clipboard-list"),
            ),
            # Issue 20: the conversations about what matters (ACP_VIEW), and the ill
            # child's own page (the child; an adult only when the child shared it).
            rx.cond(
                AppState.may_view_talks,
                menu_link(t["acp.menu"], routes.CARE_PLAN_TALKS, "messages-square"),
            ),
            rx.cond(
                AppState.may_read_child_page,
                menu_link(t["child_page.menu"], routes.CHILD_PAGE, "heart"),
            ),
            rx.cond(
                AppState.is_case_manager,
                menu_link(t["caseload.menu"], routes.CASELOAD, "layout-grid"),
            ),
            rx.cond(
                AppState.may_read_access_log,
                menu_link(t["accesslog.menu"], routes.ACCESS_LOG, "eye"),
            ),
            rx.cond(
                AppState.may_change_checkin_settings,
                menu_link(t["settings.open"], routes.CHECKIN_SETTINGS, "sliders-horizontal"),
            ),
            rx.cond(AppState.has_family, menu_link(t["mydata.menu"], routes.MY_DATA, "download")),
            menu_link(t["devices.menu"], routes.DEVICES, "monitor-smartphone"),
            menu_link(t["notif.menu"], routes.NOTIFICATIONS, "bell"),
            menu_link(t["notif.settings_menu"], routes.NOTIFICATION_SETTINGS, "bell-ring"),
            rx.cond(AppState.has_family, menu_link(t["leaving.menu"], routes.LEAVING, "door-open")),
            rx.cond(
                AppState.may_close_family,
                menu_link(t["closing.menu"], routes.CLOSING, "archive"),
            ),
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
        bell=bell(href=routes.NOTIFICATIONS, label=AppState.bell_label, count=AppState.unread),
        # A brother or sister checks in on their own screen; adults read at /check-in.
        hrefs={routes.CHECKIN: rx.cond(AppState.checks_in_self, routes.MY_CHECKIN, routes.CHECKIN)},
        # Decided by permissions.can in AppState._load_family: siblings and the ill child
        # have no "Wie doet wat", the GP and other caregivers no check-in.
        shown={
            routes.OVERVIEW: ~AppState.checks_in_self,
            routes.AGREEMENTS: AppState.may_view_agreements,
            routes.CHECKIN: AppState.may_use_checkin,
        },
    )
    page = rx.cond(AppState.page_refused, not_for_you(), rx.fragment(confirm_banner(), *content))
    # Issue 17: a dossier that waits for its parents: a calm word instead of a refusal.
    page = rx.cond(AppState.family_waiting & AppState.page_refused, waiting_elsewhere(), page)
    # A closed dossier: the calm notice instead of the page (or of its refusal).
    page = rx.cond(AppState.family_closed, closed_notice(), page)
    if current == routes.OVERVIEW:
        page = rx.fragment(close_request_banner(), page)
    shell = app_shell(
        props,
        rx.cond(AppState.signed_in & ~AppState.has_family, no_family(), page)
        if needs_family
        else page,
    )
    live = live_refresh(refresh) if refresh is not None else rx.fragment()
    # dialogs, banners and the live trigger, hidden until needed
    return rx.fragment(connection_notices(t), shell, session_timer(), live)
