"""Microsoft Teams through botbuilder. Every botbuilder import stays inside this package."""
from bot.channels.teams.endpoint import register
from bot.channels.teams.package import build_teams_package

__all__ = ["build_teams_package", "register"]
