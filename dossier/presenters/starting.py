"""Starting a dossier as display rows: the "Eerste stappen" card and the parents' question."""

from __future__ import annotations

from typing import TypedDict

from dossier.domain.first_steps import FirstSteps, Step
from dossier.domain.starting import ConsentQuestion
from dossier.i18n import translate


class StepRow(TypedDict):
    key: str
    label: str
    done: bool
    href: str
    state: str  # "gedaan" / "nog doen", for a screen reader after the label
    name: str  # the link's name: "Nodig de andere ouder uit, nog doen"


class ConsentRow(TypedDict):
    id: str
    version: str
    question: str  # "Sanne Jansen wil casemanager ziekenhuis zijn. Akkoord?"
    yes_label: str
    no_label: str


def step_row(step: Step, lang: str) -> StepRow:
    label = translate(lang, f"first_steps.{step.key}")
    state = translate(lang, "first_steps.done" if step.done else "first_steps.todo")
    return {
        "key": step.key,
        "label": label,
        "done": step.done,
        "href": step.href,
        "state": state,
        "name": f"{label}, {state}",
    }


def steps_count(steps: FirstSteps, lang: str) -> str:
    return translate(lang, "first_steps.count", done=steps.done, total=len(steps.steps))


def consent_row(question: ConsentQuestion, lang: str) -> ConsentRow:
    role = translate(lang, f"role.{question.role}").lower()
    return {
        "id": str(question.membership_id),
        "version": str(question.version),
        "question": translate(lang, "consent.question", name=question.name, role=role),
        "yes_label": translate(lang, "consent.yes_label", name=question.name),
        "no_label": translate(lang, "consent.no_label", name=question.name),
    }
