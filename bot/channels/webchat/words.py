"""The web chat's words, all from prompts/: replies as HTML, and the page's own labels."""
from __future__ import annotations

import uuid
from typing import Any

from bot.prompts import Prompts, prompts
from bot.render.html import text_html, to_html
from handlers.reply import Reply

# Labels the page's script shows (built in the browser, so sent with the page).
SCRIPT_KEYS = (
    "webchat.you", "webchat.sending", "webchat.failed", "webchat.offline", "webchat.online",
    "webchat.form_sent", "webchat.form_incomplete", "webchat.roles_none", "webchat.switch",
    "webchat.room_empty",
)


class Words:
    def __init__(self, locale: str = "en-GB"):
        self.prompts: Prompts = prompts(locale)

    def text(self, key: str, data: dict[str, Any] | None = None) -> str:
        return self.prompts.text(key, data)

    def reply_html(self, reply: Reply) -> str:
        """One bot reply as an HTML fragment with page-unique element ids."""
        return to_html(self.prompts.render(reply), uid=f"m{uuid.uuid4().hex[:10]}",
                       choose_label=self.text("webchat.choose"))

    def note_html(self, key: str, data: dict[str, Any] | None = None) -> str:
        """A line from the web chat itself (not from a handler), styled as a bot message."""
        return f'<article class="msg bot note">{text_html(self.text(key, data))}</article>'

    def roles(self, roles: tuple[str, ...]) -> str:
        return ", ".join(self.text(f"webchat.role.{r}") for r in roles) or self.text("webchat.roles_none")

    def script(self) -> dict[str, str]:
        return {key.removeprefix("webchat."): self.text(key) for key in SCRIPT_KEYS}
