"""The Block Kit renderer: Slack's limits, phone-first inputs, escaping; every payload passes slack_sdk."""
from __future__ import annotations

import pytest

from bot.channels.slack.forms import submission
from bot.prompts import prompts
from bot.render import blockkit
from handlers.reply import Choice, Field, Form, Option, Reply
from tests.slack.blocks import assert_valid_message, assert_valid_view

WORDS = prompts()


def _modal(form: Form) -> dict:
    rendered = WORDS.render(Reply("slack.form.intro", form=form)).form
    view = blockkit.modal(rendered, metadata={"action": form.action}, cancel="Cancel", placeholder="Choose…",
                          search="Type a name…", intro="Fill this in.")
    assert_valid_view(view)
    return view


def _pupils(n: int) -> list[Option]:
    return [Option(str(i), f"Pupil {i} (3A)") for i in range(1, n + 1)]


def _element(view: dict, name: str) -> dict:
    return next(b for b in view["blocks"] if b.get("block_id") == name)["element"]


def test_mrkdwn_escapes_slack_controls_and_keeps_bold_and_lists():
    text = blockkit.mrkdwn("**Sam & Leo** <@U1> said <!channel>\n- one\n- two")
    assert text == "*Sam &amp; Leo* &lt;@U1&gt; said &lt;!channel&gt;\n• one\n• two"


@pytest.mark.parametrize("count, kind", [(4, "checkboxes"), (10, "checkboxes"), (11, "multi_static_select"),
                                         (100, "multi_static_select"), (101, "multi_external_select")])
def test_pupils_picker_fits_the_group_size(count, kind):
    form = Form("record_session", "session.form_title", (
        Field("pupils", "session.field.pupils", "pupils", required=True, options=_pupils(count), value=["1", "2"]),))
    element = _element(_modal(form), "pupils")
    assert element["type"] == kind
    if kind != "multi_external_select":
        assert [o["value"] for o in element["initial_options"]] == ["1", "2"]


def test_single_pupil_over_a_hundred_becomes_a_search():
    form = Form("log_concern", "slack.concern.title", (
        Field("pupil_id", "slack.concern.pupil", "pupil", options=_pupils(250), value="7"),))
    element = _element(_modal(form), "pupil_id")
    assert element["type"] == "external_select" and element["initial_option"]["value"] == "7"


def test_number_date_checkbox_and_text_inputs():
    form = Form("x", "session.form_title", (
        Field("minutes", "session.field.minutes", "number", min=1, max=240, value=15),
        Field("date", "session.field.date", "date", value="2025-03-04"),
        Field("absent_all", "session.field.absent", "checkbox", value=True),
        Field("note", "session.field.note", "textarea", value="x" * 4000),
    ))
    view = _modal(form)
    minutes = _element(view, "minutes")
    assert (minutes["type"], minutes["min_value"], minutes["max_value"], minutes["initial_value"]) == \
        ("number_input", "1", "240", "15")
    assert _element(view, "date")["initial_date"] == "2025-03-04"
    assert _element(view, "absent_all")["initial_options"][0]["value"] == "yes"
    assert len(_element(view, "note")["initial_value"]) == 3000


def test_errors_are_keyed_by_field_and_shown_as_hints():
    form = Form("record_session", "session.form_title", (
        Field("minutes", "session.field.minutes", "number", error="session.error.minutes"),
        Field("score", "session.field.score", "text", help="session.field.score_help"),))
    rendered = WORDS.render(Reply("session.form_errors", form=form)).form
    assert blockkit.field_errors(rendered) == {"minutes": "Minutes must be a whole number from 1 to 240."}
    view = _modal(form)
    assert "whole number" in next(b for b in view["blocks"] if b.get("block_id") == "minutes")["hint"]["text"]


def test_long_titles_and_labels_are_cut_to_slacks_limits():
    rendered = WORDS.render(Reply("portrait.show", {
        "pupil": "Aisha " + "Noor" * 60, "strategies": ["Visual timetable"] * 400, "avoid": [], "strengths": [],
        "interests": [], "communication": "", "pupil_voice": "", "targets": [], "plans": [], "interventions": []},
        choices=tuple(Choice("pupil.choice", "get_portrait", {"name": "N" * 200, "class_name": "3A", "year": "3",
                                                              "pupil_id": i}) for i in range(30))))
    body = blockkit.message(rendered)
    assert_valid_message(body)
    assert sum(len(b["elements"]) for b in body["blocks"] if b["type"] == "actions") == 30


def test_button_values_round_trip_and_foreign_values_are_rejected():
    rendered = WORDS.render(Reply("session.recorded", {
        "session_id": 9, "programme": "Precision Teaching", "present": ["Sam"], "absent": [], "minutes": 15,
        "score": "7/10", "date": "2025-03-04", "today": True, "group": "Y3 PT group", "flagged": False, "note": None},
        choices=(Choice("session.undo", "undo_session", {"session_id": 9}, style="danger"),)))
    button = blockkit.message(rendered)["blocks"][-1]["elements"][0]
    assert blockkit.read_choice(button["value"]) == ("undo_session", {"session_id": 9})
    for forged in ('{"a": 1, "d": {}}', "[]", '{"a": "x"}'):
        with pytest.raises(ValueError):
            blockkit.read_choice(forged)


def test_view_values_read_every_input_type():
    state = {"values": {
        "p": {"p": {"type": "static_select", "selected_option": {"value": "3"}}},
        "q": {"q": {"type": "multi_external_select", "selected_options": [{"value": "1"}, {"value": "2"}]}},
        "n": {"n": {"type": "number_input", "value": "15"}},
        "d": {"d": {"type": "datepicker", "selected_date": None}},
        "c": {"c": {"type": "checkboxes", "selected_options": []}},
        "t": {"t": {"type": "plain_text_input", "value": "note"}},
    }}
    assert blockkit.view_values(state) == {"p": "3", "q": ["1", "2"], "n": "15", "d": None, "c": [], "t": "note"}


def test_home_view_without_a_title_uses_the_header_given():
    rendered = WORDS.render(Reply("upcoming.nothing", {}))
    view = blockkit.home(rendered, "Your day", [("Log a concern", "home_concern")])
    assert_valid_view(view)
    assert view["blocks"][0]["text"]["text"] == "Your day"


def test_a_submitted_modal_becomes_one_action_with_text_and_typed_values():
    meta = {"action": "log_concern", "data": {"via": "form"}, "text": "noticed", "flags": ["urgent"]}
    action, text, values = submission(meta, {"noticed": "Can't copy from the board", "urgent": ["yes"],
                                             "evidence": None, "pupil_id": "3"})
    assert (action, text) == ("log_concern", "Can't copy from the board")
    assert values == {"via": "form", "urgent": True, "evidence": "", "pupil_id": "3"}
