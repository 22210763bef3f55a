"""Taken: my tasks or all, per domain, overdue and 'nabellen' first; one tap to complete.

Phone first: the list, one-tap complete with an undo bar near the thumb, and a dialog
with the task form (every field labelled, messages next to the field they are about).
"""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex_base.vars.base import Var

from components.cards import (
    IS_WIDE,
    SELECTED_STYLE,
    item_list,
    master_detail,
    page_title,
    pane_hint,
    pane_line,
    pill,
)
from components.dialogs import confirm_dialog
from components.styles import TOUCH_TARGET, card_style, muted_text
from dossier import routes
from dossier.pages.layout import signed_in_page
from dossier.presenters.rows import TaskRow
from dossier.state.tasks import HistoryRow, Option
from dossier.state.tasks import TasksState as S

ROW_STYLE = {"list_style": "none", "padding": "8px 12px 8px 6px"}
BOTTOM_OFFSET = "calc(64px + 12px + env(safe-area-inset-bottom))"  # above the bottom nav
WIDE = "@media (min-width: 1024px)"  # the tablet layout: no bottom nav

# --------------------------------------------------------------------------------------
# The list
# --------------------------------------------------------------------------------------


def done_button(task: TaskRow) -> rx.Component:
    return rx.icon_button(
        rx.cond(
            task["done"],
            rx.icon("circle-check", aria_hidden="true"),
            rx.icon("circle", aria_hidden="true"),
        ),
        on_click=S.toggle_done(task["id"], task["version"], ~task["done"]),
        aria_label=rx.cond(task["done"], S.t["task.reopen"], S.t["task.complete"])
        + ": "
        + task["title"],
        aria_pressed=rx.cond(task["done"], "true", "false"),
        variant="ghost",
        radius="full",
        size="3",
        min_width=TOUCH_TARGET,
        min_height=TOUCH_TARGET,
    )


def task_meta(task: TaskRow) -> rx.Component:
    return rx.el.span(
        rx.cond(task["overdue"], pill(S.t["task.overdue"], "tomato")),
        rx.cond(task["comes_back"], pill(S.t["task.comes_back"], "amber")),
        pill(task["domain"], "teal"),
        rx.el.span(task["assignee"]),
        rx.cond(task["due"] != "", rx.el.span("· ", task["due"])),
        rx.cond(task["status_key"] != "open", rx.el.span("· ", task["status"])),
        display="flex",
        flex_wrap="wrap",
        align_items="center",
        gap="6px",
        font_size="13px",
    )


def task_item(task: TaskRow) -> rx.Component:
    selected = S.sel_id == task["id"]
    return rx.el.li(
        rx.hstack(
            done_button(task),
            form_dialog(
                open_button(task),
                S.form_open & ~S.form_in_pane & (S.form_task_id == task["id"]),
                # On a tablet the tap shows the task in the pane instead (select_task).
                lambda is_open: S.open_change(task["id"], is_open, IS_WIDE),
            ),
            align="start",
            width="100%",
        ),
        style={
            **card_style,
            **ROW_STYLE,
            "border": rx.cond(selected, SELECTED_STYLE["border"], card_style["border"]),
        },
        key=task["id"],  # a task keeps its place in React when the list reorders
    )


def open_button(task: TaskRow) -> rx.Component:
    """The task itself: tapping it opens the form (or, without edit rights, the details)."""
    return rx.el.button(
        rx.el.span(
            task["title"],
            display="block",
            font_weight="500",
            text_decoration=rx.cond(task["done"], "line-through", "none"),
        ),
        task_meta(task),
        rx.cond(
            task["waiting_for"] != "",
            rx.el.span(
                task["waiting_for"],
                rx.cond(
                    task["follow_up"] != "",
                    rx.el.span(" · ", S.t["task.follow_up_short"], " ", task["follow_up"]),
                ),
                display="block",
                font_size="13px",
                style=muted_text,
            ),
        ),
        type="button",
        custom_attrs={"data-task-id": task["id"]},
        # The task shown in the tablet's pane (never set on a phone).
        aria_current=rx.cond(S.sel_id == task["id"], "true", "false"),
        display="flex",
        flex_direction="column",
        gap="4px",
        flex="1",
        min_height=TOUCH_TARGET,
        text_align="left",
        background="transparent",
        border="none",
        padding="2px 0",
        color="inherit",
        font="inherit",
        cursor="pointer",
        border_radius="6px",
    )


def view_button(view: str, label: Var, count: Var) -> rx.Component:
    chosen = S.view == view
    return rx.button(
        label,
        " (",
        count,
        ")",
        on_click=S.show_view(view),
        aria_pressed=rx.cond(chosen, "true", "false"),
        variant=rx.cond(chosen, "solid", "soft"),
        min_height=TOUCH_TARGET,
        flex="1",
    )


def filters() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            view_button("mine", S.t["tasks.view.mine"], S.count_mine),
            view_button("all", S.t["tasks.view.all"], S.count_all),
            role="group",
            aria_label=S.t["tasks.view.label"],
            width="100%",
            max_width="420px",
            spacing="2",
        ),
        rx.hstack(
            rx.el.label(
                S.t["tasks.domain_filter"], html_for="task-filter-domain", font_weight="500"
            ),
            rx.el.select(
                rx.el.option(S.t["tasks.all_domains"], value=""),
                rx.foreach(S.domain_options, lambda o: rx.el.option(o["label"], value=o["value"])),
                id="task-filter-domain",
                value=S.domain,
                on_change=S.set_domain_filter,
                class_name="native-select",
            ),
            align="center",
            spacing="3",
            width="100%",
        ),
        spacing="3",
        width="100%",
    )


def done_section() -> rx.Component:
    return rx.cond(
        S.done_tasks,
        rx.el.details(
            rx.el.summary(
                S.t["tasks.done_section"],
                " (",
                S.done_tasks.length(),
                ")",
                min_height=TOUCH_TARGET,
                display="flex",
                align_items="center",
                font_weight="500",
                cursor="pointer",
            ),
            rx.el.ul(
                rx.foreach(S.done_tasks, task_item),
                display="grid",
                gap="10px",
                padding="0",
                margin="0",
                width="100%",
            ),
            width="100%",
        ),
    )


# --------------------------------------------------------------------------------------
# The undo bar and the "Nieuwe taak" button, within thumb reach
# --------------------------------------------------------------------------------------


def notice_bar() -> rx.Component:
    """What just happened, with an undo where there is one; a live region for screen readers."""
    button_style = {"min_height": TOUCH_TARGET, "variant": "solid", "color_scheme": "teal"}
    return rx.el.div(
        rx.cond(
            S.notice != "",
            rx.hstack(
                rx.icon("circle-check", aria_hidden="true", size=18),
                rx.text(S.notice, weight="medium", flex="1"),
                rx.match(
                    S.undo_kind,
                    (
                        "delete",
                        rx.button(
                            S.t["task.undo"], on_click=S.restore(S.undo_task_id), **button_style
                        ),
                    ),
                    (
                        "complete",
                        rx.button(
                            S.t["task.undo"],
                            on_click=S.undo_complete(S.undo_task_id, S.undo_version),
                            **button_style,
                        ),
                    ),
                    rx.fragment(),
                ),
                align="center",
                width="100%",
                min_height="52px",
                padding="4px 8px 4px 14px",
                border_radius="12px",
                background=rx.color("gray", 12),
                color=rx.color("gray", 1),
                box_shadow="0 6px 24px rgba(0, 0, 0, 0.25)",
            ),
        ),
        role="status",
        width="100%",
    )


def floating_actions() -> rx.Component:
    return rx.vstack(
        notice_bar(),
        rx.cond(
            S.can_create,
            form_dialog(
                rx.button(
                    rx.icon("plus", aria_hidden="true"),
                    S.t["tasks.new"],
                    size="3",
                    radius="full",
                    min_height="48px",
                    box_shadow="0 4px 16px rgba(0, 0, 0, 0.2)",
                ),
                S.form_open & S.is_new,
                lambda is_open: S.open_change("", is_open, False),
            ),
        ),
        align="end",
        spacing="3",
        position="fixed",
        left="16px",
        right="16px",
        bottom=BOTTOM_OFFSET,
        max_width="520px",
        margin_left="auto",
        z_index="20",
        pointer_events="none",
        style={"& > *": {"pointer_events": "auto"}, WIDE: {"bottom": "24px"}},
    )


# --------------------------------------------------------------------------------------
# The form
# --------------------------------------------------------------------------------------


def field_error(field: str) -> rx.Component:
    return rx.cond(
        S.errors[field] != "",
        rx.text(
            S.errors[field],
            id=f"task-{field}-error",
            size="2",
            color=rx.color("tomato", 11),
            weight="medium",
        ),
    )


def error_props(field: str) -> dict:
    bad = S.errors[field] != ""
    return {
        "aria_invalid": rx.cond(bad, "true", "false"),
        "aria_describedby": rx.cond(bad, f"task-{field}-error", ""),
    }


def labelled(field: str, control: rx.Component) -> rx.Component:
    return rx.vstack(
        rx.el.label(S.t[f"task.label.{field}"], html_for=f"task-{field}", font_weight="500"),
        control,
        field_error(field),
        spacing="1",
        width="100%",
    )


def native_select(field: str, name: str, *options: rx.Component, **props) -> rx.Component:
    return rx.el.select(
        *options,
        id=f"task-{field}",
        name=name,
        class_name="native-select",
        **error_props(field),
        **props,
    )


def waiting_fields() -> rx.Component:
    return rx.cond(
        S.form_status == "waiting",
        rx.vstack(
            labelled(
                "waiting_for",
                rx.input(
                    id="task-waiting_for",
                    name="waiting_for",
                    default_value=S.form_waiting_for,
                    max_length=200,
                    size="3",
                    width="100%",
                    **error_props("waiting_for"),
                ),
            ),
            labelled(
                "follow_up_on",
                rx.input(
                    id="task-follow_up_on",
                    name="follow_up",
                    type="date",
                    default_value=S.form_follow_up,
                    size="3",
                    width="100%",
                    max_width="320px",
                    **error_props("follow_up_on"),
                ),
            ),
            rx.text(S.t["task.hint.waiting"], size="2", style=muted_text),
            spacing="3",
            width="100%",
            padding="12px",
            border_radius="10px",
            background=rx.color("amber", 2),
        ),
    )


def conflict_panel() -> rx.Component:
    return rx.cond(
        S.conflict != "",
        rx.callout.root(
            rx.callout.text(S.conflict),
            rx.hstack(
                rx.button(
                    S.t["task.conflict.show_latest"],
                    type="button",
                    variant="soft",
                    color_scheme="gray",
                    on_click=S.open_task(S.form_task_id),
                    min_height=TOUCH_TARGET,
                ),
                rx.button(
                    S.t["task.conflict.keep_mine"],
                    type="submit",
                    color_scheme="amber",
                    on_click=S.use_latest_version,
                    min_height=TOUCH_TARGET,
                ),
                wrap="wrap",
                spacing="2",
            ),
            color_scheme="amber",
            role="alert",
            width="100%",
        ),
    )


def form_fields() -> rx.Component:
    return rx.vstack(
        labelled(
            "title",
            rx.input(
                id="task-title",
                name="title",
                default_value=S.form_title,
                max_length=250,
                aria_required="true",
                size="3",
                width="100%",
                **error_props("title"),
            ),
        ),
        labelled(
            "domain",
            native_select(
                "domain",
                "domain",
                rx.el.option(S.t["task.choose_domain"], value=""),
                rx.foreach(S.domain_options, lambda o: rx.el.option(o["label"], value=o["value"])),
                default_value=S.form_domain,
                aria_required="true",
            ),
        ),
        labelled(
            "assignee_id",
            native_select(
                "assignee_id",
                "assignee",
                rx.el.option(S.t["task.nobody"], value=""),
                rx.foreach(S.member_options, lambda o: rx.el.option(o["label"], value=o["value"])),
                default_value=S.form_assignee,
            ),
        ),
        rx.cond(
            S.agreement_options,
            labelled(
                "agreement_id",
                native_select(
                    "agreement_id",
                    "agreement",
                    rx.el.option(S.t["task.agreement_none"], value=""),
                    rx.foreach(
                        S.agreement_options, lambda o: rx.el.option(o["label"], value=o["value"])
                    ),
                    default_value=S.form_agreement,
                ),
            ),
        ),
        labelled(
            "due_on",
            rx.input(
                id="task-due_on",
                name="due",
                type="date",
                default_value=S.form_due,
                size="3",
                width="100%",
                max_width="320px",
                **error_props("due_on"),
            ),
        ),
        labelled(
            "status",
            native_select(
                "status",
                "status",
                rx.foreach(S.status_options, lambda o: rx.el.option(o["label"], value=o["value"])),
                value=S.form_status,
                on_change=S.set_form_status,
            ),
        ),
        waiting_fields(),
        labelled(
            "notes",
            rx.text_area(
                id="task-notes",
                name="notes",
                default_value=S.form_notes,
                max_length=4000,
                rows="3",
                size="3",
                width="100%",
                **error_props("notes"),
            ),
        ),
        spacing="4",
        width="100%",
    )


def form_buttons() -> rx.Component:
    return rx.hstack(
        rx.dialog.close(
            rx.button(
                S.t["common.cancel"],
                type="button",
                variant="soft",
                color_scheme="gray",
                min_height=TOUCH_TARGET,
            ),
        ),
        rx.button(
            rx.cond(S.saving, S.t["task.saving"], S.t["task.save"]),
            type="submit",
            loading=S.saving,
            disabled=S.saving,
            min_height=TOUCH_TARGET,
            min_width="120px",
        ),
        justify="end",
        spacing="3",
        width="100%",
    )


def task_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.cond(
                S.form_error != "",
                rx.callout.root(
                    rx.callout.text(S.form_error),
                    color_scheme="tomato",
                    role="alert",
                    width="100%",
                ),
            ),
            conflict_panel(),
            form_fields(),
            form_buttons(),
            spacing="4",
            width="100%",
        ),
        key=S.form_key,
        on_submit=[S.start_saving, S.save_task],
        no_validate=True,
        aria_busy=rx.cond(S.saving, "true", "false"),
        width="100%",
    )


def delete_button() -> rx.Component:
    return confirm_dialog(
        rx.button(
            rx.icon("trash-2", aria_hidden="true"),
            S.t["task.delete"],
            type="button",
            color_scheme="tomato",
            variant="soft",
            min_height=TOUCH_TARGET,
        ),
        title=S.t["task.delete_title"],
        description=[S.form_title, ": ", S.t["task.delete_text"]],
        cancel_label=S.t["common.cancel"],
        confirm_label=S.t["task.delete_confirm"],
        on_confirm=S.delete_task(S.form_task_id, S.form_version),
    )


def details_line(line: Option) -> rx.Component:
    return rx.box(
        rx.text(line["label"], size="1", weight="medium", style=muted_text),
        rx.text(line["value"], size="3", white_space="pre-wrap"),
    )


def read_only_details() -> rx.Component:
    """For those who may look and tick off, not edit (a caregiver, a sibling)."""
    return rx.vstack(
        rx.heading(S.form_title, as_="h3", size="4"),
        rx.foreach(S.details, details_line),
        rx.dialog.close(
            rx.button(
                S.t["common.close"], variant="soft", color_scheme="gray", min_height=TOUCH_TARGET
            ),
        ),
        spacing="3",
        width="100%",
    )


def history_item(entry: HistoryRow) -> rx.Component:
    return rx.el.li(
        rx.text(entry["sentence"], size="2"),
        rx.text(entry["when"], size="1", style=muted_text),
        padding_y="4px",
    )


def history_list(entries: Var | None = None, heading_id: str = "task-history-title"):
    """Who did what to the task; in the dialog, or (own heading id) in the tablet's pane."""
    entries = S.history if entries is None else entries
    return rx.cond(
        entries,
        rx.el.section(
            rx.heading(S.t["task.history"], as_="h3", size="3", id=heading_id),
            rx.el.ul(
                rx.foreach(entries, history_item),
                padding_left="18px",
                margin="4px 0 0 0",
            ),
            aria_labelledby=heading_id,
            width="100%",
            padding_top="12px",
            border_top=f"1px solid {rx.color('gray', 5)}",
        ),
    )


def form_content() -> rx.Component:
    title = rx.cond(
        S.is_new,
        S.t["task.form.new_title"],
        rx.cond(S.can_edit, S.t["task.form.edit_title"], S.t["task.form.view_title"]),
    )
    return rx.dialog.content(
        rx.dialog.title(title),
        rx.dialog.description(
            rx.cond(S.can_edit, S.t["task.form.intro"], S.t["task.form.view_intro"]),
            size="2",
            style=muted_text,
        ),
        rx.vstack(
            rx.cond(S.can_edit, task_form(), read_only_details()),
            rx.cond(S.can_edit & ~S.is_new, delete_button()),
            history_list(),
            spacing="4",
            width="100%",
            margin_top="12px",
        ),
        max_width="560px",
        width="calc(100vw - 24px)",
        padding="16px",
    )


def form_dialog(trigger: rx.Component, is_open: Var, on_open_change: Any) -> rx.Component:
    """The form of one task, opened by `trigger`, which gets the focus back when it
    closes. The trigger has no on_click of its own: opening goes through the dialog's
    on_open_change, so Radix keeps the button itself as the trigger. Only one of these
    dialogs is open at a time, so the form's ids are never doubled."""
    return rx.dialog.root(
        rx.dialog.trigger(trigger),
        form_content(),
        open=is_open,
        on_open_change=on_open_change,
    )


# --------------------------------------------------------------------------------------
# The tablet's pane: the selected task beside the list
# --------------------------------------------------------------------------------------


def pane_actions() -> rx.Component:
    edit = rx.button(
        rx.icon("pencil", aria_hidden="true"),
        S.t["task.form.edit_title"],
        type="button",
        min_height=TOUCH_TARGET,
    )
    return rx.hstack(
        rx.cond(
            S.sel_can_edit,
            form_dialog(
                edit,
                S.form_open & S.form_in_pane,
                lambda is_open: S.edit_change(S.sel_id, is_open),
            ),
        ),
        rx.button(
            rx.icon(rx.cond(S.sel_done, "rotate-ccw", "circle-check"), aria_hidden="true"),
            rx.cond(S.sel_done, S.t["task.reopen"], S.t["task.complete"]),
            on_click=S.toggle_done(S.sel_id, S.sel_version, ~S.sel_done),
            variant="soft",
            min_height=TOUCH_TARGET,
        ),
        spacing="3",
        wrap="wrap",
    )


def selected_task() -> rx.Component:
    return rx.vstack(
        rx.heading(
            S.sel_title,
            as_="h2",
            size="5",
            text_decoration=rx.cond(S.sel_done, "line-through", "none"),
        ),
        pane_actions(),
        rx.foreach(S.sel_details, lambda line: pane_line(line["label"], line["value"])),
        history_list(S.sel_history, "pane-task-history-title"),
        spacing="4",
        width="100%",
    )


def task_pane() -> rx.Component:
    return rx.cond(S.sel_id != "", selected_task(), pane_hint(S.t["layout.tasks.pick"]))


def task_list() -> rx.Component:
    return rx.el.section(
        rx.heading(S.t["tasks.open_list"], as_="h2", size="4", class_name="sr-only"),
        item_list(
            loaded=S.loaded,
            items=S.tasks,
            render=task_item,
            empty_text=rx.cond(S.view == "mine", S.t["tasks.empty_mine"], S.t["tasks.empty"]),
            loading_text=S.t["common.loading"],
        ),
        done_section(),
        rx.box(height="72px", aria_hidden="true"),  # room for the floating button
        display="flex",
        flex_direction="column",
        gap="12px",
        width="100%",
    )


def tasks_page() -> rx.Component:
    return signed_in_page(
        routes.TASKS,
        page_title(S.t["tasks.title"], S.t["tasks.subtitle"]),
        filters(),
        master_detail(task_list(), task_pane(), pane_label=S.t["layout.tasks.pane"]),
        floating_actions(),
        refresh=S.refresh_tasks,
    )
