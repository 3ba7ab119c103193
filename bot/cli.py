"""`sendbot`: the one command for everything a user runs."""
from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Annotated, Optional

import typer

from bot.settings import get_settings

app = typer.Typer(help="SENDbot: SEND support for school staff, in Teams, Slack and a local web chat.", no_args_is_help=True)
db_app = typer.Typer(help="The database.", no_args_is_help=True)
app.add_typer(db_app, name="db")


def _today(value: str | None) -> date:
    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date: use YYYY-MM-DD") from None


def _factory():
    from models.db import make_engine, session_factory

    return session_factory(make_engine(get_settings().database_url))


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create or migrate the database to the newest schema."""
    from models.migrate import current_revision, upgrade

    url = get_settings().database_url
    upgrade(url)
    typer.echo(f"Database is at revision {current_revision(url)}.")


@app.command()
def serve(
    host: Annotated[Optional[str], typer.Option(help="Interface to listen on.")] = None,
    port: Annotated[Optional[int], typer.Option(help="Port to listen on.")] = None,
) -> None:
    """Start the bot's server (Teams, Slack, web chat and /healthz)."""
    from bot.serve import run

    run(get_settings(), host=host, port=port)
