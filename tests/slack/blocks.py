"""Block Kit validation with slack_sdk's own models: every payload the bot sends must pass."""
from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View


def assert_valid_blocks(blocks: list[dict[str, Any]], limit: int) -> None:
    assert 0 < len(blocks) <= limit
    for raw in blocks:
        block = Block.parse(raw)
        assert block is not None, raw
        block.validate_json()
        assert block.to_dict() == raw  # nothing Slack would not understand


def assert_valid_message(params: dict[str, Any]) -> None:
    assert params["text"].strip()
    assert_valid_blocks(params["blocks"], 50)


def assert_valid_view(view: dict[str, Any]) -> None:
    parsed = View(**view)
    parsed.validate_json()
    assert_valid_blocks(view["blocks"], 100)
