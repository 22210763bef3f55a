"""Wie doet wat: the form of an agreement (every field labelled, its message below it)."""

from __future__ import annotations

import reflex as rx

from components import forms
from components.styles import TOUCH_TARGET
from dossier.state.agreements import AgreementsState as S
from dossier.state.agreements import Choice


def field_id(name: str) -> str:
    return f"agreement-{name}"


def agreement_error(name: str) -> rx.Component:
    return forms.field_error(S.form_errors[name], field_id(name), live=True)


def field_props(name: str) -> dict:
    return {
        "id": field_id(name),
        "name": name,
        **forms.error_props(S.form_errors[name], field_id(name)),
    }


def agreement_field(name: str, control: rx.Component, hint: rx.Var | None = None) -> rx.Component:
    return forms.labelled(
        S.t[f"agreements.field.{name}"],
        field_id(name),
        control,
        hint=forms.hint_text(hint) if hint is not None else None,
        error=agreement_error(name),
    )


def informed_choice(choice: Choice) -> rx.Component:
    box_id = "informed-" + choice["value"]
    return rx.el.label(
        rx.el.input(
            type="checkbox",
            id=box_id,
            name="informed_" + choice["value"],
            default_checked=choice["checked"],
            width="20px",
            height="20px",
        ),
        choice["label"],
        html_for=box_id,
        display="flex",
        align_items="center",
        gap="10px",
        min_height=TOUCH_TARGET,
    )


def agreement_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.el.input(type="hidden", name="id", value=S.form_id),
            rx.el.input(type="hidden", name="version", value=S.form_version),
            forms.once_field(S.send_key),
            agreement_field(
                "topic",
                rx.input(
                    default_value=S.form_topic,
                    max_length=200,
                    width="100%",
                    size="3",
                    **field_props("topic"),
                ),
            ),
            agreement_field(
                "domain",
                forms.native_select(
                    forms.option_items(S.domain_options),
                    default_value=S.form_domain,
                    **field_props("domain"),
                ),
            ),
            agreement_field(
                "responsible",
                forms.native_select(
                    rx.el.option(S.t["agreements.nobody_yet"], value=""),
                    rx.el.option(S.t["agreement.parents_keep"], value="parents"),
                    forms.option_items(S.people),
                    default_value=S.form_responsible,
                    **field_props("responsible"),
                ),
                S.t["agreements.hint.responsible"],
            ),
            agreement_field(
                "backup",
                forms.native_select(
                    rx.el.option(S.t["agreements.nobody"], value=""),
                    forms.option_items(S.people),
                    default_value=S.form_backup,
                    **field_props("backup"),
                ),
            ),
            rx.el.fieldset(
                rx.el.legend(S.t["agreements.field.informed"], font_weight="500"),
                rx.foreach(S.form_informed, informed_choice),
                agreement_error("informed"),
                aria_describedby="agreement-informed-error",
                border="none",
                padding="0",
                margin="0",
                width="100%",
            ),
            agreement_field(
                "how",
                rx.text_area(
                    default_value=S.form_how,
                    max_length=4000,
                    rows="5",
                    width="100%",
                    size="3",
                    **field_props("how"),
                ),
                S.t["agreements.hint.how"],
            ),
            agreement_field(
                "review_on",
                rx.input(
                    type="date",
                    default_value=S.form_review,
                    width="100%",
                    max_width="240px",
                    size="3",
                    **field_props("review_on"),
                ),
            ),
            forms.save_and_cancel(
                rx.cond(S.form_id != "", S.t["agreements.save_change"], S.t["agreements.save_new"]),
                S.t["common.cancel"],
                saving=S.saving,
            ),
            spacing="4",
            width="100%",
        ),
        on_submit=[S.start_saving, S.save_agreement],
        reset_on_submit=False,
        key=S.form_key,
        aria_busy=rx.cond(S.saving, "true", "false"),
        width="100%",
    )


def form_alert() -> rx.Component:
    return rx.cond(
        S.form_alert != "",
        rx.callout.root(
            rx.callout.icon(rx.icon("triangle-alert", aria_hidden="true")),
            rx.vstack(
                rx.callout.text(S.form_alert),
                rx.foreach(S.conflict, lambda text: rx.callout.text(text, size="2")),
                spacing="1",
            ),
            color_scheme="tomato",
            role="alert",
            width="100%",
        ),
    )
