"""The web chat over HTTP: the page, the staff picker, messages, buttons, forms and demo triggers."""
from __future__ import annotations

import json
import re

from sqlalchemy import func, select

from models import ChannelRegistration, ConversationRef, InterventionSession
from tests.webchat.conftest import payload


async def test_the_page_is_served_with_its_words_and_settings(client):
    response = await client.get("/")
    assert response.status == 200 and response.content_type == "text/html"
    html = await response.text()
    assert "<title>SENDbot web chat</title>" in html
    assert "{{" not in html  # every slot filled from prompts/
    config = json.loads(re.search(r'<script type="application/json" id="config">(.*?)</script>', html, re.S).group(1))
    assert config["triggers"] == ["digest", "nudges"]
    assert config["words"]["you"] == "You"
    for asset in ("/webchat/static/chat.css", "/webchat/static/chat.js"):
        assert asset in html
        assert (await client.get(asset)).status == 200
    assert (await client.get("/webchat/static/index.html")).status == 404


async def test_staff_are_listed_leads_first_with_their_roles(client, school):
    response = await client.get("/webchat/api/staff")
    assert response.status == 200
    [fernhill] = (await response.json())["schools"]
    assert fernhill["name"] == "Fernhill Primary"
    assert [(p["name"], p["role_label"]) for p in fernhill["staff"]] == [
        ("Priya Raman", "SENCO"), ("Dev Osei", "designated safeguarding lead"),
        ("Imran Hussain", "class teacher"), ("Sian Pritchard", "teaching assistant"),
    ]
    assert fernhill["staff"][0]["id"] == school.senco


async def test_picking_someone_makes_them_and_the_staff_room_reachable_once(client, school, services):
    for _ in range(2):  # a second tab, or a reload
        response = await client.post("/webchat/api/pick", json=payload("pick", staff_id=school.senco))
        assert response.status == 200
    body = await response.json()
    assert body["staff"]["name"] == "Priya Raman"
    assert "Hello Priya Raman" in body["html"][0] and "Fernhill Primary" in body["html"][0]
    with services.factory() as db:
        refs = db.scalars(select(ConversationRef).order_by(ConversationRef.id)).all()
        assert [(r.conversation_id, r.staff_id, r.is_channel, r.school_id) for r in refs] == [
            (f"webchat:{school.senco}", school.senco, False, school.school_id),
            (f"webchat:staff-room:{school.school_id}", None, True, school.school_id),
        ]
        [registration] = db.scalars(select(ChannelRegistration)).all()
        assert (registration.purpose, registration.conversation_ref_id) == ("digest", refs[1].id)


async def test_a_message_is_answered_with_html_and_a_dispatch_pass(client, school, calls):
    response = await client.post("/webchat/api/message", json=payload("message_text", staff_id=school.teacher))
    assert response.status == 200
    [html] = (await response.json())["html"]
    assert html.startswith('<article class="msg bot"')
    assert calls.dispatched == 1


async def test_the_session_form_records_a_session_and_offers_undo(client, school, services):
    ruby, theo = school.pupils["Ruby"], school.pupils["Theo"]
    opened = await client.post("/webchat/api/message", json=payload(
        "press_button", staff_id=school.ta, action="record_session", values={}, id="open-form"))
    [form_html] = (await opened.json())["html"]
    assert 'data-action="record_session"' in form_html and f'data-name="attend_{ruby}"' in form_html
    assert "Ruby Ashworth" in form_html

    body = payload("submit_form", staff_id=school.ta)
    body["values"] = {**body["values"], "pupils": [str(ruby), str(theo)]}
    saved = await client.post("/webchat/api/message", json=body)
    [recorded] = (await saved.json())["html"]
    assert 'data-action="undo_session"' in recorded and 'class="choice danger"' in recorded
    with services.factory() as db:
        [session] = db.scalars(select(InterventionSession)).all()
        assert (session.programme.name, session.minutes, session.delivered_by_id) == ("Lego-based Therapy", 30, school.ta)
        assert sorted(a.pupil_id for a in session.attendance) == sorted([ruby, theo])


async def test_form_errors_show_beside_the_field_and_keep_what_was_typed(client, school, services):
    body = payload("submit_form", staff_id=school.ta, id="with-errors")
    body["values"] = {**body["values"], "pupils": [str(school.pupils["Ruby"])], "minutes": "900",
                      "note": "Worked well <b>together</b>"}
    response = await client.post("/webchat/api/message", json=body)
    [html] = (await response.json())["html"]
    minutes = re.search(r'<div class="field has-error" data-name="minutes".*?</div>', html, re.S).group(0)
    assert 'value="900"' in minutes and 'aria-invalid="true"' in minutes and 'class="error"' in minutes
    assert "Worked well &lt;b&gt;together&lt;/b&gt;</textarea>" in html
    ruby = re.search(rf'data-name="attend_{school.pupils["Ruby"]}".*?</div>', html, re.S).group(0)
    assert 'value="present" selected' in ruby or 'value="present" checked' in ruby
    with services.factory() as db:
        assert db.scalar(select(func.count(InterventionSession.id))) == 0


async def test_a_repeated_send_is_saved_once(client, school, services):
    body = payload("submit_form", staff_id=school.ta, id="same-click")
    body["values"] = {**body["values"], "pupils": [str(school.pupils["Ruby"])]}
    first = await client.post("/webchat/api/message", json=body)
    again = await client.post("/webchat/api/message", json=body)
    assert len((await first.json())["html"]) == 1
    assert (await again.json())["html"] == []
    with services.factory() as db:
        assert db.scalar(select(func.count(InterventionSession.id))) == 1


async def test_requests_not_shaped_like_the_page_are_refused_with_a_reason(client, school):
    cases = [
        ({"data": "staff_id=1&text=hi", "headers": {"Content-Type": "application/x-www-form-urlencoded"}}, 415),
        ({"data": "[1, 2]", "headers": {"Content-Type": "application/json"}}, 400),
        ({"data": "{not json", "headers": {"Content-Type": "application/json"}}, 400),
        ({"json": {"staff_id": "1", "text": "help"}}, 400),
        ({"json": {"staff_id": school.ta, "text": 12}}, 400),
        ({"json": {"staff_id": school.ta, "action": "", "values": {}}}, 400),
        ({"json": {"staff_id": school.ta, "text": "hi", "values": ["x"]}}, 400),
        ({"json": {"staff_id": 999999, "text": "help"}}, 404),
    ]
    for kwargs, status in cases:
        response = await client.post("/webchat/api/message", **kwargs)
        assert response.status == status, kwargs
        assert (await response.json())["error"]


async def test_a_post_from_another_site_is_refused(client, school):
    response = await client.post("/webchat/api/message", json=payload("message_text", staff_id=school.ta),
                                 headers={"Origin": "https://evil.example"})
    assert response.status == 403
    assert "another website" in (await response.json())["error"]
    same = await client.post("/webchat/api/message", json=payload("message_text", staff_id=school.ta),
                             headers={"Origin": str(client.make_url("/")).rstrip("/")})
    assert same.status == 200


async def test_demo_triggers_run_for_the_pickers_school_then_dispatch(client, school, calls):
    response = await client.post("/webchat/api/trigger/digest", json={"staff_id": school.senco})
    assert response.status == 200
    assert "staff channel" in (await response.json())["html"][0]
    assert calls.triggered == [("digest", school.school_id)] and calls.dispatched == 1
    missing = await client.post("/webchat/api/trigger/fire-drill", json={"staff_id": school.senco})
    assert missing.status == 404 and (await missing.json())["error"]
