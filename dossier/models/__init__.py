"""All tables, imported here so Alembic and the app see the whole schema."""

from dossier.models.agreements import Agreement, AgreementConfirmation, AgreementStatus
from dossier.models.appointments import Appointment, AppointmentStatus
from dossier.models.audit import AuditEvent
from dossier.models.base import CareDomain, utcnow
from dossier.models.checkins import CheckIn, Need
from dossier.models.invitations import Invitation
from dossier.models.notifications import Notification, PushSubscription
from dossier.models.people import (
    Family,
    FamilyPhase,
    Membership,
    MembershipStatus,
    Role,
    User,
    UserSession,
)
from dossier.models.tasks import Task, TaskStatus
from dossier.models.throttle import AuthThrottle

__all__ = [
    "Agreement",
    "AgreementConfirmation",
    "AgreementStatus",
    "Appointment",
    "AppointmentStatus",
    "AuditEvent",
    "AuthThrottle",
    "CareDomain",
    "CheckIn",
    "Family",
    "FamilyPhase",
    "Invitation",
    "Membership",
    "MembershipStatus",
    "Need",
    "Notification",
    "PushSubscription",
    "Role",
    "Task",
    "TaskStatus",
    "User",
    "UserSession",
    "utcnow",
]
