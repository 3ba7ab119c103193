"""The registry of conversations: each handler module declares, as data, how its conversation is started and answered.

The conversation, help, the unknown-message fallback, the channels' command lists and the manifests read this
registry; nothing else keeps a list of conversations. Adding one is a handler module that calls `topic(...)`,
its prompts and its tests (README, "Adding a conversation").
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

# What kind of answer a pending question takes (the dialog policy in bot/dialog.py reads these):
# "pupil" a name; "text" free words; "area" an area of need; "programme" a programme; "whom" a family member;
# "day" a day; "confirm" Save / Change / Cancel.
ANSWER_KINDS = ("pupil", "text", "area", "programme", "whom", "day", "confirm")


@dataclass(frozen=True)
class ChannelCommand:
    """How a channel offers the conversation: a Teams command-list entry and, optionally, a Slack slash command."""

    title: str  # what Teams shows and what typing it sends ("log a concern")
    description: str
    slack: str | None = None  # "/concern"
    slack_lead_in: str = ""  # words put before the slash command's text so it reads as this request
    in_channels: bool = False  # offered in Teams team channels (only what carries no pupil data)


@dataclass(frozen=True)
class Topic:
    """One conversation staff can have with the bot."""

    name: str  # the route that starts it, and the understood intent that does
    label: str  # prompt key of its button ("Log a concern") in the fallback and help
    words: tuple[str, ...] = ()  # exact messages that start it without understanding ("log a concern")
    answers: Mapping[str, str] = field(default_factory=dict)  # slot it may ask for -> kind of answer
    examples: tuple[str, ...] = ()  # example phrases: trained on, shown in help for the roles below, tested verbatim
    training: tuple[str, ...] = ()  # more ways staff say it, trained on only
    roles: tuple[str, ...] = ()  # help shows the examples to these roles ("ta", "teacher", ...); () for everyone
    commands: tuple[ChannelCommand, ...] = ()
    suggest: bool = True  # offered as a button when a message was not understood
    about_pupils: bool = True  # its answers name pupils: never posted in a shared channel
    writes: bool = True  # it saves a record: an unfinished one is kept as a draft, an unsure one confirmed first

    def __post_init__(self) -> None:
        bad = {k for k in self.answers.values() if k not in ANSWER_KINDS}
        if bad:
            raise ValueError(f"topic {self.name!r}: unknown answer kinds {sorted(bad)}")


TOPICS: dict[str, Topic] = {}


def topic(declared: Topic) -> Topic:
    """Register a conversation (once, from its handler module)."""
    if declared.name in TOPICS:
        raise ValueError(f"topic {declared.name!r} is declared twice")
    TOPICS[declared.name] = declared
    return declared


def exact_words() -> dict[str, str]:
    """Every exact message that starts a conversation -> its route."""
    out: dict[str, str] = {}
    for t in TOPICS.values():
        for word in t.words:
            if out.setdefault(word, t.name) != t.name:
                raise ValueError(f"{word!r} starts both {out[word]!r} and {t.name!r}")
    return out


def answer_kind(intent: str, slot: str) -> str:
    """The kind of answer a pending question of `intent` for `slot` takes ("text" when undeclared)."""
    found = TOPICS.get(intent)
    return found.answers.get(slot, "text") if found else "text"


def registered() -> dict[str, Topic]:
    """Every conversation, in the order they are offered (importing the package declares them all)."""
    import handlers  # noqa: F401

    return TOPICS


def training_examples() -> tuple[tuple[str, str], ...]:
    """(text, intent) for every example phrase and training phrase, for the intent classifier."""
    return tuple((text, t.name) for t in registered().values() for text in (*t.examples, *t.training))
