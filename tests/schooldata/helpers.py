"""Helpers for the school data tests: valid UPNs, CSV files and row counts."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import Base
from models.pupil import upn_check_letter


def upn(serial: int, *, school: str = "8881234", year: int = 20) -> str:
    """A valid UPN (fictional LA 888) whose body ends in `serial`."""
    body = f"{school}{year:02d}{serial:03d}"
    return upn_check_letter(body) + body


def wrong_check(valid: str) -> str:
    """The same UPN with a different (wrong) check letter."""
    return ("B" if valid[0] != "B" else "C") + valid[1:]


def write_csv(tmp_path: Path, name: str, lines: list[str], *, encoding: str = "utf-8", bom: bool = False) -> Path:
    path = tmp_path / name
    data = "\n".join(lines) + "\n"
    raw = data.encode(encoding)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + raw)
    return path


def row_counts(db: Session) -> dict[str, int]:
    """Rows in every table, to show a rejected import wrote nothing."""
    return {t.name: db.scalar(select(func.count()).select_from(t)) for t in Base.metadata.sorted_tables}


PUPIL_HEADER = "upn,first_name,preferred_name,last_name,year_group,class,sen_status,primary_need,date_of_birth"
STAFF_HEADER = "email,name,roles,classes"
PORTRAIT_HEADER = "upn,strengths,interests,needs,strategies,avoid,communication,pupil_voice"
INTERVENTION_HEADER = ("programme,name,lead_email,starts_on,ends_on,sessions_per_week,minutes_per_session,"
                       "cost_per_session,pupil_upns,entry_assessments")


def pupil_lines() -> list[str]:
    return [
        PUPIL_HEADER,
        f"{upn(1)},Amara,,Quillfeather,4,4K,K,SLCN,2016-10-03",
        f"{upn(2)},Tobias,Toby,Marchbank,4,4K,N,,14/02/2017",
        f"{upn(3)},Zoë,,Thistlewood,R,RB,E,ASD,",
    ]
