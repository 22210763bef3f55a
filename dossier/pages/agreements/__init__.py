"""Wie doet wat: per topic who is responsible, who backs up, when it is reviewed.

Two tabs: the agreements (with the starter set while any of it is open) and the overview
per domain (gaps, what is up for review, and how much each person carries, as a chart and
in words). One dialog shows an agreement with its history, and its form.
The sections: list.py, overview.py, form.py, detail.py (the dialog), pane.py (tablet),
common.py (the status pill and lines they share), closing.py (withdraw, end, Beëindigd).
"""

from __future__ import annotations

import reflex as rx

from components.cards import IS_WIDE, page_title
from components.linked_item import open_linked_item
from components.styles import TOUCH_TARGET
from dossier import routes
from dossier.pages.agreements.closing import end_dialog
from dossier.pages.agreements.detail import agreement_dialog
from dossier.pages.agreements.list import list_tab
from dossier.pages.agreements.overview import overview_tab
from dossier.pages.layout import signed_in_page
from dossier.state.agreements import AgreementsState as S
from dossier.state.linked_item import LinkedItemState

__all__ = ["agreements_page"]


def agreements_page() -> rx.Component:
    return signed_in_page(
        routes.AGREEMENTS,
        page_title(S.t["agreements.title"], S.t["agreements.subtitle"]),
        rx.tabs.root(
            rx.tabs.list(
                rx.tabs.trigger(S.t["agreements.tab_list"], value="list", min_height=TOUCH_TARGET),
                rx.tabs.trigger(
                    S.t["agreements.tab_overview"], value="overview", min_height=TOUCH_TARGET
                ),
            ),
            rx.tabs.content(list_tab(), value="list", padding_top="16px"),
            rx.tabs.content(overview_tab(), value="overview", padding_top="16px"),
            default_value="list",
            width="100%",
        ),
        agreement_dialog(),
        end_dialog(),
        # From the overview or a notification: opened as a tap on it would (pane or dialog).
        open_linked_item(
            LinkedItemState.linked_id,
            [S.open_agreement(LinkedItemState.linked_id, IS_WIDE), LinkedItemState.clear_link],
        ),
        refresh=S.refresh_agreements,
    )
