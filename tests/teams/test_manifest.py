"""The Teams app package: a manifest valid against the official v1.19 schema, the two icons, the app id."""
from __future__ import annotations

import json
import struct
import zipfile

import pytest

from bot.channels.teams import build_teams_package
from bot.settings import Settings
from tests.teams.schemas import manifest_problems

APP_ID = "3f2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b0c"


def _png_size(data: bytes) -> tuple[int, int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height, _depth, colour_type = struct.unpack(">IIBB", data[16:26])
    return width, height, colour_type


def test_the_package_holds_a_valid_manifest_with_this_app_id_and_both_icons(tmp_path):
    out = build_teams_package(Settings(_env_file=None, microsoft_app_id=APP_ID), tmp_path / "sendbot-teams.zip",
                              domains=["sendbot.oakfield.example"])
    with zipfile.ZipFile(out) as package:
        assert sorted(package.namelist()) == ["color.png", "manifest.json", "outline.png"]
        manifest = json.loads(package.read("manifest.json"))
        colour, outline = package.read("color.png"), package.read("outline.png")
    assert manifest_problems(manifest) == []
    assert manifest["id"] == APP_ID and manifest["bots"][0]["botId"] == APP_ID
    assert set(manifest["bots"][0]["scopes"]) == {"personal", "team", "groupChat"}
    assert "sendbot.oakfield.example" in manifest["validDomains"]
    assert _png_size(colour) == (192, 192, 6)
    assert _png_size(outline) == (32, 32, 6)  # RGBA: white on transparent


@pytest.mark.parametrize("app_id", ["", "sendbot", "3f2a1b0c9d8e4f7a8b6c5d4e3f2a1b0c"])
def test_a_missing_or_malformed_app_id_is_named(tmp_path, app_id):
    with pytest.raises(ValueError, match="MICROSOFT_APP_ID"):
        build_teams_package(Settings(_env_file=None, microsoft_app_id=app_id), tmp_path / "x.zip")
    assert not (tmp_path / "x.zip").exists()


def test_a_url_given_as_a_domain_is_refused(tmp_path):
    with pytest.raises(ValueError, match="https://"):
        build_teams_package(Settings(_env_file=None, microsoft_app_id=APP_ID), tmp_path / "x.zip",
                            domains=["https://sendbot.oakfield.example/api/messages"])


def test_the_command_menus_come_from_the_registry_and_carry_no_pupil_commands_in_channels(tmp_path):
    from bot.channels.teams.package import MANIFEST_DIR, command_lists

    template = json.loads((MANIFEST_DIR / "manifest.json").read_text(encoding="utf-8"))
    assert template["bots"][0]["commandLists"] == command_lists()  # the file says what the package will hold
    [personal, team] = command_lists()
    assert {"log a concern", "record a session", "what works for", "undo", "help"} <= {c["title"] for c in personal["commands"]}
    assert [c["title"] for c in team["commands"]] == ["post the weekly digest here", "help"]
