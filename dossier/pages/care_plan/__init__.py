"""Het zorgplan (IZP): the sections in the IZP's order, one open beside the list on a
tablet or in a dialog on a phone, versions with a parent's confirmation, readers per
section and the consent to share. The parts: sections.py (list, pane, confirmation,
readers), form.py (the dialog and the form per section), consent.py; the evaluation panel
is evaluation.py (with its own state)."""

from __future__ import annotations

import reflex as rx

from components.cards import item_list, master_detail, page_title, section_card
from components.styles import TOUCH_TARGET, link_button, muted_text
from dossier import routes
from dossier.pages.care_plan.consent import consent_panel
from dossier.pages.care_plan.evaluation import evaluation_panel, pdf_link
from dossier.pages.care_plan.form import section_dialog
from dossier.pages.care_plan.sections import section_card as section_item
from dossier.pages.care_plan.sections import section_pane
from dossier.pages.layout import signed_in_page
from dossier.state.care_plan import CarePlanState as S
from dossier.state.care_plan_review import CarePlanReviewState

__all__ = ["care_plan_page"]


def plan_header() -> rx.Component:
    return rx.flex(
        rx.vstack(
            rx.text(S.version_text, size="3", weight="medium", class_name="careplan-version"),
            rx.cond(
                S.last_change_text != "", rx.text(S.last_change_text, size="2", style=muted_text)
            ),
            spacing="1",
        ),
        rx.spacer(),
        rx.cond(
            S.may_view_talks,
            rx.link(
                rx.icon("messages-square", aria_hidden="true"),
                S.t["acp.menu"],
                href=routes.CARE_PLAN_TALKS,
                style=link_button,
            ),
        ),
        # A plain <a download>: rx.link would route inside the app and miss the file.
        pdf_link(),
        gap="12px",
        wrap="wrap",
        align="center",
        width="100%",
    )


def empty_plan() -> rx.Component:
    return section_card(
        S.t["careplan.empty.title"],
        rx.cond(
            S.can_start,
            rx.vstack(
                rx.text(S.t["careplan.empty.text"], size="2"),
                rx.button(
                    rx.icon("clipboard-plus", aria_hidden="true"),
                    S.t["careplan.start"],
                    on_click=S.start_plan,
                    min_height=TOUCH_TARGET,
                ),
                spacing="3",
            ),
            rx.text(S.t["careplan.empty.wait"], size="2"),
        ),
        heading_id="careplan-empty",
    )


def the_plan() -> rx.Component:
    return rx.vstack(
        plan_header(),
        evaluation_panel(),
        master_detail(
            item_list(
                loaded=S.loaded,
                items=S.cards,
                render=section_item,
                empty_text=S.t["careplan.empty.none_released"],
                loading_text=S.t["careplan.loading"],
            ),
            section_pane(),
            pane_label=S.t["careplan.pane_label"],
        ),
        spacing="4",
        width="100%",
    )


def care_plan_page() -> rx.Component:
    return signed_in_page(
        routes.CARE_PLAN,
        page_title(S.t["careplan.title"], S.t["careplan.intro"]),
        rx.cond(
            S.loaded,
            rx.vstack(
                consent_panel(),
                rx.cond(S.has_plan, the_plan(), empty_plan()),
                spacing="4",
                width="100%",
            ),
        ),
        section_dialog(),
        # The evaluation panel has its own state: it follows live changes too.
        refresh=[S.refresh_plan, CarePlanReviewState.load_review],
    )
