"""The chat page: static/index.html with its words filled in from prompts/ and the page's settings."""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from bot.channels.webchat.words import Words
from bot.render.html import inline_html

STATIC = Path(__file__).resolve().parent / "static"
_SLOT = re.compile(r"\{\{\s*([a-z_][a-z0-9_.]*)\s*\}\}")


def page_html(words: Words, config: dict[str, Any]) -> str:
    """index.html with `{{ webchat.key }}` as escaped prompt text (**bold** kept) and `{{ config }}` as JSON for the script."""
    # "<" escaped so no value can close the <script> block the JSON sits in.
    config_json = json.dumps({**config, "words": words.script()}).replace("<", "\\u003c")

    def fill(match: re.Match[str]) -> str:
        key = match.group(1)
        return config_json if key == "config" else inline_html(words.text(key))

    return _SLOT.sub(fill, (STATIC / "index.html").read_text(encoding="utf-8"))
