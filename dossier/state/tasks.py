"""The task list ("Taken")."""

from __future__ import annotations

from typing import Any

import reflex as rx

from dossier.domain.errors import Conflict
from dossier.domain.families import member_names
from dossier.domain.tasks import list_tasks, set_done
from dossier.i18n import local_today
from dossier.presenters import TaskRow, task_row
from dossier.state.base import AppState, guarded


class TasksState(AppState):
    tasks: list[TaskRow] = []
    loaded: bool = False

    @rx.event
    @guarded
    def load_tasks(self) -> None:
        today = local_today()
        with self._work() as (session, actor):
            tasks = list_tasks(session, actor, include_done=True)
            names = member_names(session, actor)
        # Open work first; done tasks sink to the bottom.
        rows = [task_row(t, names, self.lang, today) for t in tasks]
        self.tasks = [r for r in rows if not r["done"]] + [r for r in rows if r["done"]]
        self.loaded = True

    @rx.event
    @guarded
    def toggle_done(self, task_id: str, version: str, done: bool) -> Any:
        if not (task_id.isdigit() and version.isdigit()):
            return None
        try:
            with self._work() as (session, actor):
                set_done(
                    session, actor, task_id=int(task_id), expected_version=int(version), done=done
                )
        except Conflict:
            self.load_tasks()  # show the newest version, then say why
            return rx.toast.warning(self._message("error.conflict"))
        self.load_tasks()
        message = "task.completed" if done else "task.reopened"
        return rx.toast.success(self._message(message))
