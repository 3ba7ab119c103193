"""Parent and carer conversations, counted against the termly expectation."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from tests.handlers.conftest import TODAY
from models import ParentContact


def test_one_message(db, school, chat):
    me = chat(school.teacher3)
    reply = me.say("log_parent_contact", "Spoke to Leo's mum after school about reading at home. "
                   "agreed: reading record checked on Fridays", pupil_ids=[school.leo.id])
    assert reply.prompt == "parent_contact.logged"
    contact = db.scalar(select(ParentContact))
    assert contact.with_whom == "Mum" and contact.status == "held" and contact.contact_on == TODAY
    assert contact.summary.startswith("Spoke to Leo's mum") and contact.agreed_actions.startswith("reading record")
    assert "That's **1** this Spring term" in me.rendered.text


def test_asks_who_and_what(db, school, chat):
    me = chat(school.senco)
    reply = me.say("log_parent_contact", "log parent contact for Aisha", pupil_ids=[school.aisha.id],
                   date=(TODAY - timedelta(days=2)).isoformat())
    assert reply.prompt == "parent_contact.ask_whom" and reply.expect.missing == "with_whom"
    reply = me.press(reply.choices[4])  # Grandparent
    assert reply.prompt == "parent_contact.ask_summary"
    reply = me.say("", "Sleep has been poor since the move; agreed: quiet start in the mornings")
    assert reply.prompt == "parent_contact.confirm" and db.scalar(select(ParentContact)) is None
    reply = me.say("", "yes")
    assert reply.prompt == "parent_contact.logged"
    contact = db.scalar(select(ParentContact))
    assert contact.with_whom == "Grandparent" and contact.contact_on == TODAY - timedelta(days=2)
    assert contact.agreed_actions == "quiet start in the mornings"
    assert "at least 1 expected" not in me.rendered.text


def test_counts_this_term_only(db, school, chat):
    me = chat(school.teacher3)
    db.add(ParentContact(school_id=school.id, pupil_id=school.leo.id, contact_on=TODAY - timedelta(days=120),
                         with_whom="Dad", summary="Autumn chat"))
    db.commit()
    me.say("log_parent_contact", "Phoned dad about homework club", pupil_ids=[school.leo.id])
    assert me.say("log_parent_contact", "Carer rang to say Leo slept badly and may be tired",
                  pupil_ids=[school.leo.id]).data["count"] == 2
    assert db.scalars(select(ParentContact.with_whom).order_by(ParentContact.id)).all() == ["Dad", "Dad", "Carer"]


def test_another_schools_pupil(db, school, chat):
    reply = chat(school.teacher3).say("log_parent_contact", "spoke to mum about reading",
                                      pupil_ids=[school.other_pupil.id])
    assert reply.prompt == "pupil.no_such" and db.scalar(select(ParentContact)) is None
