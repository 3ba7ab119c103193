"""Pen portraits as "what works for Aisha?" shows them, kept per school until something they show changes.

A portrait is read far more often than it changes, and building one takes three queries (portrait,
plans, groups). A view is kept under the school's `portraits_version` (models.data_versions) and the
school's date (groups start and end), both read with the school row the conversation loads anyway,
so an edit in any process or a new day rebuilds it. Every read is still audited by the handler.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from handlers.lookup import active_plan_summaries, running_group_names
from models import Pupil, School
from models.queries import current_portrait
from models.send import PLAN_KINDS

# What to do and what to avoid are shown in full: a strategy just added must never be the one left out.
# Strengths, interests and plan targets show the first few (phone-friendly) and how many more there are.
MAX_ITEMS = 5


@dataclass(frozen=True)
class PortraitView:
    version: int  # the pen portrait version shown, for the audit trail
    data: dict[str, Any]  # the "portrait.show" reply's data; shared, so never changed after building


def build_view(db: Session, *, pupil: Pupil, today: date) -> PortraitView | None:
    """The pupil's newest portrait with their active plans and the groups they are in today; None if no portrait yet."""
    portrait = current_portrait(db, pupil_id=pupil.id)
    if portrait is None:
        return None
    plans = active_plan_summaries(db, school_id=pupil.school_id, pupil_id=pupil.id)
    strengths, interests = list(portrait.strengths or []), list(portrait.interests or [])
    targets = [t for _, kind_targets in plans for t in kind_targets]
    return PortraitView(portrait.version, {
        "pupil": pupil.display_name, "class_name": pupil.class_name,
        "strategies": list(portrait.strategies or []), "avoid": list(portrait.avoid or []),
        "strengths": strengths[:MAX_ITEMS], "interests": interests[:MAX_ITEMS],
        "strengths_more": max(0, len(strengths) - MAX_ITEMS) + max(0, len(interests) - MAX_ITEMS),
        "communication": portrait.communication, "pupil_voice": portrait.pupil_voice,
        "targets": targets[:MAX_ITEMS], "targets_more": max(0, len(targets) - MAX_ITEMS),
        "plans": [PLAN_KINDS.get(kind, kind) for kind, _ in plans],
        "interventions": running_group_names(db, school_id=pupil.school_id, pupil_id=pupil.id, day=today),
        "updated_on": portrait.updated_at.date().isoformat(),
    })


class PortraitViews:
    """Views by school and pupil; a school's whole set goes when its portraits_version or date moves.

    Safe across threads without a lock: a key is (portraits_version, day) as read before the data,
    so a view is never filed under a newer version than the data it was built from.
    """

    def __init__(self) -> None:
        self._by_school: dict[int, tuple[tuple[int, date], dict[int, PortraitView | None]]] = {}

    def view(self, db: Session, *, pupil: Pupil, today: date) -> PortraitView | None:
        views = self._views(db, pupil.school_id, today)
        if views is None:
            return build_view(db, pupil=pupil, today=today)
        if pupil.id not in views:
            views[pupil.id] = build_view(db, pupil=pupil, today=today)
        return views[pupil.id]

    def _views(self, db: Session, school_id: int, today: date) -> dict[int, PortraitView | None] | None:
        """The school's views that this transaction may read and fill, or None if it must not keep any:
        it has uncommitted changes of its own, or it reads an older snapshot than a newer thread did."""
        if db.info.get("portraits_changed"):  # set by models.data_versions: this session's counter is behind
            return None
        school = db.get(School, school_id)  # in the session already when a conversation asks
        key = (school.portraits_version, today)
        kept = self._by_school.get(school_id)
        if kept is not None and kept[0] > key:
            return None
        if kept is None or kept[0] != key:
            kept = (key, {})
            self._by_school[school_id] = kept
        return kept[1]
