"""Builds the app: pages, head tags, HTTP routes and the per-event session gate."""

from __future__ import annotations

import reflex as rx

from dossier import routes
from dossier.api import build_api
from dossier.i18n import catalogue
from dossier.jobs.exports import export_worker
from dossier.jobs.gc_tuning import freeze_at_start
from dossier.jobs.mail_worker import mail_worker
from dossier.jobs.push_worker import outbox_worker
from dossier.jobs.schedule import scheduler_task
from dossier.middleware.body_limit import body_limit
from dossier.middleware.headers import security_headers
from dossier.middleware.proxy_headers import proxy_headers
from dossier.middleware.pwa import pwa_files
from dossier.ops.client_errors import handle_frontend_exception
from dossier.ops.log_redaction import install as redact_secrets_in_logs
from dossier.pages.access_log import access_log_page
from dossier.pages.agenda import agenda_page
from dossier.pages.agreements import agreements_page
from dossier.pages.care_plan import care_plan_page
from dossier.pages.care_plan_talks import care_plan_talks_page
from dossier.pages.caseload import caseload_page
from dossier.pages.checkin_settings import checkin_settings_page
from dossier.pages.checkins import checkins_page
from dossier.pages.child_page import child_page_page
from dossier.pages.claim import claim_page
from dossier.pages.closing import closing_page
from dossier.pages.confirm_email import confirm_email_page
from dossier.pages.devices import devices_page
from dossier.pages.emergency_plan import emergency_plan_page, emergency_plan_print_page
from dossier.pages.invitation import invitation_page
from dossier.pages.leaving import leaving_page
from dossier.pages.login import login_page
from dossier.pages.members import members_page
from dossier.pages.my_checkin import my_checkin_page
from dossier.pages.my_data import my_data_page
from dossier.pages.network import network_page
from dossier.pages.not_found import not_found_page
from dossier.pages.notification_settings import notification_settings_page
from dossier.pages.notifications import notifications_page
from dossier.pages.overview import overview_page
from dossier.pages.password_forgotten import password_forgotten_page
from dossier.pages.password_reset import password_reset_page
from dossier.pages.session_timer import session_timer_script
from dossier.pages.start import start_page
from dossier.pages.tasks import tasks_page
from dossier.settings import get_settings
from dossier.state.access_log import AccessLogState
from dossier.state.acp import AcpState
from dossier.state.admission import AdmissionState
from dossier.state.agenda import AgendaState
from dossier.state.agreements import AgreementsState
from dossier.state.base import AppState, LocaleState
from dossier.state.care_plan import CarePlanState
from dossier.state.care_plan_review import CarePlanReviewState
from dossier.state.caseload import CaseloadState
from dossier.state.checkin_settings import CheckinSettingsState
from dossier.state.checkins import CheckInsState
from dossier.state.child_page import ChildPageState
from dossier.state.claim import ClaimState
from dossier.state.closing import ClosingState
from dossier.state.devices import DevicesState
from dossier.state.emergency_plan import EmergencyPlanState
from dossier.state.gate import SessionGate
from dossier.state.invitation import InvitationState
from dossier.state.leaving import LeavingState
from dossier.state.linked_item import LinkedItemState
from dossier.state.live import live_updates
from dossier.state.login import LoginState
from dossier.state.members import MembersState
from dossier.state.my_checkin import MyCheckinState
from dossier.state.my_data import MyDataState
from dossier.state.network import NetworkState
from dossier.state.notification_settings import NotificationSettingsState
from dossier.state.notifications import NotificationsState
from dossier.state.overview import OverviewState
from dossier.state.password_reset import (
    ConfirmEmailState,
    PasswordForgottenState,
    PasswordResetState,
)
from dossier.state.start import StartState
from dossier.state.tasks import TasksState
from dossier.state.toasts import install as install_csp_safe_toasts
from dossier.state.toasts import toast_bridge

redact_secrets_in_logs()  # first: no cookie or token may reach a log (log_redaction.py)
get_settings()  # refuse to start with a clear message when the configuration is incomplete
install_csp_safe_toasts()  # rx.toast from handlers without eval (see dossier/state/toasts.py)

app = rx.App(
    html_lang="nl",
    # At the top: at the bottom a toast covered the phone's tab bar for seconds (and took
    # the second tap of a double tap). The region's name is Dutch, as the page starts.
    toaster=rx.toast.provider(
        position="top-center",
        custom_attrs={"containerAriaLabel": catalogue("nl")["toasts.region"]},
    ),
    # toasts.css: readable toast colours; my_checkin.css: the sibling's check-in screen
    stylesheets=["/app.css", "/toasts.css", "/my_checkin.css"],
    head_components=[
        rx.el.meta(
            name="viewport", content="width=device-width, initial-scale=1, viewport-fit=cover"
        ),
        rx.el.meta(name="theme-color", content="#0d9488"),
        # Home-screen app (issue 7): assets/manifest.webmanifest, icons from `dossier icons`
        rx.el.link(rel="manifest", href="/manifest.webmanifest"),
        rx.el.link(rel="icon", type="image/png", sizes="32x32", href="/icons/favicon-32.png"),
        rx.el.link(rel="apple-touch-icon", sizes="180x180", href="/icons/apple-touch-icon.png"),
        rx.el.meta(name="mobile-web-app-capable", content="yes"),
        rx.el.meta(name="apple-mobile-web-app-capable", content="yes"),
        rx.el.meta(name="apple-mobile-web-app-title", content="Dossier"),
        rx.el.meta(name="apple-mobile-web-app-status-bar-style", content="default"),
        rx.el.meta(name="description", content="Gezinsdossier"),
        session_timer_script(),  # the idle warning (WCAG 2.2.1); a file, so no eval
        rx.el.script(src="/live.js", defer=True),  # live updates; see assets/live.js
        rx.el.script(src="/push.js", defer=True),  # the service worker and push on a tap
        rx.el.script(src="/install.js", defer=True),  # the "put on home screen" hint
        rx.el.script(src="/connectivity.js", defer=True),  # offline banner, new version
        rx.el.script(src="/one-tap.js", defer=True),  # a double tap does one thing
        rx.el.script(src="/offline-card.js", defer=True),  # the opt-in offline card
    ],
    # /sw.js (with this build's version) and /offline.html: dossier/middleware/pwa.py. The
    # body cap sits inside the security headers, so a 413 carries them too. The proxy
    # headers come last (outermost): everything inside sees the real client behind a
    # trusted proxy.
    api_transformer=[build_api(), pwa_files, body_limit, security_headers, proxy_headers],
    extra_app_wraps={(3, "CspSafeToasts"): toast_bridge},
    frontend_exception_handler=handle_frontend_exception,  # escaped, cut, rate-limited
)
# No English "Cannot connect to server" toasts: components/connectivity.py says it, in
# the person's language (Reflex's default overlay is only that toaster and a pulse icon).
app.app_wraps[(5, "Overlay")] = lambda _stateful: None
app.add_middleware(SessionGate())
app.register_lifespan_task(scheduler_task)  # notification scans; DOSSIER_SCHEDULER=0: off
app.register_lifespan_task(outbox_worker)  # sends the push outbox; DOSSIER_PUSH_WORKER=0: off
app.register_lifespan_task(export_worker)  # builds export ZIPs; DOSSIER_EXPORT_WORKER=0: off
app.register_lifespan_task(mail_worker)  # sends the mail outbox; DOSSIER_MAIL_WORKER=0: off
# Pushes each committed change to the family's open tabs (dossier/state/live.py).
app.register_lifespan_task(live_updates, shell=AppState)
app.register_lifespan_task(freeze_at_start)  # long-lived objects out of full collections

TITLE = "Gezinsdossier"
app.add_page(login_page, route=routes.LOGIN, title=TITLE, on_load=LoginState.load_login)
app.add_page(
    invitation_page, route=routes.INVITATION, title=TITLE, on_load=InvitationState.load_invitation
)
app.add_page(start_page, route=routes.START, title=TITLE, on_load=StartState.load_start)
# Getting back in (public): forgotten password, the link from the mail, confirming.
app.add_page(
    password_forgotten_page,
    route=routes.PASSWORD_FORGOTTEN,
    title=TITLE,
    on_load=PasswordForgottenState.load_forgotten,
)
app.add_page(
    password_reset_page,
    route=routes.PASSWORD_RESET,
    title=TITLE,
    on_load=PasswordResetState.load_reset,
)
app.add_page(
    confirm_email_page,
    route=routes.CONFIRM_EMAIL,
    title=TITLE,
    on_load=ConfirmEmailState.load_confirm,
)
# The owner of an address adds a dossier someone started with it (domain/provisional.py).
app.add_page(claim_page, route=routes.CLAIM, title=TITLE, on_load=ClaimState.load_claim)
# Reflex's route for an unknown address: in the person's language, with a way home.
app.add_page(not_found_page, route="404", title=TITLE, on_load=LocaleState.init_locale)
# The sibling's own check-in: also for personal-link sessions, so no AppState.load_shell.
app.add_page(
    my_checkin_page, route=routes.MY_CHECKIN, title=TITLE, on_load=MyCheckinState.load_my_checkin
)
# Issue 19: loaders that run on a page besides its own (after it), per route.
EXTRA_LOADERS: dict[str, list] = {
    # "We gaan naar het ziekenhuis": the calm card on the overview, the section on the plan.
    routes.OVERVIEW: [AdmissionState.read_admission_card],
    routes.EMERGENCY_PLAN: [AdmissionState.read_admission],
    # Issue 20: a conversation about what matters opens from its address (?open=).
    routes.CARE_PLAN_TALKS: [LinkedItemState.read_link],
    # Issue 20: the care plan's evaluation panel (parents and case managers).
    routes.CARE_PLAN: [CarePlanReviewState.load_review],
}
for page, route, loader in (
    (overview_page, routes.OVERVIEW, OverviewState.load_overview),
    (tasks_page, routes.TASKS, TasksState.load_tasks),
    (agreements_page, routes.AGREEMENTS, AgreementsState.load_agreements),
    (agenda_page, routes.AGENDA, AgendaState.load_agenda),
    (checkins_page, routes.CHECKIN, CheckInsState.load_page),
    (checkin_settings_page, routes.CHECKIN_SETTINGS, CheckinSettingsState.load_settings),
    (devices_page, routes.DEVICES, DevicesState.load_devices),
    (my_data_page, routes.MY_DATA, MyDataState.load_my_data),
    (access_log_page, routes.ACCESS_LOG, AccessLogState.load_log),
    (members_page, routes.MEMBERS, MembersState.load_members),
    (leaving_page, routes.LEAVING, LeavingState.load_leaving),
    (caseload_page, routes.CASELOAD, CaseloadState.load_caseload),
    (notifications_page, routes.NOTIFICATIONS, NotificationsState.load_notifications),
    (notification_settings_page, routes.NOTIFICATION_SETTINGS, NotificationSettingsState.load_page),
    (closing_page, routes.CLOSING, ClosingState.load_closing),
    (network_page, routes.NETWORK, NetworkState.load_network),
    (emergency_plan_page, routes.EMERGENCY_PLAN, EmergencyPlanState.load_plan),
    (care_plan_page, routes.CARE_PLAN, CarePlanState.load_plan),  # issue 20
    (care_plan_talks_page, routes.CARE_PLAN_TALKS, AcpState.load_talks),  # issue 20
    (child_page_page, routes.CHILD_PAGE, ChildPageState.load_child_page),  # issue 20
):
    # Pages of items also open the one their address names (routes.item_url), after the list.
    linked = [LinkedItemState.read_link] if route in routes.ITEM_PAGES else []
    linked += EXTRA_LOADERS.get(route, [])
    app.add_page(page, route=route, title=TITLE, on_load=[AppState.load_shell, loader, *linked])
# Issue 19: the plan on paper ("voor op de koelkast"): no shell, so it prints as one A4 page.
app.add_page(
    emergency_plan_print_page,
    route=routes.EMERGENCY_PLAN_PRINT,
    title=TITLE,
    on_load=[AppState.load_shell, EmergencyPlanState.load_print],
)
