"""Taken: my tasks or all, per domain, overdue and 'nabellen' first; one tap to complete.

Phone first: the list, one-tap complete with an undo bar near the thumb, and a dialog
with the task form (every field labelled, messages next to the field they are about).
The sections: list.py (the rows and filters), actions.py (undo bar, new-task button),
form.py (the form), dialog.py (form or details, with the history), pane.py (tablet).
"""

from __future__ import annotations

import reflex as rx

from components.cards import IS_WIDE, master_detail, page_title
from components.linked_item import open_linked_item
from dossier import routes
from dossier.pages.layout import signed_in_page
from dossier.pages.tasks.actions import floating_actions
from dossier.pages.tasks.list import filters, task_list
from dossier.pages.tasks.pane import task_pane
from dossier.state.linked_item import LinkedItemState
from dossier.state.tasks import TasksState as S

__all__ = ["tasks_page"]


def tasks_page() -> rx.Component:
    return signed_in_page(
        routes.TASKS,
        page_title(S.t["tasks.title"], S.t["tasks.subtitle"]),
        filters(),
        master_detail(task_list(), task_pane(), pane_label=S.t["layout.tasks.pane"]),
        floating_actions(),
        # From the overview or a notification: the whole list (the task may be someone
        # else's), then the task opens as a tap on it would: pane on a tablet, else dialog.
        open_linked_item(
            LinkedItemState.linked_id,
            [
                S.show_view("all"),
                S.set_domain_filter(""),
                S.open_change(LinkedItemState.linked_id, True, IS_WIDE),
                LinkedItemState.clear_link,
            ],
        ),
        refresh=S.refresh_tasks,
    )
