"""The care plan's evaluation panel (parents and case managers only): the next review
and re-evaluation with "over N dagen" / "te laat", "Er is iets veranderd" (a
deterioration or an admission), "Evaluatie vastleggen" (a dialog: kind, date, outcome,
the sections that changed) and the past evaluations. Caregivers, the child and siblings
see nothing of it (the state reads nothing for them).

`pdf_link()`: the download of the plan as the viewer may read it, for the page's header
(every reader, not only this panel's)."""

from __future__ import annotations

import reflex as rx

from components import forms
from components.cards import section_card
from components.styles import TOUCH_TARGET, check_row, checkbox_style, link_button, muted_text
from dossier import routes
from dossier.state.care_plan_review import CarePlanReviewState as S
from dossier.state.care_plan_review import EvaluationRow, Option
from dossier.urls import backend_url

__all__ = ["evaluation_panel", "pdf_link"]


def pdf_link() -> rx.Component:
    """ "Zorgplan als pdf" for every reader of the plan: an <a download> that the browser
    follows itself, so it fetches the file with the login cookie."""
    return rx.el.a(
        rx.icon("file-down", aria_hidden="true"),
        S.t["careplan.review.pdf"],
        href=backend_url(routes.API_CARE_PLAN_PDF),
        download=True,
        # rx.el.a is a React Router link: without this the app routes to its not-found page.
        reload_document=True,
        style=link_button,
        class_name="careplan-pdf-link",
    )


def date_line(text: rx.Var, late: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.cond(
            late,
            rx.icon("triangle-alert", size=18, aria_hidden="true", color=rx.color("tomato", 11)),
            rx.icon("calendar-check", size=18, aria_hidden="true"),
        ),
        rx.text(
            text,
            size="2",
            weight=rx.cond(late, "bold", "regular"),
            color=rx.cond(late, rx.color("tomato", 11), rx.color("gray", 12)),
        ),
        align="center",
        spacing="2",
    )


def past_evaluation(row: EvaluationRow) -> rx.Component:
    return rx.el.li(
        rx.text(row["title"], size="2", weight="bold"),
        rx.text(row["who"], size="1", style=muted_text),
        rx.text(row["outcome"], size="2", white_space="pre-wrap"),
        rx.text(row["changed"], size="1", style=muted_text),
        style={"list_style": "none", "padding": "8px 0", "border_top": "1px solid var(--gray-5)"},
        class_name="careplan-evaluation",
    )


def evaluation_panel() -> rx.Component:
    return rx.cond(
        S.may_evaluate,
        rx.fragment(
            section_card(
                S.t["careplan.review.title"],
                date_line(S.review_line, S.review_late),
                date_line(S.reevaluate_line, S.reevaluate_late),
                rx.cond(
                    S.asked_line != "",
                    rx.callout.root(
                        rx.callout.icon(rx.icon("info", aria_hidden="true")),
                        rx.callout.text(S.asked_line),
                        color_scheme="amber",
                        width="100%",
                    ),
                ),
                rx.hstack(
                    rx.button(
                        rx.icon("clipboard-check", aria_hidden="true"),
                        S.t["careplan.review.record"],
                        on_click=S.open_evaluation(
                            rx.cond(S.reevaluate_late, "reevaluation", "review")
                        ),
                        min_height=TOUCH_TARGET,
                        type="button",
                    ),
                    rx.button(
                        rx.icon("bell-ring", aria_hidden="true"),
                        S.t["careplan.review.ask"],
                        on_click=S.open_ask,
                        variant="soft",
                        min_height=TOUCH_TARGET,
                        type="button",
                    ),
                    spacing="3",
                    wrap="wrap",
                ),
                rx.heading(S.t["careplan.review.past"], as_="h3", size="3"),
                rx.cond(
                    S.evaluations,
                    rx.el.ul(
                        rx.foreach(S.evaluations, past_evaluation),
                        style={"padding": "0", "margin": "0", "width": "100%"},
                    ),
                    rx.text(S.t["careplan.review.past_none"], size="2", style=muted_text),
                ),
                heading_id="careplan-review",
            ),
            evaluation_dialog(),
            ask_dialog(),
        ),
    )


# --------------------------------------------------------------------------------------
# "Evaluatie vastleggen"
# --------------------------------------------------------------------------------------


def radio(name: str, value: str, label: rx.Var, checked: rx.Var | bool) -> rx.Component:
    return rx.el.label(
        rx.el.input(
            type="radio", name=name, value=value, default_checked=checked, style=checkbox_style
        ),
        rx.text(label, as_="span", size="2"),
        style=check_row,
    )


def changed_choice(option: Option) -> rx.Component:
    return rx.el.label(
        rx.el.input(type="checkbox", name="changed_" + option["value"], style=checkbox_style),
        rx.text(option["label"], as_="span", size="2"),
        style=check_row,
    )


def close_button() -> rx.Component:
    return rx.dialog.close(
        rx.button(
            S.t["careplan.review.cancel"],
            type="button",
            variant="soft",
            color_scheme="gray",
            min_height=TOUCH_TARGET,
        )
    )


def form_alert() -> rx.Component:
    return rx.cond(
        S.evaluation_alert != "",
        rx.callout.root(
            rx.callout.icon(rx.icon("triangle-alert", aria_hidden="true")),
            rx.callout.text(S.evaluation_alert),
            color_scheme="tomato",
            role="alert",
            width="100%",
        ),
    )


def evaluation_form() -> rx.Component:
    errors = S.evaluation_errors
    return rx.form(
        rx.vstack(
            rx.el.input(type="hidden", name="version", value=S.review_version),
            forms.once_field(S.send_key),
            rx.el.fieldset(
                rx.el.legend(S.t["careplan.review.field.kind"], font_weight="500"),
                radio(
                    "kind",
                    "review",
                    S.t["careplan.review.kind.review"],
                    S.evaluation_kind == "review",
                ),
                radio(
                    "kind",
                    "reevaluation",
                    S.t["careplan.review.kind.reevaluation"],
                    S.evaluation_kind == "reevaluation",
                ),
                forms.field_error(errors["kind"], "careplan-evaluation-kind"),
                border="none",
                padding="0",
                margin="0",
                width="100%",
            ),
            forms.labelled(
                S.t["careplan.review.field.held_on"],
                "careplan-evaluation-held-on",
                rx.input(
                    id="careplan-evaluation-held-on",
                    name="held_on",
                    type="date",
                    default_value=S.evaluation_today,
                    max=S.evaluation_today,
                    size="3",
                    max_width="240px",
                    **forms.error_props(
                        errors["held_on"], "careplan-evaluation-held-on", always_described=False
                    ),
                ),
                error=forms.field_error(errors["held_on"], "careplan-evaluation-held-on"),
            ),
            forms.labelled(
                S.t["careplan.review.field.outcome"],
                "careplan-evaluation-outcome",
                rx.text_area(
                    id="careplan-evaluation-outcome",
                    name="outcome",
                    rows="4",
                    max_length=4000,
                    size="3",
                    width="100%",
                    **forms.error_props(
                        errors["outcome"], "careplan-evaluation-outcome", always_described=False
                    ),
                ),
                error=forms.field_error(errors["outcome"], "careplan-evaluation-outcome"),
            ),
            rx.el.fieldset(
                rx.el.legend(S.t["careplan.review.field.changed"], font_weight="500"),
                rx.foreach(S.section_options, changed_choice),
                forms.field_error(errors["changed"], "careplan-evaluation-changed"),
                border="none",
                padding="0",
                margin="0",
                width="100%",
            ),
            rx.hstack(
                rx.button(S.t["careplan.review.save"], type="submit", min_height=TOUCH_TARGET),
                close_button(),
                spacing="3",
                wrap="wrap",
            ),
            spacing="4",
            width="100%",
        ),
        on_submit=S.save_evaluation,
        reset_on_submit=False,
        key=S.evaluation_key,
        width="100%",
    )


def evaluation_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.vstack(
                rx.dialog.title(S.t["careplan.review.record"], margin="0"),
                rx.dialog.description(S.t["careplan.review.record_intro"], size="2"),
                form_alert(),
                evaluation_form(),
                spacing="4",
                width="100%",
            ),
            max_width="620px",
        ),
        open=S.evaluation_open,
        on_open_change=S.set_evaluation_open,
    )


# --------------------------------------------------------------------------------------
# "Er is iets veranderd"
# --------------------------------------------------------------------------------------


def ask_dialog() -> rx.Component:
    errors = S.ask_errors
    return rx.dialog.root(
        rx.dialog.content(
            rx.vstack(
                rx.dialog.title(S.t["careplan.review.ask"], margin="0"),
                rx.dialog.description(S.t["careplan.review.ask_intro"], size="2"),
                rx.form(
                    rx.vstack(
                        rx.el.fieldset(
                            rx.el.legend(S.t["careplan.review.field.reason"], font_weight="500"),
                            radio(
                                "reason",
                                "deterioration",
                                S.t["careplan.review.reason.deterioration"],
                                True,
                            ),
                            radio(
                                "reason",
                                "admission",
                                S.t["careplan.review.reason.admission"],
                                False,
                            ),
                            forms.field_error(errors["reason"], "careplan-ask-reason"),
                            border="none",
                            padding="0",
                            margin="0",
                            width="100%",
                        ),
                        forms.labelled(
                            S.t["careplan.review.field.note"],
                            "careplan-ask-note",
                            rx.text_area(
                                id="careplan-ask-note",
                                name="note",
                                rows="3",
                                max_length=500,
                                size="3",
                                width="100%",
                                **forms.error_props(
                                    errors["note"], "careplan-ask-note", always_described=False
                                ),
                            ),
                            error=forms.field_error(errors["note"], "careplan-ask-note"),
                        ),
                        rx.hstack(
                            rx.button(
                                S.t["careplan.review.ask_save"],
                                type="submit",
                                min_height=TOUCH_TARGET,
                            ),
                            close_button(),
                            spacing="3",
                            wrap="wrap",
                        ),
                        spacing="4",
                        width="100%",
                    ),
                    on_submit=S.save_ask,
                    reset_on_submit=False,
                    key=S.ask_key,
                    width="100%",
                ),
                spacing="4",
                width="100%",
            ),
            max_width="520px",
        ),
        open=S.ask_open,
        on_open_change=S.set_ask_open,
    )
