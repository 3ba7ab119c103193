"""Checking the Bot Framework token on every incoming request, or local mode when no app is configured."""
from __future__ import annotations

import logging
from dataclasses import dataclass

from botbuilder.integration.aiohttp import ConfigurationBotFrameworkAuthentication
from botbuilder.schema import Activity

from bot.settings import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _BotConfig:
    """The attribute names botbuilder's configuration-driven authentication reads."""

    APP_ID: str
    APP_PASSWORD: str
    APP_TYPE: str
    APP_TENANTID: str


class Unauthorized(Exception):
    """The request carried no valid Bot Framework token."""


class Authenticator:
    def __init__(self, settings: Settings):
        self.local = not settings.teams_configured
        app_type = settings.microsoft_app_type or "SingleTenant"
        if not self.local and app_type.lower() == "singletenant" and not settings.microsoft_app_tenant_id:
            raise ValueError("MICROSOFT_APP_TENANT_ID must be set for a SingleTenant bot (your directory's "
                             "tenant id), or set MICROSOFT_APP_TYPE=MultiTenant for a multi-tenant registration")
        self._auth = None if self.local else ConfigurationBotFrameworkAuthentication(_BotConfig(
            settings.microsoft_app_id, settings.microsoft_app_password, app_type, settings.microsoft_app_tenant_id,
        ))

    async def check(self, activity: Activity, auth_header: str) -> None:
        """Raise Unauthorized unless the request is signed by the Bot Framework for this app."""
        if self.local:
            return  # no app registered: only local test clients can reach a localhost-bound server
        if not auth_header:
            raise Unauthorized("no Authorization header")
        try:
            await self._auth.authenticate_request(activity, auth_header)
        except Exception as exc:  # botbuilder raises PermissionError, jwt errors or plain Exception
            log.info("refused a Teams request: %s", exc)
            raise Unauthorized(str(exc)) from exc
