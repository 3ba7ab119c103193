"""Configuration from the environment or a .env file (pydantic-settings)."""
from __future__ import annotations

from functools import lru_cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    database_url: str = "sqlite:///sendbot.db"  # a file in the working directory
    sendbot_env: str = "development"  # "production" locks down the web chat
    locale: str = "en-GB"
    host: str = "localhost"
    port: int = 3978
    dialog_timeout_minutes: int = 15

    # Microsoft Teams (Bot Framework)
    microsoft_app_id: str = ""
    microsoft_app_password: str = ""
    microsoft_app_type: str = "SingleTenant"
    microsoft_app_tenant_id: str = ""

    # Slack
    slack_bot_token: str = ""
    slack_signing_secret: str = ""
    slack_app_token: str = ""  # xapp-..., for Socket Mode
    slack_socket_mode: bool = False
    slack_api_url: str = "https://slack.com/api/"

    # Local web chat
    webchat_token: str = ""

    # The scheduler: off in processes that only serve requests when a separate `sendbot scheduler` runs.
    run_scheduler: bool = Field(default=True)

    @property
    def teams_configured(self) -> bool:
        return bool(self.microsoft_app_id and self.microsoft_app_password)

    @property
    def slack_configured(self) -> bool:
        return bool(self.slack_bot_token and (self.slack_signing_secret or self.slack_app_token))

    @property
    def production(self) -> bool:
        return self.sendbot_env.lower() == "production"


@lru_cache
def get_settings() -> Settings:
    return Settings()
