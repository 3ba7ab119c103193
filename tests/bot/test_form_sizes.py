"""Every form in a 2,000-pupil school: Teams cards within 28 KB, Slack modals within 100 blocks."""
from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.prompts import prompts
from bot.render import adaptive, blockkit
from handlers.concerns import concern_form
from handlers.parents import parent_form
from handlers.reply import Reply
from handlers.request import Request
from handlers.sessions import session_form
from models import Intervention, InterventionPupil, Programme, Pupil, SchoolClass
from models.catalogue import create_school
from tests.handlers.conftest import NOW, TODAY, make_staff

TEAMS_CARD_LIMIT = 28 * 1024
SLACK_MODAL_BLOCKS = 100


@pytest.fixture
def big_school(db):
    """2,000 pupils in 56 classes; a teacher of 66, a TA leading four groups of 10, a SENCO with neither."""
    school = create_school(db, name="Hazelmere Academy", urn="990900")
    classes = [SchoolClass(school_id=school.id, name=f"{y}{c}", year_group=str(y)) for y in range(1, 8) for c in "ABCDEFGH"]
    db.add_all(classes)
    db.flush()
    pupils = [Pupil(school_id=school.id, upn=f"H{990000000000 + i}", first_name=f"Pupil{i}", last_name=f"Surname{i}",
                    year_group=classes[i % len(classes)].year_group, class_id=classes[i % len(classes)].id)
              for i in range(2000)]
    db.add_all(pupils)
    db.flush()
    big_class = classes[0]
    for p in pupils[2000 - 30:]:  # a crowded class: its own 36 and 30 more
        p.class_id = big_class.id
    teacher = make_staff(db, school.id, "Wren Ashby", "teacher", classes=[big_class])
    ta = make_staff(db, school.id, "Mo Farrant", "ta")
    senco = make_staff(db, school.id, "Kit Lowry", "senco")
    pt = db.scalar(select(Programme).where(Programme.school_id == school.id, Programme.name == "Precision Teaching"))
    for g in range(4):
        db.add(Intervention(school_id=school.id, programme_id=pt.id, lead_staff_id=ta.id, name=f"PT group {g}",
                            starts_on=TODAY - timedelta(days=10), ends_on=TODAY + timedelta(days=40),
                            members=[InterventionPupil(pupil_id=p.id) for p in pupils[g * 10:(g + 1) * 10]]))
    db.commit()
    return {"teacher": teacher, "ta": ta, "senco": senco, "pupil": pupils[0],
            "class_size": sum(p.class_id == big_class.id for p in pupils)}


def _req(actor, intent):
    return Request(actor=actor, channel="teams", intent=intent, now=NOW, today=TODAY)


def _sizes(form) -> tuple[int, int]:
    rendered = prompts().render(Reply("session.form_intro", form=form))
    card = adaptive.to_card(rendered, prompts())
    view = blockkit.modal(rendered.form, metadata={"action": form.action}, cancel="Cancel", placeholder="Choose",
                          search="Search", intro=rendered.text)
    return len(json.dumps(card).encode()), len(view["blocks"])


@pytest.mark.parametrize("who", ["teacher", "ta", "senco"])
def test_every_form_fits_teams_and_slack_in_a_big_school(db, big_school, who):
    actor = big_school[who]
    forms = [session_form(_req(actor, "record_session"), db),
             concern_form(db, _req(actor, "log_concern")),
             concern_form(db, _req(actor, "log_concern"), {"noticed": "x" * 500}, big_school["pupil"]),
             parent_form(big_school["pupil"], {"with_whom": "Mum", "summary": "y" * 500}, TODAY)]
    for form in forms:
        card_bytes, blocks = _sizes(form)
        assert card_bytes <= TEAMS_CARD_LIMIT, (form.action, who, card_bytes)
        assert blocks <= SLACK_MODAL_BLOCKS, (form.action, who, blocks)


def test_the_forms_start_from_the_persons_own_pupils(db, big_school):
    ta_form = session_form(_req(big_school["ta"], "record_session"), db)
    assert sum(f.name.startswith("attend_") for f in ta_form.fields) == 40  # the four groups, each pupil once
    senco_form = session_form(_req(big_school["senco"], "record_session"), db)
    assert not any(f.name.startswith("attend_") for f in senco_form.fields)  # no groups or class: type names
    assert "others" in {f.name for f in senco_form.fields}
    teacher_concern = concern_form(db, _req(big_school["teacher"], "log_concern"))
    assert len(teacher_concern.fields[0].options) == big_school["class_size"] == 66
