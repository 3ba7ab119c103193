"""A fictional primary school, deterministic from a seed and laid out around `today`.

Larkspur Lane Primary School (URN 999001): 210 pupils in seven classes (R to Year 6), about 20%
on SEN support and 3% with an EHC plan, staff in every role, pen portraits, six running
interventions with a term of sessions, plans with reviews coming up and parent conversations.
"""
from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta, timezone

import holidays
from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from bot.schooldata import demo_names as names
from bot.schooldata import demo_phrases as phr
from bot.schooldata.errors import SchoolDataError
from models.catalogue import create_school
from models.pupil import Pupil, upn_check_letter
from models.queries import programme_index, programmes
from models.school import School
from models.send import (
    Concern,
    Intervention,
    InterventionPupil,
    InterventionSession,
    ParentContact,
    PenPortraitVersion,
    Plan,
    PlanReview,
    SessionAttendance,
)
from models.staff import SchoolClass, Staff, StaffRole

DEMO_NAME = "Larkspur Lane Primary School"
DEMO_URN = "999001"
DOMAIN = "larkspur.example"
UPN_PREFIX = "999" + "9001"  # a fictional LA code and school number

# (class, year group, teacher)
CLASSES = (
    ("RB", "R", "Beth Barnard"), ("1H", "1", "Imran Hussain"), ("2L", "2", "Kasia Lewandowska"),
    ("3N", "3", "Chioma Nwosu"), ("4K", "4", "Liam Kearney"), ("5D", "5", "Harpreet Dhillon"),
    ("6W", "6", "Tom Whitfield"),
)
OTHER_STAFF = (
    ("Joanna Whitlock", ("head",)),
    ("Daniel Osei", ("dsl",)),  # deputy head
    ("Priya Raman", ("senco", "deputy_dsl")),
    ("Karen Lomas", ("admin",)),
    ("Sian Pritchard", ("ta",)), ("Aisha Begum", ("ta",)), ("Tomasz Nowak", ("ta",)),
    ("Lorraine Fisher", ("ta",)), ("Jade Okoro", ("ta",)), ("Megan Doyle", ("ta",)),
)


def email_for(name: str) -> str:
    first, last = name.split(" ", 1)
    return f"{first[0]}.{last.replace(' ', '').replace(chr(39), '')}@{DOMAIN}".lower()


DEMO_LOGINS: dict[str, str] = {
    "senco": email_for("Priya Raman"),
    "dsl": email_for("Daniel Osei"),
    "head": email_for("Joanna Whitlock"),
    "teacher": email_for("Imran Hussain"),  # class 1H
    "ta": email_for("Sian Pritchard"),  # leads the Precision Teaching group
    "admin": email_for("Karen Lomas"),
}

CLASS_SIZE = 30
K_NEEDS = ("SLCN",) * 10 + ("SEMH",) * 8 + ("MLD",) * 7 + ("SPLD",) * 6 + ("ASD",) * 5 + ("NSA",) * 2 + ("PD", "HI", "OTH", "VI")
E_NEEDS = ("ASD", "ASD", "ASD", "SLCN", "SLD", "PD")
NOT_IN_RECEPTION = {"SPLD", "MLD"}  # rarely identified before Year 1

# (programme, group name, lead TA, sessions a week, minutes, cost, needs, year groups, weeks running)
GROUPS = (
    ("Precision Teaching", "Y3/4 PT group", "Sian Pritchard", 3, 10, "4.50", {"SPLD", "MLD", "NSA"}, {"3", "4", "5"}, 10),
    ("Lego-based Therapy", "KS2 Lego club", "Tomasz Nowak", 1, 45, "15.00", {"ASD", "SLCN", "SEMH"}, {"3", "4", "5", "6"}, 12),
    ("ELSA", "ELSA friendships", "Aisha Begum", 1, 30, "12.00", {"SEMH"}, {"2", "3", "4", "5", "6"}, 9),
    ("Talk Boost", "Talk Boost KS1", "Jade Okoro", 3, 30, "6.00", {"SLCN"}, {"R", "1", "2"}, 8),
    ("Numicon", "Y1-3 Numicon", "Lorraine Fisher", 2, 20, "5.00", {"MLD", "NSA"}, {"1", "2", "3"}, 11),
    ("Sensory Circuits", "Morning sensory circuits", "Megan Doyle", 5, 15, "3.00", {"ASD", "SEMH", "PD", "SLD"}, {"R", "1", "2", "3", "4", "5", "6"}, 12),
)
WEEKDAYS_FOR = {1: (2,), 2: (1, 3), 3: (0, 2, 4), 5: (0, 1, 2, 3, 4)}


def _at(day: date, hour: int = 15, minute: int = 30) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=timezone.utc)


def _academic_start(today: date) -> int:
    return today.year if today.month >= 9 else today.year - 1


class _Builder:
    def __init__(self, db: Session, today: date, seed: int) -> None:
        self.db, self.today, self.rng = db, today, random.Random(seed)
        self.bank_holidays = holidays.country_holidays("GB", subdiv="ENG", years=range(today.year - 1, today.year + 2))

    def pick(self, options, k: int = 1) -> list:
        return self.rng.sample(list(options), min(k, len(options)))

    def is_school_day(self, day: date) -> bool:
        """Weekdays outside bank holidays and the usual summer and Christmas breaks."""
        if day.weekday() >= 5 or day in self.bank_holidays:
            return False
        md = (day.month, day.day)
        return not ((7, 23) <= md <= (9, 2) or md >= (12, 20) or md <= (1, 3))

    def school_day_back(self, days: int) -> date:
        """A school day about `days` before today."""
        day = self.today - timedelta(days=days)
        while not self.is_school_day(day):
            day -= timedelta(days=1)
        return day

    def school_day_ahead(self, days: int) -> date:
        """A school day about `days` after today."""
        day = self.today + timedelta(days=days)
        while not self.is_school_day(day):
            day += timedelta(days=1)
        return day

    # -- the school, staff and classes ---------------------------------------------------------
    def build(self) -> School:
        db = self.db
        school = create_school(db, name=DEMO_NAME, urn=DEMO_URN)
        self.school = school
        self.classes = {}
        for name, year, _ in CLASSES:
            self.classes[name] = SchoolClass(school_id=school.id, name=name, year_group=year)
        db.add_all(self.classes.values())
        self.staff: dict[str, Staff] = {}
        for name, year, teacher in CLASSES:
            self._add_staff(teacher, ("teacher",), [self.classes[name]])
        for name, roles in OTHER_STAFF:
            self._add_staff(name, roles, [])
        db.flush()
        self.teacher_of = {c: self.staff[t] for c, _, t in CLASSES}
        self.senco = self.staff["Priya Raman"]

        self._pupils()
        self._send_register()
        db.flush()
        self._portraits()
        self._plans()
        self._contacts()
        self._interventions()
        self._concerns()
        db.flush()
        return school

    def _add_staff(self, name: str, roles, classes) -> None:
        staff = Staff(school_id=self.school.id, name=name, email=email_for(name))
        staff.role_rows = [StaffRole(role=r) for r in roles]
        staff.classes = list(classes)
        self.db.add(staff)
        self.staff[name] = staff

    # -- pupils ------------------------------------------------------------------------------------
    def _pupils(self) -> None:
        start = _academic_start(self.today)
        used: set[str] = {f"{f} {l}".lower() for f, _, l, _ in names.PINNED}
        pinned_by_class: dict[str, list] = {}
        for first, preferred, last, cls in names.PINNED:
            pinned_by_class.setdefault(cls, []).append((first, preferred, last))
        self.pupils: list[Pupil] = []
        serials: dict[int, int] = {}
        for cls, year, _ in CLASSES:
            offset = 0 if year == "R" else int(year)
            rows = list(pinned_by_class.get(cls, []))
            while len(rows) < CLASS_SIZE:
                first, preferred = self.rng.choice(names.FIRST_NAMES)
                last = self.rng.choice(names.LAST_NAMES)
                full = f"{first} {last}".lower()
                shown = f"{preferred or first} {last}".lower()
                if first in ("Sam", "Samira") or full in used or full in names.AVOID or shown in names.AVOID:
                    continue
                used.add(full)
                rows.append((first, preferred, last))
            # Born between 1 September and 31 August of the cohort's year.
            cohort_start = date(start - 5 - offset, 9, 1)
            entry_year = (start - offset) % 100  # UPN allocated when they started Reception
            for first, preferred, last in rows:
                serials[entry_year] = serials.get(entry_year, 0) + 1
                body = f"{UPN_PREFIX}{entry_year:02d}{serials[entry_year]:03d}"
                self.pupils.append(Pupil(
                    school_id=self.school.id, upn=upn_check_letter(body) + body, first_name=first,
                    preferred_name=preferred, last_name=last, year_group=year,
                    school_class=self.classes[cls], sen_status="N",
                    date_of_birth=cohort_start + timedelta(days=self.rng.randrange(365)),
                ))
        self.db.add_all(self.pupils)

    def _send_register(self) -> None:
        chosen = self.pick(self.pupils, len(K_NEEDS) + len(E_NEEDS))
        ehcp, support = chosen[: len(E_NEEDS)], chosen[len(E_NEEDS):]
        needs = list(K_NEEDS)
        self.rng.shuffle(needs)
        for pupil, need in zip(support, needs):
            pupil.sen_status, pupil.primary_need = "K", need
        # Move needs rarely identified in Reception to an older pupil on the register.
        for pupil in support:
            if pupil.year_group == "R" and pupil.primary_need in NOT_IN_RECEPTION:
                other = next(p for p in support if p.year_group != "R" and p.primary_need not in NOT_IN_RECEPTION)
                pupil.primary_need, other.primary_need = other.primary_need, pupil.primary_need
        for pupil, need in zip(ehcp, E_NEEDS):
            pupil.sen_status, pupil.primary_need = "E", need
        self.register = sorted(ehcp + support, key=lambda p: p.upn)

    # -- records about each pupil on the register ---------------------------------------------
    def _bank(self, pupil: Pupil) -> dict[str, tuple[str, ...]]:
        return phr.NEEDS[pupil.primary_need or "NSA"]

    def _portraits(self) -> None:
        for pupil in self.register:
            bank, name = self._bank(pupil), pupil.known_as
            written = self.school_day_back(self.rng.randrange(20, 70))
            content = dict(
                strengths=self.pick(phr.STRENGTHS, 3),
                interests=self.pick(phr.INTERESTS, 3),
                needs=self.pick(bank["needs"], 3),
                strategies=self.pick(bank["strategies"], 4),
                avoid=self.pick(bank["avoid"], 2),
                communication=self.rng.choice(bank["communication"]).format(name=name),
                pupil_voice=" ".join(self.pick(bank["voice"], 2)),
            )
            author = self.rng.choice((self.senco, self.teacher_of[pupil.school_class.name]))
            self.db.add(PenPortraitVersion(school_id=self.school.id, pupil_id=pupil.id, version=1,
                                           updated_by_id=author.id, updated_at=_at(written), **content))
            if self.rng.random() < 0.25:  # reviewed since: one more strategy that works
                extra = [s for s in bank["strategies"] if s not in content["strategies"]][:1]
                content["strategies"] = content["strategies"] + extra
                self.db.add(PenPortraitVersion(
                    school_id=self.school.id, pupil_id=pupil.id, version=2, updated_by_id=self.senco.id,
                    updated_at=_at(self.school_day_back(self.rng.randrange(3, 19))), **content))

    def _plans(self) -> None:
        semh = [p for p in self.register if p.primary_need == "SEMH" and p.sen_status == "K"]
        psp = set(id(p) for p in semh[:2])
        for pupil in self.register:
            bank = self._bank(pupil)
            due = self.school_day_ahead(self.rng.randrange(3, 56))
            if pupil.sen_status == "E":
                issued = self.today - timedelta(days=self.rng.randrange(200, 330))
                under_five = (self.today - pupil.date_of_birth).days < 5 * 365
                plan = Plan(school_id=self.school.id, pupil_id=pupil.id, kind="ehcp", targets=self.pick(bank["targets"], 3),
                            review_cadence="six_monthly" if under_five else "annual", starts_on=issued,
                            issued_on=issued, next_review_due=due)
            else:
                older = self.rng.random() < 0.5
                plan = Plan(school_id=self.school.id, pupil_id=pupil.id, kind="isp", targets=self.pick(bank["targets"], 3),
                            review_cadence="termly", starts_on=self.school_day_back(150 if older else self.rng.randrange(30, 60)),
                            next_review_due=due)
                if older:
                    plan.reviews = [PlanReview(held_on=self.school_day_back(self.rng.randrange(60, 80)),
                                               outcome=self.rng.choice(phr.REVIEW_OUTCOMES), recorded_by_id=self.senco.id)]
            self.db.add(plan)
            if id(pupil) in psp:
                self.db.add(Plan(school_id=self.school.id, pupil_id=pupil.id, kind="psp",
                                 targets=self.pick(phr.NEEDS["SEMH"]["targets"], 2), review_cadence="half_termly",
                                 starts_on=self.school_day_back(self.rng.randrange(20, 35)),
                                 next_review_due=self.school_day_ahead(self.rng.randrange(2, 15))))

    def _contacts(self) -> None:
        term_start = self.school_day_back(60)
        for pupil in self.register:
            teacher = self.teacher_of[pupil.school_class.name]
            if self.rng.random() < 0.7:
                held = self.school_day_back(self.rng.randrange(4, 55))
                self.db.add(ParentContact(
                    school_id=self.school.id, pupil_id=pupil.id, status="held", contact_on=held,
                    with_whom=self.rng.choice(phr.WITH_WHOM), staff_id=self.rng.choice((teacher, self.senco)).id,
                    summary=self.rng.choice(phr.CONTACT_SUMMARIES), agreed_actions=self.rng.choice(phr.AGREED_ACTIONS),
                    recorded_by_id=teacher.id, recorded_at=_at(held, 16, 10),
                ))
            planned = self.school_day_ahead(self.rng.randrange(3, 45))
            self.db.add(ParentContact(
                school_id=self.school.id, pupil_id=pupil.id, status="planned", contact_on=planned,
                with_whom=self.rng.choice(phr.WITH_WHOM[:3]), staff_id=teacher.id,
                recorded_by_id=self.senco.id, recorded_at=_at(term_start, 9, 0),
            ))

    # -- interventions and a term of sessions -----------------------------------------------------
    def _interventions(self) -> None:
        catalogue = programme_index(programmes(self.db, school_id=self.school.id))
        for programme_name, name, lead_name, per_week, minutes, cost, needs, years, weeks in GROUPS:
            lead = self.staff[lead_name]
            fits = [p for p in self.register if p.primary_need in needs and p.year_group in years]
            if len(fits) < 3:
                fits += [p for p in self.register if p.year_group in years and p not in fits]
            members = sorted(self.pick(fits, self.rng.randint(3, 6)), key=lambda p: p.upn)
            starts = self.school_day_ahead(-weeks * 7)  # the first school day on or after
            group = Intervention(
                school_id=self.school.id, programme_id=catalogue[programme_name.casefold()].id, lead_staff_id=lead.id,
                name=name, starts_on=starts, ends_on=self.school_day_ahead(self.rng.randrange(14, 50)),
                sessions_per_week=per_week, minutes_per_session=minutes, cost_per_session=cost,
            )
            baseline = {p.id: self.rng.randint(6, 14) for p in members}
            group.members = [InterventionPupil(pupil_id=p.id, entry_assessment=self._entry(programme_name, baseline[p.id]))
                             for p in members]
            self.db.add(group)
            self.db.flush()
            day, n = starts, 0
            while day < self.today:
                if day.weekday() in WEEKDAYS_FOR[per_week] and self.is_school_day(day) and self.rng.random() > 0.06:
                    n += 1
                    session = InterventionSession(
                        school_id=self.school.id, intervention_id=group.id, programme_id=group.programme_id,
                        delivered_on=day, minutes=minutes, delivered_by_id=lead.id, recorded_by_id=lead.id,
                        recorded_at=_at(day), note=self._note(programme_name) if self.rng.random() < 0.2 else None,
                    )
                    session.attendance = [
                        SessionAttendance(pupil_id=p.id, present=(present := self.rng.random() > 0.08),
                                          score=self._score(programme_name, baseline[p.id], n) if present else None)
                        for p in members
                    ]
                    self.db.add(session)
                day += timedelta(days=1)

    def _entry(self, programme: str, base: int) -> str:
        return {
            "Precision Teaching": f"PT probe: {base} words a minute",
            "Numicon": f"Numicon baseline: {base}/20",
            "Talk Boost": f"Talk Boost tracker: {base + 20}/60",
            "ELSA": f"Emotional literacy checklist: {base + 14}/40",
            "Lego-based Therapy": f"Social skills checklist: {base + 10}/40",
            "Sensory Circuits": self.rng.choice(("Sensory profile: seeking", "Sensory profile: avoiding", "Sensory profile: mixed")),
        }[programme]

    def _score(self, programme: str, base: int, n: int) -> str | None:
        if programme == "Precision Teaching":
            return f"{base + n // 3 + self.rng.randint(-1, 1)}/min"
        if programme == "Numicon":
            return f"{min(20, base + n // 4 + self.rng.randint(-1, 1))}/20"
        return None

    def _note(self, programme: str) -> str:
        return self.rng.choice((
            "Good focus today.", "Tired after PE; shorter session.", "Great turn-taking.",
            "Needed a movement break halfway.", "Started late: hall in use.", f"Enjoyed the {programme} activities.",
        ))

    def _concerns(self) -> None:
        pool = [p for p in self.pupils if p.sen_status == "N" and p.year_group != "R"]
        for pupil, (noticed, evidence, area) in zip(self.pick(pool, len(phr.CONCERNS)), phr.CONCERNS):
            teacher = self.teacher_of[pupil.school_class.name]
            raised = _at(self.school_day_back(self.rng.randrange(2, 12)), 15, 45)
            first = Concern(school_id=self.school.id, pupil_id=pupil.id, raised_by_id=teacher.id, noticed=noticed,
                            evidence=evidence, area_of_need=area, status="open", raised_at=raised,
                            recorded_by_id=teacher.id, recorded_at=raised)
            self.db.add(first)
            self.db.flush()
            first.reference = first.id
            if area == "semh":  # the SENCO has picked this one up: a new version, not an edit
                self.db.add(Concern(school_id=self.school.id, reference=first.id, supersedes_id=first.id,
                                    pupil_id=pupil.id, raised_by_id=teacher.id, noticed=noticed, evidence=evidence,
                                    area_of_need=area, status="acknowledged", raised_at=raised,
                                    recorded_by_id=self.senco.id, recorded_at=raised + timedelta(days=1)))


def build_demo(db: Session, *, today: date, seed: int = 2026) -> School:
    """Fill an empty database with the demo school (the caller commits); refuses if any school exists."""
    if db.scalar(select(exists().where(School.id.isnot(None)))):
        raise SchoolDataError("The demo school goes only into an empty database: this one already has a school.")
    return _Builder(db, today, seed).build()


def demo_if_empty(db: Session, *, today: date, seed: int = 2026) -> bool:
    """Build the demo school when the database has no school yet; True if it did."""
    if db.scalar(select(exists().where(School.id.isnot(None)))):
        return False
    build_demo(db, today=today, seed=seed)
    return True
