"""The shared SEND record: typed SQLAlchemy models. Importing this registers every table."""
from models.audit import AuditEvent, audit
from models.base import Base, utcnow
from models.delivery import (
    ChannelRegistration,
    ConversationRef,
    DialogState,
    OutboxMessage,
    ProcessedEvent,
    SafeguardingAlert,
)
from models.nudging import NudgeAction, NudgeSetting
from models.pupil import Pupil
from models.records import AppendOnlyViolation
from models import data_versions  # noqa: F401  (registers the listener)
from models.school import CalendarPeriod, School, Trust
from models.send import (
    Concern,
    Intervention,
    InterventionPupil,
    InterventionSession,
    ParentContact,
    PenPortraitVersion,
    Plan,
    PlanReview,
    Programme,
    SessionAttendance,
)
from models.staff import ClassTeacher, SchoolClass, Staff, StaffIdentity, StaffRole

__all__ = [
    "AppendOnlyViolation", "AuditEvent", "Base", "CalendarPeriod", "ChannelRegistration", "ClassTeacher",
    "Concern", "ConversationRef", "DialogState", "Intervention", "InterventionPupil", "InterventionSession", "NudgeAction", "NudgeSetting",
    "OutboxMessage", "ParentContact", "PenPortraitVersion", "Plan", "PlanReview", "ProcessedEvent",
    "Programme", "Pupil", "SafeguardingAlert", "School", "SchoolClass", "SessionAttendance", "Staff",
    "StaffIdentity", "StaffRole", "Trust", "audit", "utcnow",
]
