"""The generated authorization matrix: every event handler x every kind of caller.

Every event handler of every state is found automatically and must be listed below,
either as touching family data (with who may use it) or with the reason it does not.
Each family-data handler is then called directly, as the websocket would, by a parent,
the ill child, a sibling, both case managers, a caregiver, a member of another family
pretending to be in this one, a removed member, and an anonymous client (through the
session gate, the real entry point). Ids in the payload always point at Gezin Alfa.
Allowed calls must not be refused; forbidden ones must be refused AND logged as denied.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
import reflex as rx
from reflex_base.event import Event
from sqlmodel import Session, select

import dossier.state
from dossier.db import session_scope
from dossier.domain import sessions
from dossier.domain.invitations import create_invitation
from dossier.domain.once import FIELD as SEND_KEY
from dossier.models import AuditEvent, MembershipStatus, Task, TaskStatus, utcnow
from dossier.state import gate
from tests.factories import World

for module in pkgutil.iter_modules(dossier.state.__path__):
    importlib.import_module(f"dossier.state.{module.name}")

ALFA_ROLES = {"anna", "cleo", "ben", "hanna", "hugo", "gerda"}
PARENT = {"anna"}
CASE_MANAGERS = {"hanna", "hugo"}
CALLERS = [*sorted(ALFA_ROLES), "forged_other_family", "removed_member"]
# Every form is sent as from an open form: with the key its state handed out on opening
# (dossier/domain/once.py), so the permission check, not the double-tap check, decides.
OPEN_FORM_KEY = "matrix-open-form"

Args = Callable[[World], tuple]


@dataclass(frozen=True)
class Rule:
    allowed: set[str]
    args: Args = lambda _world: ()


def _task(world: World) -> tuple:
    return (str(world.tasks["for_gerda"].id), "1", True)


def _task_form(world: World) -> tuple:
    form = {"title": "Nieuwe taak", "domain": "care", "status": "open", "due": "2030-01-31"}
    return ({**form, "assignee": str(world.members["gerda"].id), SEND_KEY: OPEN_FORM_KEY},)


def _new_task(world: World, **values: object) -> Task:
    task = Task(family_id=world.alfa.id, title="Extra", domain="care", **values)
    world.session.add(task)
    world.session.flush()
    return task


def _deleted_task(world: World) -> tuple:
    return (str(_new_task(world, deleted_at=utcnow()).id),)


def _gerdas_done_task(world: World) -> tuple:
    task = _new_task(world, assignee_id=world.members["gerda"].id, status=TaskStatus.DONE)
    return (str(task.id), "1")


def _review_plan(world: World) -> object:
    """Issue 20: Gezin Alfa's care plan, for the evaluation handlers (a true value)."""
    from dossier.models.care_plan import CarePlan

    plan = world.session.exec(select(CarePlan).where(CarePlan.family_id == world.alfa.id)).first()
    if plan is None:
        plan = CarePlan(family_id=world.alfa.id, review_on=utcnow().date())
        world.session.add(plan)
        world.session.flush()
    return plan


def _evaluation_form(world: World) -> tuple:
    from dossier.clock import local_today

    plan = _review_plan(world)
    form = {
        "version": str(getattr(plan, "version", 1)),
        "kind": "review",
        "held_on": local_today().isoformat(),
        "outcome": "Besproken met de ouders.",
        "changed_physical": "on",
    }
    return ({**form, SEND_KEY: OPEN_FORM_KEY},)


def _invite(world: World) -> tuple:
    invitation, _ = create_invitation(world.session, world.actor("anna"), role="caregiver")
    return (str(invitation.id),)


def _kinderarts(world: World) -> str:
    from dossier.models import Appointment

    return str(world.session.exec(select(Appointment)).one().id)


def _deleted_appointment(world: World) -> tuple:
    """An appointment of Gezin Alfa deleted by mistake, waiting for its undo."""
    from datetime import timedelta

    from dossier.models import Appointment

    start = utcnow() + timedelta(days=3)
    appointment = Appointment(
        family_id=world.alfa.id,
        title="Per ongeluk",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        deleted_at=utcnow(),
    )
    world.session.add(appointment)
    world.session.flush()
    return (str(appointment.id),)


def _appointment_form(world: World) -> tuple:
    anna = world.members["anna"].id
    form = {"title": "MDO", "day": "2030-01-31", "start": "10:00", "end": "11:00"}
    return ({**form, f"attendee-{anna}": "on", "reminder-60": "on", SEND_KEY: OPEN_FORM_KEY},)


def _member(name: str, *extra: str) -> Args:
    return lambda world: (str(world.members[name].id), str(world.members[name].version), *extra)


def _coordination(world: World) -> tuple:
    """Gezin Alfa's "Zorgcoördinatie": Hanna responsible, Gerda kept informed."""
    from dossier.models import Agreement

    agreement = world.session.exec(select(Agreement).where(Agreement.topic == "Zorgcoördinatie"))
    found = agreement.one()
    return (str(found.id), str(found.version))


def _hannas_agreement(world: World, status: str) -> tuple:
    """An agreement Hanna proposed (so she may withdraw it), in the given status."""
    from dossier.models import Agreement

    agreement = Agreement(
        family_id=world.alfa.id,
        topic="Vervoer",
        domain="school",
        parents_keep=True,
        status=status,
        created_by_id=world.members["hanna"].id,
    )
    world.session.add(agreement)
    world.session.flush()
    return (str(agreement.id), str(agreement.version))


def _end_form(world: World) -> tuple:
    agreement_id, version = _hannas_agreement(world, "agreed")
    return ({"id": agreement_id, "version": version, "reason": "Niet meer nodig"},)


def _agreement_form(_world: World) -> tuple:
    form = {"topic": "Vervoer", "domain": "school", "responsible": "parents"}
    return ({**form, SEND_KEY: OPEN_FORM_KEY},)


def _signal_for_all_adults(world: World) -> tuple:
    """Ben asks to talk, shared with the parents and both case managers."""
    from dossier.domain.checkins import record_checkin
    from dossier.models import CheckinSignal

    checkin = record_checkin(
        world.session,
        world.actor("ben"),
        mood=3,
        needs=["someone_to_talk"],
        audience=["parents", "cm_home", "cm_hospital"],
        wants_to_talk=True,
        talk_to_id=world.members["hugo"].id,
    )
    signal = world.session.exec(
        select(CheckinSignal).where(CheckinSignal.checkin_id == checkin.id)
    ).one()
    return (str(signal.id), str(signal.version))


def _settings_form(world: World) -> tuple:
    ben = world.members["ben"].id
    return ({"sibling": str(ben), "version": "0", "reminder": "weekly", "under_12__parents": "on"},)


def _close_request_by_bram(world: World) -> tuple:
    """Bram (the other parent) asked to close Gezin Alfa: Anna may answer."""
    from dossier.models import FamilyClosure

    request = FamilyClosure(family_id=world.alfa.id, requested_by_id=world.members["bram"].id)
    world.session.add(request)
    world.session.flush()
    return (str(request.id),)


def _closed_dossier(world: World) -> tuple:
    """Gezin Alfa closed yesterday: a parent may reopen it (for 30 days)."""
    from datetime import timedelta

    from dossier.models import FamilyClosure, FamilyStatus

    now = utcnow()
    world.session.add(
        FamilyClosure(
            family_id=world.alfa.id,
            requested_by_id=world.members["bram"].id,
            closed_at=now - timedelta(days=1),
            erase_after=now + timedelta(days=29),
        )
    )
    world.alfa.status = FamilyStatus.CLOSING
    world.session.add(world.alfa)
    world.session.flush()
    return ()


def _hugo_awaits_consent(world: World) -> tuple:  # issue 17, start a dossier
    hugo = world.members["hugo"]
    hugo.awaiting_consent = True
    world.session.add(hugo)
    world.session.flush()
    return (str(hugo.id), str(hugo.version), True)


def _start_for_family_form(_world: World) -> tuple:  # issue 17, start a dossier
    form = {"family_name": "Gezin Nieuw", "child_name": "Mila", "birth_year": "2020"}
    return ({**form, SEND_KEY: OPEN_FORM_KEY},)


def _open_admission(world: World) -> tuple:  # issue 19, "We gaan naar het ziekenhuis"
    """Gezin Alfa is on its way to the hospital: one open admission with one item."""
    from dossier.models import Admission, AdmissionItem

    admission = Admission(family_id=world.alfa.id, started_by_id=world.members["anna"].id)
    world.session.add(admission)
    world.session.flush()
    item = AdmissionItem(admission_id=admission.id, family_id=world.alfa.id, label="Medicatie")
    world.session.add(item)
    world.session.flush()
    return (str(admission.id), str(item.id))


def _plan_part(world: World, section: str, *, proposed_by: str = "") -> tuple:
    """Issue 19, the plan: Gezin Alfa's plan (made by Anna's first look) and one part of
    it (section, or "sibling" for Ben's own), with Hanna's or Hugo's proposal on it."""
    from dossier.domain.emergency_plan import propose_part, read_plan

    view = read_plan(world.session, world.actor("anna"))
    part = next(p for p in view.parts if p.section == section)
    if proposed_by:
        raw = {"pets": "Oma voert de kat", "work": "", "other": ""}
        propose_part(
            world.session,
            world.actor(proposed_by),
            part_id=part.id,
            expected_version=part.version,
            raw=raw,
        )
    world.session.flush()
    return (str(part.id), str(part.version))


def _plan_form(world: World) -> tuple:  # issue 19, a change of "huisdieren, werk"
    part_id, version = _plan_part(world, "practical")
    form = {"id": part_id, "version": version, "pets": "De buren voeren de kat", "work": ""}
    return ({**form, "other": "", SEND_KEY: OPEN_FORM_KEY},)


def _plan_review_form(world: World) -> tuple:  # issue 19, the date to look at it again
    from datetime import timedelta

    from dossier.clock import local_today
    from dossier.domain.emergency_plan import read_plan

    plan = read_plan(world.session, world.actor("anna")).plan
    world.session.flush()
    day = (local_today() + timedelta(days=90)).isoformat()
    return ({"version": str(plan.version if plan else 1), "review_on": day},)


def _acp_talk(world: World) -> tuple:
    """Issue 20 (helper C): a conversation about what matters in Gezin Alfa, planned by
    Hanna with Anna and Bram (not Cleo), with one question of Hanna's on it."""
    from datetime import timedelta

    from dossier.clock import local_today
    from dossier.domain.acp import ask_question, create_conversation

    m = world.members
    raw = {
        "held_on": (local_today() + timedelta(days=7)).isoformat(),
        "participants": [f"m:{m['anna'].id}", f"m:{m['bram'].id}"],
    }
    talk = create_conversation(world.session, world.actor("hanna"), raw)
    question = ask_question(
        world.session, world.actor("hanna"), conversation_id=talk.id, raw="Wat wil Cleo weten?"
    )
    world.session.flush()
    return (str(talk.id), str(talk.version), str(question.id), str(question.version))


def _care_plan_section(world: World, key: str, *, written: bool = False) -> tuple:
    """Issue 20 (helper A), the care plan: Gezin Alfa's plan started by Hanna, without
    consent (so Gerda and Cleo read nothing), and one section of it; `written`: Hanna
    wrote in it, so a parent has something to confirm."""
    from dossier.domain.care_plan import save_section, start_plan
    from dossier.models.care_plan import CarePlanSection

    start_plan(world.session, world.actor("hanna"))
    section = world.session.exec(
        select(CarePlanSection).where(
            CarePlanSection.family_id == world.alfa.id, CarePlanSection.key == key
        )
    ).one()
    if written:
        save_section(
            world.session,
            world.actor("hanna"),
            section_id=section.id,
            expected_version=section.version,
            raw={"likes": "Muziek"},
        )
    world.session.flush()
    return (str(section.id), str(section.version))


def _care_plan_form(world: World) -> tuple:  # issue 20: "wie is ons kind" changed
    section_id, version = _care_plan_section(world, "child")
    return ({"id": section_id, "version": version, "likes": "Paarden", SEND_KEY: OPEN_FORM_KEY},)


def _care_plan_readers(world: World) -> tuple:  # issue 20: who reads "wie is ons kind"
    section_id, version = _care_plan_section(world, "child")
    return ({"id": section_id, "version": version, "visibility": "child"},)


def _cleo_is_thirteen(world: World) -> tuple:
    """Issue 20: Cleo is 13, so her own yes counts (and is hers alone to give)."""
    from datetime import date

    cleo = world.users["cleo"]
    cleo.birth_date = date(date.today().year - 13, 1, 1)
    world.session.add(cleo)
    world.session.flush()
    return ()


def _acp_form(world: World) -> tuple:  # issue 20: a new conversation
    from datetime import timedelta

    from dossier.clock import local_today

    day = (local_today() + timedelta(days=7)).isoformat()
    form = {"id": "", "version": "", "held_on": day, "leader_name": "Dr. Visser"}
    return ({**form, f"with_m:{world.members['anna'].id}": "on", SEND_KEY: OPEN_FORM_KEY},)


def _acp_answer(world: World) -> tuple:  # issue 20: an answer to Hanna's question
    _talk, _version, question, version = _acp_talk(world)
    return ({"question_id": question, "version": version, "answer": "Alles, rustig."},)


def _child_page_form(world: World) -> tuple:  # issue 20: the child's own page
    form = {"version": "", "likes": "Tekenen", "important": "Thuis zijn"}
    return ({**form, f"reader_{world.members['hanna'].id}": "on", SEND_KEY: OPEN_FORM_KEY},)


def _contact_form(_world: World) -> tuple:
    form = {"name": "Buurman Piet", "kind": "family", "emergency": "call", "phone_0": "0612345670"}
    return ({**form, SEND_KEY: OPEN_FORM_KEY},)


def _hours_form(_world: World) -> tuple:
    return ({"my_day_0": "on", "my_from": "08:30", "my_to": "17:00"},)


def _absence_form(world: World) -> tuple:
    from datetime import timedelta

    from dossier.clock import local_today

    day = (local_today() + timedelta(days=30)).isoformat()
    hugo = str(world.members["hugo"].id)
    form = {"away_from": day, "away_to": day, "stand_in": f"m:{hugo}"}
    return ({**form, SEND_KEY: OPEN_FORM_KEY},)


def _hannas_absence(world: World) -> tuple:
    from datetime import timedelta

    from dossier.clock import local_today
    from dossier.models import Absence

    day = local_today() + timedelta(days=40)
    absence = Absence(user_id=world.users["hanna"].id, starts_on=day, ends_on=day)
    world.session.add(absence)
    world.session.flush()
    return (str(absence.id),)


FAMILY_DATA: dict[str, Rule] = {
    "CheckinSettingsState.load_settings": Rule(PARENT),
    "CheckinSettingsState.save_settings": Rule(PARENT, _settings_form),
    "CheckinSettingsState.add_sibling": Rule(PARENT, lambda _w: ({"name": "Bas"},)),
    "AppState.load_shell": Rule(ALFA_ROLES),
    "OverviewState.load_overview": Rule(ALFA_ROLES),
    "TasksState.load_tasks": Rule(ALFA_ROLES),
    "TasksState.refresh_tasks": Rule(ALFA_ROLES),
    "TasksState.toggle_done": Rule(PARENT | CASE_MANAGERS | {"bram", "gerda"}, _task),
    "TasksState.undo_complete": Rule(PARENT | CASE_MANAGERS | {"gerda"}, _gerdas_done_task),
    "TasksState.open_new_task": Rule(PARENT | CASE_MANAGERS),
    "TasksState.open_task": Rule(
        PARENT | CASE_MANAGERS | {"gerda"}, lambda w: (str(w.tasks["for_gerda"].id),)
    ),
    "TasksState.open_change": Rule(
        PARENT | CASE_MANAGERS | {"gerda"}, lambda w: (str(w.tasks["for_gerda"].id), True)
    ),
    # The tablet's pane: the same read as open_task (select), the same form (edit).
    "TasksState.select_task": Rule(
        PARENT | CASE_MANAGERS | {"gerda"}, lambda w: (str(w.tasks["for_gerda"].id),)
    ),
    "TasksState.edit_change": Rule(
        PARENT | CASE_MANAGERS | {"gerda"}, lambda w: (str(w.tasks["for_gerda"].id), True)
    ),
    "TasksState.save_task": Rule(PARENT | CASE_MANAGERS, _task_form),
    "TasksState.delete_task": Rule(PARENT | CASE_MANAGERS, lambda w: _task(w)[:2]),
    "TasksState.restore": Rule(PARENT | CASE_MANAGERS, _deleted_task),
    "AgreementsState.load_agreements": Rule(PARENT | CASE_MANAGERS | {"gerda"}),
    "AgreementsState.refresh_agreements": Rule(PARENT | CASE_MANAGERS | {"gerda"}),
    "AgreementsState.open_agreement": Rule(
        PARENT | CASE_MANAGERS | {"gerda"}, lambda w: _coordination(w)[:1]
    ),
    "AgreementsState.save_agreement": Rule(PARENT | CASE_MANAGERS, _agreement_form),
    "AgreementsState.confirm": Rule(PARENT | {"hanna", "gerda"}, _coordination),
    "AgreementsState.adopt_template": Rule(PARENT | CASE_MANAGERS, lambda _w: ("mdo",)),
    "AgreementsState.skip_template": Rule(PARENT | CASE_MANAGERS, lambda _w: ("pgb",)),
    # Withdrawing: who proposed it (Hanna here) or a parent; ending: parents only.
    "AgreementsState.withdraw": Rule(
        PARENT | {"hanna"}, lambda w: _hannas_agreement(w, "proposed")
    ),
    "AgreementsState.restore": Rule(
        PARENT | {"hanna"}, lambda w: _hannas_agreement(w, "withdrawn")[:1]
    ),
    "AgreementsState.end": Rule(PARENT, _end_form),
    "AgendaState.load_agenda": Rule(ALFA_ROLES),
    "AgendaState.refresh_agenda": Rule(ALFA_ROLES),
    "AgendaState.open_new": Rule(PARENT | CASE_MANAGERS),
    "AgendaState.open_appointment": Rule(PARENT | CASE_MANAGERS, lambda w: (_kinderarts(w),)),
    # Children and caregivers see only the appointments they go along to.
    "AgendaState.select_appointment": Rule(PARENT | CASE_MANAGERS, lambda w: (_kinderarts(w),)),
    "AgendaState.save_appointment": Rule(PARENT | CASE_MANAGERS, _appointment_form),
    "AgendaState.cancel_appointment": Rule(PARENT | CASE_MANAGERS, lambda w: (_kinderarts(w), "1")),
    "AgendaState.delete_appointment": Rule(PARENT | CASE_MANAGERS, lambda w: (_kinderarts(w), "1")),
    "AgendaState.restore_appointment": Rule(PARENT | CASE_MANAGERS, _deleted_appointment),
    "AgendaState.make_feed_link": Rule(ALFA_ROLES),  # each member's own feed, of what they see
    "AgendaState.renew_feed_link": Rule(ALFA_ROLES),
    # Siblings are sent to their own screen (no refusal); the ill child and caregivers are
    # refused and logged, and see a calm "not for you".
    "CheckInsState.load_page": Rule(PARENT | CASE_MANAGERS | {"ben"}),
    "CheckInsState.choose_sibling": Rule(
        PARENT | CASE_MANAGERS | {"ben"}, lambda w: (str(w.members["ben"].id),)
    ),
    "CheckInsState.choose_period": Rule(PARENT | CASE_MANAGERS | {"ben"}, lambda _w: ("6m",)),
    "CheckInsState.pick_up_signal": Rule(PARENT | CASE_MANAGERS, _signal_for_all_adults),
    # The sibling's own check-in screen: only the sibling (the values come from state).
    "MyCheckinState.load_my_checkin": Rule({"ben"}),
    "MyCheckinState.send_checkin": Rule({"ben"}),
    "MyCheckinState.save_my_default": Rule({"ben"}),
    "MembersState.load_members": Rule(ALFA_ROLES - {"gerda"}),
    "MembersState.create_invite": Rule(PARENT),
    "MembersState.revoke_invite": Rule(PARENT, _invite),
    "MembersState.change_member_role": Rule(
        PARENT,
        lambda w: (
            {
                "membership": str(w.members["hugo"].id),
                "version": str(w.members["hugo"].version),
                "role": "caregiver",
            },
        ),
    ),
    "MembersState.remove": Rule(PARENT, _member("gerda")),
    "AccessLogState.load_log": Rule(PARENT),
    "AccessLogState.choose_person": Rule(PARENT, lambda w: (str(w.users["hugo"].id),)),
    "AccessLogState.choose_period": Rule(PARENT, lambda _w: ("30",)),
    "AccessLogState.show_dates": Rule(
        PARENT, lambda _w: ({"from": "2026-01-01", "until": "2026-12-31"},)
    ),
    "CheckinLinksState.load_links": Rule(PARENT),
    "CheckinLinksState.make_link": Rule(PARENT, lambda w: (str(w.members["ben"].id),)),
    "CheckinLinksState.revoke_link": Rule(PARENT, lambda w: (str(w.members["ben"].id),)),
    # Never refused: it reads only the families where the caller is an active case manager
    # (from the database, not the session's family); others get an empty list
    # (tests/integration/test_caseload_state.py, tests/unit/test_caseload.py).
    "CaseloadState.load_caseload": Rule(set(CALLERS)),
    # Phone numbers: one's own for everyone, anyone's for parents (here: Hugo's number).
    "MembersState.save_phone": Rule(
        PARENT | {"hugo"},
        lambda w: (
            {
                "membership": str(w.members["hugo"].id),
                "version": str(w.members["hugo"].version),
                "phone": "06 1234 5678",
            },
        ),
    ),
    # --- issue 17, start a dossier: add entries here ---
    "OverviewState.hide_first_steps": Rule(PARENT),
    "OverviewState.tick_installed": Rule(PARENT),
    # The parents' answer about a case manager who started the dossier (Hugo here).
    "OverviewState.answer_consent": Rule(PARENT, _hugo_awaits_consent),
    # Only the case manager who started a dossier that still waits; Alfa is open, so
    # everybody is refused (the allowed case: tests/integration/test_start_state.py).
    "OverviewState.renew_parent_link": Rule(set()),
    # A new family: only a hospital case manager (here Hanna, in Alfa and Beta).
    "CaseloadState.start_for_family": Rule({"hanna"}, _start_for_family_form),
    # --- issue 17, e-mail and password reset: add entries here ---
    # --- issue 17, export: add entries here ---
    "MyDataState.load_my_data": Rule(ALFA_ROLES),
    "MyDataState.ask_family_export": Rule(PARENT),
    "MyDataState.ask_person_export": Rule(ALFA_ROLES),
    # --- issue 17, leaving and access end dates: add entries here ---
    # Every active member may leave, only themself (their own membership, from the login;
    # Anna is not the last parent: Bram is one too). Others are refused by the gate.
    "LeavingState.load_leaving": Rule(ALFA_ROLES),
    "LeavingState.leave": Rule(ALFA_ROLES),
    # A professional's last day of access: parents only (here: Hugo, case manager).
    "MembersState.save_access_until": Rule(
        PARENT,
        lambda w: (
            {
                "membership": str(w.members["hugo"].id),
                "version": str(w.members["hugo"].version),
                "until": "2030-01-31",
            },
        ),
    ),
    # --- issue 17, closing the dossier: add entries here ---
    # Parents only: asking to close, the other parent's yes or no, reopening a closed one.
    "ClosingState.load_closing": Rule(PARENT),
    "ClosingState.ask_to_close": Rule(PARENT),
    "ClosingState.confirm_close": Rule(PARENT, _close_request_by_bram),
    "ClosingState.cancel_request": Rule(PARENT, _close_request_by_bram),
    "ClosingState.reopen": Rule(PARENT, _closed_dossier),
    # --- issue 19, the plan (helper 2) ---
    # PLAN_VIEW: parents and case managers all of it, Gerda the parts that name her, Ben
    # his own part; the ill child nothing. Parents change, case managers propose.
    "EmergencyPlanState.load_plan": Rule(ALFA_ROLES - {"cleo"}),
    "EmergencyPlanState.refresh_plan": Rule(ALFA_ROLES - {"cleo"}),
    "EmergencyPlanState.load_print": Rule(PARENT | CASE_MANAGERS),
    "EmergencyPlanState.open_part": Rule(
        PARENT | CASE_MANAGERS, lambda w: (_plan_part(w, "first_call")[0], False)
    ),
    "EmergencyPlanState.save_part": Rule(PARENT | CASE_MANAGERS, _plan_form),
    "EmergencyPlanState.confirm_proposal": Rule(
        PARENT, lambda w: _plan_part(w, "practical", proposed_by="hanna")
    ),
    "EmergencyPlanState.decline_proposal": Rule(
        PARENT, lambda w: _plan_part(w, "practical", proposed_by="hanna")
    ),
    # The proposer herself, or a parent.
    "EmergencyPlanState.withdraw_proposal": Rule(
        PARENT | {"hanna"}, lambda w: _plan_part(w, "practical", proposed_by="hanna")
    ),
    "EmergencyPlanState.remove_sibling": Rule(PARENT, lambda w: _plan_part(w, "sibling")),
    "EmergencyPlanState.save_review": Rule(PARENT, _plan_review_form),
    # --- issue 20, the care plan (helper A) ---
    # CAREPLAN_VIEW: parents and case managers every section; Gerda and Cleo only what
    # consent and the parents release (nothing here: no consent); Ben nothing.
    "CarePlanState.load_plan": Rule(ALFA_ROLES - {"ben"}),
    "CarePlanState.refresh_plan": Rule(ALFA_ROLES - {"ben"}),
    "CarePlanState.start_plan": Rule(PARENT | CASE_MANAGERS),
    "CarePlanState.open_section": Rule(
        PARENT | CASE_MANAGERS, lambda w: (_care_plan_section(w, "medical")[0], False)
    ),
    "CarePlanState.save_section": Rule(PARENT | CASE_MANAGERS, _care_plan_form),
    "CarePlanState.confirm_section": Rule(
        PARENT, lambda w: _care_plan_section(w, "child", written=True)
    ),
    "CarePlanState.save_visibility": Rule(PARENT, _care_plan_readers),
    # A parent's yes, and Cleo's own (she is 13 and has an account: hers alone).
    "CarePlanState.give_consent": Rule(PARENT | {"cleo"}, _cleo_is_thirteen),
    "CarePlanState.withdraw_consent": Rule(PARENT | {"cleo"}, _cleo_is_thirteen),
    "CarePlanState.give_child_consent": Rule({"cleo"}, _cleo_is_thirteen),
    "CarePlanState.withdraw_child_consent": Rule({"cleo"}, _cleo_is_thirteen),
    # --- issue 20, conversations about what matters and the child's own page (helper C) ---
    # ACP_VIEW: parents and case managers; Cleo only the conversations she takes part in
    # (not this one); Ben and Gerda nothing. ACP_ANSWER: the parents (and Cleo when taking
    # part). CHILD_PAGE: Cleo writes; the adults read what she shared (none here: empty).
    "AcpState.load_talks": Rule(PARENT | CASE_MANAGERS | {"cleo"}),
    "AcpState.refresh_talks": Rule(PARENT | CASE_MANAGERS | {"cleo"}),
    "AcpState.open_talk": Rule(PARENT | CASE_MANAGERS, lambda w: (_acp_talk(w)[0], False)),
    "AcpState.edit_talk": Rule(PARENT | CASE_MANAGERS, lambda w: (_acp_talk(w)[0],)),
    "AcpState.save_talk": Rule(PARENT | CASE_MANAGERS, _acp_form),
    "AcpState.delete_talk": Rule(PARENT | CASE_MANAGERS, lambda w: _acp_talk(w)[:2]),
    "AcpState.ask_question": Rule(
        PARENT | CASE_MANAGERS, lambda w: ({"talk": _acp_talk(w)[0], "question": "Wat hoopt u?"},)
    ),
    "AcpState.answer_question": Rule(PARENT, _acp_answer),
    "AcpState.make_task": Rule(
        PARENT | CASE_MANAGERS,
        lambda w: ({"talk": _acp_talk(w)[0], "title": "School bellen", "assignee": ""},),
    ),
    "ChildPageState.load_child_page": Rule(PARENT | CASE_MANAGERS | {"cleo"}),
    "ChildPageState.refresh_child_page": Rule(PARENT | CASE_MANAGERS | {"cleo"}),
    "ChildPageState.save_child_page": Rule({"cleo"}, _child_page_form),
    # --- issue 20, evaluations of the care plan (helper B) ---
    # CAREPLAN_EVALUATE: parents and case managers. The page's load never refuses: anyone
    # else gets an empty panel and nothing is read (like the caseload); opening a form
    # or saving refuses and logs them.
    "CarePlanReviewState.load_review": Rule(ALFA_ROLES),
    "CarePlanReviewState.open_evaluation": Rule(
        PARENT | CASE_MANAGERS, lambda w: (_review_plan(w) and "review",)
    ),
    "CarePlanReviewState.save_evaluation": Rule(PARENT | CASE_MANAGERS, _evaluation_form),
    "CarePlanReviewState.open_ask": Rule(PARENT | CASE_MANAGERS, lambda w: _review_plan(w) and ()),
    "CarePlanReviewState.save_ask": Rule(
        PARENT | CASE_MANAGERS,
        lambda w: _review_plan(w) and ({"reason": "admission", "note": "Opname"},),
    ),
    # --- issue 19, the network and reachability (helper 1) ---
    # A sibling has no network; the ill child and caregivers see the "bij spoed" ones.
    "NetworkState.load_network": Rule(ALFA_ROLES - {"ben"}),
    "NetworkState.refresh_network": Rule(ALFA_ROLES - {"ben"}),
    "NetworkState.open_contact": Rule(
        ALFA_ROLES - {"ben"}, lambda w: (str(w.contacts["oma"].id), False)
    ),
    "NetworkState.form_change": Rule(
        PARENT | CASE_MANAGERS, lambda w: (str(w.contacts["oma"].id), True)
    ),
    "NetworkState.save_contact": Rule(PARENT | CASE_MANAGERS, _contact_form),
    "NetworkState.remove": Rule(
        PARENT | CASE_MANAGERS, lambda w: (str(w.contacts["apotheek"].id), "1")
    ),
    # Her own hours and absences only: the gate, then her own user id.
    "NetworkState.save_hours": Rule(CASE_MANAGERS, _hours_form),
    "NetworkState.save_absence": Rule(CASE_MANAGERS, _absence_form),
    "NetworkState.delete_absence": Rule({"hanna"}, _hannas_absence),
    "NetworkState.change_stand_in": Rule(
        {"hanna"}, lambda w: (*_hannas_absence(w), f"m:{w.members['hugo'].id}")
    ),
    # --- issue 19, the admission (helper 3): add entries here ---
    # Everyone sees that an admission is on (the calm card); the list only who may tick.
    "AdmissionState.read_admission": Rule(ALFA_ROLES),
    "AdmissionState.read_admission_card": Rule(ALFA_ROLES),
    "AdmissionState.start_admission": Rule(PARENT | CASE_MANAGERS),
    "AdmissionState.tick_item": Rule(
        PARENT | CASE_MANAGERS, lambda w: (_open_admission(w)[1], True)
    ),
    "AdmissionState.end_admission": Rule(PARENT, lambda w: _open_admission(w)[:1]),
}

NOT_FAMILY_DATA: dict[str, str] = {
    "NetworkState.set_kind_filter": "filters the rows load_network already read",
    "NetworkState.detail_change": "closes the contact's dialog; nothing read or written",
    "NetworkState.start_saving": "shows the busy button; save_contact itself is in the matrix",
    "setvar": "Reflex's built-in setter: writes display vars only; nothing in state is trusted",
    "LocaleState.init_locale": "reads the language cookie",
    "LocaleState.set_language": "saves the signed-in user's own language",
    "AppState.switch_family": "checks membership itself (tests/integration/test_states.py)",
    "TasksState.show_view": "filters the rows load_tasks already read",
    "LinkedItemState.read_link": "keeps the id from the address; the page's open handler reads",
    "LinkedItemState.clear_link": "forgets that id once the page opened it",
    "CaseloadState.choose_filter": "filters the cards load_caseload already read",
    "TasksState.set_domain_filter": "filters the rows load_tasks already read",
    "TasksState.set_form_status": "form field, no data read or written",
    "TasksState.start_saving": "shows the busy button; save_task itself is in the matrix",
    "AgendaState.start_saving": "shows the busy button; save_appointment is in the matrix",
    "AgreementsState.start_saving": "shows the busy button; save_agreement is in the matrix",
    "TasksState.use_latest_version": "form state after a conflict; the save is save_task's",
    "MembersState.set_invite_role": "form field, no data read or written",
    "MembersState.set_invite_relation": "form field, no data read or written",
    "MembersState.close_invite": "hides the link shown once",
    "MembersState.show_role_dialog": "opens or closes the role dialog; the change is separate",
    "AgendaState.close_form": "closes the appointment form, no data read or written",
    "AgendaState.form_open_changed": "closes the appointment form, no data read or written",
    "AgendaState.close_feed_link": "hides the calendar link shown once",
    "AgendaState.change_past_date": "closes the past-date question; nothing read or written",
    "TasksState.change_past_date": "closes the past-date question; nothing read or written",
    "CheckInsState.start_switch": "dims the charts; choose_sibling or choose_period loads",
    "LoginState.load_login": "public login page",
    "InvitationState.load_invitation": "needs the secret link; tested in test_invitations",
    "InvitationState.join_as_me": "needs the secret link; tested in test_invitations",
    "DevicesState.load_devices": "the user's own sessions, not family data",
    "DevicesState.end_device": "the user's own sessions, not family data",
    "SessionTimerState.stay_signed_in": "touches the user's own session",
    "ToastState.show": "interface messages",
    "ToastState.shown": "interface messages",
    "AgreementsState.open_new": "an empty form; the people to choose from came with the list",
    "AgreementsState.set_form_open": "opens or closes the agreement dialog",
    "AgreementsState.close_form": "closes the agreement dialog",
    "AgreementsState.ask_end": "opens the question for a row already on screen; end reads",
    "AgreementsState.set_end_open": "opens or closes the question before ending",
    "MyCheckinState.choose_mood": "check-in form field; send_checkin checks it",
    "MyCheckinState.toggle_need": "check-in form field; send_checkin checks it",
    "MyCheckinState.toggle_audience": "check-in form field; send_checkin checks it",
    "MyCheckinState.choose_only_me": "check-in form field; send_checkin checks it",
    "MyCheckinState.set_wants_to_talk": "check-in form field; send_checkin checks it",
    "MyCheckinState.choose_talk_to": "check-in form field; send_checkin checks it",
    "MyCheckinState.set_note": "check-in form field; send_checkin checks it",
    "MyCheckinState.start_sending": "shows the busy button; send_checkin is in the matrix",
    "MyCheckinState.new_checkin": "empties the form after the thank-you",
    "CheckinLinksState.close_link": "forgets the personal link shown once",
    "CheckinLinksState.link_dialog_changed": "closes the dialog of the link shown once",
    # Notifications: the signed-in person's own rows, by the user id from the session;
    # an id from the browser that is not theirs is NotFound (test_notifications_state.py).
    "AppState.refresh_unread": "counts the user's own unread notifications",
    "NotificationsState.load_notifications": "the user's own notifications (generic words)",
    "NotificationsState.open_notification": "marks the user's own notification read",
    "NotificationsState.mark_one_read": "marks the user's own notification read",
    "NotificationsState.mark_everything_read": "marks the user's own notifications read",
    "NotificationSettingsState.load_page": "the user's own notification settings",
    "NotificationSettingsState.save_preferences": "the user's own notification settings",
    "NotificationSettingsState.load_devices": "the user's own push devices",
    "NotificationSettingsState.rename_device": "the user's own push devices",
    "NotificationSettingsState.remove_device": "the user's own push devices",
    "NotificationSettingsState.send_test": "a test notification to the user themselves",
    # --- issue 17, start a dossier: add entries here ---
    "StartState.load_start": "public page; reads only the address bar (?error=)",
    "ClaimState.load_claim": "needs the secret link from the owner's mail; only the signed-in "
    "owner of the address it went to can use it, anyone else gets a calm no "
    "(tests/integration/test_start_route.py)",
    "OverviewState.close_parent_link": "hides the parent link shown once",
    "CaseloadState.open_start": "an empty form and its one-time key; start_for_family asks",
    "CaseloadState.start_open_changed": "opens or closes the start dialog",
    # --- issue 17, e-mail and password reset: add entries here ---
    "AppState.resend_confirmation": "a new link to the user's own address (a provisional "
    "account: the claim mail to the owner of the address typed); throttled "
    "(tests/integration/test_email_confirmation.py)",
    "PasswordForgottenState.load_forgotten": "public page; reads only its own address bar",
    "PasswordResetState.load_reset": "needs the secret link; looks without using it "
    "(tests/integration/test_email_confirmation.py)",
    "ConfirmEmailState.load_confirm": "needs the secret link; confirms only that address "
    "(tests/integration/test_email_confirmation.py)",
    # --- issue 17, export: add entries here ---
    "MyDataState.poll_exports": "follows the progress of the asker's own export jobs, by ids "
    "the server set (never from the browser); no family data",
    "MyDataState.follow_download": "re-reads the status of the asker's own export jobs after "
    "a download, by ids the server set; no family data",
    # --- issue 17, leaving and access end dates: add entries here ---
    "LeavingState.set_erase": "a choice on the leaving form; leave checks it again",
    "LeavingState.set_keep_checkins": "a choice on the leaving form; leave uses it for oneself",
    "MembersState.set_invite_access_until": "invitation form field; create_invite checks it",
    # --- issue 17, closing the dossier: add entries here ---
    # --- issue 19, the plan (helper 2) ---
    "EmergencyPlanState.open_new_sibling": "an empty form; save_part asks (add_sibling)",
    "EmergencyPlanState.edit_selected": "opens the form of the part the pane already read",
    "EmergencyPlanState.set_form_open": "opens or closes the part's dialog",
    "EmergencyPlanState.start_saving": "shows the busy button; save_part is in the matrix",
    # --- issue 20, evaluations of the care plan (helper B) ---
    "CarePlanReviewState.set_evaluation_open": "opens or closes the evaluation dialog",
    "CarePlanReviewState.set_ask_open": "opens or closes the 'er is iets veranderd' dialog",
    # --- issue 20, the care plan (helper A) ---
    "CarePlanState.add_row": "one more empty row in the open form; save_section asks",
    "CarePlanState.edit_section": "opens the form of the section open_section already read",
    "CarePlanState.set_dialog_open": "opens or closes the section's dialog",
    "CarePlanState.start_saving": "shows the busy button; save_section is in the matrix",
    # --- issue 20, conversations about what matters (helper C) ---
    "AcpState.open_new": "an empty form; save_talk asks (create_conversation)",
    "AcpState.set_detail_open": "opens or closes the dialog of the conversation already read",
    "AcpState.set_form_open": "opens or closes the conversation's form",
}


def dossier_states() -> list[type[rx.State]]:
    def walk(cls: type[rx.State]):
        for sub in cls.get_substates():
            yield sub
            yield from walk(sub)

    return [cls for cls in walk(rx.State) if cls.__module__.startswith("dossier.")]


def discovered_handlers() -> dict[str, type[rx.State]]:
    found = {}
    for cls in dossier_states():
        for name in cls.event_handlers:
            owner = next(c for c in cls.__mro__ if name in vars(c)) if name != "setvar" else None
            key = "setvar" if owner is None else f"{owner.__name__}.{name}"
            found.setdefault(key, cls)
    return found


def test_every_handler_is_classified() -> None:
    found = set(discovered_handlers())
    assert found - set(FAMILY_DATA) - set(NOT_FAMILY_DATA) == set(), "classify new handlers"
    assert set(FAMILY_DATA) - found == set(), "the matrix names handlers that do not exist"


def _login(world: World, caller: str) -> gate.Login:
    if caller == "forged_other_family":  # Dora of Gezin Beta, with Alfa as family somehow
        return gate.Login(
            user_id=world.users["dora"].id,
            family_id=world.alfa.id,
            session_id=0,
            ip="198.51.100.7",
            user_agent="matrix",
        )
    if caller == "removed_member":
        return gate.Login(
            user_id=world.users["rita"].id,
            family_id=world.alfa.id,
            session_id=0,
            ip="198.51.100.8",
            user_agent="matrix",
        )
    return gate.Login(
        user_id=world.users[caller].id,
        family_id=world.alfa.id,
        session_id=0,
        ip="127.0.0.1",
        user_agent="matrix",
    )


def _denials(_db: Session) -> int:
    # A short session of its own: SQLite has one writer, and the handler needs it.
    with session_scope() as session:
        return len(session.exec(select(AuditEvent).where(AuditEvent.outcome == "denied")).all())


def _add_removed_member(world: World) -> None:
    from dossier.models import Membership, Role, User

    rita = User(email="rita@test.nl", name="Rita")
    world.session.add(rita)
    world.session.flush()
    world.session.add(
        Membership(
            family_id=world.alfa.id,
            user_id=rita.id,
            role=Role.CM_HOME,
            status=MembershipStatus.REVOKED,
        )
    )
    world.users["rita"] = rita


CASES = [(handler, caller) for handler in FAMILY_DATA for caller in CALLERS]


@pytest.mark.parametrize(("handler", "caller"), CASES)
async def test_matrix(world: World, db: Session, handler: str, caller: str) -> None:
    _add_removed_member(world)
    rule = FAMILY_DATA[handler]
    args = rule.args(world)
    world.session.commit()
    gate.act_as(_login(world, caller))
    try:
        state = await rx.State().get_state(discovered_handlers()[handler])
        if hasattr(state, "send_key"):
            state.send_key = OPEN_FORM_KEY
        if hasattr(state, "reach_send_key"):  # issue 19: the absence form's own key
            state.reach_send_key = OPEN_FORM_KEY
        before = _denials(db)
        result = getattr(state, handler.rpartition(".")[2])(*args)
        refused = _denials(db) > before
    finally:
        gate.act_as(None)
    if caller in rule.allowed:
        assert not refused, f"{caller} was refused {handler}"
        assert "error" not in str(result), result
    else:
        assert refused, f"{caller} was not refused (or not logged) for {handler}: {result}"


@pytest.mark.parametrize("handler", list(FAMILY_DATA))
async def test_anonymous_events_are_refused_by_the_gate_and_logged(
    world: World, db: Session, handler: str
) -> None:
    cls = discovered_handlers()[handler]
    path = ".".join(
        c.get_name() for c in reversed(cls.__mro__) if c in dossier_states() or c is rx.State
    )
    name = f"{cls.get_full_name()}.{handler.rpartition('.')[2]}"
    assert path  # the state chain exists
    before = _denials(db)
    state = SimpleNamespace(router_data={"headers": {"cookie": ""}, "ip": "203.0.113.9"})
    update = await gate.SessionGate().preprocess(app=None, state=state, event=Event(name=name))
    assert update is not None and "/login" in str(update.events)
    assert _denials(db) == before + 1


def test_an_expired_session_is_refused_like_no_session(world: World, db: Session) -> None:
    token = sessions.start_session(db, user_id=world.users["anna"].id, family_id=world.alfa.id)
    sessions.end_session(db, token)
    db.commit()
    assert gate.resolve_login({"headers": {"cookie": f"dossier_session={token}"}}) is None
