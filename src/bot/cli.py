"""`python -m bot` / `summit-qa-discord`: start the Discord bot.

Exit statuses: 0 after a clean stop, 1 when Discord rejects the token or the connection
fails, 2 for a missing token, bad options or a question log that cannot be used, 3 for invalid
knowledge.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

import discord
import yarl

import qa
from qa import knowledge
from qa.errors import StoreError
from qa.questionlog import QuestionLog
from qa.reloading import Reloader, Served
from qa.store import open_store, shown

from . import logs
from .client import build
from .settings import LOG_LEVELS, Settings, SettingsError, find_dotenv

log = logging.getLogger("bot")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="summit-qa-discord",
        description=(
            "Run the summit-qa Discord bot. The token comes from DISCORD_TOKEN (environment or .env)."
        ),
    )
    parser.add_argument(
        "-k", "--knowledge", type=Path, metavar="PATH", help="knowledge YAML file or directory"
    )
    parser.add_argument("--dev-guild", type=int, metavar="ID", help="guild id for instant command sync")
    parser.add_argument(
        "--sync",
        choices=["none", "guild", "global"],
        help="sync slash commands on start: to the dev guild, globally (rate-limited: not on every start), "
        "or not at all (default)",
    )
    parser.add_argument(
        "--log-level", type=str.upper, choices=LOG_LEVELS, help="log level, in any case (INFO)"
    )
    parser.add_argument("--shards", type=int, metavar="N", help="run an AutoShardedClient with N shards")
    parser.add_argument(
        "--shard-ids", type=int, nargs="+", metavar="ID", help="the shards this process runs (with --shards)"
    )
    parser.add_argument(
        "--db",
        metavar="PATH|URL",
        help="the question log: a SQLite file or a postgresql:// URL (default: questions.db in the "
        "user's data folder)",
    )
    parser.add_argument("--no-log", action="store_true", help="keep no question log (and show no buttons)")
    parser.add_argument(
        "--retention-days", type=float, metavar="DAYS", help="delete logged questions older than this (90)"
    )
    parser.add_argument(
        "--reload-seconds",
        type=float,
        metavar="S",
        help="check the knowledge files for changes this often (3; 0: only on SIGHUP)",
    )
    parser.add_argument(
        "--env-file",
        type=Path,
        metavar="PATH",
        help="read settings from this file (default: .env in the current directory or its nearest parent)",
    )
    return parser


def _apply_endpoints(settings: Settings) -> None:
    """Point discord.py at another API and gateway (a proxy, or the tests' Discord double)."""
    if settings.api_base:
        discord.http.Route.BASE = settings.api_base.rstrip("/")
    if settings.gateway_url:
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.gateway_url)


async def serve(
    settings: Settings,
    *,
    engine: qa.Engine | None = None,
    started: Callable[[discord.Client], None] | None = None,
    logged_in: Callable[[], None] | None = None,
    **client_options: Any,
) -> None:
    """Log in and serve until the client is closed.

    ``started`` is called with the client before it logs in, ``logged_in`` once Discord has
    accepted the token; ``client_options`` go to discord.py's client (``guild_ready_timeout``,
    ``max_messages``…).
    """
    assert settings.token is not None
    _apply_endpoints(settings)
    engine = engine or qa.load(settings.knowledge)
    reloader = Reloader(settings.knowledge or knowledge.default_path(), Served.of(engine))
    question_log = QuestionLog(settings.db, retention_days=settings.retention_days) if settings.log else None
    client = build(engine, settings, log=question_log, reloader=reloader, **client_options)
    if started is not None:
        started(client)
    try:
        async with client:  # client.start(), in its two steps
            await client.login(settings.token.reveal())
            if logged_in is not None:
                logged_in()
            await client.connect()
    finally:
        if question_log is not None:
            await asyncio.to_thread(question_log.close)


def check_log(settings: Settings) -> None:
    """Refuse a question log that can never work (a newer schema, no PostgreSQL driver);
    one that fails now (a server down, a locked file) is retried while serving."""
    if not settings.log:
        return
    try:
        open_store(settings.db).close()
    except StoreError:
        raise
    except Exception as error:
        where = shown(settings.db)
        log.warning("question log: cannot open %s yet (%s); will retry while serving", where, error)


def _address(error: Exception, settings: Settings) -> str:
    """The address a connection error comes from: the gateway's for a closed socket, else the API's."""
    if isinstance(error, discord.ConnectionClosed):
        return settings.gateway_url or "Discord's gateway"
    return discord.http.Route.BASE


def _settings(args: argparse.Namespace) -> Settings:
    """The settings from the environment, the .env file and the options; ``SettingsError`` for
    a bad value, a missing ``--env-file`` or a missing token, saying where it looked."""
    if args.env_file is not None and not args.env_file.is_file():
        raise SettingsError(f"--env-file {args.env_file}: no such file")
    dotenv = args.env_file or find_dotenv()
    settings = Settings.from_env(dotenv=dotenv).override(
        knowledge=args.knowledge,
        dev_guild_id=args.dev_guild,
        sync=args.sync,
        log_level=args.log_level,
        shards=args.shards,
        shard_ids=tuple(args.shard_ids) if args.shard_ids else None,
        db=args.db,
        log=False if args.no_log else None,
        retention_days=args.retention_days,
        reload_seconds=args.reload_seconds,
    )
    if settings.token is None:
        looked = f"not in {dotenv}" if dotenv else f"no .env in {Path.cwd()} or its parents"
        raise SettingsError(
            f"set DISCORD_TOKEN to the bot's token, in the environment or a .env file ({looked})"
        )
    return settings


def main(argv: list[str] | None = None, *, stderr: TextIO | None = None, **client_options: Any) -> int:
    """The bot's command line; ``client_options`` go to discord.py's client."""
    stderr = stderr or sys.stderr
    try:
        settings = _settings(_parser().parse_args(argv))
    except SystemExit as exit_:
        return int(exit_.code or 0)
    except SettingsError as error:
        print(f"summit-qa-discord: {error}", file=stderr)
        return 2
    assert settings.token is not None
    handler = logs.configure(settings.log_level, settings.token.reveal(), stderr)
    # Until Discord accepts the token, discord.py's INFO lines wait: a failed start is one line.
    held = logs.Held(handler) if settings.log_level != "DEBUG" else None
    try:
        check_log(settings)
    except StoreError as error:
        print(f"summit-qa-discord: question log: {error}", file=stderr)
        logging.getLogger().removeHandler(handler)
        return 2
    try:
        engine = qa.load(settings.knowledge)
        logged_in = held.release if held is not None else None
        asyncio.run(serve(settings, engine=engine, logged_in=logged_in, **client_options))
    except Exception as error:
        return _failed(error, settings, stderr)
    except KeyboardInterrupt:
        pass
    finally:
        if held is not None:
            held.drop()
        logging.getLogger().removeHandler(handler)
    return 0


def _failed(error: Exception, settings: Settings, stderr: TextIO) -> int:
    """One line on stderr for what stopped the bot, and its exit status; re-raises the rest."""
    if isinstance(error, qa.KnowledgeError):
        print(f"summit-qa-discord: invalid knowledge: {error}", file=stderr)
        return 3
    if isinstance(error, discord.LoginFailure):
        api = discord.http.Route.BASE
        print(f"summit-qa-discord: Discord ({api}) rejected the token; check DISCORD_TOKEN", file=stderr)
        return 1
    if isinstance(error, discord.PrivilegedIntentsRequired):
        print("summit-qa-discord: Discord refused the intents this bot asked for", file=stderr)
        return 1
    if isinstance(error, (discord.GatewayNotFound, discord.ConnectionClosed, discord.HTTPException, OSError)):
        where = _address(error, settings)
        print(
            f"summit-qa-discord: could not connect to Discord at {where} ({type(error).__name__})",
            file=stderr,
        )
        return 1
    raise error
