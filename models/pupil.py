"""Pupils as the school census knows them, and the UPN check."""
from __future__ import annotations

import re
from datetime import date

from sqlalchemy import Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, school_fk
from models.staff import SchoolClass

SEN_STATUSES = {"N": "No special educational need", "K": "SEN support", "E": "EHC plan"}
NEED_CODES = {
    "SPLD": "Specific learning difficulty",
    "MLD": "Moderate learning difficulty",
    "SLD": "Severe learning difficulty",
    "PMLD": "Profound and multiple learning difficulty",
    "SEMH": "Social, emotional and mental health",
    "SLCN": "Speech, language and communication needs",
    "HI": "Hearing impairment",
    "VI": "Visual impairment",
    "MSI": "Multi-sensory impairment",
    "PD": "Physical disability",
    "ASD": "Autistic spectrum disorder",
    "OTH": "Other difficulty or disability",
    "NSA": "SEN support but no specialist assessment of type of need",
}
YEAR_GROUPS = ("N1", "N2", "R", *(str(n) for n in range(1, 15)))

# DfE UPN: a check letter, 3-digit LA code, 4-digit school, 2-digit year, 3-digit serial; the
# last character is a digit or, for temporary UPNs, a letter.
_UPN_RE = re.compile(r"^[A-HJ-NP-RT-Z]\d{11}[0-9A-HJ-NP-RT-Z]$")
_CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"  # no I, O or S


def upn_check_letter(body: str) -> str:
    """The check letter for the 12 characters after it (DfE algorithm, weights 2..13)."""
    total = 0
    for weight, ch in enumerate(body, start=2):
        total += weight * (int(ch) if ch.isdigit() else _CHECK_LETTERS.index(ch))
    return _CHECK_LETTERS[total % 23]


def upn_problem(upn: str) -> str | None:
    """Why a UPN is not valid, or None when it is."""
    if not _UPN_RE.match(upn):
        return "must be 13 characters: a letter, 11 digits, then a digit or letter (no I, O or S)"
    if upn[0] != upn_check_letter(upn[1:]):
        return f"check letter should be {upn_check_letter(upn[1:])}"
    return None


class Pupil(Base):
    __tablename__ = "pupils"
    __table_args__ = (UniqueConstraint("school_id", "upn"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = school_fk()
    upn: Mapped[str] = mapped_column(String(13))
    first_name: Mapped[str] = mapped_column(String(100))  # legal first name
    preferred_name: Mapped[str | None] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    year_group: Mapped[str] = mapped_column(String(3))
    class_id: Mapped[int | None] = mapped_column(ForeignKey("classes.id"), index=True)  # class lists
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    sen_status: Mapped[str] = mapped_column(String(1), default="N")
    primary_need: Mapped[str | None] = mapped_column(String(4))
    secondary_need: Mapped[str | None] = mapped_column(String(4))
    active: Mapped[bool] = mapped_column(default=True)

    school_class: Mapped[SchoolClass | None] = relationship(lazy="joined")

    @property
    def known_as(self) -> str:
        return self.preferred_name or self.first_name

    @property
    def display_name(self) -> str:
        return f"{self.known_as} {self.last_name}"

    @property
    def class_name(self) -> str | None:
        return self.school_class.name if self.school_class else None
