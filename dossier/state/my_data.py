"""Gegevens downloaden: ask for an export, watch its progress, download it once.

Asking goes through the gate (domain/exports.request_export: FAMILY_EXPORT for parents,
PERSON_EXPORT for everyone) and is logged; the job is built off the request
(dossier/jobs/exports.py). While it runs, a background event reads the progress of the
asker's own jobs (ids this state got from the server, never from the browser) every
POLL_SECONDS and stops once they are done. The link's token lives only in this state on
the server and in the page's link; a reload makes a fresh one (the old link then stops).
"""

from __future__ import annotations

import asyncio
from typing import Any

import reflex as rx
from sqlmodel import Session

from dossier import routes
from dossier.db import session_scope
from dossier.domain import exports
from dossier.models import ExportJob, ExportKind, ExportStatus, FamilyStatus
from dossier.permissions import Action, Actor, can
from dossier.state.base import AppState, guarded
from dossier.urls import backend_url

POLL_SECONDS = 0.6
POLL_LIMIT = 600  # about six minutes; a reload picks up a job that takes longer
KINDS = (ExportKind.FAMILY, ExportKind.PERSON)


class MyDataState(AppState):
    may_export_family: bool = False
    may_export_person: bool = True  # not in a dossier that waits for its parents
    closing: bool = False
    family_status: str = ""  # ExportStatus, or "" when none was asked for
    family_progress: int = 0
    family_link: str = ""
    person_status: str = ""
    person_progress: int = 0
    person_link: str = ""
    loaded: bool = False
    polling: bool = False
    # Backend only: the asker's own jobs and their link tokens (never sent to the browser).
    _jobs: dict[str, int] = {}
    _tokens: dict[str, str] = {}
    _user_id: int = 0

    @rx.var
    def family_status_text(self) -> str:
        return self._status_text(self.family_status, self.family_progress)

    @rx.var
    def person_status_text(self) -> str:
        return self._status_text(self.person_status, self.person_progress)

    def _status_text(self, status: str, progress: int) -> str:
        if not status:
            return ""
        return self._message(f"mydata.status.{status}", progress=progress)

    @rx.event
    @guarded
    def load_my_data(self) -> Any:
        self.loaded = False
        with self._work() as (session, actor):
            self._user_id = actor.user_id
            self.may_export_family = can(actor, Action.FAMILY_EXPORT)
            self.may_export_person = can(actor, Action.PERSON_EXPORT)
            self.closing = actor.family_status is FamilyStatus.CLOSING
            for kind in KINDS:
                job = exports.latest_job(
                    session, user_id=actor.user_id, family_id=actor.family_id, kind=kind
                )
                self._show(session, kind, job)
        self.loaded = True
        return self._poll_if_needed()

    @rx.event
    @guarded
    def ask_family_export(self) -> Any:
        return self._ask(ExportKind.FAMILY)

    @rx.event
    @guarded
    def ask_person_export(self) -> Any:
        return self._ask(ExportKind.PERSON)

    def _ask(self, kind: ExportKind) -> Any:
        with self._work() as (session, actor):
            job, token = exports.request_export(session, actor, kind)
            self._remember(actor, kind, job, token)
        return self._poll_if_needed()

    def _remember(self, actor: Actor, kind: ExportKind, job: ExportJob, token: str) -> None:
        self._user_id = actor.user_id
        self._jobs = {**self._jobs, kind.value: job.id or 0}
        self._tokens = {**self._tokens, kind.value: token}
        self._set(kind, job)

    def _show(self, session: Session, kind: ExportKind, job: ExportJob | None) -> None:
        """A job found on (re)load: a ready one gets a fresh link unless this state has one."""
        if job is None or job.id is None:
            self._jobs = {k: v for k, v in self._jobs.items() if k != kind.value}
            self._set(kind, None)
            return
        if job.id != self._jobs.get(kind.value) or kind.value not in self._tokens:
            self._tokens = {k: v for k, v in self._tokens.items() if k != kind.value}
            token = exports.fresh_link(session, user_id=self._user_id, job_id=job.id)
            if token:
                self._tokens = {**self._tokens, kind.value: token}
        self._jobs = {**self._jobs, kind.value: job.id}
        self._set(kind, job)

    def _set(self, kind: ExportKind, job: ExportJob | None) -> None:
        status = job.status if job is not None else ""
        progress = job.progress if job is not None else 0
        token = self._tokens.get(kind.value, "")
        ready = status == ExportStatus.READY and bool(token)
        link = backend_url(f"{routes.API_EXPORTS}/{token}.zip") if ready else ""
        if kind is ExportKind.FAMILY:
            self.family_status, self.family_progress, self.family_link = status, progress, link
        else:
            self.person_status, self.person_progress, self.person_link = status, progress, link

    def _poll_if_needed(self) -> Any:
        busy = {ExportStatus.QUEUED, ExportStatus.RUNNING}
        if self.polling or not ({self.family_status, self.person_status} & busy):
            return None
        self.polling = True
        return MyDataState.event_handlers["poll_exports"]

    @rx.event(background=True)
    async def poll_exports(self) -> None:
        """Follow the asker's own jobs until none is waiting or running any more."""
        try:
            for _ in range(POLL_LIMIT):
                await asyncio.sleep(POLL_SECONDS)
                async with self:
                    jobs, user_id = dict(self._jobs), self._user_id
                found = await asyncio.to_thread(_read_jobs, jobs, user_id)
                async with self:
                    for kind in KINDS:
                        if kind.value in found:
                            self._set(kind, found[kind.value])
                    busy = {ExportStatus.QUEUED, ExportStatus.RUNNING}
                    if not ({self.family_status, self.person_status} & busy):
                        return
        finally:
            async with self:
                self.polling = False

    @rx.event(background=True)
    async def follow_download(self) -> None:
        """After a tap on the download link: the page says it was downloaded (once)."""
        for _ in range(10):
            await asyncio.sleep(POLL_SECONDS * 2)
            async with self:
                jobs, user_id = dict(self._jobs), self._user_id
            found = await asyncio.to_thread(_read_jobs, jobs, user_id)
            async with self:
                for kind in KINDS:
                    if kind.value in found:
                        self._set(kind, found[kind.value])
                if ExportStatus.READY not in {self.family_status, self.person_status}:
                    return


def _read_jobs(jobs: dict[str, int], user_id: int) -> dict[str, ExportJob]:
    """The asker's own jobs by kind (a job of anyone else is never read)."""
    found: dict[str, ExportJob] = {}
    with session_scope() as session:
        for kind, job_id in jobs.items():
            job = session.get(ExportJob, job_id)
            if job is not None and job.user_id == user_id:
                found[kind] = job
    return found
