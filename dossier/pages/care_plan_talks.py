"""Gesprekken over wat belangrijk is (ACP): the conversations as a list; a tap opens one
(a dialog on a phone, the pane beside the list on a tablet) with its leader, the people
taking part, the report, the preparation questions and their answers, and follow-ups
that become tasks in Taken. `?open=<id>` opens one, as a tap would.
"""

from __future__ import annotations

import reflex as rx

from components import forms
from components.cards import IS_WIDE, item_list, master_detail, page_title, pane_hint, pane_line
from components.linked_item import open_linked_item
from components.styles import TOUCH_TARGET, card_style, muted_text
from dossier import routes
from dossier.pages.layout import signed_in_page
from dossier.state.acp import AcpState as S
from dossier.state.acp import Choice, Option, QuestionRow, TalkCard, TaskLink
from dossier.state.linked_item import LinkedItemState

__all__ = ["care_plan_talks_page"]


def talk_card(card: TalkCard) -> rx.Component:
    selected = S.in_pane & (S.sel_id == card["id"])
    return rx.el.li(
        rx.vstack(
            rx.heading(card["title"], as_="h2", size="4"),
            rx.cond(card["leader"] != "", rx.text(card["leader"], size="2")),
            rx.cond(card["people"] != "", rx.text(card["people"], size="2", style=muted_text)),
            rx.text(card["status"], size="1", style=muted_text),
            rx.button(
                S.t["acp.open"],
                on_click=S.open_talk(card["id"], IS_WIDE),
                aria_label=S.t["acp.open"] + ": " + card["title"],
                aria_current=rx.cond(selected, "true", "false"),
                variant=rx.cond(selected, "solid", "soft"),
                min_height=TOUCH_TARGET,
            ),
            spacing="2",
            width="100%",
        ),
        class_name="acp-card",
        style={**card_style, "list_style": "none"},
    )


def question_row(q: QuestionRow, where: str) -> rx.Component:
    field = f"{where}-answer-" + q["id"]
    return rx.el.li(
        rx.text(q["question"], size="3", weight="medium"),
        rx.text(q["asked"], size="1", style=muted_text),
        rx.cond(
            q["answer"] != "",
            rx.box(
                rx.text(q["answer"], size="2", white_space="pre-wrap"),
                rx.text(q["answered"], size="1", style=muted_text),
                class_name="acp-answer",
                padding_left="12px",
                border_left=f"3px solid {rx.color('teal', 7)}",
            ),
            rx.text(S.t["acp.no_answer"], size="2", style=muted_text),
        ),
        rx.cond(
            S.sel_can_answer,
            rx.form(
                rx.el.input(type="hidden", name="question_id", value=q["id"]),
                rx.el.input(type="hidden", name="version", value=q["version"]),
                forms.labelled(
                    S.t["acp.your_answer"],
                    field,
                    rx.text_area(
                        id=field,
                        name="answer",
                        default_value=q["answer"],
                        max_length=4000,
                        rows="3",
                        width="100%",
                        size="3",
                    ),
                ),
                rx.button(
                    S.t["acp.save_answer"],
                    type="submit",
                    variant="soft",
                    min_height=TOUCH_TARGET,
                    margin_top="6px",
                ),
                on_submit=S.answer_question,
                reset_on_submit=False,
                key=q["id"] + "-" + q["version"],
                width="100%",
            ),
        ),
        class_name="acp-question",
        list_style="none",
        padding="8px 0",
        border_bottom=f"1px solid {rx.color('gray', 5)}",
    )


def task_link(task: TaskLink) -> rx.Component:
    return rx.el.li(rx.link(task["title"], href=task["href"], size="2"), padding="2px 0")


def ask_form(where: str) -> rx.Component:
    field = f"{where}-question"
    return rx.form(
        rx.el.input(type="hidden", name="talk", value=S.sel_id),
        forms.labelled(
            S.t["acp.ask_label"],
            field,
            rx.text_area(
                id=field,
                name="question",
                max_length=500,
                rows="2",
                width="100%",
                size="3",
                **forms.error_props(S.question_error, field, always_described=False),
            ),
            hint=forms.hint_text(S.t["acp.ask_hint"]),
            error=forms.field_error(S.question_error, field),
        ),
        rx.button(
            S.t["acp.ask"], type="submit", variant="soft", min_height=TOUCH_TARGET, margin_top="6px"
        ),
        on_submit=S.ask_question,
        reset_on_submit=True,
        key=S.question_key,
        width="100%",
    )


def task_form(where: str) -> rx.Component:
    title, who = f"{where}-task-title", f"{where}-task-assignee"
    return rx.form(
        rx.el.input(type="hidden", name="talk", value=S.sel_id),
        forms.labelled(
            S.t["acp.task_title"],
            title,
            rx.input(
                id=title,
                name="title",
                max_length=200,
                width="100%",
                size="3",
                **forms.error_props(S.task_error, title, always_described=False),
            ),
            error=forms.field_error(S.task_error, title),
        ),
        forms.labelled(
            S.t["acp.task_for"],
            who,
            forms.native_select(
                rx.el.option(S.t["acp.task_nobody"], value=""),
                forms.option_items(S.member_options),
                id=who,
                name="assignee",
            ),
        ),
        rx.button(
            rx.icon("list-plus", aria_hidden="true"),
            S.t["acp.make_task"],
            type="submit",
            variant="soft",
            min_height=TOUCH_TARGET,
            margin_top="6px",
        ),
        on_submit=S.make_task,
        reset_on_submit=True,
        key=S.task_key,
        width="100%",
    )


def talk_detail(where: str) -> rx.Component:
    return rx.vstack(
        rx.cond(
            S.can_edit,
            rx.hstack(
                rx.button(
                    rx.icon("pencil", aria_hidden="true"),
                    S.t["acp.edit"],
                    on_click=S.edit_talk(S.sel_id),
                    min_height=TOUCH_TARGET,
                ),
                rx.button(
                    S.t["acp.delete"],
                    on_click=S.delete_talk(S.sel_id, S.sel_version),
                    variant="soft",
                    color_scheme="gray",
                    min_height=TOUCH_TARGET,
                ),
                spacing="3",
                wrap="wrap",
            ),
        ),
        pane_line(S.t["acp.field.leader"], S.sel_leader),
        pane_line(S.t["acp.field.participants"], S.sel_people),
        pane_line(
            S.t["acp.field.report"],
            rx.cond(S.sel_report != "", S.sel_report, S.t["acp.no_report"]),
        ),
        rx.heading(S.t["acp.questions"], as_="h3", size="4"),
        rx.cond(
            S.sel_questions,
            rx.el.ul(
                rx.foreach(S.sel_questions, lambda q: question_row(q, where)),
                padding="0",
                margin="0",
                width="100%",
            ),
            rx.text(S.t["acp.no_questions"], size="2", style=muted_text),
        ),
        rx.cond(S.can_edit, ask_form(where)),
        rx.heading(S.t["acp.follow_ups"], as_="h3", size="4"),
        rx.cond(
            S.sel_tasks,
            rx.el.ul(rx.foreach(S.sel_tasks, task_link), padding_left="20px", margin="0"),
            rx.text(S.t["acp.no_follow_ups"], size="2", style=muted_text),
        ),
        rx.cond(S.can_edit, task_form(where)),
        spacing="3",
        width="100%",
    )


def pane() -> rx.Component:
    return rx.cond(
        S.in_pane & (S.sel_id != ""),
        rx.vstack(
            rx.heading(S.sel_title, as_="h2", size="5"),
            talk_detail("pane"),
            spacing="3",
            width="100%",
        ),
        pane_hint(S.t["acp.pick"]),
    )


def close_button() -> rx.Component:
    return rx.dialog.close(
        rx.icon_button(
            rx.icon("x", aria_hidden="true"),
            variant="ghost",
            color_scheme="gray",
            aria_label=S.t["acp.close"],
            min_width=TOUCH_TARGET,
            min_height=TOUCH_TARGET,
        )
    )


def detail_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.vstack(
                rx.hstack(
                    rx.dialog.title(S.sel_title, margin="0", flex="1"),
                    close_button(),
                    align="start",
                    width="100%",
                ),
                rx.dialog.description(S.t["acp.subtitle"], size="2", style=muted_text),
                rx.cond(S.detail_open & ~S.in_pane, talk_detail("dialog")),
                spacing="3",
                width="100%",
            ),
            max_width="620px",
        ),
        open=S.detail_open & ~S.in_pane,
        on_open_change=S.set_detail_open,
    )


def person_choice(choice: Choice) -> rx.Component:
    return rx.el.label(
        rx.el.input(
            type="checkbox",
            name="with_" + choice["value"],
            default_checked=choice["checked"],
            width="20px",
            height="20px",
        ),
        rx.text(choice["label"], as_="span", size="2"),
        display="flex",
        align_items="center",
        gap="8px",
        min_height=TOUCH_TARGET,
    )


def leader_option(option: Option) -> rx.Component:
    return rx.el.option(option["label"], value=option["value"])


def talk_form() -> rx.Component:
    errors, values = S.form_errors, S.form_values
    return rx.form(
        forms.once_field(S.send_key),
        rx.el.input(type="hidden", name="id", value=S.form_id),
        rx.el.input(type="hidden", name="version", value=S.form_version),
        forms.labelled(
            S.t["acp.field.held_on"],
            "acp-held_on",
            rx.input(
                id="acp-held_on",
                name="held_on",
                type="date",
                default_value=values["held_on"],
                max_width="240px",
                size="3",
                **forms.error_props(errors["held_on"], "acp-held_on", always_described=False),
            ),
            hint=forms.hint_text(S.t["acp.held_on_hint"]),
            error=forms.field_error(errors["held_on"], "acp-held_on"),
        ),
        forms.labelled(
            S.t["acp.field.leader"],
            "acp-leader",
            forms.native_select(
                rx.el.option(S.t["acp.leader_typed"], value=""),
                rx.foreach(S.leader_options, leader_option),
                id="acp-leader",
                name="leader",
                default_value=values["leader"],
                **forms.error_props(errors["leader"], "acp-leader", always_described=False),
            ),
            error=forms.field_error(errors["leader"], "acp-leader"),
        ),
        forms.labelled(
            S.t["acp.field.leader_name"],
            "acp-leader_name",
            rx.input(
                id="acp-leader_name",
                name="leader_name",
                default_value=values["leader_name"],
                max_length=120,
                width="100%",
                size="3",
                **forms.error_props(
                    errors["leader_name"], "acp-leader_name", always_described=False
                ),
            ),
            error=forms.field_error(errors["leader_name"], "acp-leader_name"),
        ),
        rx.el.fieldset(
            rx.el.legend(S.t["acp.field.participants"], font_weight="500"),
            rx.foreach(S.form_choices, person_choice),
            forms.field_error(errors["participants"], "acp-participants"),
            border="none",
            padding="0",
            margin="0",
            width="100%",
        ),
        forms.labelled(
            S.t["acp.field.report"],
            "acp-report",
            rx.text_area(
                id="acp-report",
                name="report",
                default_value=values["report"],
                max_length=8000,
                rows="6",
                width="100%",
                size="3",
                **forms.error_props(errors["report"], "acp-report", always_described=False),
            ),
            hint=forms.hint_text(S.t["acp.report_hint"]),
            error=forms.field_error(errors["report"], "acp-report"),
        ),
        forms.save_and_cancel(S.t["acp.save"], S.t["acp.cancel"]),
        on_submit=S.save_talk,
        reset_on_submit=False,
        key=S.form_key,
        width="100%",
        style={"display": "flex", "flex_direction": "column", "gap": "14px"},
    )


def form_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.vstack(
                rx.hstack(
                    rx.dialog.title(
                        rx.cond(S.form_id == "", S.t["acp.new"], S.t["acp.edit"]),
                        margin="0",
                        flex="1",
                    ),
                    close_button(),
                    align="start",
                    width="100%",
                ),
                rx.dialog.description(S.t["acp.form_intro"], size="2"),
                rx.cond(
                    S.form_alert != "",
                    rx.callout.root(
                        rx.callout.text(S.form_alert),
                        color_scheme="tomato",
                        role="alert",
                        size="1",
                    ),
                ),
                talk_form(),
                spacing="4",
                width="100%",
            ),
            max_width="620px",
        ),
        open=S.form_open,
        on_open_change=S.set_form_open,
    )


def toolbar() -> rx.Component:
    return rx.cond(
        S.can_edit,
        rx.button(
            rx.icon("plus", aria_hidden="true"),
            S.t["acp.new"],
            on_click=S.open_new,
            min_height=TOUCH_TARGET,
        ),
    )


def care_plan_talks_page() -> rx.Component:
    return signed_in_page(
        routes.CARE_PLAN_TALKS,
        page_title(S.t["acp.title"], S.t["acp.subtitle"]),
        toolbar(),
        master_detail(
            item_list(
                loaded=S.loaded,
                items=S.cards,
                render=talk_card,
                empty_text=S.t["acp.empty"],
                loading_text=S.t["acp.loading"],
            ),
            pane(),
            pane_label=S.t["acp.pane_label"],
        ),
        detail_dialog(),
        form_dialog(),
        open_linked_item(
            LinkedItemState.linked_id,
            [S.open_talk(LinkedItemState.linked_id, IS_WIDE), LinkedItemState.clear_link],
        ),
        refresh=S.refresh_talks,
    )
