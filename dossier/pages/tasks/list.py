"""Taken, the list: the two views, the domain filter, the rows and the done section."""

from __future__ import annotations

import reflex as rx
from reflex_base.vars.base import Var

from components.cards import IS_WIDE, SELECTED_STYLE, item_list, pill
from components.forms import native_select, option_items
from components.styles import TOUCH_TARGET, card_style, muted_text
from dossier.pages.tasks.dialog import form_dialog
from dossier.presenters.rows import TaskRow
from dossier.state.tasks import TasksState as S

ROW_STYLE = {"list_style": "none", "padding": "8px 12px 8px 6px"}


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
            task["done"],
            # Who completed it and when: "Klaar · Femke Bos, 3 dec 14:20".
            rx.el.span(
                S.done_lines[task["id"]],
                display="block",
                font_size="13px",
                custom_attrs={"data-done-by": task["id"]},
                style=muted_text,
            ),
        ),
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
            native_select(
                rx.el.option(S.t["tasks.all_domains"], value=""),
                option_items(S.domain_options),
                id="task-filter-domain",
                value=S.domain,
                on_change=S.set_domain_filter,
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
