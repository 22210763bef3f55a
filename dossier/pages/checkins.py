"""Check-in: how the brothers and sisters are doing, as far as they shared it with me."""

from __future__ import annotations

import reflex as rx

from components.cards import item_list, page_title, pill
from components.mood import mood_face
from components.styles import card_style
from dossier import routes
from dossier.pages.layout import signed_in_page
from dossier.presenters import CheckInRow
from dossier.state.checkins import CheckInsState as S


def checkin_item(checkin: CheckInRow) -> rx.Component:
    return rx.el.li(
        rx.hstack(
            mood_face(checkin["mood"], checkin["mood_label"], size=32),
            rx.vstack(
                rx.hstack(
                    rx.text(checkin["sibling"], weight="medium"),
                    rx.text(checkin["when"], size="1", color=rx.color("gray", 11)),
                    align="baseline",
                ),
                rx.text(checkin["mood_label"], size="2"),
                rx.cond(checkin["needs"] != "", rx.text(checkin["needs"], size="2")),
                rx.cond(
                    checkin["note"] != "",
                    rx.text("“", checkin["note"], "”", size="2", font_style="italic"),
                ),
                rx.cond(checkin["wants_to_talk"], pill(S.t["checkin.wants_to_talk"], "tomato")),
                spacing="1",
                flex="1",
            ),
            align="start",
            width="100%",
        ),
        style={**card_style, "list_style": "none"},
    )


def checkins_page() -> rx.Component:
    return signed_in_page(
        routes.CHECKIN,
        page_title(S.t["checkins.title"], S.t["checkins.subtitle"]),
        item_list(
            loaded=S.loaded,
            items=S.checkins,
            render=checkin_item,
            empty_text=S.t["checkins.empty"],
            loading_text=S.t["common.loading"],
            empty_icon="heart",
        ),
        refresh=S.load_checkins,
    )
