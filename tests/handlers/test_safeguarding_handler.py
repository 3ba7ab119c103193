"""Safeguarding: never a SEND concern; an urgent direct alert to every DSL; the procedure at once."""
from __future__ import annotations

from sqlalchemy import select

from bot.prompts import prompts
from handlers.notifications import reply_for
from models import AuditEvent, Concern, SafeguardingAlert
from tests.handlers.conftest import outbox

SAID = "Leo said his uncle hits him when he gets home late"


def test_alert_goes_to_the_dsls_only_and_no_concern_is_filed(db, school, chat):
    me = chat(school.ta)
    reply = me.say("safeguarding", SAID, pupil_ids=[school.leo.id], safeguarding=True)
    assert reply.prompt == "safeguarding.reply" and reply.expect is None
    alert = db.scalar(select(SafeguardingAlert))
    assert (alert.raised_by_id, alert.pupil_id, alert.text, alert.channel) == (
        school.ta.id, school.leo.id, SAID, "teams")
    assert db.scalar(select(Concern)) is None
    messages = outbox(db)
    assert {m.recipient for m in messages} == {f"staff:{school.dsl.id}", f"staff:{school.deputy.id}"}
    assert all(m.kind == "safeguarding.alert" and m.urgent and m.recipient.startswith("staff:") for m in messages)
    assert messages[0].data["alert_id"] == alert.id and messages[0].data["raised_by"] == "Ola Brandt"
    # The outbox row holds no words of the disclosure: they are read from the restricted alert when it is sent.
    assert SAID not in str(messages[0].data) and "uncle" not in str(messages[0].data)
    assert SAID in prompts().render(reply_for(messages[0], db)).text
    text = me.rendered.text
    assert "Do not investigate or promise secrecy" in text and "Dev Marsh" in text and "Ivy Lund" in text
    assert SAID not in text and "uncle" not in text
    assert db.scalar(select(AuditEvent).where(AuditEvent.record == "safeguarding_alert")).detail == f"alert {alert.id} open (clear)"


def test_schools_own_procedure_and_mid_concern(db, school, chat):
    school.school.safeguarding_procedure = "Go to the DSL office in person now. Use the blue form."
    db.commit()
    me = chat(school.teacher3, channel="slack", is_channel=True)
    reply = me.say("log_concern", "concern about Jack", pupil_ids=[school.jack.id])
    assert reply.expect.missing == "noticed"
    reply = me.route("safeguarding", "he has bruises on his arms and said not to tell")
    assert reply.prompt == "safeguarding.reply"
    assert "blue form" in me.rendered.text and "not in a channel" in me.rendered.text
    alert = db.scalar(select(SafeguardingAlert))
    assert alert.pupil_id == school.jack.id and alert.channel == "slack"
    assert db.scalar(select(Concern)) is None


def test_no_dsl_set_up(db, school, chat):
    for person in (school.dsl, school.deputy):
        person.active = False
    db.commit()
    me = chat(school.ta)
    me.say("safeguarding", "a child told me something worrying")
    assert "tell the head teacher now" in me.rendered.text
    assert outbox(db) == [] and db.scalar(select(SafeguardingAlert)).pupil_id is None
