"""The HTTP edge: every Starlette route of the app, in one table (`build_api`).

`http.py` holds what the routes share (client, cookies, redirects, small answers),
`identity.py` works out who is asking (the HTTP twin of the event gate), `throttle.py`
the brute-force limiter; every other module is one group of routes. The modules import
`http`, `identity` and `throttle`, never each other and never this package.
"""

from __future__ import annotations

from starlette.applications import Starlette

from dossier.api.auth import auth_routes
from dossier.api.calendar import calendar_routes
from dossier.api.care_plan_pdf import care_plan_pdf_routes
from dossier.api.checkin_export import checkin_export_routes
from dossier.api.checkin_links import checkin_link_routes
from dossier.api.export import export_routes
from dossier.api.invitations import invitation_routes
from dossier.api.offline import offline_routes
from dossier.api.oidc import oidc_routes
from dossier.api.password_reset import password_reset_routes
from dossier.api.push import push_routes
from dossier.api.push_keys import push_key_routes
from dossier.api.sessions import session_routes
from dossier.api.start import start_routes


def build_api() -> Starlette:
    return Starlette(
        routes=[
            *auth_routes(),  # GET /api/health, POST /api/auth/login and /api/auth/logout
            *session_routes(),  # GET /api/auth/session: time left, for the idle warning
            *password_reset_routes(),  # POST /api/auth/password/forgotten and .../reset
            *start_routes(),  # POST /api/auth/start: a parent starts a dossier
            *invitation_routes(),
            *oidc_routes(),
            *calendar_routes(),  # GET /api/calendar/<token>.ics: no cookie, the token is the key
            *checkin_export_routes(),  # GET /api/checkins/export.csv: the login cookie is the key
            *checkin_link_routes(),  # GET /api/k/<token>: a sibling's personal check-in link
            *push_routes(),  # POST/DELETE /api/push/subscriptions: this browser's push
            *push_key_routes(),  # GET /api/push/vapid-public-key: no login needed
            *offline_routes(),  # GET /api/offline/snapshot: this device's offline card
            *export_routes(),  # GET /api/exports/<token>.zip: cookie + token, once, 24 hours
            *care_plan_pdf_routes(),  # GET /api/zorgplan.pdf: the login cookie is the key
        ]
    )
