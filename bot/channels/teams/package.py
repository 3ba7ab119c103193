"""The Teams app package: manifest.json with this deployment's app id, and the two icons, zipped."""
from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bot.settings import Settings
from handlers.registry import registered

MANIFEST_DIR = Path(__file__).resolve().parents[3] / "manifest" / "teams"
_GUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
_DOMAIN = re.compile(r"^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)+(:\d+)?$", re.IGNORECASE)


def teams_manifest(settings: Settings, *, domains: Sequence[str] = ()) -> dict[str, Any]:
    """The manifest for this bot: the template with the Microsoft app id (and extra valid domains)."""
    app_id = settings.microsoft_app_id.strip()
    if not _GUID.match(app_id):
        raise ValueError("MICROSOFT_APP_ID must be the bot's Microsoft app (client) id, a GUID such as "
                         f"00000000-0000-0000-0000-000000000000; got {app_id or 'nothing'!r}")
    bad = [d for d in domains if not _DOMAIN.match(d)]
    if bad:
        raise ValueError(f"not a domain name (give the host only, without https://): {', '.join(bad)}")
    manifest = json.loads((MANIFEST_DIR / "manifest.json").read_text(encoding="utf-8"))
    manifest["id"] = app_id
    manifest["bots"][0]["commandLists"] = command_lists()
    for bot in manifest["bots"]:
        bot["botId"] = app_id
    manifest["validDomains"] = list(dict.fromkeys([*manifest["validDomains"], *domains]))
    return manifest


# Said in a team channel, where nothing about a pupil is posted: the one channel-only command.
DIGEST_COMMAND = {"title": "post the weekly digest here",
                  "description": "SENCO: have the weekly SEND digest posted in this channel"}


def command_lists() -> list[dict[str, Any]]:
    """The bot's Teams command menus, from the registry of conversations (at most 10 commands per list)."""
    everything = [c for t in registered().values() for c in t.commands]
    personal = [{"title": c.title, "description": c.description} for c in everything][:10]
    team = [DIGEST_COMMAND, *({"title": c.title, "description": c.description} for c in everything if c.in_channels)]
    return [{"scopes": ["personal", "groupChat"], "commands": personal}, {"scopes": ["team"], "commands": team[:10]}]


def build_teams_package(settings: Settings, out: Path, *, domains: Sequence[str] = ()) -> Path:
    """Write the zip to upload in Teams (manifest.json, color.png, outline.png at its root)."""
    manifest = teams_manifest(settings, domains=domains)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as package:
        package.writestr("manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False))
        for icon in (manifest["icons"]["color"], manifest["icons"]["outline"]):
            package.write(MANIFEST_DIR / icon, arcname=icon)
    return out
