"""Bot logic with mocks built on real discord.py objects (spec_set), python-discord style."""

from __future__ import annotations

import asyncio
import io
import logging
import re
from pathlib import Path
from unittest import mock

import discord
import pytest

import qa
from bot import feedback, logs, replies
from bot.client import SummitBot
from bot.sessions import Conversations, Cooldown
from bot.settings import Secret, Settings, SettingsError, find_dotenv, read_dotenv
from qa.questionlog import QuestionLog
from qa.store import open_store

BOT_ID = 1234


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def mock_user(user_id: int, *, bot: bool = False) -> mock.NonCallableMagicMock:
    user = mock.NonCallableMagicMock(spec_set=discord.User)
    user.id = user_id
    user.bot = bot
    return user


def mock_message(content: str, *, author_id: int = 1, bot: bool = False, dm: bool = False, mentions=()):
    message = mock.NonCallableMagicMock(spec_set=discord.Message)
    message.content = content
    message.id = 99
    message.author = mock_user(author_id, bot=bot)
    message.mentions = list(mentions)
    message.guild = None if dm else mock.NonCallableMagicMock(spec_set=discord.Guild)
    message.channel = mock.NonCallableMagicMock(spec_set=discord.DMChannel if dm else discord.TextChannel)
    message.channel.id = 555
    message.reply = mock.AsyncMock()
    return message


@pytest.fixture
def bot(engine):
    client = SummitBot(
        engine=engine, settings=Settings(token=Secret("t"), cooldown_rate=2, cooldown_seconds=10)
    )
    client._connection.user = mock_user(BOT_ID, bot=True)  # type: ignore[assignment]
    return client


def test_question_in_only_for_the_bot(bot):
    me = bot.user
    assert bot.question_in(mock_message(f"<@{BOT_ID}> What is the SCO?", mentions=[me])) == "What is the SCO?"
    assert bot.question_in(mock_message(f"<@!{BOT_ID}>   hi", mentions=[me])) == "hi"
    assert bot.question_in(mock_message("What is the SCO?")) is None  # no mention in a guild
    assert bot.question_in(mock_message("What is the SCO?", dm=True)) == "What is the SCO?"
    assert bot.question_in(mock_message(f"<@{BOT_ID}> hi", bot=True, mentions=[me])) is None
    assert bot.question_in(mock_message("@everyone hi", mentions=[mock_user(7)])) is None


def test_answer_message_replies_with_an_embed(bot):
    message = mock_message("What treaty was signed?")
    asyncio.run(bot.answer_message(message, "What treaty was signed?"))
    message.reply.assert_awaited_once()
    embed = message.reply.await_args.kwargs["embed"]
    assert isinstance(embed, discord.Embed) and "Good-Neighborliness" in (embed.description or "")


def test_answer_message_unknown_and_empty(bot):
    message = mock_message("x")
    asyncio.run(bot.answer_message(message, "Who won the World Cup?"))
    assert "I don't know" in message.reply.await_args.kwargs["content"]
    asyncio.run(bot.answer_message(message, ""))  # a bare mention: help
    assert (
        "/ask" not in message.reply.await_args.kwargs["content"]
        and "China–Central Asia" in message.reply.await_args.kwargs["content"]
    )


def test_on_message_error_apologises(bot, monkeypatch):
    message = mock_message(f"<@{BOT_ID}> hi", mentions=[bot.user])
    monkeypatch.setattr(bot, "answer_message", mock.AsyncMock(side_effect=RuntimeError("boom")))
    asyncio.run(bot.on_message(message))
    message.reply.assert_awaited_once_with(replies.APOLOGY)


def test_cooldown_one_notice_per_streak():
    clock = Clock()
    cooldown = Cooldown(2, 10, clock=clock)
    assert cooldown.hit("u") is None and cooldown.hit("u") is None
    first = cooldown.hit("u")
    assert first is not None and first == (10.0, False)
    clock.now = 4
    assert cooldown.hit("u") == (6.0, True)
    assert cooldown.hit("other") is None
    clock.now = 10
    assert cooldown.hit("u") is None


def test_cooldown_forgets_users_who_stopped_asking():
    clock = Clock()
    cooldown = Cooldown(2, 10, clock=clock)
    for user in range(1000):
        cooldown.hit(user)
    clock.now = 5
    cooldown.hit("late")
    assert len(cooldown) == 1001  # all within the window
    clock.now = 12
    assert cooldown.hit("new") is None
    assert len(cooldown) == 2  # "late" (5) and "new": the first thousand asked over 10 s ago


def test_conversations_expire_in_order_of_last_use(engine):
    clock = Clock()
    store = Conversations(engine, idle=60, clock=clock)
    first = store.get("a")
    clock.now = 30
    store.get("b")
    clock.now = 50
    assert store.get("a") is first  # "a" is now the most recent
    clock.now = 95  # "b" idle for 65 s, "a" for 45
    assert len(store) == 1 and store.get("a") is first


def test_conversations_expire_when_idle(engine):
    clock = Clock()
    store = Conversations(engine, idle=60, clock=clock)
    chat = store.get(("u", 1))
    assert store.get(("u", 1)) is chat
    assert store.get(("u", 2)) is not chat
    clock.now = 61
    assert store.get(("u", 1)) is not chat
    assert len(store) == 1


def test_embed_fits_discord_limits_even_for_huge_passages():
    huge = qa.Passage(
        id="huge",
        title="T" * 1000,
        text="word " * 3000,
        source={"url": "https://example.org/" + "p" * 3000, "title": "S" * 3000},
    )
    answer = qa.load([huge]).ask("word")
    embed = replies.answer_embed(answer)
    assert len(embed.title or "") <= 256
    assert len(embed.description or "") <= 4096
    assert all(len(f.value or "") <= 1024 for f in embed.fields)
    assert len(embed) <= 6000
    assert len(replies.text_reply(qa.Answer("q", False, "x" * 5000))) == 2000


def test_settings_from_env_and_dotenv(tmp_path: Path):
    dotenv = tmp_path / ".env"
    dotenv.write_text("# comment\nexport DISCORD_TOKEN='from-file'\nSUMMIT_QA_SHARDS=4\n", encoding="utf-8")
    settings = Settings.from_env({"SUMMIT_QA_SHARD_IDS": "0,1", "SUMMIT_QA_SYNC": "GLOBAL"}, dotenv=dotenv)
    assert settings.token == Secret("from-file")
    assert settings.shards == 4 and settings.shard_ids == (0, 1) and settings.sync == "global"
    assert "from-file" not in repr(settings) and "from-file" not in str(settings.token)
    with pytest.raises(SettingsError, match="between 0 and 3"):
        settings.override(shard_ids=(7,))
    with pytest.raises(SettingsError, match="SUMMIT_QA_SHARDS='many'"):
        Settings.from_env({"SUMMIT_QA_SHARDS": "many"}, dotenv=None)


def test_embed_lists_every_source_within_the_field_limit():
    many = qa.Passage(
        id="many",
        title="Many",
        text="A fact from many pages.",
        source=[{"url": f"https://example.org/{i}", "title": f"Page {i} " + "x" * 80} for i in range(30)],
    )
    embed = replies.answer_embed(qa.load([many]).ask("fact pages"))
    (field,) = embed.fields
    assert field.name == "Sources"
    assert len(field.value or "") <= 1024
    assert (field.value or "").count("https://example.org/") >= 5
    assert all(line.endswith(")") for line in (field.value or "").splitlines())  # no link cut in half


# --- the question log and feedback buttons -------------------------------------------------------


def test_log_settings_from_env_and_their_checks():
    settings = Settings.from_env(
        {
            "SUMMIT_QA_DB": "postgresql://bot@db/log",
            "SUMMIT_QA_NO_LOG": "yes",
            "SUMMIT_QA_LOG_RETENTION_DAYS": "30",
            "SUMMIT_QA_RELOAD_SECONDS": "0",
        },
        dotenv=None,
    )
    assert (settings.db, settings.log, settings.retention_days, settings.reload_seconds) == (
        "postgresql://bot@db/log",
        False,
        30.0,
        0.0,
    )
    assert Settings.from_env({"SUMMIT_QA_NO_LOG": "0"}, dotenv=None).log is True
    with pytest.raises(SettingsError, match="SUMMIT_QA_NO_LOG='maybe'"):
        Settings.from_env({"SUMMIT_QA_NO_LOG": "maybe"}, dotenv=None)
    with pytest.raises(SettingsError, match="retention must be positive"):
        Settings(retention_days=0).checked()


def test_the_rendered_buttons_are_what_discord_py_items_would_send():
    async def both() -> tuple[list, list]:
        return feedback.view_for("0123456789abcdef").to_components(), feedback.item_view(
            "0123456789abcdef"
        ).to_components()

    rendered, items = asyncio.run(both())
    assert rendered == items
    ids = [button["custom_id"] for button in rendered[0]["components"]]
    assert ids == ["summit-qa:helpful:0123456789abcdef", "summit-qa:wrong:0123456789abcdef"]
    assert all(re.fullmatch(feedback.TEMPLATE, custom_id) for custom_id in ids)


def test_refusals_are_logged_too_and_carry_no_buttons(engine, tmp_path):
    log = QuestionLog(str(tmp_path / "q.db"))
    client = SummitBot(
        engine=engine,
        settings=Settings(token=Secret("t"), cooldown_rate=1, cooldown_seconds=60, max_question_chars=50),
        log=log,
    )

    async def ask() -> list:
        return [
            client.reply_for(1, 5, "What treaty was signed?", "slash"),
            client.reply_for(1, 5, "trade in 2024", "slash"),  # too fast
            client.reply_for(2, 5, "why " * 20, "mention"),  # too long
        ]

    answered, fast, long = asyncio.run(ask())
    assert answered.view is not None and fast.view is None and long.view is None
    assert log.flush(20)
    log.close()
    opened = open_store(tmp_path / "q.db")
    decisions = [d for (d,) in opened.fetch("SELECT decision FROM questions ORDER BY asked_at")]
    opened.close()
    assert decisions == ["answer", "refused", "refused"]


def test_dotenv_is_read_by_python_dotenv_quotes_multiline_and_all(tmp_path: Path):
    dotenv = tmp_path / ".env"
    dotenv.write_text(
        'export DISCORD_TOKEN="a b#c"  # a comment after a quoted value\n'
        "SUMMIT_QA_DISCORD_API='http://127.0.0.1:1/api'\n"
        'SUMMIT_QA_KNOWLEDGE="first\nsecond"\n'
        "SUMMIT_QA_SYNC\n",  # a key without a value is no setting
        encoding="utf-8",
    )
    assert read_dotenv(dotenv) == {
        "DISCORD_TOKEN": "a b#c",
        "SUMMIT_QA_DISCORD_API": "http://127.0.0.1:1/api",
        "SUMMIT_QA_KNOWLEDGE": "first\nsecond",
    }


def test_the_nearest_dotenv_is_found_from_a_subdirectory(tmp_path: Path, monkeypatch):
    (tmp_path / ".env").write_text("DISCORD_TOKEN=up-there\n", encoding="utf-8")
    below = tmp_path / "a" / "b"
    below.mkdir(parents=True)
    monkeypatch.chdir(below)
    assert find_dotenv() == tmp_path / ".env"


@pytest.mark.parametrize("level", ["debug", "Warning", "ERROR"])
def test_the_log_level_is_read_in_any_case(level):
    assert Settings.from_env({"SUMMIT_QA_LOG_LEVEL": level}).log_level == level.upper()
    assert Settings().override(log_level=level).log_level == level.upper()


def test_a_log_level_that_is_none_is_refused():
    with pytest.raises(SettingsError, match="log level must be one of DEBUG, INFO"):
        Settings.from_env({"SUMMIT_QA_LOG_LEVEL": "loud"})


def test_held_records_wait_for_release_and_dropped_ones_are_never_written():
    stream = io.StringIO()
    handler = logs.configure("INFO", "secret-token", stream)
    try:
        held = logs.Held(handler)
        logging.getLogger("discord.client").info("logging in using secret-token")
        assert stream.getvalue() == ""
        held.release()
        logging.getLogger("bot").info("after")
        lines = stream.getvalue().splitlines()
        assert len(lines) == 2 and "[token]" in lines[0] and "secret-token" not in stream.getvalue()
        dropped = logs.Held(handler)
        logging.getLogger("discord.client").info("never shown")
        dropped.drop()
        logging.getLogger("bot").info("shown")
        assert "never shown" not in stream.getvalue() and "shown" in stream.getvalue()
    finally:
        logging.getLogger().removeHandler(handler)


def test_refusals_come_in_the_questions_language():
    from bot import replies

    assert "слишком длинный" in replies.too_long(500, "ru") and "500" in replies.too_long(500, "ru")
    assert "秒" in replies.cooldown_notice(3.2, "zh") and "3" in replies.cooldown_notice(3.2, "zh")
    assert replies.too_long(500) == replies.too_long(500, "xx")  # English for a language it lacks
