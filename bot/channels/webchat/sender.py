"""The web chat's Sender: the outbox dispatcher's proactive messages, pushed to open tabs."""
from __future__ import annotations

from bot.channels.base import DeliveryError, Target
from bot.channels.webchat.live import Live
from bot.channels.webchat.people import CHANNEL
from bot.channels.webchat.words import Words
from handlers.reply import Reply


class WebchatSender:
    name = CHANNEL

    def __init__(self, live: Live, words: Words, *, keep_for_closed_tabs: bool = True):
        self.live = live
        self.words = words
        # In production someone's web chat tab is rarely open, and a kept message would never reach
        # their Teams or Slack: failing lets the dispatcher try their next reference instead.
        self.keep_for_closed_tabs = keep_for_closed_tabs

    async def send(self, target: Target, reply: Reply) -> None:
        """Deliver one reply to a person's tabs (or their short queue) or to a staff room."""
        if target.channel != CHANNEL:
            raise DeliveryError(f"the web chat cannot send to a {target.channel} conversation", permanent=True)
        if not target.is_channel and not self.keep_for_closed_tabs and not self.live.is_open(target.conversation_id):
            raise DeliveryError("no web chat tab is open for this person")
        try:
            html = self.words.reply_html(reply)
        except Exception as exc:  # a wording bug: the reference is fine, so not permanent; retries end with the admins
            raise DeliveryError(f"could not render {reply.prompt}: {exc!r}"[:300]) from exc
        if target.is_channel:
            self.live.to_room(target.conversation_id, {"panel": "room", "html": html})
        else:
            self.live.to_person(target.conversation_id, {"panel": "chat", "html": html})
