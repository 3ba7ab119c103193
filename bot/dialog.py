"""The dialog policy: whether a message answers the pending question, and the one draft kept when it does not.

Drawn in bot/DIALOG.md. A pending question takes only an answer to it. A message that names another pupil, is a
question of its own, or is confidently another request starts afresh; the unfinished record is kept as a draft
(one per conversation, for the dialog timeout) and the person can go back to it with one tap.
"""
from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from handlers.registry import answer_kind
from handlers.text import content_words
from models import DialogState

DRAFT_SUFFIX = "#draft"
# Below this the classifier is guessing: nothing is started, the person picks from the likeliest.
UNDERSTOOD = 0.5
# Intents whose messages never read like the free words a question asks for ("crying at drop off" may read
# as a concern while a parent chat's summary is awaited; "what works for Evie?" never answers anything).
NEVER_FREE_TEXT = frozenset({"record_session", "get_portrait", "upcoming", "help", "update_portrait"})
_QUESTION = re.compile(r"\?\s*$|^\s*(?:what|what's|whats|who|who's|how|when|where|why|which|can you|could you|"
                       r"is there|are there|do you|does|have you|show|list|tell me)\b", re.IGNORECASE)
_PUPIL_KEYS = ("pupil_ids", "candidate_ids", "unmatched")
STATE = select(DialogState).where(DialogState.staff_id == bindparam("staff_id"),
                                   DialogState.conversation == bindparam("key"))


def is_question(text: str) -> bool:
    return bool(_QUESTION.search(text))


def _pupils(slots: dict[str, Any]) -> set[str]:
    """Everyone a set of slots names: pupil ids and candidates as ids, unmatched names as folded words."""
    found: set[str] = set()
    for key in _PUPIL_KEYS:
        for value in slots.get(key) or ():
            found.add(str(value).casefold() if key == "unmatched" else f"id:{value}")
    return found


# Slots that hold something the person said; a pending question with none of them has nothing to keep as a draft.
_CONTENT = ("pupil_ids", "candidate_ids", "unmatched", "noticed", "evidence", "summary", "item", "programme", "minutes",
            "score", "with_whom")


def has_content(slots: dict[str, Any]) -> bool:
    return any(slots.get(k) for k in _CONTENT)


def answer_kind_of(pending: dict[str, Any]) -> str:
    return answer_kind(pending["intent"], pending["missing"])


def takes_answer(pending: dict[str, Any], heard: dict[str, Any], text: str) -> bool:
    """Whether `text` answers the pending question (else it starts afresh)."""
    intent, slot = pending["intent"], pending["missing"]
    kind = answer_kind(intent, slot)
    other = heard["intent"] not in ("unknown", intent)
    confident = heard.get("confidence", 0.0) >= 0.9
    if kind == "confirm":
        return not (other and heard.get("confidence", 0.0) >= UNDERSTOOD) and not _pupils(heard)
    if is_question(text) and (other or heard["intent"] == "unknown"):
        return False
    named = _pupils(heard)
    if kind == "pupil":
        if not named:
            return not (other and confident)
        asked_among = {f"id:{i}" for i in pending["slots"].get("candidate_ids") or ()}
        if asked_among and not named & asked_among:
            return False  # "which Arthur?" answered with Ivy Shaw: a message about another pupil
        # "Grace Adeyemi" answers "which pupil?"; "worried about Grace Adeyemi: crying at drop off" is a request.
        own_words = content_words(text, ignore=set(heard.get("name_words") or ()))
        return len(own_words) < 3
    if named and not named <= _pupils(pending["slots"]):
        return False  # about another pupil: never filed on this one
    if other and confident and heard["intent"] in NEVER_FREE_TEXT:
        return False
    if kind != "text" and other and heard.get("confidence", 0.0) >= 0.8 and len(text.split()) > 3:
        return False
    return True


def keep_draft(db: Session, *, staff_id: int, key: str, value: dict[str, Any], expires_at: datetime) -> None:
    """Keep an unfinished record as this conversation's one draft (replacing an older draft)."""
    draft = db.scalar(STATE, {"staff_id": staff_id, "key": key + DRAFT_SUFFIX})
    if draft is None:
        db.add(DialogState(staff_id=staff_id, conversation=key + DRAFT_SUFFIX, state=value, expires_at=expires_at))
    else:
        draft.state, draft.expires_at = value, expires_at


def take_draft(db: Session, *, staff_id: int, key: str, now: datetime) -> dict[str, Any] | None:
    """The conversation's draft, removed from where drafts are kept; None when there is none (or it expired)."""
    draft = db.scalar(STATE, {"staff_id": staff_id, "key": key + DRAFT_SUFFIX})
    if draft is None:
        return None
    db.delete(draft)
    db.flush()
    return draft.state if draft.expires_at > now else None
