"""`python -m bot` / `summit-qa-discord`: start the Discord bot.

Exit statuses: 0 after a clean stop, 1 when Discord rejects the token or the connection
fails, 2 for a missing token or bad options, 3 for invalid knowledge.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

import discord
import yarl

import qa

from . import logs
from .client import build
from .settings import Settings, SettingsError

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
    parser.add_argument("--log-level", choices=["DEBUG", "INFO", "WARNING", "ERROR"], help="log level (INFO)")
    parser.add_argument("--shards", type=int, metavar="N", help="run an AutoShardedClient with N shards")
    parser.add_argument(
        "--shard-ids", type=int, nargs="+", metavar="ID", help="the shards this process runs (with --shards)"
    )
    parser.add_argument(
        "--env-file", type=Path, default=Path(".env"), help="read settings from this file (.env)"
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
) -> None:
    """Log in and serve until the client is closed."""
    assert settings.token is not None
    _apply_endpoints(settings)
    engine = engine or qa.load(settings.knowledge)
    client = build(engine, settings)
    if started is not None:
        started(client)
    async with client:
        await client.start(settings.token.reveal())


def main(argv: list[str] | None = None, *, stderr: TextIO | None = None) -> int:
    stderr = stderr or sys.stderr
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    try:
        settings = Settings.from_env(dotenv=args.env_file).override(
            knowledge=args.knowledge,
            dev_guild_id=args.dev_guild,
            sync=args.sync,
            log_level=args.log_level,
            shards=args.shards,
            shard_ids=tuple(args.shard_ids) if args.shard_ids else None,
        )
    except SettingsError as error:
        print(f"summit-qa-discord: {error}", file=stderr)
        return 2
    if settings.token is None:
        print(
            "summit-qa-discord: set DISCORD_TOKEN (in the environment or a .env file) to the bot's token",
            file=stderr,
        )
        return 2
    handler = logs.configure(settings.log_level, settings.token.reveal(), stderr)
    try:
        engine = qa.load(settings.knowledge)
        asyncio.run(serve(settings, engine=engine))
    except qa.KnowledgeError as error:
        print(f"summit-qa-discord: invalid knowledge: {error}", file=stderr)
        return 3
    except discord.LoginFailure:
        print("summit-qa-discord: Discord rejected the token; check DISCORD_TOKEN", file=stderr)
        return 1
    except discord.PrivilegedIntentsRequired:
        print("summit-qa-discord: Discord refused the intents this bot asked for", file=stderr)
        return 1
    except (discord.GatewayNotFound, discord.ConnectionClosed, discord.HTTPException, OSError) as error:
        print(f"summit-qa-discord: could not connect to Discord ({type(error).__name__})", file=stderr)
        return 1
    except KeyboardInterrupt:
        pass
    finally:
        logging.getLogger().removeHandler(handler)
    return 0
