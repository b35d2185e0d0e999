"""The Discord client: slash commands, mentions and DMs, all answered by a `qa.Engine`."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import signal
from typing import Any

import discord
from discord import app_commands

import qa
from qa import languages
from qa.questionlog import QuestionLog, Verdict
from qa.reloading import Reloader, Served

from . import feedback, localization, replies
from .sessions import Conversations, Cooldown
from .settings import Settings

log = logging.getLogger("bot")

VERDICT_WAIT = 2.0
"""Seconds a click waits for its verdict to be written before thanking anyway."""

# A text-only bot: don't warn at every start that voice libraries are missing.
discord.VoiceClient.warn_nacl = False
discord.VoiceClient.warn_dave = False


def intents() -> discord.Intents:
    """Guilds, guild messages and DMs; no privileged intent (mentions and DMs carry content)."""
    wanted = discord.Intents.none()
    wanted.guilds = True
    wanted.guild_messages = True
    wanted.dm_messages = True
    return wanted


class SummitBotMixin:
    """What the bot does; mixed into a plain or an auto-sharded discord.py client."""

    engine: qa.Engine
    version: str
    settings: Settings
    tree: app_commands.CommandTree[Any]
    loop: asyncio.AbstractEventLoop

    def _setup(
        self,
        engine: qa.Engine,
        settings: Settings,
        log: QuestionLog | None = None,
        reloader: Reloader | None = None,
    ) -> None:
        self.engine = engine
        self.version = reloader.served.version if reloader else Served.of(engine).version
        self.settings = settings
        self.log = log
        self.reloader = reloader
        self._reload_now = asyncio.Event()
        self._watching: asyncio.Task[None] | None = None
        self.conversations = Conversations(engine, idle=settings.context_idle_seconds)
        self.cooldown = Cooldown(settings.cooldown_rate, settings.cooldown_seconds)
        self.tree = app_commands.CommandTree(self)
        self.tree.on_error = self._on_command_error  # type: ignore[method-assign]
        self._add_commands()

    # --- slash commands ----------------------------------------------------------------------

    def _add_commands(self) -> None:
        def named(key: str) -> app_commands.locale_str:
            return app_commands.locale_str(key.split(".")[-1], key=key)

        def described(key: str) -> app_commands.locale_str:
            return app_commands.locale_str(localization.description(key, "en", self.engine), key=key)

        @self.tree.command(name=named("ask"), description=described("ask"))
        @app_commands.describe(question=described("ask.question"))
        @app_commands.rename(question=named("ask.question"))
        async def ask(interaction: discord.Interaction, question: str) -> None:
            await self.answer_interaction(interaction, question)

        @self.tree.command(name=named("topics"), description=described("topics"))
        async def topics(interaction: discord.Interaction) -> None:
            language = localization.language_of(interaction.locale) or "en"
            await interaction.response.send_message(
                replies.topics_text(self.engine, language), ephemeral=True
            )

        @self.tree.command(name=named("help"), description=described("help"))
        async def help_(interaction: discord.Interaction) -> None:
            language = localization.language_of(interaction.locale) or "en"
            await interaction.response.send_message(
                replies.help_text(self.engine, self._mention(), language), ephemeral=True
            )

    def _mention(self) -> str:
        user = getattr(self, "user", None)
        return user.mention if user else "@bot"

    def reply_for(
        self,
        user_id: int,
        channel_id: int | None,
        question: str,
        front: str = "mention",
        language: str | None = None,
    ) -> replies.Reply:
        """What to tell this user: the answer, or a refusal (too long, too fast, unknown).

        Each question goes to the log (when one is kept) with what was done; an answer carries
        the feedback buttons for its logged question.
        """
        if (limit := self.settings.max_question_chars) and len(question) > limit:
            self._log(question, front, None, user_id)
            return replies.Reply(
                content=replies.too_long(limit, languages.detect(question, language)), notice=True
            )
        if (blocked := self.cooldown.hit(user_id)) is not None:
            self._log(question, front, None, user_id)
            retry_after, told = blocked
            notice = replies.cooldown_notice(retry_after, languages.detect(question, language))
            return replies.Reply(content=notice, notice=True, repeated=told)
        answer = self.conversations.get((user_id, channel_id)).ask(question or "help", language)
        question_id = self._log(question, front, answer, user_id)
        if answer.found:
            view = feedback.view_for(question_id) if question_id else None
            return replies.Reply(embed=replies.answer_embed(answer), view=view)
        return replies.Reply(content=replies.text_reply(answer), notice=True)

    def _log(self, question: str, front: str, answer: qa.Answer | None, user_id: int) -> str | None:
        if self.log is None:
            return None
        return self.log.question(
            question, front=front, answer=answer, engine=self.engine, version=self.version, user=user_id
        )

    async def record_verdict(self, interaction: discord.Interaction, question_id: str, verdict: str) -> None:
        """A click on a feedback button: record it, and thank the user (only they see it)."""
        outcome: str = "off"
        if self.log is not None:
            chosen: Verdict = "wrong" if verdict == "wrong" else "helpful"
            written = asyncio.wrap_future(self.log.verdict(question_id, interaction.user.id, chosen))
            # An interaction must be answered within 3 s: a slow database is not waited for (and
            # not cancelled either: the verdict is written when it can be).
            done, _ = await asyncio.wait({written}, timeout=VERDICT_WAIT)
            outcome = written.result() if done else "queued"
        text = replies.thanks(outcome, verdict, self.settings.retention_days)
        await interaction.response.send_message(text, ephemeral=True)

    async def answer_interaction(self, interaction: discord.Interaction, question: str) -> None:
        hint = localization.language_of(interaction.locale)  # decides only when the script does not
        reply = self.reply_for(interaction.user.id, interaction.channel_id, question, "slash", hint)
        # Every interaction needs a response, a repeated notice too; notices are ephemeral.
        await interaction.response.send_message(**reply.message(), ephemeral=reply.notice)

    async def _on_command_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        if isinstance(error, app_commands.CommandOnCooldown):
            text = replies.cooldown_notice(error.retry_after)
        else:
            log.error(
                "error in /%s", interaction.command.name if interaction.command else "?", exc_info=error
            )
            text = replies.APOLOGY
        try:
            if interaction.response.is_done():
                await interaction.followup.send(text, ephemeral=True)
            else:
                await interaction.response.send_message(text, ephemeral=True)
        except discord.HTTPException:
            log.exception("could not send the apology")

    # --- mentions and DMs --------------------------------------------------------------------

    def question_in(self, message: discord.Message) -> str | None:
        """The question a message asks the bot, or None when it is not for the bot.

        A DM is always for the bot; in a guild only a message that mentions the bot itself
        (not @everyone, not a role). Bots, this one included, are never answered.
        """
        me = getattr(self, "user", None)
        if me is None or message.author.bot:
            return None
        is_dm = isinstance(message.channel, discord.DMChannel)
        if not is_dm and not any(user.id == me.id for user in message.mentions):
            return None
        return re.sub(rf"<@!?{me.id}>", " ", message.content).strip()

    async def on_message(self, message: discord.Message) -> None:
        question = self.question_in(message)
        if question is None:
            return
        try:
            await self.answer_message(message, question)
        except Exception:
            log.exception("error answering message %s", message.id)
            try:
                await message.reply(replies.APOLOGY)
            except discord.HTTPException:
                log.exception("could not send the apology")

    async def answer_message(self, message: discord.Message, question: str) -> None:
        front = "dm" if isinstance(message.channel, discord.DMChannel) else "mention"
        hint = localization.language_of(message.guild.preferred_locale) if message.guild else None
        reply = self.reply_for(message.author.id, message.channel.id, question, front, hint)
        if not reply.repeated:  # spam gets one cooldown notice, not one per message
            await message.reply(**reply.message())

    # --- start-up ----------------------------------------------------------------------------

    async def setup_hook(self) -> None:
        # Buttons sent before a restart are dispatched by their custom_id: register the template.
        self.add_dynamic_items(feedback.VerdictButton)  # type: ignore[attr-defined]
        await self.tree.set_translator(localization.Translator(self.engine))
        if self.reloader is not None:
            self._watching = asyncio.create_task(self._watch_knowledge(), name="summit-qa-reload")
            with contextlib.suppress(NotImplementedError, RuntimeError, AttributeError):  # no SIGHUP here
                asyncio.get_running_loop().add_signal_handler(signal.SIGHUP, self._reload_now.set)
        if self.settings.sync == "guild" and self.settings.dev_guild_id is not None:
            guild = discord.Object(id=self.settings.dev_guild_id)
            self.tree.copy_global_to(guild=guild)
            synced = await self.tree.sync(guild=guild)
            log.info("synced %d commands to guild %s", len(synced), self.settings.dev_guild_id)
        elif self.settings.sync == "global":
            synced = await self.tree.sync()
            log.info("synced %d commands globally (may take a while to appear)", len(synced))

    async def on_ready(self) -> None:
        user = getattr(self, "user", None)
        log.info("ready as %s (%s passages, knowledge %s)", user, len(self.engine.passages), self.version)

    async def close(self) -> None:
        if self._watching is not None:
            self._watching.cancel()
            with contextlib.suppress(NotImplementedError, RuntimeError, AttributeError, ValueError):
                asyncio.get_running_loop().remove_signal_handler(signal.SIGHUP)
        await super().close()  # type: ignore[misc]

    # --- knowledge reloaded while serving ----------------------------------------------------

    async def _watch_knowledge(self) -> None:
        """Look for a change every ``reload_seconds`` (or only on SIGHUP, when that is 0)."""
        every = self.settings.reload_seconds or None
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._reload_now.wait(), every)
            forced = self._reload_now.is_set()
            self._reload_now.clear()
            try:
                await self.reload_knowledge(force=forced)
            except Exception:
                log.exception("error while reloading the knowledge; the knowledge in use keeps serving")

    async def reload_knowledge(self, *, force: bool = False) -> bool:
        """Reload the knowledge when it changed; True when a new engine now answers.

        Reading, validating and fitting run in a thread; the new engine is swapped in here, on
        the loop, between two questions: one in flight finishes on the old engine.
        """
        assert self.reloader is not None
        outcome = await asyncio.to_thread(self.reloader.check, force=force)
        for problem in outcome.problems:
            log.warning("knowledge not reloaded: %s", problem)
        if outcome.problems:
            log.warning(
                "%d problem(s) in %s: the knowledge in use (%s) keeps serving",
                len(outcome.problems),
                self.reloader.path,
                self.version,
            )
        if outcome.served is None:
            return False
        self.engine, self.version = outcome.served.engine, outcome.served.version
        self.conversations.engine = outcome.served.engine
        log.info("knowledge reloaded: %s (%d passages)", self.version, len(self.engine.passages))
        return True


class SummitBot(SummitBotMixin, discord.Client):
    def __init__(
        self,
        *,
        engine: qa.Engine,
        settings: Settings,
        log: QuestionLog | None = None,
        reloader: Reloader | None = None,
        **options: Any,
    ) -> None:
        super().__init__(intents=intents(), allowed_mentions=discord.AllowedMentions.none(), **options)
        self._setup(engine, settings, log, reloader)


class ShardedSummitBot(SummitBotMixin, discord.AutoShardedClient):
    def __init__(
        self,
        *,
        engine: qa.Engine,
        settings: Settings,
        log: QuestionLog | None = None,
        reloader: Reloader | None = None,
        **options: Any,
    ) -> None:
        if settings.shard_ids is not None:
            options["shard_ids"] = list(settings.shard_ids)
        super().__init__(
            intents=intents(),
            allowed_mentions=discord.AllowedMentions.none(),
            shard_count=settings.shards,
            **options,
        )
        self._setup(engine, settings, log, reloader)


def build(
    engine: qa.Engine,
    settings: Settings,
    *,
    log: QuestionLog | None = None,
    reloader: Reloader | None = None,
    **options: Any,
) -> discord.Client:
    """The client the settings ask for: sharded when a shard count is set. ``options`` go to
    discord.py's client (``guild_ready_timeout``, ``max_messages``…)."""
    cls = ShardedSummitBot if settings.shards is not None else SummitBot
    return cls(engine=engine, settings=settings, log=log, reloader=reloader, **options)
