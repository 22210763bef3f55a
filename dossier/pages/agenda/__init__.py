"""Agenda: coming and past appointments by day (today first), the form, the phone's calendar.

The sections: list.py (tabs and day lists), form.py (the dialog with the form),
calendar.py (the phone's calendar), pane.py (the tablet's pane).
"""

from __future__ import annotations

import reflex as rx

from components.cards import master_detail, page_title
from components.linked_item import open_linked_item
from dossier import routes
from dossier.pages.agenda.calendar import feed_section
from dossier.pages.agenda.form import form_dialog
from dossier.pages.agenda.list import agenda_tabs, new_button
from dossier.pages.agenda.pane import agenda_pane
from dossier.pages.agenda.undo import agenda_notice
from dossier.pages.layout import signed_in_page
from dossier.state.agenda import AgendaState as S
from dossier.state.linked_item import LinkedItemState

__all__ = ["agenda_page"]


def agenda_page() -> rx.Component:
    return signed_in_page(
        routes.AGENDA,
        rx.flex(
            page_title(S.t["agenda.title"], S.t["agenda.subtitle"]),
            new_button(),
            justify="between",
            align="end",
            wrap="wrap",
            gap="3",
            width="100%",
        ),
        master_detail(agenda_tabs(), agenda_pane(), pane_label=S.t["layout.agenda.pane"]),
        rx.cond(S.loaded, feed_section()),
        form_dialog(),
        agenda_notice(),
        # From the overview or a notification: shown in the pane, scrolled to on a phone.
        open_linked_item(
            LinkedItemState.linked_id,
            [
                S.select_appointment(LinkedItemState.linked_id),
                rx.scroll_to("appointment-" + LinkedItemState.linked_id),
                LinkedItemState.clear_link,
            ],
        ),
        refresh=S.refresh_agenda,
    )
