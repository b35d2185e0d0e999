"""Settings: one typed object, built once from the environment (and a git-ignored .env file)."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

import dotenv as python_dotenv

Sync = Literal["none", "guild", "global"]
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


class SettingsError(ValueError):
    """A setting is missing or malformed."""


class Secret:
    """A string that never shows itself in repr, str or logs."""

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('**********')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


def _ids(raw: str) -> tuple[int, ...]:
    return tuple(int(part) for part in raw.replace(",", " ").split())


def _off(raw: str) -> bool:
    """False for a true-ish flag (SUMMIT_QA_NO_LOG=1 turns the log off), True for a false-ish one."""
    if raw.lower() in ("1", "true", "yes", "on"):
        return False
    if raw.lower() in ("0", "false", "no", "off"):
        return True
    raise ValueError(raw)


# Environment variable → (field, parser). Documented in the README and .env.example.
ENVIRONMENT: dict[str, tuple[str, Callable[[str], Any]]] = {
    "DISCORD_TOKEN": ("token", Secret),
    "SUMMIT_QA_KNOWLEDGE": ("knowledge", Path),
    "SUMMIT_QA_DEV_GUILD_ID": ("dev_guild_id", int),
    "SUMMIT_QA_SYNC": ("sync", str.lower),
    "SUMMIT_QA_LOG_LEVEL": ("log_level", str.upper),
    "SUMMIT_QA_SHARDS": ("shards", int),
    "SUMMIT_QA_SHARD_IDS": ("shard_ids", _ids),
    "SUMMIT_QA_COOLDOWN_RATE": ("cooldown_rate", int),
    "SUMMIT_QA_COOLDOWN_SECONDS": ("cooldown_seconds", float),
    "SUMMIT_QA_CONTEXT_IDLE_SECONDS": ("context_idle_seconds", float),
    "SUMMIT_QA_MAX_QUESTION_CHARS": ("max_question_chars", int),
    "SUMMIT_QA_DISCORD_API": ("api_base", str),
    "SUMMIT_QA_DISCORD_GATEWAY": ("gateway_url", str),
    "SUMMIT_QA_DB": ("db", str),
    "SUMMIT_QA_NO_LOG": ("log", _off),
    "SUMMIT_QA_LOG_RETENTION_DAYS": ("retention_days", float),
    "SUMMIT_QA_RELOAD_SECONDS": ("reload_seconds", float),
}


@dataclass(frozen=True)
class Settings:
    token: Secret | None = None
    knowledge: Path | None = None
    """A knowledge file or directory; None for the bundled knowledge."""
    dev_guild_id: int | None = None
    sync: Sync = "none"
    """Sync slash commands on start: to the dev guild, globally, or not at all (the default)."""
    log_level: str = "INFO"
    shards: int | None = None
    """Run an AutoShardedClient with this many shards (None: one plain client)."""
    shard_ids: tuple[int, ...] | None = None
    """The shards this process runs, out of ``shards`` (several processes share the load)."""
    cooldown_rate: int = 5
    cooldown_seconds: float = 30.0
    context_idle_seconds: float = 600.0
    """Follow-up context is forgotten after this long without a question."""
    max_question_chars: int = 500
    api_base: str | None = None
    """Discord's REST base URL (for a proxy or a test double); None for Discord itself."""
    gateway_url: str | None = None
    db: str | None = None
    """The question log: a SQLite path or a postgresql:// URL; None for the user's data folder."""
    log: bool = True
    """Keep the question log (``--no-log``: keep nothing, and show no feedback buttons)."""
    retention_days: float = 90.0
    """Logged questions older than this are deleted."""
    reload_seconds: float = 3.0
    """How often the knowledge files are checked for changes (0: only on SIGHUP)."""

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, *, dotenv: Path | None = None) -> Settings:
        """Read settings from ``environ`` (default os.environ), falling back to the .env file
        ``dotenv`` (None: none; see ``find_dotenv``)."""
        values: dict[str, str] = {}
        if dotenv is not None:
            values.update(read_dotenv(dotenv))
        values.update(
            {k: v for k, v in (os.environ if environ is None else environ).items() if k in ENVIRONMENT}
        )
        parsed: dict[str, Any] = {}
        for name, (key, parse) in ENVIRONMENT.items():
            raw = values.get(name, "").strip()
            if raw:
                try:
                    parsed[key] = parse(raw)
                except ValueError:
                    raise SettingsError(f"{name}={raw!r} is not a valid value") from None
        return cls(**parsed).checked()

    def override(self, **changes: Any) -> Settings:
        """A copy with the given fields replaced (None values are ignored)."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None}).checked()

    def checked(self) -> Settings:
        """These settings with the log level in capitals; raises ``SettingsError`` for the first
        one out of range, or two that do not go together."""
        level = self.log_level.upper()
        if level not in LOG_LEVELS:
            raise SettingsError(
                f"the log level must be one of {', '.join(LOG_LEVELS)} (any case), not {self.log_level!r}"
            )
        self._check_sync()
        self._check_shards()
        self._check_limits()
        return self if level == self.log_level else replace(self, log_level=level)

    def _check_sync(self) -> None:
        if self.sync not in ("none", "guild", "global"):
            raise SettingsError(f"sync must be none, guild or global, not {self.sync!r}")
        if self.sync == "guild" and self.dev_guild_id is None:
            raise SettingsError("--sync guild needs a dev guild id (SUMMIT_QA_DEV_GUILD_ID or --dev-guild)")

    def _check_shards(self) -> None:
        if self.shards is not None and self.shards < 1:
            raise SettingsError("shards must be at least 1")
        if self.shard_ids is None:
            return
        if self.shards is None:
            raise SettingsError("shard ids need a shard count (SUMMIT_QA_SHARDS or --shards)")
        if any(not 0 <= i < self.shards for i in self.shard_ids):
            raise SettingsError(f"shard ids must be between 0 and {self.shards - 1}")

    def _check_limits(self) -> None:
        """The numbers that must be positive (the reload interval: 0 or more)."""
        if self.cooldown_rate < 1 or self.cooldown_seconds <= 0:
            raise SettingsError("the cooldown needs a rate of at least 1 and a positive period")
        if self.max_question_chars < 1 or self.context_idle_seconds <= 0:
            raise SettingsError("max question length and context idle time must be positive")
        if self.retention_days <= 0 or self.reload_seconds < 0:
            raise SettingsError("the log's retention must be positive, the reload interval 0 or more")


def find_dotenv() -> Path | None:
    """The .env file of the current directory or the nearest of its parents, if any."""
    found = python_dotenv.find_dotenv(usecwd=True)
    return Path(found) if found else None


def read_dotenv(path: Path) -> dict[str, str]:
    """A .env file's settings, read by python-dotenv (comments, quotes, ``export``, multi-line
    values, ``${VAR}``); a key without a value is left out."""
    return {
        key: value
        for key, value in python_dotenv.dotenv_values(path, encoding="utf-8").items()
        if value is not None
    }
