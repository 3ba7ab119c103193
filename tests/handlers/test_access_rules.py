"""handlers/access.py: who may see and do what."""
from __future__ import annotations

from datetime import datetime, timezone

from handlers import access
from models import Concern, Intervention


def test_concern_text_readers(db, school):
    concern = Concern(school_id=school.id, pupil_id=school.leo.id, raised_by_id=school.ta.id, noticed="x",
                      raised_at=datetime(2025, 3, 4, tzinfo=timezone.utc))
    concern.pupil = school.leo
    readers = {s.id for s in (school.senco, school.dsl, school.deputy, school.admin, school.teacher3, school.ta)}
    everyone = (school.senco, school.dsl, school.deputy, school.admin, school.teacher3, school.teacher4, school.ta,
                school.ta2, school.other_staff)
    assert {s.id for s in everyone if access.can_read_concern(s, concern)} == readers
    assert [s.id for s in everyone if access.can_manage_concern(s, concern)] == [school.senco.id]


def test_alerts_portraits_and_sessions(db, school):
    assert [s.name for s in (school.senco, school.dsl, school.deputy, school.admin) if access.can_read_alerts(s)] == [
        "Dev Marsh", "Ivy Lund"]
    assert access.can_read_portrait(school.ta, school.aisha) and not access.can_read_portrait(school.other_staff, school.aisha)
    changers = [s for s in (school.senco, school.teacher4, school.teacher3, school.ta, school.admin)
                if access.can_change_portrait(s, school.aisha)]
    assert changers == [school.senco, school.teacher4]
    group = db.get(Intervention, school.group.id)
    assert [s for s in (school.ta, school.ta2, school.senco, school.admin, school.teacher3)
            if access.can_read_sessions(s, group)] == [school.ta, school.senco, school.admin]
    assert access.can_record_session(db, school.ta) and not access.can_record_session(db, school.deputy)
