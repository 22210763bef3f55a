"""Als het plotseling moet: the plan for a sudden admission.

Parents and case managers see every part as a card (tap to open: a dialog on a phone,
the pane beside the list on a tablet), pending proposals side by side with Bevestigen /
Niet overnemen, the review date and the link to the print view. A caregiver sees the
parts that name them; a brother or sister only their own part, in kind words.
The sections: cards.py (cards, proposals, pane), form.py (the dialog and its form per
section), print_view.py ("voor op de koelkast").
"""

from __future__ import annotations

import reflex as rx

from components import forms
from components.cards import item_list, master_detail, page_title, section_card
from components.styles import TOUCH_TARGET, link_button, muted_text
from dossier import routes
from dossier.pages.admission import admission_section
from dossier.pages.emergency_plan.cards import call_row, part_card, part_pane
from dossier.pages.emergency_plan.form import part_dialog
from dossier.pages.emergency_plan.print_view import emergency_plan_print_page
from dossier.pages.layout import signed_in_page
from dossier.state.admission import AdmissionState
from dossier.state.emergency_plan import EmergencyPlanState as S

__all__ = ["emergency_plan_page", "emergency_plan_print_page"]


def review_card() -> rx.Component:
    """The date to look at the plan again: parents set it, case managers see it."""
    return section_card(
        S.t["plan.review.title"],
        rx.text(S.review_text, size="2"),
        rx.cond(S.updated_text != "", rx.text(S.updated_text, size="1", style=muted_text)),
        rx.cond(
            S.can_edit,
            rx.form(
                rx.el.input(type="hidden", name="version", value=S.review_version),
                forms.labelled(
                    S.t["plan.field.review_on"],
                    "plan-review-on",
                    rx.input(
                        id="plan-review-on",
                        name="review_on",
                        type="date",
                        default_value=S.review_value,
                        max_width="240px",
                        size="3",
                        **forms.error_props(
                            S.review_error, "plan-review-on", always_described=False
                        ),
                    ),
                    error=forms.field_error(S.review_error, "plan-review-on"),
                ),
                rx.button(
                    S.t["plan.review.save"],
                    type="submit",
                    variant="soft",
                    min_height=TOUCH_TARGET,
                    margin_top="8px",
                ),
                on_submit=S.save_review,
                reset_on_submit=False,
                key=S.review_key,
                width="100%",
            ),
        ),
        heading_id="plan-review",
    )


def toolbar() -> rx.Component:
    return rx.hstack(
        rx.link(
            rx.icon("printer", aria_hidden="true"),
            S.t["plan.print.link"],
            href=routes.EMERGENCY_PLAN_PRINT,
            style=link_button,
        ),
        rx.cond(
            S.can_edit,
            rx.button(
                rx.icon("user-plus", aria_hidden="true"),
                S.t["plan.add_sibling"],
                on_click=S.open_new_sibling,
                variant="soft",
                min_height=TOUCH_TARGET,
            ),
        ),
        spacing="3",
        wrap="wrap",
        width="100%",
    )


def whole_plan() -> rx.Component:
    return rx.vstack(
        toolbar(),
        master_detail(
            item_list(
                loaded=S.loaded,
                items=S.cards,
                render=part_card,
                empty_text=S.t["plan.empty"],
                loading_text=S.t["plan.loading"],
            ),
            part_pane(),
            pane_label=S.t["plan.pane_label"],
        ),
        review_card(),
        spacing="4",
        width="100%",
    )


def some_parts() -> rx.Component:
    """A caregiver: the parts that name them, read only."""
    return item_list(
        loaded=S.loaded,
        items=S.cards,
        render=part_card,
        empty_text=S.t["plan.empty"],
        loading_text=S.t["plan.loading"],
    )


def own_part() -> rx.Component:
    """A brother or sister: only their own part, in kind words."""
    return section_card(
        S.t["plan.sibling_own"],
        rx.text(S.t["plan.sibling_own_intro"], size="2", style=muted_text),
        rx.cond(
            S.own_calls,
            rx.el.ul(rx.foreach(S.own_calls, call_row), padding_left="20px", margin="0"),
        ),
        rx.foreach(S.own_lines, lambda text: rx.text(text, size="3", white_space="pre-wrap")),
        rx.cond(
            (S.own_lines.length() == 0) & (S.own_calls.length() == 0),  # type: ignore[attr-defined]
            rx.text(S.t["plan.sib.nothing"], size="2"),
        ),
        heading_id="plan-own",
    )


def emergency_plan_page() -> rx.Component:
    return signed_in_page(
        routes.EMERGENCY_PLAN,
        page_title(S.t["plan.title"], S.t["plan.subtitle"]),
        # Helper 3: "We gaan naar het ziekenhuis" (its state reads with this page's loader,
        # dossier/dossier.py EXTRA_LOADERS, and with its live refresh below).
        admission_section(),
        rx.cond(S.is_sibling, own_part(), rx.cond(S.whole, whole_plan(), some_parts())),
        part_dialog(),
        refresh=[S.refresh_plan, AdmissionState.read_admission],
    )
