"""All tables, imported here so Alembic and the app see the whole schema."""

from dossier.models.agreements import Agreement, AgreementConfirmation, AgreementStatus
from dossier.models.appointments import Appointment, AppointmentStatus
from dossier.models.audit import AuditEvent
from dossier.models.base import CareDomain, saved_id, utcnow
from dossier.models.checkins import (
    AgeBand,
    Audience,
    CheckIn,
    CheckinLink,
    CheckinSettings,
    CheckinSignal,
    Need,
    Reminder,
    SignalKind,
)
from dossier.models.closing import AuditRetention, FamilyClosure
from dossier.models.emergency_plan import (
    Admission,
    AdmissionItem,
    EmergencyPlan,
    EmergencyPlanChange,
    EmergencyPlanPart,
    PlanSection,
)
from dossier.models.exports import ExportJob, ExportKind, ExportStatus
from dossier.models.feeds import AgreementTemplateChoice, CalendarFeed, FamilyPulse
from dossier.models.history import AgreementChange, TaskChange
from dossier.models.invitations import Invitation
from dossier.models.mail import MailOutbox, MailStatus, MailToken, TokenPurpose
from dossier.models.network import (
    Absence,
    AbsenceStandIn,
    Contact,
    ContactKind,
    EmergencyUse,
    WorkingHours,
)
from dossier.models.notifications import (
    Category,
    Channel,
    DeliveryStatus,
    Notification,
    NotificationSettings,
    PushDelivery,
    PushSubscription,
)
from dossier.models.people import (
    Family,
    FamilyPhase,
    FamilyStatus,
    Membership,
    MembershipStatus,
    Role,
    User,
    UserSession,
)
from dossier.models.tasks import Task, TaskStatus
from dossier.models.throttle import AuthThrottle

__all__ = [
    "Absence",
    "AbsenceStandIn",
    "Admission",
    "AdmissionItem",
    "AgeBand",
    "Agreement",
    "AgreementChange",
    "AgreementConfirmation",
    "AgreementStatus",
    "AgreementTemplateChoice",
    "Appointment",
    "AppointmentStatus",
    "Audience",
    "AuditEvent",
    "AuditRetention",
    "AuthThrottle",
    "CalendarFeed",
    "CareDomain",
    "Category",
    "Channel",
    "CheckIn",
    "CheckinLink",
    "CheckinSettings",
    "CheckinSignal",
    "Contact",
    "ContactKind",
    "DeliveryStatus",
    "EmergencyPlan",
    "EmergencyPlanChange",
    "EmergencyPlanPart",
    "EmergencyUse",
    "ExportJob",
    "ExportKind",
    "ExportStatus",
    "Family",
    "FamilyClosure",
    "FamilyPhase",
    "FamilyPulse",
    "FamilyStatus",
    "Invitation",
    "MailOutbox",
    "MailStatus",
    "MailToken",
    "Membership",
    "MembershipStatus",
    "Need",
    "Notification",
    "NotificationSettings",
    "PlanSection",
    "PushDelivery",
    "PushSubscription",
    "Reminder",
    "Role",
    "SignalKind",
    "Task",
    "TaskChange",
    "TaskStatus",
    "TokenPurpose",
    "User",
    "UserSession",
    "WorkingHours",
    "saved_id",
    "utcnow",
]
