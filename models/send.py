"""The SEND record: pen portraits, concerns, interventions, plans and parent conversations."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, Date, ForeignKey, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, school_fk, utcnow
from models.pupil import Pupil
from models.records import AppendOnly
from models.staff import Staff

AREAS_OF_NEED = {
    "communication_interaction": "Communication and interaction",
    "cognition_learning": "Cognition and learning",
    "semh": "Social, emotional and mental health",
    "sensory_physical": "Sensory and/or physical",
}
CONCERN_STATUSES = ("open", "acknowledged", "actioned", "closed")
CONCERN_SOURCES = ("staff", "parent_carer")
PLAN_KINDS = {"isp": "ISP", "ilp": "ILP", "iep": "IEP", "psp": "Pastoral support plan", "ehcp": "EHCP"}
PORTRAIT_LISTS = ("strengths", "interests", "needs", "strategies", "avoid")


class PenPortraitVersion(Base):
    """One version of a pupil's one-page profile; the newest version is the portrait."""

    __tablename__ = "pen_portraits"
    __table_args__ = (UniqueConstraint("pupil_id", "version"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = school_fk()
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupils.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    strengths: Mapped[list[str]] = mapped_column(JSON, default=list)
    interests: Mapped[list[str]] = mapped_column(JSON, default=list)
    needs: Mapped[list[str]] = mapped_column(JSON, default=list)
    strategies: Mapped[list[str]] = mapped_column(JSON, default=list)
    avoid: Mapped[list[str]] = mapped_column(JSON, default=list)  # things to avoid / triggers
    communication: Mapped[str | None] = mapped_column(Text)
    pupil_voice: Mapped[str | None] = mapped_column(Text)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    updated_by: Mapped[Staff | None] = relationship()


class Concern(AppendOnly, Base):
    """A concern about a pupil; status changes and corrections are new versions."""

    __tablename__ = "concerns"
    set_once = ("reference",)
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = school_fk()
    reference: Mapped[int | None] = mapped_column(Integer, index=True)  # id of the first version
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupils.id"), index=True)  # pupil chronology
    raised_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    source: Mapped[str] = mapped_column(String(15), default="staff")
    noticed: Mapped[str] = mapped_column(Text)
    evidence: Mapped[str | None] = mapped_column(Text)
    area_of_need: Mapped[str | None] = mapped_column(String(30))
    status: Mapped[str] = mapped_column(String(15), default="open")
    outcome: Mapped[str | None] = mapped_column(Text)
    raised_at: Mapped[datetime] = mapped_column(default=utcnow)

    pupil: Mapped[Pupil] = relationship()
    raised_by: Mapped[Staff] = relationship(foreign_keys=[raised_by_id])


class Programme(Base):
    """An intervention programme in the school's catalogue."""

    __tablename__ = "programmes"
    __table_args__ = (UniqueConstraint("school_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = school_fk()
    name: Mapped[str] = mapped_column(String(100))
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)


class Intervention(Base):
    """A running group of a programme, led by one member of staff."""

    __tablename__ = "interventions"
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = school_fk()
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id"), index=True)
    lead_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), index=True)  # "my groups"
    name: Mapped[str | None] = mapped_column(String(100))  # "Y3 PT group"
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    sessions_per_week: Mapped[int] = mapped_column(Integer, default=1)
    minutes_per_session: Mapped[int] = mapped_column(Integer, default=20)
    cost_per_session: Mapped[Decimal | None] = mapped_column(Numeric(8, 2))

    programme: Mapped[Programme] = relationship(lazy="joined")
    lead: Mapped[Staff | None] = relationship()
    members: Mapped[list[InterventionPupil]] = relationship(
        back_populates="intervention", cascade="all, delete-orphan", lazy="selectin"
    )


class InterventionPupil(Base):
    """A pupil in an intervention, with entry and exit assessments for measuring impact."""

    __tablename__ = "intervention_pupils"
    intervention_id: Mapped[int] = mapped_column(ForeignKey("interventions.id", ondelete="CASCADE"), primary_key=True)
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupils.id", ondelete="CASCADE"), primary_key=True, index=True)
    entry_assessment: Mapped[str | None] = mapped_column(String(100))
    exit_assessment: Mapped[str | None] = mapped_column(String(100))

    intervention: Mapped[Intervention] = relationship(back_populates="members")
    pupil: Mapped[Pupil] = relationship(lazy="joined")


class InterventionSession(AppendOnly, Base):
    """One delivered session. Without an intervention it is flagged for the SENCO."""

    __tablename__ = "intervention_sessions"
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = school_fk()
    intervention_id: Mapped[int | None] = mapped_column(ForeignKey("interventions.id"), index=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id"), index=True)
    delivered_on: Mapped[date] = mapped_column(Date, index=True)  # sessions last week, today's sessions
    minutes: Mapped[int | None] = mapped_column(Integer)
    delivered_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    score: Mapped[str | None] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)
    flagged: Mapped[bool] = mapped_column(default=False)  # no running intervention matched

    programme: Mapped[Programme] = relationship(lazy="joined")
    attendance: Mapped[list[SessionAttendance]] = relationship(cascade="all", lazy="selectin")


class SessionAttendance(Base):
    __tablename__ = "session_attendance"
    session_id: Mapped[int] = mapped_column(ForeignKey("intervention_sessions.id", ondelete="CASCADE"), primary_key=True)
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupils.id"), primary_key=True, index=True)
    present: Mapped[bool] = mapped_column(default=True)
    score: Mapped[str | None] = mapped_column(String(20))

    pupil: Mapped[Pupil] = relationship(lazy="joined")


class Plan(Base):
    """An ISP/ILP/IEP, pastoral support plan or EHCP, with its review cadence."""

    __tablename__ = "plans"
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = school_fk()
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupils.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(5))  # one of PLAN_KINDS
    targets: Mapped[list[str]] = mapped_column(JSON, default=list)
    review_cadence: Mapped[str] = mapped_column(String(15))  # termly, half_termly, annual, six_monthly
    starts_on: Mapped[date] = mapped_column(Date)
    issued_on: Mapped[date | None] = mapped_column(Date)  # EHCPs: under-5s are reviewed six-monthly
    next_review_due: Mapped[date | None] = mapped_column(Date, index=True)  # reviews due this week
    active: Mapped[bool] = mapped_column(default=True)

    pupil: Mapped[Pupil] = relationship(lazy="joined")
    reviews: Mapped[list[PlanReview]] = relationship(cascade="all, delete-orphan", order_by="PlanReview.held_on")


class PlanReview(Base):
    __tablename__ = "plan_reviews"
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    held_on: Mapped[date] = mapped_column(Date)
    outcome: Mapped[str | None] = mapped_column(Text)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))


class ParentContact(AppendOnly, Base):
    """A planned or held conversation with a parent or carer."""

    __tablename__ = "parent_contacts"
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = school_fk()
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupils.id"), index=True)
    status: Mapped[str] = mapped_column(String(10), default="held")  # planned | held
    contact_on: Mapped[date] = mapped_column(Date, index=True)
    with_whom: Mapped[str | None] = mapped_column(String(200))  # "Mum", "Carer (grandmother)"
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    summary: Mapped[str | None] = mapped_column(Text)
    agreed_actions: Mapped[str | None] = mapped_column(Text)

    pupil: Mapped[Pupil] = relationship(lazy="joined")
