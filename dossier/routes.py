"""Routes of the app, in Dutch as users see them in the address bar."""

OVERVIEW = "/"
TASKS = "/taken"
AGREEMENTS = "/wie-doet-wat"
AGENDA = "/agenda"
CHECKIN = "/check-in"
CHECKIN_SETTINGS = "/check-in/instellingen"  # parents: defaults, reminders, personal links
MY_CHECKIN = "/mijn-check-in"  # the sibling's own screen (account or personal link)
LOGIN = "/login"
LOGIN_EXPIRED = "/login?reason=expired"  # the login page says the session ended
DEVICES = "/mijn-apparaten"
NOTIFICATIONS = "/meldingen"  # the in-app list (the bell in the header)
NOTIFICATION_SETTINGS = "/meldingen/instellingen"  # channels, quiet hours, this device's push
ACCESS_LOG = "/wie-heeft-wat-bekeken"  # parents only; linked from the user menu
MEMBERS = "/gezin"
CASELOAD = "/mijn-gezinnen"  # case managers: every family they work in; linked from the user menu
INVITATION = "/uitnodiging"
MY_DATA = "/gegevens"  # download the family's dossier (parents) or one's own data
CLOSING = "/dossier-sluiten"  # parents close (and reopen) the dossier; from the user menu
START = "/starten"  # a parent starts a dossier (public; linked from the login page)
LEAVING = "/uitstappen"  # a member leaves the dossier; linked from the user menu
# Getting back in (public pages; the links in the mails point here, with ?token=...).
CONFIRM_EMAIL = "/e-mail-bevestigen"
PASSWORD_FORGOTTEN = "/wachtwoord-vergeten"  # noqa: S105 - an address, no password
PASSWORD_RESET = "/wachtwoord-herstellen"  # noqa: S105 - an address, no password
CLAIM = "/dossier-toevoegen"  # the owner of an address adds a dossier started with it
NETWORK = "/netwerk"  # the family's contacts and the team's reachability (issue 19)
EMERGENCY_PLAN = "/als-het-plotseling-moet"  # the plan for a sudden admission (issue 19)
EMERGENCY_PLAN_PRINT = "/als-het-plotseling-moet/afdrukken"  # "voor op de koelkast": one A4
CARE_PLAN = "/zorgplan"  # the care plan (IZP) with its sections, consent and evaluations (issue 20)
CARE_PLAN_TALKS = "/zorgplan/gesprekken"  # conversations about what matters (ACP-gesprekken)
CHILD_PAGE = "/wat-ik-belangrijk-vind"  # the ill child's own page; the child picks its readers

# (route, catalogue key, lucide icon) in the order of the bottom navigation.
NAVIGATION = (
    (OVERVIEW, "nav.overview", "house"),
    (TASKS, "nav.tasks", "list-checks"),
    (AGREEMENTS, "nav.agreements", "handshake"),
    (AGENDA, "nav.agenda", "calendar-days"),
    (CHECKIN, "nav.checkin", "smile"),
)

# HTTP routes of dossier/api/ that pages point the browser at (pages never import the API).
API_SESSION_STATUS = "/api/auth/session"  # the idle warning asks how long is left
API_OFFLINE_SNAPSHOT = "/api/offline/snapshot"  # the opt-in offline card of this device
API_EXPORTS = "/api/exports"  # /<token>.zip: a ready export, once, for who asked
API_CARE_PLAN_PDF = "/api/zorgplan.pdf"  # the care plan as this viewer may read it, on A4

# Opening one item from elsewhere (the overview, a notification): its page with `?open=`.
# The page reads the id through the same permission gate as a tap in its list; on a
# tablet the item shows in the pane beside the list, on a phone in its dialog.
OPEN_PARAM = "open"
ITEM_PAGES = (TASKS, AGREEMENTS, AGENDA)


def item_url(page: str, item_id: int | str) -> str:
    """The address that opens one task, agreement or appointment on its own page."""
    return f"{page}?{OPEN_PARAM}={item_id}"
