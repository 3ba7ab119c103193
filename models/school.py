"""Trusts, schools and the school calendar."""
from __future__ import annotations

from datetime import date, time

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, school_fk

NATIONS = ("england", "wales", "scotland", "northern_ireland")
PERIOD_KINDS = ("term", "half_term", "inset")


class Trust(Base):
    __tablename__ = "trusts"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))


class School(Base):
    __tablename__ = "schools"
    id: Mapped[int] = mapped_column(primary_key=True)
    trust_id: Mapped[int | None] = mapped_column(ForeignKey("trusts.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    urn: Mapped[str] = mapped_column(String(10), unique=True)  # DfE Unique Reference Number
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/London")
    nation: Mapped[str] = mapped_column(String(20), default="england")  # picks the bank holidays
    nudge_time: Mapped[time] = mapped_column(Time, default=time(8, 15))
    digest_weekday: Mapped[int] = mapped_column(Integer, default=0)  # Monday
    digest_time: Mapped[time] = mapped_column(Time, default=time(8, 0))
    initials_in_channels: Mapped[bool] = mapped_column(Boolean, default=False)
    safeguarding_escalation_minutes: Mapped[int] = mapped_column(Integer, default=15)
    safeguarding_procedure: Mapped[str | None] = mapped_column(String(2000))
    # Bumped by every change to the school's pupils, classes or programmes (models.data_versions).
    roster_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Bumped by every change to what a pen portrait shows (models.data_versions).
    portraits_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    periods: Mapped[list[CalendarPeriod]] = relationship(
        back_populates="school", cascade="all, delete-orphan", order_by="CalendarPeriod.starts_on"
    )


class CalendarPeriod(Base):
    """A term, a half-term or an INSET day: the school's own dates."""

    __tablename__ = "calendar_periods"
    __table_args__ = (UniqueConstraint("school_id", "kind", "starts_on"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = school_fk()
    kind: Mapped[str] = mapped_column(String(10))  # one of PERIOD_KINDS
    name: Mapped[str] = mapped_column(String(50))  # "Autumn 1", "Spring term", "INSET"
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)

    school: Mapped[School] = relationship(back_populates="periods")
