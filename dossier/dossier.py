"""Builds the app: pages, head tags, HTTP routes and the per-event session gate."""

from __future__ import annotations

import reflex as rx

from dossier import routes
from dossier.api import build_api
from dossier.headers import security_headers
from dossier.pages.agenda import agenda_page
from dossier.pages.agreements import agreements_page
from dossier.pages.checkins import checkins_page
from dossier.pages.login import login_page
from dossier.pages.overview import overview_page
from dossier.pages.tasks import tasks_page
from dossier.settings import get_settings
from dossier.state.agenda import AgendaState
from dossier.state.agreements import AgreementsState
from dossier.state.base import AppState
from dossier.state.checkins import CheckInsState
from dossier.state.gate import SessionGate
from dossier.state.login import LoginState
from dossier.state.overview import OverviewState
from dossier.state.tasks import TasksState

get_settings()  # refuse to start with a clear message when the configuration is incomplete

app = rx.App(
    html_lang="nl",
    stylesheets=["/app.css"],
    head_components=[
        rx.el.meta(
            name="viewport", content="width=device-width, initial-scale=1, viewport-fit=cover"
        ),
        rx.el.meta(name="theme-color", content="#0d9488"),
        rx.el.meta(name="description", content="Gezinsdossier"),
    ],
    api_transformer=[build_api(), security_headers],
)
app.add_middleware(SessionGate())

TITLE = "Gezinsdossier"
app.add_page(login_page, route=routes.LOGIN, title=TITLE, on_load=LoginState.load_login)
for page, route, loader in (
    (overview_page, routes.OVERVIEW, OverviewState.load_overview),
    (tasks_page, routes.TASKS, TasksState.load_tasks),
    (agreements_page, routes.AGREEMENTS, AgreementsState.load_agreements),
    (agenda_page, routes.AGENDA, AgendaState.load_agenda),
    (checkins_page, routes.CHECKIN, CheckInsState.load_checkins),
):
    app.add_page(page, route=route, title=TITLE, on_load=[AppState.load_shell, loader])
