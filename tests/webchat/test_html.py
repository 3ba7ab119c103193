"""The HTML renderer: every shape of a rendered reply, with markup in data shown as text."""
from __future__ import annotations

import re
from html.parser import HTMLParser

from bot.prompts import Rendered, RenderedChoice, RenderedField, RenderedForm, prompts
from bot.render.html import text_html, to_html
from handlers.reply import Choice, Field, Form, Option, Reply

SCRIPT = '<script>alert("x")</script>'


def rendered(**parts) -> Rendered:
    base = {"key": "test.reply", "title": None, "text": "", "facts": (), "choices": (), "form": None}
    return Rendered(**{**base, **parts})


def field(name: str, kind: str, **parts) -> RenderedField:
    base = {"label": name.title(), "required": False, "options": (), "value": None, "min": None, "max": None,
            "help": None, "error": None}
    return RenderedField(name=name, kind=kind, **{**base, **parts})


def html_of(r: Rendered) -> str:
    return to_html(r, uid="m1", choose_label="Choose…")


class Tags(HTMLParser):
    """Every start tag, to prove data never becomes markup."""

    def __init__(self, html: str):
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_text_keeps_paragraphs_line_breaks_and_bold_only():
    assert text_html("Hello **Ruby**\nsecond line\n\nnext *para*") == (
        "<p>Hello <strong>Ruby</strong><br>second line</p><p>next *para*</p>")


def test_title_facts_and_buttons():
    html = html_of(rendered(
        title="Ruby Ashworth", text="What works", facts=(("Class", "4K"), ("Status", "SEN support")),
        choices=(RenderedChoice("Undo", "undo_session", {"session_id": 7}, "danger"),
                 RenderedChoice("Yes", "confirm", {}, "primary"), RenderedChoice("Later", "later", {}, None)),
    ))
    assert '<h3 class="msg-title">Ruby Ashworth</h3>' in html
    assert "<div><dt>Class</dt><dd>4K</dd></div>" in html
    assert ('<button type="button" class="choice danger" data-action="undo_session" '
            'data-values="{&quot;session_id&quot;:7}">Undo</button>') in html
    assert 'class="choice primary"' in html and 'class="choice" data-action="later"' in html


def test_markup_in_any_data_is_shown_as_text():
    evil = SCRIPT + '"><img src=x onerror=alert(1)>'
    html = html_of(rendered(
        title=evil, text=f"Concern about **{evil}**", facts=((evil, evil),),
        choices=(RenderedChoice(evil, evil, {"name": evil}, evil),),
        form=RenderedForm(evil, evil, (
            field("pupil", "pupil", label=evil, options=((evil, evil),), value=evil, help=evil, error=evil),
            field("pupils", "pupils", options=((evil, evil),), value=[evil]),
            field("note", "textarea", value=evil + "</textarea>"),
            field("score", "text", value=evil),
        ), evil, {"hidden": evil}),
    ))
    tags = Tags(html).tags
    assert not [t for t, _ in tags if t in ("script", "img")]
    assert not [a for _, attrs in tags for a in attrs if a.startswith("on")]
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert html.count("</textarea>") == 1


def test_every_field_kind_with_values_kept():
    form = RenderedForm("record_session", "Record a session", (
        field("programme", "choice", required=True, options=(("Lego", "Lego-based Therapy"), ("PT", "Precision Teaching")),
              value="PT"),
        field("pupil", "pupil", options=(("3", "Ruby Ashworth (4K)"), ("5", "Theo Okafor (4K)")), value=5),
        field("pupils", "pupils", required=True, options=(("3", "Ruby"), ("5", "Theo"), ("8", "Leo")), value=[3, "8"]),
        field("minutes", "number", min=1, max=240, value="30"),
        field("date", "date", value="2026-03-10"),
        field("score", "text", value="7/10", help="Like 7/10"),
        field("note", "textarea", value="Line one\nline two"),
        field("share", "checkbox", value=True),
        field("days", "checkbox", options=(("mon", "Monday"), ("tue", "Tuesday")), value=["tue"]),
    ), "Save", {"via": "form"})
    html = html_of(rendered(text="Fill this in", form=form))
    assert '<form class="reply-form" novalidate aria-labelledby="m1-title" data-action="record_session" ' \
           'data-hidden="{&quot;via&quot;:&quot;form&quot;}">' in html
    assert '<select id="m1-programme" required><option value="">Choose…</option>' in html
    assert '<option value="PT" selected>Precision Teaching</option>' in html
    assert '<option value="5" selected>Theo Okafor (4K)</option>' in html
    assert 'data-kind="pupils" data-multi="true"><legend>Pupils<span class="req" aria-hidden="true">*</span>' in html
    assert '<input type="checkbox" value="3" checked>' in html and '<input type="checkbox" value="8" checked>' in html
    assert '<input type="checkbox" value="5">' in html
    assert '<input type="number" id="m1-minutes" value="30" min="1" max="240" inputmode="numeric">' in html
    assert '<input type="date" id="m1-date" value="2026-03-10">' in html
    assert ('<input type="text" id="m1-score" value="7/10" aria-describedby="m1-score-help">'
            '<p class="help" id="m1-score-help">Like 7/10</p>') in html
    assert '<textarea id="m1-note" rows="3">Line one\nline two</textarea>' in html
    assert '<input type="checkbox" id="m1-share" checked>' in html
    assert 'data-name="days" data-kind="checkbox" data-multi="true"' in html and 'value="tue" checked' in html
    assert html.endswith('<button type="submit" class="primary submit">Save</button></form></article>')
    labels = {attrs["for"] for tag, attrs in Tags(html).tags if tag == "label" and "for" in attrs}
    ids = {attrs["id"] for _, attrs in Tags(html).tags if "id" in attrs}
    assert labels <= ids  # every label points at its control


def test_an_error_sits_beside_its_field_and_is_announced():
    html = html_of(rendered(form=RenderedForm("x", "Title", (
        field("minutes", "number", value="900", error="Minutes must be between 1 and 240.", help="Whole minutes"),
    ), "Save", {})))
    assert ('<div class="field has-error" data-name="minutes" data-kind="number"><label for="m1-minutes">Minutes</label>'
            '<input type="number" id="m1-minutes" value="900" inputmode="numeric" '
            'aria-describedby="m1-minutes-help m1-minutes-error" aria-invalid="true">') in html
    assert '<p class="error" id="m1-minutes-error">Minutes must be between 1 and 240.</p>' in html


def test_a_real_reply_renders_from_the_prompts_files():
    reply = Reply("error.unknown_action", choices=(Choice("form.cancel", "cancel"),),
                  form=Form("f", "form.submit", (Field("who", "form.submit", "pupil", options=(Option("1", SCRIPT),)),)))
    html = to_html(prompts().render(reply), uid="m9", choose_label="Choose…")
    assert "<strong>help</strong>" in html and "&lt;script&gt;" in html
    assert re.search(r'data-key="error\.unknown_action"', html)
