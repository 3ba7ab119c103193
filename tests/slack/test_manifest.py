"""The Slack app manifests: valid against slackapi's schema, and matching what the code listens for."""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from bot.channels.slack.app import PATH
from bot.channels.slack.interactions import COMMANDS, SHORTCUT

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "tests" / "schemas" / "slack-manifest.schema.2.0.0.json").read_text())
MANIFESTS = {"http": ROOT / "manifest" / "slack" / "manifest.yml",
             "socket": ROOT / "manifest" / "slack" / "manifest.socket-mode.yml"}


@pytest.fixture(params=sorted(MANIFESTS))
def manifest(request) -> tuple[str, dict]:
    return request.param, yaml.safe_load(MANIFESTS[request.param].read_text())


def test_manifest_is_valid_against_the_published_schema(manifest):
    _, body = manifest
    jsonschema.Draft7Validator(SCHEMA).validate(body)


def test_manifest_declares_what_the_code_handles(manifest):
    variant, body = manifest
    features, settings = body["features"], body["settings"]
    assert {c["command"] for c in features["slash_commands"]} == set(COMMANDS)
    assert [s["callback_id"] for s in features["shortcuts"]] == [SHORTCUT]
    assert set(settings["event_subscriptions"]["bot_events"]) == {"app_home_opened", "app_mention", "message.im"}
    assert features["app_home"]["home_tab_enabled"] and settings["interactivity"]["is_enabled"]
    scopes = set(body["oauth_config"]["scopes"]["bot"])
    assert {"chat:write", "commands", "im:history", "im:write", "users:read.email", "app_mentions:read"} <= scopes
    urls = [c.get("url") for c in features["slash_commands"]] + [
        settings["event_subscriptions"].get("request_url"), settings["interactivity"].get("request_url"),
        settings["interactivity"].get("message_menu_options_url")]
    if variant == "socket":
        assert settings["socket_mode_enabled"] is True and urls == [None] * len(urls)
    else:
        assert settings["socket_mode_enabled"] is False and all(u.endswith(PATH) for u in urls)


def test_the_two_variants_differ_only_in_how_slack_reaches_the_bot():
    http, socket = (yaml.safe_load(p.read_text()) for p in (MANIFESTS["http"], MANIFESTS["socket"]))
    for body in (http, socket):
        for command in body["features"]["slash_commands"]:
            command.pop("url", None)
        for section in ("event_subscriptions", "interactivity"):
            for key in ("request_url", "message_menu_options_url"):
                body["settings"][section].pop(key, None)
        body["settings"].pop("socket_mode_enabled")
    assert http == socket
