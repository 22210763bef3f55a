"""Wie doet wat: per topic who is responsible, who backs up, when it is reviewed.

Two tabs: the agreements (with the starter set while any of it is open) and the overview
per domain (gaps, what is up for review, and how much each person carries, as a chart and
in words). One dialog shows an agreement with its history, and its form.
"""

from __future__ import annotations

import reflex as rx

from components.cards import (
    IS_WIDE,
    SELECTED_STYLE,
    WIDE,
    empty_state,
    loading,
    master_detail,
    page_title,
    pane_hint,
    pill,
    section_card,
)
from components.styles import TOUCH_TARGET, card_style, muted_text
from dossier import routes
from dossier.pages.layout import signed_in_page
from dossier.presenters.rows import AgreementRow, TaskRow
from dossier.state.agreements import AgreementsState as S
from dossier.state.agreements import (
    Choice,
    DomainRow,
    HistoryRow,
    LoadRow,
    Option,
    OverviewItem,
    TemplateRow,
)

# Two columns from a tablet on (992 px). A plain {"initial": ..., "md": ...} dict on an
# rx.el element is not turned into media queries; rx.breakpoints is.
TWO_COLUMNS = rx.breakpoints(initial="1fr", md="1fr 1fr")
# The list tab from 1024 px: one column of cards, with the chosen one in the pane beside it.
LIST_COLUMNS = {
    "display": "grid",
    "grid_template_columns": "1fr",
    "@media (min-width: 768px)": {"grid_template_columns": "1fr 1fr"},
    WIDE: {"grid_template_columns": "1fr"},
}
STATUS_COLORS = {"agreed": "grass", "proposed": "amber", "needs_review": "tomato"}
# Bars of the load chart, with a legend in words below it.
LOAD_BARS = (
    ("responsible", "agreements.chart_responsible", "teal"),
    ("backup", "agreements.chart_backup", "amber"),
    ("shared", "agreements.chart_shared", "iris"),
)


def status_pill(status: rx.Var, status_key: rx.Var) -> rx.Component:
    return pill(status, rx.match(status_key, *STATUS_COLORS.items(), "gray"))


def line(label: rx.Var, value: rx.Var, **props) -> rx.Component:
    return rx.text(rx.el.span(label, ": ", font_weight="500"), value, size="2", **props)


# --------------------------------------------------------------------------------------
# The list
# --------------------------------------------------------------------------------------


def confirm_button(agreement: AgreementRow) -> rx.Component:
    return rx.button(
        rx.icon("check", aria_hidden="true"),
        S.t["agreements.confirm"],
        on_click=S.confirm(agreement["id"], agreement["version"]),
        aria_label=S.t["agreements.confirm"] + ": " + agreement["topic"],
        min_height=TOUCH_TARGET,
    )


def agreement_item(agreement: AgreementRow) -> rx.Component:
    selected = S.selected_id == agreement["id"]
    return rx.el.li(
        rx.vstack(
            rx.hstack(
                rx.heading(agreement["topic"], as_="h3", size="3", flex="1"),
                status_pill(agreement["status"], agreement["status_key"]),
                width="100%",
                align="start",
            ),
            rx.hstack(
                pill(agreement["domain"], "teal"),
                rx.cond(agreement["gap"], pill(S.t["agreements.gap"], "tomato")),
                spacing="2",
                wrap="wrap",
            ),
            line(S.t["agreement.responsible"], agreement["responsible"]),
            rx.cond(
                agreement["backup"] != "",
                line(S.t["agreement.backup"], agreement["backup"]),
            ),
            rx.cond(
                agreement["review"] != "",
                line(
                    S.t["agreement.review"],
                    rx.cond(
                        agreement["review_due"],
                        agreement["review"] + " (" + S.t["agreements.review_passed"] + ")",
                        agreement["review"],
                    ),
                ),
            ),
            rx.cond(
                agreement["waiting_for"] != "",
                line(S.t["agreements.waiting_for"], agreement["waiting_for"]),
            ),
            rx.cond(
                agreement["tasks"] != "",
                rx.hstack(
                    rx.icon(
                        rx.cond(agreement["tasks_behind"], "clock-alert", "circle-check"),
                        size=16,
                        aria_hidden="true",
                    ),
                    rx.text(agreement["tasks"], size="2"),
                    align="center",
                    spacing="2",
                    color=rx.cond(
                        agreement["tasks_behind"], rx.color("tomato", 11), rx.color("grass", 11)
                    ),
                ),
            ),
            rx.hstack(
                rx.cond(agreement["my_turn"], confirm_button(agreement)),
                rx.button(
                    rx.cond(S.can_propose, S.t["agreements.open_edit"], S.t["agreements.open"]),
                    # On a tablet it shows the agreement in the pane instead of the dialog.
                    on_click=S.open_agreement(agreement["id"], IS_WIDE),
                    aria_current=rx.cond(selected, "true", "false"),
                    variant=rx.cond(selected, "solid", "soft"),
                    color_scheme=rx.cond(selected, "teal", "gray"),
                    min_height=TOUCH_TARGET,
                    aria_label=rx.cond(
                        S.can_propose, S.t["agreements.open_edit"], S.t["agreements.open"]
                    )
                    + ": "
                    + agreement["topic"],
                ),
                spacing="3",
                wrap="wrap",
                padding_top="4px",
            ),
            spacing="2",
            width="100%",
        ),
        style={
            **card_style,
            "list_style": "none",
            "border": rx.cond(selected, SELECTED_STYLE["border"], card_style["border"]),
        },
    )


def template_item(template: TemplateRow) -> rx.Component:
    return rx.el.li(
        rx.vstack(
            rx.hstack(
                rx.heading(template["topic"], as_="h3", size="2", flex="1"),
                pill(template["domain"], "teal"),
                width="100%",
                align="start",
            ),
            rx.text(template["how"], size="2", style=muted_text),
            rx.hstack(
                rx.button(
                    S.t["agreements.adopt"],
                    on_click=S.adopt_template(template["key"]),
                    aria_label=S.t["agreements.adopt"] + ": " + template["topic"],
                    min_height=TOUCH_TARGET,
                ),
                rx.button(
                    S.t["agreements.skip"],
                    on_click=S.skip_template(template["key"]),
                    aria_label=S.t["agreements.skip"] + ": " + template["topic"],
                    variant="soft",
                    color_scheme="gray",
                    min_height=TOUCH_TARGET,
                ),
                spacing="3",
            ),
            spacing="2",
            width="100%",
        ),
        style={**card_style, "list_style": "none", "padding": "12px"},
    )


def starter_set() -> rx.Component:
    return rx.cond(
        S.can_propose & (S.templates.length() > 0),  # type: ignore[attr-defined]
        section_card(
            S.t["agreements.starters_title"],
            rx.text(S.t["agreements.starters_intro"], size="2"),
            rx.el.ul(
                rx.foreach(S.templates, template_item),
                style=LIST_COLUMNS,
                gap="8px",
                padding="0",
                margin="0",
                width="100%",
            ),
            heading_id="om-mee-te-beginnen",
        ),
    )


def list_tab() -> rx.Component:
    return master_detail(
        agreement_list(), agreement_pane(), pane_label=S.t["layout.agreements.pane"]
    )


def agreement_list() -> rx.Component:
    return rx.vstack(
        rx.cond(
            S.can_propose,
            rx.button(
                rx.icon("plus", aria_hidden="true"),
                S.t["agreements.new"],
                on_click=S.open_new,
                min_height=TOUCH_TARGET,
            ),
        ),
        starter_set(),
        rx.cond(
            S.loaded,
            rx.cond(
                S.agreements,
                rx.el.ul(
                    rx.foreach(S.agreements, agreement_item),
                    style=LIST_COLUMNS,
                    gap="10px",
                    padding="0",
                    margin="0",
                    width="100%",
                ),
                empty_state(S.t["agreements.empty"]),
            ),
            loading(S.t["common.loading"]),
        ),
        spacing="4",
        width="100%",
    )


# --------------------------------------------------------------------------------------
# The overview per domain
# --------------------------------------------------------------------------------------


def load_chart() -> rx.Component:
    bars = [
        rx.recharts.bar(
            data_key=key,
            stack_id="load",
            fill=rx.color(color, 9),
            name=S.t[label],
            is_animation_active=False,
        )
        for key, label, color in LOAD_BARS
    ]
    chart = rx.recharts.bar_chart(
        rx.recharts.cartesian_grid(horizontal=False, stroke_dasharray="3 3"),
        rx.recharts.x_axis(type_="number", allow_decimals=False),
        rx.recharts.y_axis(data_key="name", type_="category", width=120),
        *bars,
        data=S.load,
        layout="vertical",
        height=S.chart_height,
        custom_attrs={"accessibilityLayer": False},
    )
    legend = rx.hstack(
        *[
            rx.hstack(
                rx.box(width="12px", height="12px", border_radius="3px", bg=rx.color(color, 9)),
                rx.text(S.t[label], size="1"),
                align="center",
                spacing="1",
            )
            for _, label, color in LOAD_BARS
        ],
        wrap="wrap",
        spacing="4",
        aria_hidden="true",  # the same words are in the list below the chart
    )
    # The picture is one image for screen readers, named by the same counts in words.
    return rx.vstack(
        rx.box(chart, role="img", aria_label=S.load_summary, width="100%"),
        legend,
        spacing="2",
        width="100%",
    )


def load_item(person: LoadRow) -> rx.Component:
    return rx.el.li(
        rx.hstack(
            rx.vstack(
                rx.text(person["name"], weight="medium"),
                rx.text(person["text"], size="2", style=muted_text),
                spacing="0",
                flex="1",
            ),
            rx.cond(person["overloaded"], pill(S.t["agreements.too_much"], "tomato")),
            align="center",
            width="100%",
        ),
        list_style="none",
        padding="6px 0",
        border_bottom=f"1px solid {rx.color('gray', 4)}",
    )


def load_section() -> rx.Component:
    return section_card(
        S.t["agreements.load_title"],
        rx.text(S.t["agreements.load_intro"], size="2"),
        rx.foreach(
            S.overloaded,
            lambda text: rx.callout(
                text, icon="triangle-alert", color_scheme="tomato", width="100%"
            ),
        ),
        rx.cond(S.load.length() > 0, load_chart()),  # type: ignore[attr-defined]
        rx.el.ul(rx.foreach(S.load, load_item), padding="0", margin="0", width="100%"),
        heading_id="wie-draagt-wat",
    )


def overview_item(item: OverviewItem) -> rx.Component:
    return rx.el.li(
        rx.hstack(
            rx.vstack(
                rx.text(item["topic"], size="2", weight="medium"),
                rx.text(item["owner"], size="1", style=muted_text),
                spacing="0",
                flex="1",
            ),
            rx.cond(
                item["gap"],
                pill(S.t["agreements.gap"], "tomato"),
                rx.cond(
                    item["due"],
                    pill(S.t["agreement.status.needs_review"], "tomato"),
                    status_pill(item["status"], item["status_key"]),
                ),
            ),
            align="center",
            width="100%",
        ),
        list_style="none",
        padding="6px 0",
    )


def domain_section(domain: DomainRow) -> rx.Component:
    heading_id = "domein-" + domain["key"]
    return rx.el.section(
        rx.vstack(
            rx.heading(domain["name"], as_="h3", size="3", id=heading_id),
            rx.text(domain["summary"], size="1", style=muted_text),
            rx.cond(
                domain["items"].length() > 0,  # type: ignore[attr-defined]
                rx.el.ul(
                    rx.foreach(domain["items"], overview_item),
                    padding="0",
                    margin="0",
                    width="100%",
                ),
                rx.text(S.t["agreements.domain_empty"], size="2", style=muted_text),
            ),
            spacing="2",
            width="100%",
        ),
        aria_labelledby=heading_id,
        style=card_style,
    )


def overview_tab() -> rx.Component:
    return rx.vstack(
        load_section(),
        rx.heading(S.t["agreements.per_domain"], as_="h2", size="4"),
        rx.text(S.totals, size="2"),
        rx.box(
            rx.foreach(S.domains, domain_section),
            display="grid",
            grid_template_columns=TWO_COLUMNS,
            gap="10px",
            width="100%",
        ),
        spacing="4",
        width="100%",
    )


# --------------------------------------------------------------------------------------
# The dialog: an agreement, its history, its form
# --------------------------------------------------------------------------------------


def field_error(name: str) -> rx.Component:
    return rx.el.div(
        S.form_errors[name],
        id=f"agreement-{name}-error",
        role="alert",
        color=rx.color("tomato", 11),
        font_size="14px",
    )


def field_props(name: str) -> dict:
    return {
        "id": f"agreement-{name}",
        "name": name,
        "aria_invalid": rx.cond(S.form_errors[name] != "", "true", "false"),
        "aria_describedby": f"agreement-{name}-error",
    }


def labelled(name: str, control: rx.Component, hint: rx.Var | None = None) -> rx.Component:
    return rx.vstack(
        rx.el.label(
            S.t[f"agreements.field.{name}"], html_for=f"agreement-{name}", font_weight="500"
        ),
        rx.text(hint, size="1", style=muted_text) if hint is not None else rx.fragment(),
        control,
        field_error(name),
        spacing="1",
        width="100%",
    )


def option(item: Option) -> rx.Component:
    return rx.el.option(item["label"], value=item["value"])


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
            labelled(
                "topic",
                rx.input(
                    default_value=S.form_topic,
                    max_length=200,
                    width="100%",
                    size="3",
                    **field_props("topic"),
                ),
            ),
            labelled(
                "domain",
                rx.el.select(
                    rx.foreach(S.domain_options, option),
                    default_value=S.form_domain,
                    class_name="native-select",
                    **field_props("domain"),
                ),
            ),
            labelled(
                "responsible",
                rx.el.select(
                    rx.el.option(S.t["agreements.nobody_yet"], value=""),
                    rx.el.option(S.t["agreement.parents_keep"], value="parents"),
                    rx.foreach(S.people, option),
                    default_value=S.form_responsible,
                    class_name="native-select",
                    **field_props("responsible"),
                ),
                S.t["agreements.hint.responsible"],
            ),
            labelled(
                "backup",
                rx.el.select(
                    rx.el.option(S.t["agreements.nobody"], value=""),
                    rx.foreach(S.people, option),
                    default_value=S.form_backup,
                    class_name="native-select",
                    **field_props("backup"),
                ),
            ),
            rx.el.fieldset(
                rx.el.legend(S.t["agreements.field.informed"], font_weight="500"),
                rx.foreach(S.form_informed, informed_choice),
                field_error("informed"),
                aria_describedby="agreement-informed-error",
                border="none",
                padding="0",
                margin="0",
                width="100%",
            ),
            labelled(
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
            labelled(
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
            rx.hstack(
                rx.button(
                    rx.cond(
                        S.form_id != "", S.t["agreements.save_change"], S.t["agreements.save_new"]
                    ),
                    type="submit",
                    min_height=TOUCH_TARGET,
                ),
                rx.dialog.close(
                    rx.button(
                        S.t["common.cancel"],
                        type="button",
                        variant="soft",
                        color_scheme="gray",
                        min_height=TOUCH_TARGET,
                    )
                ),
                spacing="3",
                wrap="wrap",
            ),
            spacing="4",
            width="100%",
        ),
        on_submit=S.save_agreement,
        reset_on_submit=False,
        key=S.form_key,
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


def detail_status(agreement: AgreementRow) -> rx.Component:
    return rx.vstack(
        rx.hstack(
            status_pill(agreement["status"], agreement["status_key"]),
            pill(agreement["domain"], "teal"),
            spacing="2",
            wrap="wrap",
        ),
        rx.cond(
            agreement["waiting_for"] != "",
            line(S.t["agreements.waiting_for"], agreement["waiting_for"]),
        ),
        rx.cond(
            agreement["confirmed_by"] != "",
            line(S.t["agreements.confirmed_by"], agreement["confirmed_by"]),
        ),
        rx.cond(
            agreement["review_due"],
            rx.text(S.t["agreements.review_due_hint"], size="2", color=rx.color("tomato", 11)),
        ),
        rx.cond(agreement["tasks"] != "", rx.text(agreement["tasks"], size="2")),
        rx.cond(agreement["can_confirm"], confirm_button(agreement)),
        spacing="2",
        width="100%",
        padding="12px",
        border_radius="10px",
        # A border, not a tinted background: the soft badges keep their contrast (4.5:1).
        border=f"1px solid {rx.color('gray', 5)}",
    )


def read_only(agreement: AgreementRow) -> rx.Component:
    return rx.vstack(
        line(S.t["agreement.responsible"], agreement["responsible"]),
        rx.cond(agreement["backup"] != "", line(S.t["agreement.backup"], agreement["backup"])),
        rx.cond(
            agreement["informed"] != "",
            line(S.t["agreements.informed"], agreement["informed"]),
        ),
        rx.cond(agreement["review"] != "", line(S.t["agreement.review"], agreement["review"])),
        rx.cond(
            agreement["how"] != "",
            rx.text(agreement["how"], size="2", white_space="pre-wrap"),
        ),
        spacing="2",
        width="100%",
    )


def history_item(change: HistoryRow) -> rx.Component:
    return rx.el.li(
        rx.text(change["when"], size="1", style=muted_text),
        rx.text(change["text"], size="2"),
        list_style="none",
        padding="6px 0",
        border_bottom=f"1px solid {rx.color('gray', 4)}",
    )


def linked_task(task: TaskRow) -> rx.Component:
    return rx.el.li(
        rx.text(task["title"], size="2", weight="medium"),
        rx.hstack(
            rx.text(task["status"], size="1"),
            rx.cond(task["due"] != "", rx.text("· ", task["due"], size="1")),
            rx.cond(task["overdue"], pill(S.t["task.overdue"], "tomato")),
            spacing="2",
            align="center",
            style=muted_text,
        ),
        list_style="none",
        padding="6px 0",
        border_bottom=f"1px solid {rx.color('gray', 4)}",
    )


def linked_tasks() -> rx.Component:
    return rx.cond(
        S.detail_tasks.length() > 0,  # type: ignore[attr-defined]
        rx.vstack(
            rx.hstack(
                rx.heading(S.t["agreements.tasks"], as_="h3", size="3"),
                rx.spacer(),
                rx.link(S.t["overview.all_tasks"], href=routes.TASKS, size="2"),
                align="center",
                width="100%",
            ),
            rx.el.ul(
                rx.foreach(S.detail_tasks, linked_task), padding="0", margin="0", width="100%"
            ),
            spacing="2",
            width="100%",
        ),
    )


def history() -> rx.Component:
    return rx.cond(
        S.history.length() > 0,  # type: ignore[attr-defined]
        rx.vstack(
            rx.heading(S.t["agreements.history"], as_="h3", size="3"),
            rx.el.ul(rx.foreach(S.history, history_item), padding="0", margin="0", width="100%"),
            spacing="2",
            width="100%",
        ),
    )


def agreement_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.vstack(
                rx.hstack(
                    rx.dialog.title(
                        rx.cond(S.detail, S.detail[0]["topic"], S.t["agreements.new"]),
                        margin="0",
                        flex="1",
                    ),
                    rx.dialog.close(
                        rx.icon_button(
                            rx.icon("x", aria_hidden="true"),
                            variant="ghost",
                            color_scheme="gray",
                            aria_label=S.t["common.close"],
                            min_width=TOUCH_TARGET,
                            min_height=TOUCH_TARGET,
                        )
                    ),
                    align="start",
                    width="100%",
                ),
                rx.dialog.description(
                    rx.cond(
                        S.can_propose, S.t["agreements.form_intro"], S.t["agreements.read_intro"]
                    ),
                    size="2",
                ),
                rx.foreach(S.detail, detail_status),
                form_alert(),
                rx.cond(S.can_propose, agreement_form(), rx.foreach(S.detail, read_only)),
                linked_tasks(),
                history(),
                spacing="4",
                width="100%",
            ),
            max_width="620px",
        ),
        open=S.form_open,
        on_open_change=S.set_form_open,
    )


# --------------------------------------------------------------------------------------
# The tablet's pane: the chosen agreement beside the list
# --------------------------------------------------------------------------------------


def selected_agreement(agreement: AgreementRow) -> rx.Component:
    return rx.vstack(
        rx.heading(agreement["topic"], as_="h2", size="5"),
        detail_status(agreement),
        rx.cond(
            S.can_propose,
            rx.button(
                rx.icon("pencil", aria_hidden="true"),
                S.t["layout.agreements.edit"],
                on_click=S.open_agreement(agreement["id"], False),
                min_height=TOUCH_TARGET,
            ),
        ),
        read_only(agreement),
        linked_tasks(),
        history(),
        spacing="4",
        width="100%",
    )


def agreement_pane() -> rx.Component:
    return rx.cond(
        (S.selected_id != "") & (S.detail.length() > 0),  # type: ignore[attr-defined]
        rx.foreach(S.detail, selected_agreement),
        pane_hint(S.t["layout.agreements.pick"]),
    )


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
        refresh=S.load_agreements,
    )
