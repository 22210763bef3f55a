"""Mijn check-in: a brother or sister says how they are, what would help, and who may read it.

One scrolling screen with five numbered steps, then a clear "Versturen". The screen says
who will read the answer before it is sent (a live sentence that follows every tick),
thanks the sibling afterwards with the same words, and shows the sibling's own faces of
the last weeks. There is no shell navigation: a sibling who came with a personal link
only ever sees this screen; one with their own account gets a link to the overview.

The sections: header.py, steps.py (the five steps), after.py (thanks, the picture row,
the calm refusals).
"""

from __future__ import annotations

import reflex as rx

from components.connectivity import connection_notices
from components.styles import page_background
from dossier import routes
from dossier.pages.my_checkin.after import calm_message, history, thanks
from dossier.pages.my_checkin.header import header, way_out
from dossier.pages.my_checkin.steps import checkin_form
from dossier.pages.session_timer import session_timer
from dossier.state.my_checkin import MyCheckinState

S = MyCheckinState
t = S.t

__all__ = ["my_checkin_page"]


def content() -> rx.Component:
    return rx.cond(
        ~S.loaded,
        rx.el.p(rx.spinner(size="3"), t["common.loading"], class_name="mc-loading", role="status"),
        rx.match(
            S.problem,
            (
                "not_sibling",
                rx.el.div(
                    calm_message(
                        "mine.not_sibling.title",
                        "mine.not_sibling.text",
                        "mine.to_checkins",
                        routes.CHECKIN,
                    ),
                    way_out(t["mine.to_overview"], routes.OVERVIEW, "house"),
                ),
            ),
            (
                "denied",
                calm_message(
                    "mine.denied.title", "mine.denied.text", "mine.to_overview", routes.OVERVIEW
                ),
            ),
            rx.fragment(rx.cond(S.sent, thanks(), checkin_form()), history()),
        ),
    )


def my_checkin_page() -> rx.Component:
    return rx.fragment(
        connection_notices(t),
        rx.box(
            rx.el.a(t["nav.skip"], href="#inhoud", class_name="skip-link"),
            header(),
            rx.el.main(content(), id="inhoud", tab_index=-1, class_name="mc-main"),
            custom_attrs={"lang": S.lang},
            min_height="100vh",
            background=page_background,
            class_name="mc-page",
        ),
        # The idle warning needs the dossier's own session; a link session has no such
        # warning (its event would be refused), so only accounts get it.
        rx.cond(S.loaded & ~S.via_link, session_timer()),
    )
