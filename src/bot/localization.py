"""The bot in its users' languages: slash commands named and described in Russian and Chinese
(discord.py's ``app_commands.Translator``), and a Discord locale read as a language hint.

A question's own script decides its language; the locale only decides when the script leaves it
open ("2024?"). Command names follow Discord's rules: lowercase, no spaces, 1–32 characters.
"""

from __future__ import annotations

import discord
from discord import app_commands

import qa

LOCALES = {"ru": discord.Locale.russian, "zh": discord.Locale.chinese}
"""The Discord locale each translated language's command names are given for."""

_NAMES = {  # a command's or option's key → its name in each language
    "ask": {"ru": "спросить", "zh": "提问"},
    "ask.question": {"ru": "вопрос", "zh": "问题"},
    "topics": {"ru": "темы", "zh": "主题"},
    "help": {"ru": "помощь", "zh": "帮助"},
}
_DESCRIPTIONS = {  # a command's or option's key → its description, from the language's about texts
    "ask": {"en": "Ask about {subject}", "ru": "Спросить: {subject}", "zh": "提问：{subject}"},
    "ask.question": {
        "en": "Your question, e.g. {example}",
        "ru": "Ваш вопрос, например: {example}",
        "zh": "您的问题，例如：{example}",
    },
    "topics": {
        "en": "List what the bot can answer",
        "ru": "Что бот может рассказать",
        "zh": "机器人能回答的主题",
    },
    "help": {"en": "How to ask {name}", "ru": "Как спрашивать {name}", "zh": "如何向{name}提问"},
}
DESCRIPTION_LIMIT = 100
"""Discord's limit for a command's or option's description."""


def language_of(locale: discord.Locale | str | None) -> str | None:
    """The language a Discord locale (``ru``, ``zh-CN``, ``zh-TW``) hints at, None for others."""
    code = str(locale or "").split("-")[0].lower()
    return code if code in LOCALES else None


def description(key: str, language: str, engine: qa.Engine) -> str:
    """A command's description in a language, filled from the engine's about texts there."""
    said = engine.said(language)
    text = _DESCRIPTIONS[key][language].format(
        subject=said.subject, example=said.examples[0] if said.examples else "", name=said.name
    )
    return text if len(text) <= DESCRIPTION_LIMIT else text[: DESCRIPTION_LIMIT - 1].rstrip() + "…"


class Translator(app_commands.Translator):
    """Gives the slash commands' Russian and Chinese names and descriptions when they are synced.

    Strings to translate carry their key in ``locale_str(..., key=...)``; a string without one
    is left as it is.
    """

    def __init__(self, engine: qa.Engine) -> None:
        self.engine = engine

    async def translate(
        self,
        string: app_commands.locale_str,
        locale: discord.Locale,
        context: app_commands.TranslationContextTypes,
    ) -> str | None:
        language = language_of(locale)
        key = string.extras.get("key")
        if language is None or key is None or locale != LOCALES[language]:  # zh-CN, not zh-TW
            return None
        if context.location in (
            app_commands.TranslationContextLocation.command_name,
            app_commands.TranslationContextLocation.parameter_name,
        ):
            return _NAMES.get(key, {}).get(language)
        if key in _DESCRIPTIONS:
            return description(key, language, self.engine)
        return None
