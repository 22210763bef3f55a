"""Netwerk: the family's contacts ("bij spoed" first), the team's reachability and, for a
case manager, her own hours and absences.

Phone first: the list, a tap opens the contact (a dialog on a phone, the pane beside the
list on a tablet), the form in a dialog. The sections: contacts.py (list, detail, pane),
form.py (the contact form), team.py ("Het team" and "Mijn bereikbaarheid").
"""

from __future__ import annotations

import reflex as rx

from components.cards import master_detail, page_title
from dossier import routes
from dossier.pages.layout import signed_in_page
from dossier.pages.network.contacts import contact_list, contact_pane, detail_dialog, toolbar
from dossier.pages.network.form import contact_form_dialog
from dossier.pages.network.team import my_reachability, team_section
from dossier.state.network import NetworkState as S

__all__ = ["network_page"]


def network_page() -> rx.Component:
    return signed_in_page(
        routes.NETWORK,
        page_title(S.t["network.title"], S.t["network.subtitle"]),
        rx.callout.root(
            rx.callout.icon(rx.icon("siren", aria_hidden="true")),
            rx.callout.text(S.t["network.emergency_note"]),
            color_scheme="tomato",
            size="1",
        ),
        toolbar(),
        master_detail(contact_list(), contact_pane(), pane_label=S.t["network.pane"]),
        detail_dialog(),
        contact_form_dialog(),
        team_section(),
        rx.cond(S.is_case_manager_here, my_reachability()),
        refresh=S.refresh_network,
    )
