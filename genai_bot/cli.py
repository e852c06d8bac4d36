"""The `genai-bot` command line (typer): run, console, web, db upgrade, slots, trip. A composition root like app.py."""

from __future__ import annotations

import asyncio
import logging
import signal
import sys
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from typing import Annotated

import structlog
import typer

from genai_bot.app import Core, build_core, build_registry
from genai_bot.config import Settings, load_settings
from genai_bot.errors import ConfigError, StartupError
from genai_bot.i18n import Lang
from genai_bot.llm import load_llm_settings
from genai_bot.logs import configure_logging
from genai_bot.stopping import unless_stopped
from skills.trip.cli import trip_app

app = typer.Typer(add_completion=False, no_args_is_help=True, help="genai-bot: a workplace-chat AI assistant.")
log = structlog.get_logger(__name__)
db_app = typer.Typer(no_args_is_help=True, help="Database maintenance.")
app.add_typer(db_app, name="db")
app.add_typer(trip_app, name="trip")


class Mode(StrEnum):
    auto = "auto"
    socket = "socket"
    http = "http"
    console = "console"


@contextmanager
def _one_line() -> Iterator[None]:
    """A ConfigError or StartupError becomes one line on stderr and exit status 2; the trace only at DEBUG."""
    try:
        yield
    except (ConfigError, StartupError) as exc:
        logging.getLogger(__name__).debug("start-up failed", exc_info=exc)
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None


def _load() -> Settings:
    with _one_line():
        settings = load_settings()
        # validated now so a bad skill or LLM setting also stops start-up with one line
        load_llm_settings()
        build_registry()  # every skill registers, reading its settings
    return settings


def _start_logging(settings: Settings, *, console: bool) -> None:
    """Logs to stderr; the console shows answers only, so there they start at WARNING unless GENAI_LOG_LEVEL says
    otherwise. Then one warning per setting that is set but has no effect."""
    level = settings.log_level
    if console and "log_level" not in settings.model_fields_set:
        level = "WARNING"
    configure_logging(level, settings.log_format)
    llm = load_llm_settings()
    if llm.openai_base_url and llm.openai_api_key is None and not llm.providers_json:
        log.warning(
            "setting_ignored",
            setting="OPENAI_BASE_URL",
            why="OPENAI_API_KEY is not set, so no OpenAI provider is configured "
            "(a server without keys: GENAI_LLM_PROVIDERS with kind compatible)",
        )


def _settings(*, console: bool = False) -> Settings:
    settings = _load()
    _start_logging(settings, console=console)
    return settings


def _run(main: Callable[[asyncio.Event], Awaitable[None]]) -> None:
    """Run `main(stop)` with SIGTERM/SIGINT setting `stop`; a ConfigError or StartupError becomes one line, exit 2."""

    async def runner() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        await main(stop)

    with _one_line():
        asyncio.run(runner())


async def _with_core(
    core: Core, body: Callable[[], Awaitable[None]], stop: asyncio.Event, *, timers: bool = True
) -> None:
    """Start the core (a stop signal interrupts it: a database may take long to answer), run `body()`, close the
    core (also when start-up fails or stops half-way)."""
    try:
        if await unless_stopped(core.start(timers=timers), stop):
            await body()
    finally:
        await core.close()


def _pick_mode(mode: Mode, settings: Settings) -> Mode:
    if mode is not Mode.auto:
        return mode
    if not settings.slack_configured:
        return Mode.console
    return Mode.socket if settings.slack_app_token else Mode.http


@app.command()
def run(
    mode: Annotated[
        Mode,
        typer.Option(help="auto: Slack when tokens are set (Socket Mode if SLACK_APP_TOKEN), otherwise the console."),
    ] = Mode.auto,
    port: Annotated[int | None, typer.Option(min=1, max=65535, help="HTTP port (default GENAI_HTTP_PORT).")] = None,
    user: Annotated[str, typer.Option(help="Console user name.")] = "you",
    lang: Annotated[Lang | None, typer.Option(help="Console language: ja or en.")] = None,
) -> None:
    """Run the bot: Slack (Socket Mode or HTTP) when configured, the local console otherwise."""
    settings = _load()
    chosen = _pick_mode(mode, settings)
    _start_logging(settings, console=chosen is Mode.console)
    if chosen is Mode.console:
        _console(settings, user, lang)
        return
    with _one_line():
        core = build_core(settings, adapter=chosen.value)

    async def main(stop: asyncio.Event) -> None:
        from handlers.slack.server import serve_http, serve_socket

        async def serve() -> None:
            if chosen is Mode.socket:
                await serve_socket(core, stop)
            else:
                await serve_http(core, port or settings.http_port, stop)

        await _with_core(core, serve, stop)

    _run(main)


@app.command()
def console(
    user: Annotated[str, typer.Option(help="Your name in the console.")] = "you",
    lang: Annotated[Lang | None, typer.Option(help="Language: ja or en.")] = None,
) -> None:
    """Talk to the bot in this terminal (or pipe commands in, one per line)."""
    _console(_settings(console=True), user, lang)


def _console(settings: Settings, user: str, lang: Lang | None) -> None:
    from handlers.console.adapter import ConsoleAdapter

    with _one_line():
        core = build_core(settings, adapter="console")

    async def main(stop: asyncio.Event) -> None:
        async def until_stopped() -> None:
            reader = asyncio.create_task(ConsoleAdapter(core, user=user, lang=lang).run())
            stopper = asyncio.create_task(stop.wait())
            done, _ = await asyncio.wait({reader, stopper}, return_when=asyncio.FIRST_COMPLETED)
            stopper.cancel()
            if reader in done:
                reader.result()
            else:
                reader.cancel()

        await _with_core(core, until_stopped, stop)

    _run(main)


@app.command()
def web(
    port: Annotated[int | None, typer.Option(min=1, max=65535, help="HTTP port (default GENAI_HTTP_PORT).")] = None,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "0.0.0.0",
) -> None:
    """Serve the admin dashboard alone (/admin, /healthz), signing in with Entra ID. Reminders, digests and the
    outbox are left to the bot's processes."""
    from genai_bot.web.admin_app import build_admin_app
    from genai_bot.web.listen import serve_until_stopped

    settings = _load()
    _start_logging(settings, console=False)
    with _one_line():
        core = build_core(settings, adapter="web")
        dashboard = build_admin_app(core.services, settings)  # ConfigError: one line naming the missing setting
    chosen = port or settings.http_port

    async def main(stop: asyncio.Event) -> None:
        async def serve() -> None:
            await serve_until_stopped(
                dashboard,
                chosen,
                stop,
                host=host,
                shutdown_timeout=settings.shutdown_timeout_seconds,
                on_listening=lambda: log.info("dashboard_listening", port=chosen, path="/admin"),
            )

        await _with_core(core, serve, stop, timers=False)

    _run(main)


@db_app.command("upgrade")
def db_upgrade(revision: Annotated[str, typer.Argument(help="Target revision.")] = "heads") -> None:
    """Apply database migrations, the core's and every skill's (GENAI_DATABASE_URL)."""
    from genai_bot.app import engine_for, reach_database, upgrade_database
    from genai_bot.db.migrate import current_revisions

    settings = _settings()

    async def main(_stop: asyncio.Event) -> None:
        engine = engine_for(settings.database_url)
        try:
            await reach_database(engine, settings.database_url)
            await upgrade_database(engine, revision)
            current = ", ".join(await current_revisions(engine))
            typer.echo(f"database ({settings.database_engine}) is at revision {current}")
        finally:
            await engine.dispose()

    _run(main)


@db_app.command("prune")
def db_prune(
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Count what would go; change nothing.")] = False,
) -> None:
    """Delete or clear stored message text older than the retention windows now (GENAI_RETENTION_DAYS,
    GENAI_CHAT_RETENTION_DAYS); prints the counts per kind as JSON. The bot does this once a day by itself."""
    import json

    from genai_bot.retention_job import run_retention

    settings = _settings()
    with _one_line():
        core = build_core(settings, adapter="cli")

    async def main(stop: asyncio.Event) -> None:
        async def prune() -> None:
            report = await run_retention(core.services, dry_run=dry_run)
            if not dry_run:
                await core.services.audit.record(
                    actor="cli", action="retention.pruned", days=report.days, pruned=report.pruned
                )
            typer.echo(json.dumps(report.to_json(), ensure_ascii=False))

        await _with_core(core, prune, stop, timers=False)

    _run(main)


@app.command()
def slots(
    input: Annotated[str, typer.Option("--input", "-i", help="Request JSON file ('-' for stdin).")],
) -> None:
    """Find common free slots for a committee; prints candidates as JSON (exit 2 on invalid input)."""
    from skills.committee.slots_io import run_slots_cli

    raise typer.Exit(run_slots_cli(input, sys.stdout, sys.stderr))


@app.command()
def version() -> None:
    """Print the version."""
    from genai_bot import __version__

    typer.echo(__version__)


def main() -> None:
    app()


if __name__ == "__main__":  # pragma: no cover
    main()


__all__ = ["app", "main"]
