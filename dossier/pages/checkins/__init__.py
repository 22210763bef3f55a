"""Check-in for the adults: who may need attention now, and how each sibling is doing.

Open signals come first, with "Opgepakt" to say you pick it up. Then, per sibling and
period, the mood over time (a line per check-in and a thick line per week), how often
each need was chosen, and the notes: only what that sibling shared with the reader.
Each chart is a figure with its numbers in words next to it, for screen readers too.
On a tablet the two charts stand side by side.

The sections: signals.py, trends.py (choosing a sibling and period, the notes), charts.py.
"""

from __future__ import annotations

import reflex as rx

from components.cards import loading, page_title
from dossier import routes
from dossier.pages.checkins.signals import signals_section
from dossier.pages.checkins.trends import trends_section
from dossier.pages.layout import signed_in_page
from dossier.state.checkins import CheckInsState as S

__all__ = ["checkins_page"]


def not_for_you() -> rx.Component:
    return rx.callout(S.t["trends.not_for_you"], icon="info", color_scheme="gray", width="100%")


def checkins_page() -> rx.Component:
    return signed_in_page(
        routes.CHECKIN,
        page_title(S.t["checkins.title"], S.t["checkins.subtitle"]),
        rx.cond(
            S.loaded,
            rx.cond(
                S.not_for_you,
                not_for_you(),
                rx.vstack(signals_section(), trends_section(), spacing="6", width="100%"),
            ),
            loading(S.t["common.loading"]),
        ),
        refresh=S.load_page,
    )
