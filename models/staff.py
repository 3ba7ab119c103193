"""Staff, their roles, the classes they teach and their chat identities."""
from __future__ import annotations

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, school_fk

ROLES = ("teacher", "ta", "senco", "dsl", "deputy_dsl", "head", "admin")
CHANNELS = ("teams", "slack", "webchat", "cli")


class SchoolClass(Base):
    __tablename__ = "classes"
    __table_args__ = (UniqueConstraint("school_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = school_fk()
    name: Mapped[str] = mapped_column(String(20))  # "4K"
    year_group: Mapped[str | None] = mapped_column(String(3))


class ClassTeacher(Base):
    __tablename__ = "class_teachers"
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), primary_key=True)
    class_id: Mapped[int] = mapped_column(ForeignKey("classes.id", ondelete="CASCADE"), primary_key=True, index=True)


class Staff(Base):
    __tablename__ = "staff"
    __table_args__ = (UniqueConstraint("school_id", "email"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = school_fk()
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254))  # stored lower-case
    active: Mapped[bool] = mapped_column(default=True)
    morning_sessions_message: Mapped[bool] = mapped_column(default=False)  # TA opt-in

    role_rows: Mapped[list[StaffRole]] = relationship(cascade="all, delete-orphan", lazy="selectin")
    classes: Mapped[list[SchoolClass]] = relationship(secondary="class_teachers", lazy="selectin")
    identities: Mapped[list[StaffIdentity]] = relationship(back_populates="staff", cascade="all, delete-orphan")

    @property
    def roles(self) -> frozenset[str]:
        return frozenset(r.role for r in self.role_rows)

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))


class StaffRole(Base):
    __tablename__ = "staff_roles"
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[str] = mapped_column(String(20), primary_key=True, index=True)  # one of ROLES


class StaffIdentity(Base):
    """A staff member's account on a chat platform (Slack team+user, Teams tenant+AAD object id)."""

    __tablename__ = "staff_identities"
    __table_args__ = (UniqueConstraint("channel", "tenant", "user_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(String(10))
    tenant: Mapped[str] = mapped_column(String(100))  # Slack team id or Teams tenant id
    user_id: Mapped[str] = mapped_column(String(200))

    staff: Mapped[Staff] = relationship(back_populates="identities")
