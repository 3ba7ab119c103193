"""HTML fragments for the web chat: text, facts, buttons and forms, with every value escaped.

The page's JavaScript only inserts these fragments and reads them back (a pressed button's
data-action/data-values, a form's fields by data-name/data-kind), so Python stays the one renderer.
"""
from __future__ import annotations

import json
import re
from html import escape
from typing import Any

from bot.prompts import Rendered, RenderedChoice, RenderedField, RenderedForm

_BOLD = re.compile(r"\*\*(.+?)\*\*", re.S)
_MULTI = ("pupils",)  # kinds that take several values; a checkbox with options does too


def to_html(rendered: Rendered, *, uid: str, choose_label: str) -> str:
    """One bot message as an <article>; `uid` makes element ids unique on the page."""
    parts = [f'<article class="msg bot" data-key="{_attr(rendered.key)}">']
    if rendered.title:
        parts.append(f'<h3 class="msg-title">{inline_html(rendered.title)}</h3>')
    if rendered.text:
        parts.append(text_html(rendered.text))
    if rendered.facts:
        parts.append('<dl class="facts">')
        parts.extend(f"<div><dt>{inline_html(label)}</dt><dd>{inline_html(value)}</dd></div>"
                     for label, value in rendered.facts)
        parts.append("</dl>")
    if rendered.choices:
        parts.append('<div class="choices">')
        parts.extend(_choice(c) for c in rendered.choices)
        parts.append("</div>")
    if rendered.form:
        parts.append(_form(rendered.form, uid, choose_label))
    parts.append("</article>")
    return "".join(parts)


def text_html(text: str) -> str:
    """Paragraphs from blank lines, <br> from single line breaks, **bold** as <strong>."""
    paragraphs = [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    return "".join(f"<p>{'<br>'.join(inline_html(line) for line in p.splitlines())}</p>" for p in paragraphs)


def inline_html(text: str) -> str:
    """One line of prompt text: escaped, with **bold** as <strong>."""
    # Escape first, so the only tags in the output are the ones added here.
    return _BOLD.sub(r"<strong>\1</strong>", escape(str(text), quote=True))


def _attr(value: Any) -> str:
    return escape(str(value), quote=True)


def _json_attr(value: Any) -> str:
    return escape(json.dumps(value, default=str, separators=(",", ":")), quote=True)


def _choice(choice: RenderedChoice) -> str:
    style = f" {choice.style}" if choice.style in ("primary", "danger") else ""
    return (f'<button type="button" class="choice{style}" data-action="{_attr(choice.action)}" '
            f'data-values="{_json_attr(choice.data)}">{inline_html(choice.label)}</button>')


def _form(form: RenderedForm, uid: str, choose_label: str) -> str:
    title_id = f"{uid}-title"
    parts = [f'<form class="reply-form" novalidate aria-labelledby="{title_id}" data-action="{_attr(form.action)}" '
             f'data-hidden="{_json_attr(form.data)}">',
             f'<h4 class="form-title" id="{title_id}">{inline_html(form.title)}</h4>']
    parts.extend(_field(f, uid, choose_label) for f in form.fields)
    parts.append(f'<button type="submit" class="primary submit">{inline_html(form.submit)}</button></form>')
    return "".join(parts)


def _selected(value: Any) -> set[str]:
    """A kept value as the set of option values it selects (ids arrive as ints or strings)."""
    if value is None or value == "":
        return set()
    if isinstance(value, (list, tuple, set)):
        return {str(v) for v in value}
    if isinstance(value, str) and "," in value:
        return {v.strip() for v in value.split(",") if v.strip()}
    return {str(value)}


def _field(f: RenderedField, uid: str, choose_label: str) -> str:
    fid = f"{uid}-{re.sub(r'[^A-Za-z0-9_-]', '_', f.name)}"
    described = " ".join(i for i, present in ((f"{fid}-help", f.help), (f"{fid}-error", f.error)) if present)
    aria = (f' aria-describedby="{described}"' if described else "") + (' aria-invalid="true"' if f.error else "")
    required = " required" if f.required else ""
    mark = '<span class="req" aria-hidden="true">*</span>' if f.required else ""
    notes = "".join((
        f'<p class="help" id="{fid}-help">{inline_html(f.help)}</p>' if f.help else "",
        f'<p class="error" id="{fid}-error">{inline_html(f.error)}</p>' if f.error else "",
    ))
    wrapper = f'class="field{" has-error" if f.error else ""}" data-name="{_attr(f.name)}" data-kind="{_attr(f.kind)}"'
    if f.kind in _MULTI or (f.kind == "checkbox" and f.options):
        chosen = _selected(f.value)
        boxes = "".join(
            f'<label class="option"><input type="checkbox" value="{_attr(v)}"{" checked" if v in chosen else ""}>'
            f"<span>{inline_html(label)}</span></label>"
            for v, label in f.options
        )
        group_aria = aria.replace("aria-invalid", "data-invalid")  # aria-invalid is not allowed on a fieldset
        return (f'<fieldset {wrapper} data-multi="true"{group_aria}><legend>{inline_html(f.label)}{mark}</legend>'
                f'<div class="options">{boxes}</div>{notes}</fieldset>')
    if f.kind == "checkbox":
        checked = " checked" if f.value in (True, "true", "on", "1", 1) else ""
        return (f'<div {wrapper}><label class="option" for="{fid}"><input type="checkbox" id="{fid}"{checked}{aria}>'
                f"<span>{inline_html(f.label)}{mark}</span></label>{notes}</div>")
    label = f'<label for="{fid}">{inline_html(f.label)}{mark}</label>'
    if f.kind in ("pupil", "choice"):
        chosen = _selected(f.value)
        options = "".join(
            f'<option value="{_attr(v)}"{" selected" if v in chosen else ""}>{inline_html(text)}</option>'
            for v, text in f.options
        )
        control = (f'<select id="{fid}"{required}{aria}><option value="">{inline_html(choose_label)}</option>'
                   f"{options}</select>")
    elif f.kind == "textarea":
        control = f'<textarea id="{fid}" rows="3"{required}{aria}>{escape(_text(f.value))}</textarea>'
    else:
        control = _input(f, fid, required + aria)
    return f"<div {wrapper}>{label}{control}{notes}</div>"


def _input(f: RenderedField, fid: str, extra: str) -> str:
    kind = {"number": "number", "date": "date"}.get(f.kind, "text")
    limits = "".join(f' {name}="{value}"' for name, value in (("min", f.min), ("max", f.max)) if value is not None)
    if f.kind == "number":
        limits += ' inputmode="numeric"'
    value = _text(f.value)
    return f'<input type="{kind}" id="{fid}" value="{_attr(value)}"{limits}{extra}>'


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(_text(v) for v in value)
    return value.isoformat() if hasattr(value, "isoformat") else str(value)

