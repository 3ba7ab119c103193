"""Who is writing: a platform account mapped to a staff member, remembered after first contact."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import Staff, StaffIdentity, audit


def find_staff(db: Session, *, channel: str, tenant: str, user_id: str) -> Staff | None:
    """The staff member already linked to this account, if any."""
    return db.scalar(
        select(Staff)
        .join(StaffIdentity, StaffIdentity.staff_id == Staff.id)
        .where(StaffIdentity.channel == channel, StaffIdentity.tenant == tenant, StaffIdentity.user_id == user_id)
    )


def link_by_email(db: Session, *, channel: str, tenant: str, user_id: str, email: str | None) -> Staff | None:
    """First contact: match the account's email to exactly one active staff member and remember it."""
    if not email:
        return None
    matches = db.scalars(
        select(Staff).where(func.lower(Staff.email) == email.strip().lower(), Staff.active.is_(True))
    ).all()
    schools = _schools_in_tenant(db, channel=channel, tenant=tenant)
    if schools:
        matches = [s for s in matches if s.school_id in schools]
    if len(matches) != 1:
        return None  # unknown, or the same email in several schools with nothing to choose between them
    staff = matches[0]
    db.add(StaffIdentity(staff_id=staff.id, channel=channel, tenant=tenant, user_id=user_id))
    db.flush()
    return staff


def refuse_stranger(db: Session, *, channel: str, tenant: str, user_id: str) -> None:
    """Audit a refused unknown user; nothing else about them is kept."""
    schools = _schools_in_tenant(db, channel=channel, tenant=tenant)
    audit(
        db, school_id=min(schools) if len(schools) == 1 else None, staff_id=None, pupil_id=None,
        action="refused", record="identity", channel=channel, detail=f"unknown {channel} user in {tenant}"[:500],
    )


def _schools_in_tenant(db: Session, *, channel: str, tenant: str) -> set[int]:
    """Schools whose staff already use this workspace or tenant (a trust may share one)."""
    return set(
        db.scalars(
            select(Staff.school_id)
            .join(StaffIdentity, StaffIdentity.staff_id == Staff.id)
            .where(StaffIdentity.channel == channel, StaffIdentity.tenant == tenant)
            .distinct()
        )
    )
