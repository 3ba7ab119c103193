"""The Adaptive Card renderer: every field kind, long choice lists and errors, against the 1.2 schema."""
from __future__ import annotations

import pytest

from bot.prompts import Rendered, RenderedChoice, RenderedField, RenderedForm, prompts
from bot.render.adaptive import needs_card, plain_text, to_card
from tests.teams.schemas import card_problems


def field(name, kind, **kw) -> RenderedField:
    base = dict(label=name.title(), required=False, options=(), value=None, min=None, max=None, help=None, error=None)
    return RenderedField(name=name, kind=kind, **{**base, **kw})


PUPILS = (("2", "Leo Brown (4K)"), ("4", "Sam Jones (4K)"), ("5", "Maya Patel (4K)"))
SESSION_FORM = RenderedForm("record_session", "Log a session", (
    field("programme", "choice", required=True, options=(("Precision Teaching", "Precision Teaching"),),
          value="Precision Teaching"),
    field("pupils", "pupils", required=True, options=PUPILS, value=["2", "4"]),
    field("minutes", "number", min=1, max=240, value="twenty", error="Minutes must be a whole number from 1 to 240."),
    field("score", "text", help="e.g. 14/20", value="14/20"),
    field("date", "date", value="2026-03-10"),
    field("absent", "pupils", options=PUPILS),
    field("pupil", "pupil", options=PUPILS[:1]),
    field("note", "textarea"),
    field("follow_up", "checkbox", value="true"),
), "Save", {"via": "form"})


def rendered(**kw) -> Rendered:
    base = dict(key="k", title=None, text="", facts=(), choices=(), form=None)
    return Rendered(**{**base, **kw})


def test_a_phone_sized_session_form_is_valid_1_2_with_labels_and_named_errors():
    card = to_card(rendered(text="Please check the highlighted fields.", form=SESSION_FORM), prompts())
    assert card_problems(card) == []
    body = card["body"]
    texts = [b["text"] for b in body if b["type"] == "TextBlock"]
    assert "Programme (required)" in texts and "Pupils (required)" in texts
    (error,) = [b for b in body if b.get("color") == "Attention"]
    assert error["text"] == "Minutes must be a whole number from 1 to 240."
    inputs = {b["id"]: b for b in body if "id" in b}
    assert inputs["pupils"]["value"] == "2,4" and inputs["pupils"]["isMultiSelect"]
    assert "value" not in inputs["minutes"]  # "twenty" can't pre-fill a number box; the red text says why
    assert inputs["follow_up"] == {"type": "Input.Toggle", "title": "Follow_Up", "valueOn": "true",
                                   "valueOff": "false", "value": "true", "id": "follow_up"}
    assert inputs["note"]["isMultiline"] and inputs["date"]["value"] == "2026-03-10"
    assert card["actions"][0] == {"type": "Action.Submit", "title": "Save", "style": "positive",
                                  "data": {"via": "form", "action": "record_session"}}


def test_many_choices_become_rows_of_buttons_in_the_body():
    choices = tuple(RenderedChoice(f"Pupil {n}", "get_portrait", {"pupil_id": n}, None) for n in range(8))
    card = to_card(rendered(text="Which one?", choices=choices), prompts())
    assert card_problems(card) == []
    assert card_problems(to_card(rendered(choices=choices), prompts())) == []  # buttons and nothing else
    rows = [b for b in card["body"] if b["type"] == "ActionSet"]
    assert [len(r["actions"]) for r in rows] == [5, 3] and "actions" not in card


def test_confirmation_with_undo_and_facts():
    card = to_card(rendered(title="Session logged", text="**Precision Teaching**: Leo and Sam.",
                            facts=(("Minutes", "20"),),
                            choices=(RenderedChoice("Undo", "undo_session", {"session_id": 7}, "danger"),)), prompts())
    assert card_problems(card) == []
    assert card["actions"] == [{"type": "Action.Submit", "title": "Undo", "style": "destructive",
                                "data": {"session_id": 7, "action": "undo_session"}}]
    assert card["body"][2] == {"type": "FactSet", "facts": [{"title": "Minutes", "value": "20"}]}


@pytest.mark.parametrize("text", ["Cancelled. Nothing was saved.", "**Avoid**\n- loud noises\n\n- crowds"])
def test_plain_replies_stay_text_with_paragraph_breaks(text):
    reply = rendered(text=text)
    assert not needs_card(reply)
    assert "\n\n" in plain_text(reply) or "\n" not in text


def test_every_teams_prompt_renders():
    words = prompts()
    for key in [k for k in words.keys() if k.startswith("teams.")]:
        assert words.text(key, {"name": "Hannah", "school": "Oakfield Primary", "label": "Minutes", "outcome": "Session logged"})
