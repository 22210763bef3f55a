"""Wat ik belangrijk vind: the ill child's form and readers, or the page as a reader
sees it. Thin: the rules live in dossier/domain/child_page.py (and the gate)."""

from __future__ import annotations

from typing import Any, TypedDict

import reflex as rx

from dossier.domain import child_page as rules
from dossier.domain.errors import Conflict
from dossier.domain.families import member_names
from dossier.domain.once import is_fresh_send, new_form_key
from dossier.domain.plan_parts import parse_id
from dossier.i18n import format_moment
from dossier.models import ChildPage
from dossier.permissions import Action, can
from dossier.state.base import AppState, guarded


class Choice(TypedDict):
    value: str
    label: str
    checked: bool


class Line(TypedDict):
    label: str
    text: str


class SharedPage(TypedDict):
    id: str
    title: str  # "Ayla schreef dit"
    updated: str
    lines: list[Line]


def blank() -> dict[str, str]:
    return dict.fromkeys(rules.FIELDS, "")


class ChildPageState(AppState):
    loaded: bool = False
    is_writer: bool = False  # the ill child: the form
    version: str = ""
    values: dict[str, str] = blank()
    errors: dict[str, str] = {**blank(), "readers": ""}
    readers: list[Choice] = []
    alert: str = ""
    form_key: int = 0
    send_key: str = ""
    saved_text: str = ""
    shared: list[SharedPage] = []

    @rx.event
    @guarded
    def load_child_page(self) -> None:
        self.alert = ""
        self._load()

    @rx.event
    @guarded
    def refresh_child_page(self) -> None:
        if not self.is_writer:  # the child's own typing is never redrawn under them
            self._load()

    def _load(self) -> None:
        with self._work(fresh=True) as (session, actor):
            self.is_writer = can(actor, Action.CHILD_PAGE_EDIT)
            if self.is_writer:
                page = rules.own_page(session, actor)
                options = rules.reader_options(session, actor)
                self._fill(page, options)
                self.shared = []
            else:
                pages = rules.shared_pages(session, actor)
                names = member_names(session, actor)
                self.shared = [
                    self._shared(rules.read_page(session, actor, p.id or 0), names) for p in pages
                ]
        self.loaded = True

    def _fill(self, page: ChildPage | None, options: list[rules.Reader]) -> None:
        chosen = set(page.reader_ids if page else [])
        self.version = str(page.version) if page else ""
        self.values = {**blank(), **{k: str(v) for k, v in (page.content if page else {}).items()}}
        self.readers = [
            {
                "value": str(r.membership_id),
                "label": f"{r.name} ({self._message(f'role.{r.role}')})",
                "checked": r.membership_id in chosen,
            }
            for r in options
        ]
        self.saved_text = (
            self._message("child_page.saved_at", when=format_moment(page.updated_at, self.lang))
            if page
            else ""
        )
        self.errors = {**blank(), "readers": ""}
        self.form_key += 1
        self.send_key = new_form_key()

    def _shared(self, page: ChildPage, names: dict[int, str]) -> SharedPage:
        first = names.get(page.created_by_id, "").split(" ")[0]
        content = page.content or {}
        return {
            "id": str(page.id),
            "title": self._message("child_page.written_by", name=first),
            "updated": format_moment(page.updated_at, self.lang),
            "lines": [
                {"label": self._message(f"child_page.field.{name}"), "text": content.get(name, "")}
                for name in rules.FIELDS
                if content.get(name)
            ],
        }

    @rx.event
    @guarded
    def save_child_page(self, form_data: dict[str, Any]) -> Any:
        form = dict(form_data or {})
        if not is_fresh_send(form, self.send_key):
            return None
        version = parse_id(form.get("version"))
        raw = {name: form.get(name) for name in rules.FIELDS}
        readers = [k[len("reader_") :] for k, v in form.items() if k.startswith("reader_") and v]
        try:
            with self._work() as (session, actor):
                rules.save_page(
                    session,
                    actor,
                    expected_version=version,
                    raw=raw,
                    reader_ids=readers,
                )
        except rules.ChildPageInputError as exc:
            self.values = {k: str(v or "") for k, v in raw.items()}
            self.errors = {
                **blank(),
                "readers": "",
                **{k: self._message(v) for k, v in exc.errors.items()},
            }
            self.alert = self._message("child_page.form_problems")
            return None
        except Conflict:
            self._load()  # the newer version; what was typed stays in the form
            self.values = {k: str(v or "") for k, v in raw.items()}
            self.alert = self._message("child_page.conflict")
            return None
        self.alert = ""
        self._load()
        return rx.toast.success(self._message("child_page.saved"))
