"""The school calendar: school days, England's default pattern, the four nations' bank holidays, CSV import."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from models import CalendarPeriod
from models.calendar import (
    CalendarImportError, calendar_from_periods, default_calendar, import_calendar, load_calendar, term_for,
)
from models.catalogue import create_school
from models.nudging import next_review_due


def test_default_calendar_skips_weekends_holidays_inset_and_bank_holidays(db):
    school = create_school(db, name="Hollybrook Primary (fictional)", urn="999201")
    cal = load_calendar(db, school_id=school.id)
    assert cal.is_school_day(date(2026, 9, 3))  # first pupil day after two INSET days
    assert not cal.is_school_day(date(2026, 9, 1)) and not cal.is_school_day(date(2026, 9, 2))  # INSET
    assert not cal.is_school_day(date(2026, 9, 5))  # Saturday
    assert not cal.is_school_day(date(2026, 10, 28))  # October half-term
    assert not cal.is_school_day(date(2026, 12, 23))  # Christmas holidays
    assert not cal.is_school_day(date(2027, 5, 3))  # May Day bank holiday, in term
    assert not cal.is_school_day(date(2027, 8, 2))  # summer holidays
    assert cal.add_school_days(date(2026, 10, 23), 1) == date(2026, 11, 3)  # over half-term and an INSET day
    assert cal.add_school_days(date(2026, 11, 3), -1) == date(2026, 10, 23)
    assert cal.school_days_between(date(2026, 12, 14), date(2027, 1, 8)) == 8  # 14-18 Dec, 5-7 Jan
    assert cal.term_of(date(2026, 12, 25)).name == "Spring term"
    assert cal.half_term_of(date(2027, 2, 17)).name == "Spring 2"
    # Five INSET days a year, two years.
    assert sum(1 for p in default_calendar() if p.kind == "inset") == 10


@pytest.mark.parametrize("nation, day, school_day", [
    ("england", date(2026, 11, 30), True),  # St Andrew's Day is a Scottish bank holiday only
    ("scotland", date(2026, 11, 30), False),
    ("northern_ireland", date(2027, 3, 17), False),  # St Patrick's Day
    ("england", date(2027, 3, 17), True),
])
def test_bank_holidays_follow_the_schools_nation(nation, day, school_day):
    cal = calendar_from_periods(list(default_calendar()), nation=nation)
    assert cal.is_school_day(day) is school_day


def test_term_for_uses_the_default_pattern_until_a_school_gives_dates(db, tmp_path):
    school = create_school(db, name="Hollybrook Primary (fictional)", urn="999201")
    assert term_for(db, school_id=school.id, day=date(2026, 12, 1)).ends_on == date(2026, 12, 18)
    path = tmp_path / "calendar.csv"
    path.write_text("kind,name,starts_on,ends_on\nterm,Autumn term,2026-09-03,2026-12-16\n"
                    "half_term,Autumn 1,2026-09-03,2026-10-21\ninset,INSET,2026-09-03,2026-09-03\n", encoding="utf-8")
    assert import_calendar(db, school_id=school.id, path=path) == 3
    assert term_for(db, school_id=school.id, day=date(2026, 12, 1)).ends_on == date(2026, 12, 16)
    assert not load_calendar(db, school_id=school.id).is_school_day(date(2026, 9, 3))


def test_a_bad_calendar_csv_is_refused_whole_with_every_error_by_line(db, tmp_path):
    school = create_school(db, name="Hollybrook Primary (fictional)", urn="999201")
    path = tmp_path / "calendar.csv"
    path.write_text("kind,name,starts_on,ends_on\n"
                    "term,Autumn term,2026-09-03,2026-12-16\n"
                    "holiday,Christmas,2026-12-17,2027-01-04\n"
                    "half_term,Autumn 1,2026-09-03,03/10/2026\n"
                    "term,Spring term,2027-04-01,2027-01-05\n", encoding="utf-8")
    with pytest.raises(CalendarImportError) as refused:
        import_calendar(db, school_id=school.id, path=path)
    problems = refused.value.problems
    assert any(p.startswith("line 3: kind 'holiday'") for p in problems)
    assert any(p.startswith("line 4: ends_on '03/10/2026' is not a date") for p in problems)
    assert any(p.startswith("line 5: ends_on is before starts_on") for p in problems)
    assert db.scalars(select(CalendarPeriod).where(CalendarPeriod.school_id == school.id)).all() == []


def test_review_cadences():
    cal = calendar_from_periods(list(default_calendar()), nation="england")
    assert next_review_due(cadence="termly", kind="isp", reviewed_on=date(2026, 11, 20), calendar=cal) == date(2027, 3, 25)
    assert next_review_due(cadence="half_termly", kind="psp", reviewed_on=date(2026, 11, 20), calendar=cal) == date(2027, 2, 12)
    assert next_review_due(cadence="annual", kind="ehcp", reviewed_on=date(2027, 1, 14), calendar=cal,
                           issued_on=date(2026, 1, 15), date_of_birth=date(2018, 5, 20)) == date(2028, 1, 14)
    # Issued before the child turned five: every six months.
    assert next_review_due(cadence="annual", kind="ehcp", reviewed_on=date(2026, 8, 31), calendar=cal,
                           issued_on=date(2025, 3, 1), date_of_birth=date(2021, 4, 2)) == date(2027, 2, 28)
