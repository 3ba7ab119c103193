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


@app.command()
def chat(
    as_: Annotated[str, typer.Option("--as", help="Your staff email address, e.g. a demo login.")],
    school: Annotated[Optional[str], typer.Option(help="School URN, when the email is in several schools.")] = None,
) -> None:
    """Talk to the bot in this terminal, on the local database, as one staff member."""
    from bot.chat_cli import ChatError, run_chat
    from bot.conversation import Conversation

    factory = _factory()
    try:
        run_chat(factory, Conversation(factory), email=as_, school_urn=school)
    except ChatError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from None


@app.command()
def parse(
    roster: Annotated[Path, typer.Option(exists=True, dir_okay=False, help="Roster CSV in the pupils import format.")],
    today: Annotated[Optional[str], typer.Option(help="Resolve dates against this day (YYYY-MM-DD).")] = None,
) -> None:
    """Understand JSON Lines messages on stdin; print one JSON object per line."""
    from bot.understanding import parse_command
    from handlers.registry import training_examples

    parse_command(roster, _today(today), sys.stdin, sys.stdout, training_examples())


@app.command("import")
def import_(
    kind: Annotated[str, typer.Argument(help="pupils, staff, portraits or interventions")],
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="The CSV file.")],
    school: Annotated[str, typer.Option(help="The school's URN.")],
) -> None:
    """Import a CSV file: all or nothing, every problem listed by line and column."""
    from bot.schooldata import KINDS, SchoolDataError, import_csv
    from models.db import unit_of_work

    if kind not in KINDS:
        raise typer.BadParameter(f"{kind!r}: choose one of {', '.join(KINDS)}")
    try:
        with unit_of_work(_factory()) as db:
            result = import_csv(db, kind=kind, path=file, school_urn=school)
    except SchoolDataError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from None
    typer.echo(result.summary())


export_app = typer.Typer(help="Export what is held (subject access requests).", no_args_is_help=True)
app.add_typer(export_app, name="export")


@export_app.command("pupil")
def export_pupil(
    upn: Annotated[str, typer.Argument(help="The pupil's UPN.")],
    school: Annotated[Optional[str], typer.Option(help="School URN (needed when there are several).")] = None,
    out: Annotated[Optional[Path], typer.Option(help="Write to this file instead of the screen.")] = None,
) -> None:
    """Everything held about one pupil, as JSON. The export itself is audited."""
    import json

    from bot.schooldata import SchoolDataError, export_pupil as export
    from models.db import unit_of_work

    try:
        with unit_of_work(_factory()) as db:
            data = export(db, school_urn=school, upn=upn, channel="cli")
    except SchoolDataError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from None
    text = json.dumps(data, indent=2, ensure_ascii=False)
    if out:
        out.write_text(text + "\n", encoding="utf-8")
        typer.echo(f"Written to {out}.")
    else:
        typer.echo(text)


@app.command()
def demo(
    today: Annotated[Optional[str], typer.Option(help="Lay the demo out around this day (YYYY-MM-DD).")] = None,
    if_empty: Annotated[bool, typer.Option("--if-empty", help="Do nothing when the database already has a school.")] = False,
) -> None:
    """Fill an empty database with a fictional primary school."""
    from bot.schooldata import DEMO_LOGINS, demo_if_empty
    from models.db import unit_of_work

    with unit_of_work(_factory()) as db:
        built = demo_if_empty(db, today=_today(today))
    if not built:
        if if_empty:
            typer.echo("The database already has a school: demo not loaded.")
            return
        typer.echo("The database already has a school; the demo only fills an empty database.", err=True)
        raise typer.Exit(1)
    typer.echo("Loaded Larkspur Lane Primary School (fictional). Try: sendbot chat --as " + DEMO_LOGINS["teacher"])
    for role, email in DEMO_LOGINS.items():
        typer.echo(f"  {role:8} {email}")


manifest_app = typer.Typer(help="App packages for Teams.", no_args_is_help=True)
app.add_typer(manifest_app, name="manifest")


@manifest_app.command("teams")
def manifest_teams(
    out: Annotated[Path, typer.Option(help="Where to write the upload package.")] = Path("sendbot-teams.zip"),
    domain: Annotated[Optional[list[str]], typer.Option(help="An extra valid domain (your dev tunnel).")] = None,
) -> None:
    """Build the Teams app package (manifest and icons) with MICROSOFT_APP_ID."""
    from bot.channels.teams import build_teams_package

    try:
        path = build_teams_package(get_settings(), out, domains=domain or ())
    except ValueError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from None
    typer.echo(f"Teams app package written to {path}. Upload it in Teams: Apps > Manage your apps > Upload an app.")


@app.command()
def scheduler() -> None:
    """Run nudges, digests and delivery alone (set RUN_SCHEDULER=false on the servers)."""
    from bot.serve import run_scheduler_only

    run_scheduler_only(get_settings())


nudges_app = typer.Typer(help="Nudges before reviews and parent conversations.", no_args_is_help=True)
digest_app = typer.Typer(help="The weekly digest for the staff channel.", no_args_is_help=True)
app.add_typer(nudges_app, name="nudges")
app.add_typer(digest_app, name="digest")


def _preview(kind: str, date_: str | None, school: str | None) -> None:
    from bot.scheduling.preview import PreviewError, digest_preview_text, nudges_preview_text

    show = nudges_preview_text if kind == "nudges" else digest_preview_text
    try:
        with _factory()() as db:
            typer.echo(show(db, day=_today(date_), urn=school))
    except PreviewError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from None


@nudges_app.command("preview")
def nudges_preview(
    date: Annotated[Optional[str], typer.Option(help="The school day (YYYY-MM-DD).")] = None,
    school: Annotated[Optional[str], typer.Option(help="School URN, when there are several.")] = None,
) -> None:
    """Print the nudges that would be sent that day. Sends nothing."""
    _preview("nudges", date, school)


@digest_app.command("preview")
def digest_preview(
    date: Annotated[Optional[str], typer.Option(help="The day (YYYY-MM-DD).")] = None,
    school: Annotated[Optional[str], typer.Option(help="School URN, when there are several.")] = None,
) -> None:
    """Print the weekly digest as it would be posted that day. Sends nothing."""
    _preview("digest", date, school)
