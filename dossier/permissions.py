"""THE gate: what a member of a family may see and do. One place, truth-table tested.

Rules are a table of (action, role) -> scope:
- ALL: anything of the actor's own family;
- INVOLVED: only what the actor is part of (assigned, responsible, attending, informed);
- OWN: only rows the actor wrote about themself (a sibling's own check-ins);
- NONE: nothing.
Sibling check-ins are different: the sibling decides per check-in who may read it, so
reading one is decided by its share flags, never by role alone.
Pure functions, no database: callers pass the actor (resolved server-side from the
login session) and the object. A different family is always refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

from dossier.models import (
    Audience,
    CarePlanSectionKey,
    CarePlanVisibility,
    Contact,
    EmergencyUse,
    Family,
    FamilyStatus,
    Role,
)


class Action(StrEnum):
    FAMILY_VIEW = "family.view"
    MEMBERS_VIEW = "members.view"
    MEMBERS_MANAGE = "members.manage"
    AUDIT_VIEW = "audit.view"
    TASK_VIEW = "task.view"
    TASK_CREATE = "task.create"
    TASK_EDIT = "task.edit"
    TASK_COMPLETE = "task.complete"
    AGREEMENT_VIEW = "agreement.view"
    AGREEMENT_PROPOSE = "agreement.propose"
    AGREEMENT_CONFIRM = "agreement.confirm"
    AGREEMENT_WITHDRAW = "agreement.withdraw"
    AGREEMENT_END = "agreement.end"
    APPOINTMENT_VIEW = "appointment.view"
    APPOINTMENT_EDIT = "appointment.edit"
    APPOINTMENT_DELETE = "appointment.delete"  # made by mistake: gone, with an undo
    APPOINTMENT_RESTORE = "appointment.restore"  # the undo of a delete
    CHECKIN_VIEW = "checkin.view"
    CHECKIN_CREATE = "checkin.create"
    CHECKIN_SETTINGS = "checkin.settings"  # defaults per age band, reminders, personal links
    SIGNAL_VIEW = "signal.view"
    SIGNAL_PICK_UP = "signal.pick_up"
    # A hospital case manager starts a dossier on a family's behalf (domain/starting.py);
    # asked of any of her active memberships: the new family has none yet.
    FAMILY_START_FOR_PARENTS = "family.start_for_parents"
    FAMILY_CLOSE = "family.close"  # ask to close the dossier (or withdraw that request)
    FAMILY_CLOSE_CONFIRM = "family.close_confirm"  # the other parent's yes (or no)
    FAMILY_REOPEN = "family.reopen"  # within the 30 days after closing
    FAMILY_EXPORT = "family.export"  # "Download ons dossier": one ZIP of what the parent may read
    PERSON_EXPORT = "person.export"  # "Download mijn gegevens": what the app holds about oneself
    # Leaving the dossier: one's own membership only (domain/leaving.py checks it is theirs).
    MEMBERSHIP_LEAVE = "membership.leave"
    # The network (domain/network.py): contacts who need not use the app. Caregivers and
    # the ill child see the emergency contacts and the contact that is themself.
    NETWORK_VIEW = "network.view"
    NETWORK_EDIT = "network.edit"
    # A case manager's own working hours, absences and stand-in (domain/reachability.py
    # checks they are her own); what she sets shows in every family she works in.
    REACHABILITY_EDIT = "reachability.edit"
    # The plan for a sudden admission (domain/emergency_plan.py). A parent changes a part;
    # a case manager proposes, and a parent confirms or declines. A brother or sister
    # reads only their own part (OWN: sibling_id), a caregiver the parts that name them.
    PLAN_VIEW = "plan.view"
    PLAN_EDIT = "plan.edit"
    PLAN_PROPOSE = "plan.propose"
    PLAN_CONFIRM = "plan.confirm"
    # "We gaan naar het ziekenhuis" (domain/admission.py): a parent, or a case manager on
    # the family's behalf, starts it; everyone sees that it is on; the parents and case
    # managers tick the checklist; a parent ends it.
    ADMISSION_START = "admission.start"
    ADMISSION_VIEW = "admission.view"
    ADMISSION_TICK = "admission.tick"
    ADMISSION_END = "admission.end"
    # The care plan (IZP, domain/care_plan.py), per section. Caregivers and the ill child
    # read a section only while consent holds and the parents released it to them
    # (`section_released`); the medical and treatment sections are entered only by a
    # hospital case manager, on behalf of the main practitioner (`TREATMENT_SECTIONS`).
    CAREPLAN_VIEW = "careplan.view"
    CAREPLAN_EDIT = "careplan.edit"
    CAREPLAN_CONFIRM = "careplan.confirm"  # a parent's "klopt" on a section's version
    CAREPLAN_SHARE = "careplan.share"  # who reads which section
    # A yes to sharing the plan (or taking it back): a parent's, and the child's from 12
    # (domain/care_plan_consent.py checks the age and that it is their own yes).
    CAREPLAN_CONSENT = "careplan.consent"
    CAREPLAN_EVALUATE = "careplan.evaluate"  # record an evaluation, or ask for one
    # Conversations about what matters (ACP-gesprekken, domain/acp.py). The ill child
    # reads one they took part in and answers its preparation questions.
    ACP_VIEW = "acp.view"
    ACP_EDIT = "acp.edit"
    ACP_ANSWER = "acp.answer"
    # "Wat ik belangrijk vind" (domain/child_page.py): the ill child's own page (OWN);
    # the adults the child picked read it (INVOLVED: `reader_ids`).
    CHILD_PAGE_VIEW = "child_page.view"
    CHILD_PAGE_EDIT = "child_page.edit"
    # Names for the access log only: these are refused (and logged) by name, but decided
    # by another rule (APPOINTMENT_EDIT, MEMBERS_MANAGE or one's own row, the login
    # session), so they have no row in RULES and `can` always answers no to them.
    APPOINTMENT_CREATE = "appointment.create"
    APPOINTMENT_CANCEL = "appointment.cancel"
    MEMBERSHIP_PHONE = "membership.phone"
    OFFLINE_SNAPSHOT = "offline.snapshot"


class Scope(StrEnum):
    ALL = "all"
    INVOLVED = "involved"
    OWN = "own"
    NONE = "none"


@dataclass(frozen=True, slots=True, kw_only=True)
class Actor:
    """Who is acting, in which family. Built only from an active membership in the database."""

    user_id: int
    family_id: int
    membership_id: int
    role: Role
    ip: str = ""
    user_agent: str = ""
    organisation: str = ""  # a professional's employer, for the access log
    # The dossier's state (models.FamilyStatus): only an open one is used in full.
    family_status: FamilyStatus = FamilyStatus.OPEN


class PermissionDenied(Exception):
    def __init__(
        self,
        actor: Actor | None,
        action: Action | str,
        obj: Any = None,
        *,
        user_id: int | None = None,
        family_id: int | None = None,
    ) -> None:
        super().__init__(f"{action} denied")
        self.actor = actor
        self.action = str(action)
        self.object_type = object_type(obj)
        self.object_id = getattr(obj, "id", None)
        self.user_id = actor.user_id if actor else user_id
        # The family whose data was asked for, so its parents see the attempt in their log.
        target_family = family_of(obj) if obj is not None else None
        self.family_id = target_family or (actor.family_id if actor else family_id)


class FamilyOwned(Protocol):
    family_id: int


# What the gate decides about: a row of a family (a task, an agreement, a membership...)
# or the family itself (`family_of` reads its own id).
Gated = FamilyOwned | Family


P, C, S = Role.PARENT, Role.CHILD, Role.SIBLING
CH, CT, G = Role.CM_HOSPITAL, Role.CM_HOME, Role.CAREGIVER
ALL, INV, OWN, NO = Scope.ALL, Scope.INVOLVED, Scope.OWN, Scope.NONE


def _row(
    parent: Scope, child: Scope, sibling: Scope, cm: Scope, caregiver: Scope
) -> dict[Role, Scope]:
    """Both case managers always share one scope: they work as a duo."""
    return {P: parent, C: child, S: sibling, CH: cm, CT: cm, G: caregiver}


RULES: dict[Action, dict[Role, Scope]] = {
    #                                    parent child sibling case-mgr caregiver
    Action.FAMILY_VIEW: _row(ALL, ALL, ALL, ALL, ALL),
    Action.MEMBERS_VIEW: _row(ALL, ALL, ALL, ALL, NO),
    Action.MEMBERS_MANAGE: _row(ALL, NO, NO, NO, NO),
    Action.AUDIT_VIEW: _row(ALL, NO, NO, NO, NO),
    Action.TASK_VIEW: _row(ALL, INV, INV, ALL, INV),
    Action.TASK_CREATE: _row(ALL, NO, NO, ALL, NO),
    Action.TASK_EDIT: _row(ALL, NO, NO, ALL, NO),
    Action.TASK_COMPLETE: _row(ALL, INV, INV, ALL, INV),
    Action.AGREEMENT_VIEW: _row(ALL, NO, NO, ALL, INV),
    Action.AGREEMENT_PROPOSE: _row(ALL, NO, NO, ALL, NO),
    Action.AGREEMENT_CONFIRM: _row(ALL, NO, NO, INV, INV),
    # A proposal is taken back by whoever proposed it (OWN: created_by_id), or a parent.
    Action.AGREEMENT_WITHDRAW: _row(ALL, NO, NO, OWN, NO),
    # Ending an agreement is the family's call, so parents only. A responsible case manager
    # or caregiver who can no longer do it proposes a change or tells the parents: the
    # agreement then shows the gap instead of silently disappearing.
    Action.AGREEMENT_END: _row(ALL, NO, NO, NO, NO),
    Action.APPOINTMENT_VIEW: _row(ALL, INV, INV, ALL, INV),
    Action.APPOINTMENT_EDIT: _row(ALL, NO, NO, ALL, NO),
    Action.APPOINTMENT_DELETE: _row(ALL, NO, NO, ALL, NO),
    Action.APPOINTMENT_RESTORE: _row(ALL, NO, NO, ALL, NO),
    Action.CHECKIN_CREATE: _row(NO, NO, OWN, NO, NO),
    Action.CHECKIN_SETTINGS: _row(ALL, NO, NO, NO, NO),
    # Only the hospital case manager (the Kinder Comfort Team nurse who meets the family
    # at diagnosis) starts a dossier for a family; the duo rule does not apply here.
    Action.FAMILY_START_FOR_PARENTS: {**_row(NO, NO, NO, NO, NO), CH: ALL},
    # Taking the family's data along is the family's call (GDPR art. 15/20): parents only;
    # what the ZIP holds is still decided per row by the rules above. Everybody may take
    # what the app holds about themself.
    Action.FAMILY_EXPORT: _row(ALL, NO, NO, NO, NO),
    Action.PERSON_EXPORT: _row(ALL, ALL, ALL, ALL, ALL),
    # Closing ends everyone's access and leads to erasure: the family's own decision, so
    # parents only (with two active parents the other one confirms, domain/closing.py).
    Action.FAMILY_CLOSE: _row(ALL, NO, NO, NO, NO),
    Action.FAMILY_CLOSE_CONFIRM: _row(ALL, NO, NO, NO, NO),
    Action.FAMILY_REOPEN: _row(ALL, NO, NO, NO, NO),
    # Every member may leave (the family cannot keep anyone in), but only themself: the
    # domain passes their own membership. The last parent closes the dossier instead.
    Action.MEMBERSHIP_LEAVE: _row(ALL, ALL, ALL, ALL, ALL),
    Action.NETWORK_VIEW: _row(ALL, INV, NO, ALL, INV),
    Action.NETWORK_EDIT: _row(ALL, NO, NO, ALL, NO),
    Action.REACHABILITY_EDIT: _row(NO, NO, NO, ALL, NO),
    Action.PLAN_VIEW: _row(ALL, NO, OWN, ALL, INV),
    Action.PLAN_EDIT: _row(ALL, NO, NO, NO, NO),
    Action.PLAN_PROPOSE: _row(NO, NO, NO, ALL, NO),
    Action.PLAN_CONFIRM: _row(ALL, NO, NO, NO, NO),
    Action.ADMISSION_START: _row(ALL, NO, NO, ALL, NO),
    Action.ADMISSION_VIEW: _row(ALL, ALL, ALL, ALL, ALL),
    Action.ADMISSION_TICK: _row(ALL, NO, NO, ALL, NO),
    Action.ADMISSION_END: _row(ALL, NO, NO, NO, NO),
    Action.CAREPLAN_VIEW: _row(ALL, INV, NO, ALL, INV),
    Action.CAREPLAN_EDIT: _row(ALL, NO, NO, ALL, NO),
    Action.CAREPLAN_CONFIRM: _row(ALL, NO, NO, NO, NO),
    Action.CAREPLAN_SHARE: _row(ALL, NO, NO, NO, NO),
    Action.CAREPLAN_CONSENT: _row(ALL, ALL, NO, NO, NO),
    Action.CAREPLAN_EVALUATE: _row(ALL, NO, NO, ALL, NO),
    Action.ACP_VIEW: _row(ALL, INV, NO, ALL, NO),
    Action.ACP_EDIT: _row(ALL, NO, NO, ALL, NO),
    Action.ACP_ANSWER: _row(ALL, INV, NO, NO, NO),
    Action.CHILD_PAGE_VIEW: _row(INV, OWN, NO, INV, NO),
    Action.CHILD_PAGE_EDIT: _row(NO, OWN, NO, NO, NO),
}

# The care plan's medical and treatment sections: a hospital case manager enters them on
# behalf of the main practitioner; parents and the daily-life case manager read them.
TREATMENT_SECTIONS = frozenset({CarePlanSectionKey.MEDICAL, CarePlanSectionKey.ACUTE})

# Which roles beyond the parents and case managers read a section of each visibility.
RELEASED_TO: dict[str, frozenset[Role]] = {
    CarePlanVisibility.CORE: frozenset(),
    CarePlanVisibility.CAREGIVERS: frozenset({Role.CAREGIVER}),
    CarePlanVisibility.CHILD: frozenset({Role.CAREGIVER, Role.CHILD}),
}

# What may still happen in a dossier that is not open, on top of RULES for the role. A
# dossier a case manager started waits for a parent: she sees its name and state, and
# nothing can be added. Actions named here must also be granted by RULES.
WHILE_NOT_OPEN: dict[FamilyStatus, frozenset[Action]] = {
    # Starting (another) dossier for a family, and renewing the parent invitation of this one.
    FamilyStatus.AWAITING_PARENTS: frozenset({Action.FAMILY_VIEW, Action.FAMILY_START_FOR_PARENTS}),
    # A closing dossier can still be taken along before it is erased: the family's export
    # (read as the parent could while it was open, see domain/export_data.py) and each
    # member's own data. A parent can reopen it for 30 days (domain/closing.py checks the
    # date); nothing else happens in it but seeing that it is closed.
    FamilyStatus.CLOSING: frozenset(
        {Action.FAMILY_VIEW, Action.FAMILY_EXPORT, Action.PERSON_EXPORT, Action.FAMILY_REOPEN}
    ),
}

# Check-ins and their signals are read through the sibling's choice, not through RULES.
SHARED_BY_SIBLING = {Action.CHECKIN_VIEW, Action.SIGNAL_VIEW, Action.SIGNAL_PICK_UP}

# The adults a sibling can share with, as (role, audience name, flag on the row).
CHECKIN_AUDIENCES = (
    (Role.PARENT, Audience.PARENTS, "share_parents"),
    (Role.CM_HOME, Audience.CM_HOME, "share_cm_home"),
    (Role.CM_HOSPITAL, Audience.CM_HOSPITAL, "share_cm_hospital"),
)
CHECKIN_SHARE_FLAG = {role: flag for role, _audience, flag in CHECKIN_AUDIENCES}
AUDIENCE_FLAG = {audience: flag for _role, audience, flag in CHECKIN_AUDIENCES}
AUDIENCE_OF_ROLE = {role: audience for role, audience, _flag in CHECKIN_AUDIENCES}


def family_of(obj: Any) -> int | None:
    """The family an object belongs to; a family belongs to itself."""
    return obj.id if isinstance(obj, Family) else getattr(obj, "family_id", None)


def object_type(obj: Any) -> str:
    return "" if obj is None else type(obj).__name__.lower()


def involved_members(obj: Any) -> set[int]:
    """The memberships a task, agreement, appointment, contact or plan part is about."""
    ids: set[int | None] = {
        getattr(obj, "assignee_id", None),
        getattr(obj, "responsible_id", None),
        getattr(obj, "backup_id", None),
    }
    ids.update(getattr(obj, "informed_ids", None) or ())
    ids.update(getattr(obj, "attendee_ids", None) or ())
    ids.update(getattr(obj, "named_ids", None) or ())  # a plan part's people
    ids.update(getattr(obj, "participant_ids", None) or ())  # a conversation's people
    ids.update(getattr(obj, "reader_ids", None) or ())  # whom a child shared their page with
    if isinstance(obj, Contact):
        ids.add(obj.membership_id)  # the contact that is this member
    ids.discard(None)
    return {int(i) for i in ids if i is not None}


def scope(actor: Actor, action: Action) -> Scope:
    return RULES.get(action, {}).get(actor.role, Scope.NONE)


def can(actor: Actor | None, action: Action, obj: Gated | None = None) -> bool:
    """May `actor` do `action` (on `obj`, when the action is about one object)?"""
    if actor is None:
        return False
    if obj is not None and family_of(obj) != actor.family_id:
        return False
    if not _allowed_in_state(actor, action):
        return False
    if action in SHARED_BY_SIBLING:
        return _can_read_shared(actor, action, obj)
    if action is Action.CAREPLAN_EDIT and _is_treatment_section(obj):
        return actor.role is Role.CM_HOSPITAL
    granted = scope(actor, action)
    if granted is Scope.NONE:
        return False
    if obj is None or granted is Scope.ALL:
        return True
    if granted is Scope.OWN:
        return _owner(obj) == actor.membership_id
    if action is Action.NETWORK_VIEW and getattr(obj, "emergency", "") == EmergencyUse.CALL:
        return True  # whoever may have to act in an emergency sees whom to call
    if action is Action.CAREPLAN_VIEW:
        return section_released(actor.role, obj)
    return actor.membership_id in involved_members(obj)


def _is_treatment_section(obj: Any) -> bool:
    return obj is not None and getattr(obj, "key", None) in TREATMENT_SECTIONS


def section_released(role: Role, section: Any) -> bool:
    """Does a caregiver or the ill child read this care plan section? Only with consent
    (`shared`) and when the parents' visibility includes their role."""
    if not getattr(section, "shared", False):
        return False
    return role in RELEASED_TO.get(getattr(section, "visibility", ""), frozenset())


def _allowed_in_state(actor: Actor, action: Action) -> bool:
    """An open dossier allows what RULES allow; any other state only what it lists."""
    if actor.family_status is FamilyStatus.OPEN:
        return True
    return action in WHILE_NOT_OPEN.get(actor.family_status, frozenset())


def _owner(obj: Any) -> int | None:
    """Whose row it is: a sibling's own check-in, else whoever made it (a proposal)."""
    owner = obj.sibling_id if hasattr(obj, "sibling_id") else getattr(obj, "created_by_id", None)
    return owner if isinstance(owner, int) else None


def _can_read_shared(actor: Actor, action: Action, item: Any) -> bool:
    """A check-in: its sibling, and the adults it was shared with. A signal: only those adults."""
    own_counts = action is Action.CHECKIN_VIEW and actor.role is Role.SIBLING
    if item is None:
        # Opening the section: siblings for their own check-ins, adults for what is shared.
        return actor.role in CHECKIN_SHARE_FLAG or own_counts
    if own_counts and item.sibling_id == actor.membership_id:
        return True
    flag = CHECKIN_SHARE_FLAG.get(actor.role)
    return bool(flag and getattr(item, flag))


def checkin_share_flag(actor: Actor) -> str | None:
    """The column that says a check-in or signal was shared with this actor's role, for
    narrowing a query in SQL before `can` checks each row."""
    return CHECKIN_SHARE_FLAG.get(actor.role)


def require(actor: Actor | None, action: Action, obj: Gated | None = None) -> None:
    if not can(actor, action, obj):
        raise PermissionDenied(actor, action, obj)
