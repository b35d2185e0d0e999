"""End to end: the real discord.py client, started through the bot's entry point, against a
Discord double on 127.0.0.1. Nothing here connects to Discord."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import discord
from discord_double import BOT_ID, GUILD_ID, DiscordDouble

import qa
from bot.cli import serve
from bot.settings import Secret, Settings

TOKEN = "double-token-XYZ.abc.123"
MENTION = f"<@{BOT_ID}>"
PRIVILEGED = (1 << 1) | (1 << 8) | (1 << 15)  # members, presences, message content

Scenario = Callable[[DiscordDouble, discord.Client], Awaitable[None]]
CLIENT = {"guild_ready_timeout": 0.05}
"""discord.py waits this long after READY for more guilds (2 s by default); the double sends its
one guild at once, and run() waits for it to be known."""


def run(scenario: Scenario, engine: qa.Engine, **settings: Any) -> DiscordDouble:
    """Start the double and the bot, wait for READY, run the scenario, shut both down."""

    async def main() -> DiscordDouble:
        double = DiscordDouble(TOKEN)
        await double.start()
        config = Settings(
            token=Secret(TOKEN), api_base=double.api_base, gateway_url=double.gateway_url, **settings
        )
        clients: list[discord.Client] = []
        task = asyncio.create_task(serve(config, engine=engine, started=clients.append, **CLIENT))

        def ready() -> bool:
            return bool(clients) and clients[0].is_ready() and clients[0].get_guild(GUILD_ID) is not None

        try:
            await double.wait_for(lambda: ready() or task.done())
            if task.done():
                task.result()
            await scenario(double, clients[0])
        finally:
            if clients:
                await clients[0].close()
            await asyncio.wait_for(task, 10)
            await double.stop()
        return double

    return asyncio.run(main())


def replies_to(double: DiscordDouble) -> list[str]:
    """Each reply as text: its content, or its embed's description."""
    out = []
    for payload in double.sent_messages:
        embeds = payload.get("embeds") or []
        out.append(embeds[0]["description"] if embeds else payload.get("content") or "")
    return out


def test_login_ready_and_no_privileged_intent(engine):
    async def scenario(double: DiscordDouble, client: discord.Client) -> None:
        assert client.user is not None and client.user.id == BOT_ID
        assert client.get_guild(GUILD_ID) is not None

    double = run(scenario, engine)
    assert ("GET", "/api/v10/users/@me", 200) in double.requests
    (identify,) = double.identifies
    assert identify["intents"] & PRIVILEGED == 0


def test_mention_gets_a_reply_with_the_answer_and_pings_nobody(engine):
    async def scenario(double: DiscordDouble, client: discord.Client) -> None:
        await double.dispatch("MESSAGE_CREATE", double.message(f"{MENTION} What treaty was signed?"))
        await double.wait_for(lambda: len(double.sent_messages) == 1)

    double = run(scenario, engine)
    (payload,) = double.sent_messages
    (embed,) = payload["embeds"]
    assert "Good-Neighborliness" in embed["description"]
    assert embed["title"].startswith("The Treaty on Permanent")
    assert any("http" in field["value"] for field in embed["fields"])  # the source as a link
    assert "treaty" in embed["footer"]["text"] and "confidence" in embed["footer"]["text"]
    assert payload["allowed_mentions"] == {"parse": []}
    assert payload["message_reference"]["message_id"]  # a reply to that message


def test_slash_ask_gets_an_interaction_callback_with_the_embed(engine):
    async def scenario(double: DiscordDouble, client: discord.Client) -> None:
        await double.dispatch(
            "INTERACTION_CREATE", double.ask_interaction("What is the China-Central Asia Spirit?")
        )
        await double.dispatch("INTERACTION_CREATE", double.ask_interaction("Who won the 2022 World Cup?"))
        await double.wait_for(lambda: len(double.callbacks) == 2)

    double = run(scenario, engine)
    found, unknown = sorted(double.callbacks, key=lambda c: bool(c["data"].get("content")))
    assert found["type"] == 4
    assert "mutual benefit" in found["data"]["embeds"][0]["description"]
    assert found["data"]["allowed_mentions"] == {"parse": []}
    assert unknown["data"]["flags"] & 64  # ephemeral
    assert "I don't know" in unknown["data"]["content"]


def test_topics_and_help_commands(engine):
    async def scenario(double: DiscordDouble, client: discord.Client) -> None:
        await double.dispatch("INTERACTION_CREATE", double.command_interaction("topics"))
        await double.dispatch("INTERACTION_CREATE", double.command_interaction("help"))
        await double.wait_for(lambda: len(double.callbacks) == 2)

    double = run(scenario, engine)
    texts = sorted(c["data"]["content"] for c in double.callbacks)
    assert any("The China–Central Asia Spirit" in t for t in texts)
    assert any("/ask" in t for t in texts)
    assert all(len(t) <= 2000 for t in texts)


def test_dm_is_answered_without_a_mention(engine):
    async def scenario(double: DiscordDouble, client: discord.Client) -> None:
        await double.dispatch("MESSAGE_CREATE", double.message("trade in 2024", dm=True))
        await double.wait_for(lambda: len(double.sent_messages) == 1)

    double = run(scenario, engine)
    assert "94.8" in replies_to(double)[0]


def test_only_messages_for_the_bot_trigger_it(engine):
    async def scenario(double: DiscordDouble, client: discord.Client) -> None:
        await double.dispatch("MESSAGE_CREATE", double.message("What treaty was signed?", mentions_bot=False))
        await double.dispatch(
            "MESSAGE_CREATE",
            double.message("@everyone what treaty?", mentions_bot=False, mention_everyone=True),
        )
        await double.dispatch("MESSAGE_CREATE", double.message(f"{MENTION} treaty?", bot=True, author_id=42))
        await double.dispatch("MESSAGE_CREATE", double.message(f"{MENTION} trade in 2024"))
        await double.wait_for(lambda: len(double.sent_messages) >= 1)
        await asyncio.sleep(0.3)

    double = run(scenario, engine)
    assert len(double.sent_messages) == 1
    assert "94.8" in replies_to(double)[0]


def test_everyone_in_a_question_pings_nobody(engine):
    async def scenario(double: DiscordDouble, client: discord.Client) -> None:
        await double.dispatch("MESSAGE_CREATE", double.message(f"{MENTION} @everyone <@&123> hello"))
        await double.dispatch("MESSAGE_CREATE", double.message(f"{MENTION} @everyone what about the SCO?"))
        await double.wait_for(lambda: len(double.sent_messages) == 2)

    double = run(scenario, engine)
    for payload in double.sent_messages:
        assert payload["allowed_mentions"] == {"parse": []}


def test_follow_ups_per_user_and_channel(engine):
    async def scenario(double: DiscordDouble, client: discord.Client) -> None:
        await double.dispatch(
            "MESSAGE_CREATE", double.message(f"{MENTION} How much did China trade with Kyrgyzstan in 2024?")
        )
        await double.wait_for(lambda: len(double.sent_messages) == 1)
        await double.dispatch("MESSAGE_CREATE", double.message(f"{MENTION} And with Uzbekistan?"))
        await double.wait_for(lambda: len(double.sent_messages) == 2)
        # Another user's follow-up has no context of its own: it reads as a question of its own.
        await double.dispatch(
            "MESSAGE_CREATE", double.message(f"{MENTION} And with Uzbekistan?", author_id=77)
        )
        await double.wait_for(lambda: len(double.sent_messages) == 3)

    double = run(scenario, engine)
    first, second, other = replies_to(double)
    assert "22.7" in first and "13.7" in second  # the trade figures, by country
    assert "Mirziyoyev" in other and other != second


def test_long_question_gets_a_polite_refusal(engine):
    async def scenario(double: DiscordDouble, client: discord.Client) -> None:
        await double.dispatch("MESSAGE_CREATE", double.message(f"{MENTION} " + "why " * 300))
        await double.wait_for(lambda: len(double.sent_messages) == 1)

    double = run(scenario, engine, max_question_chars=200)
    assert "too long" in replies_to(double)[0]


def test_cooldown_answers_spam_with_one_notice(engine):
    async def scenario(double: DiscordDouble, client: discord.Client) -> None:
        for _ in range(6):
            await double.dispatch("MESSAGE_CREATE", double.message(f"{MENTION} trade in 2024"))
        await double.wait_for(lambda: len(double.sent_messages) >= 3)
        await asyncio.sleep(0.5)
        await double.dispatch("INTERACTION_CREATE", double.ask_interaction("trade in 2024"))
        await double.wait_for(lambda: len(double.callbacks) == 1)

    double = run(scenario, engine, cooldown_rate=2, cooldown_seconds=60)
    texts = replies_to(double)
    assert len(texts) == 3
    assert sum("94.8" in t for t in texts) == 2
    assert sum("faster than I can keep up" in t for t in texts) == 1
    (callback,) = double.callbacks
    assert callback["data"]["flags"] & 64 and "faster" in callback["data"]["content"]


def test_a_handler_error_is_apologised_for_and_the_bot_keeps_serving(engine, caplog, monkeypatch):
    faulty = qa.load()
    real_ask = qa.Conversation.ask

    def ask(self: qa.Conversation, question: str, language: str | None = None) -> qa.Answer:
        if "explode" in question:
            raise RuntimeError("engine exploded")
        return real_ask(self, question, language)

    monkeypatch.setattr(qa.Conversation, "ask", ask)

    async def scenario(double: DiscordDouble, client: discord.Client) -> None:
        await double.dispatch("MESSAGE_CREATE", double.message(f"{MENTION} please explode"))
        await double.wait_for(lambda: len(double.sent_messages) == 1)
        await double.dispatch("INTERACTION_CREATE", double.ask_interaction("explode again"))
        await double.wait_for(lambda: len(double.callbacks) == 1)
        await double.dispatch("MESSAGE_CREATE", double.message(f"{MENTION} trade in 2024"))
        await double.wait_for(lambda: len(double.sent_messages) == 2)

    with caplog.at_level(logging.ERROR):
        double = run(scenario, faulty)
    apology, answer = replies_to(double)
    assert "Sorry, something went wrong" in apology
    assert "94.8" in answer
    assert "Sorry, something went wrong" in double.callbacks[0]["data"]["content"]
    assert double.callbacks[0]["data"]["flags"] & 64
    assert "engine exploded" in caplog.text and "Traceback" in caplog.text


def test_gateway_closing_the_socket_makes_the_client_resume(engine):
    async def scenario(double: DiscordDouble, client: discord.Client) -> None:
        await double.drop_connections(code=4000)
        await double.wait_for(lambda: double.resumes == 1 and bool(double.sockets), timeout=30)
        await double.dispatch("MESSAGE_CREATE", double.message(f"{MENTION} trade in 2024"))
        await double.wait_for(lambda: len(double.sent_messages) == 1)

    double = run(scenario, engine)
    assert "94.8" in replies_to(double)[0]


def test_a_429_from_rest_is_retried(engine):
    async def scenario(double: DiscordDouble, client: discord.Client) -> None:
        double.rate_limit_next = 2
        await double.dispatch("MESSAGE_CREATE", double.message(f"{MENTION} trade in 2024"))
        await double.wait_for(lambda: len(double.sent_messages) == 1)

    double = run(scenario, engine)
    statuses = [status for method, path, status in double.requests if path.endswith("/messages")]
    assert statuses == [429, 429, 200]


def test_a_burst_of_500_questions_is_all_answered(engine):
    questions = [
        "trade in 2024",
        "What treaty was signed?",
        "What is the SCO?",
        "hello",
        "who won the world cup",
    ]

    async def scenario(double: DiscordDouble, client: discord.Client) -> None:
        for i in range(500):
            message = double.message(f"{MENTION} {questions[i % 5]}", author_id=10_000 + i)
            await double.dispatch("MESSAGE_CREATE", message)
        await double.wait_for(lambda: len(double.sent_messages) == 500, timeout=120)

    double = run(scenario, engine)
    assert len(double.sent_messages) == 500
    assert sum("94.8" in t for t in replies_to(double)) == 100


def test_commands_sync_to_the_dev_guild_only_when_asked(engine):
    async def nothing(double: DiscordDouble, client: discord.Client) -> None:
        return None

    assert run(nothing, engine).command_syncs == []
    double = run(nothing, engine, sync="guild", dev_guild_id=GUILD_ID)
    ((path, commands),) = double.command_syncs
    assert path.endswith(f"/guilds/{GUILD_ID}/commands")
    assert {c["name"]: bool(c["description"]) for c in commands} == {
        "ask": True,
        "topics": True,
        "help": True,
    }
    ask = next(c for c in commands if c["name"] == "ask")
    assert ask["options"][0]["name"] == "question" and ask["options"][0]["description"]
    # The descriptions come from the knowledge's about texts (its subject and name).
    assert ask["description"] == f"Ask about {engine.said('en').subject}"[:100]
    assert next(c for c in commands if c["name"] == "help")["description"] == "How to ask summit-qa"


def test_shards_run_an_auto_sharded_client(engine):
    async def scenario(double: DiscordDouble, client: discord.Client) -> None:
        assert isinstance(client, discord.AutoShardedClient)
        await double.dispatch("MESSAGE_CREATE", double.message(f"{MENTION} trade in 2024"))
        await double.wait_for(lambda: len(double.sent_messages) >= 1)

    double = run(scenario, engine, shards=2)
    assert sorted(tuple(i["shard"]) for i in double.identifies) == [(0, 2), (1, 2)]
    assert "94.8" in replies_to(double)[0]


def test_token_never_appears_in_logs(engine, caplog):
    async def scenario(double: DiscordDouble, client: discord.Client) -> None:
        await double.dispatch("MESSAGE_CREATE", double.message(f"{MENTION} trade in 2024"))
        await double.wait_for(lambda: len(double.sent_messages) == 1)
        await double.drop_connections()
        await double.wait_for(lambda: double.resumes == 1, timeout=30)

    with caplog.at_level(logging.DEBUG):
        run(scenario, engine)
    assert "logging in" in caplog.text  # the logs were captured
    assert TOKEN not in caplog.text


def test_client_options_reach_discord_py(engine):
    async def scenario(double: DiscordDouble, client: discord.Client) -> None:
        assert client._connection.guild_ready_timeout == CLIENT["guild_ready_timeout"]
        assert client._connection.max_messages == 1000  # discord.py's default: nothing else changed

    run(scenario, engine)


def test_synced_commands_carry_russian_and_chinese_names_and_descriptions(engine):
    async def nothing(double: DiscordDouble, client: discord.Client) -> None:
        return None

    double = run(nothing, engine, sync="guild", dev_guild_id=GUILD_ID)
    ((_, commands),) = double.command_syncs
    by_name = {c["name"]: c for c in commands}
    assert {n: by_name[n]["name_localizations"] for n in ("ask", "topics", "help")} == {
        "ask": {"ru": "спросить", "zh-CN": "提问"},
        "topics": {"ru": "темы", "zh-CN": "主题"},
        "help": {"ru": "помощь", "zh-CN": "帮助"},
    }
    ask = by_name["ask"]
    assert ask["description_localizations"]["ru"].startswith("Спросить")
    assert ask["description_localizations"]["zh-CN"].startswith("提问")
    (option,) = ask["options"]
    assert option["name_localizations"] == {"ru": "вопрос", "zh-CN": "问题"}
    assert all(len(d) <= 100 for d in option["description_localizations"].values())


def test_a_russian_mention_and_a_chinese_ask_are_answered_in_kind(engine):
    async def scenario(double: DiscordDouble, client: discord.Client) -> None:
        await double.dispatch(
            "MESSAGE_CREATE", double.message(f"{MENTION} какой договор подписали в Астане?")
        )
        await double.dispatch("INTERACTION_CREATE", double.ask_interaction("峰会在哪开的", locale="zh-CN"))
        await double.dispatch("INTERACTION_CREATE", double.ask_interaction("2024?", locale="ru"))
        await double.wait_for(lambda: len(double.sent_messages) == 1 and len(double.callbacks) == 2)

    double = run(scenario, engine)
    (mention,) = double.sent_messages
    (embed,) = mention["embeds"]
    treaty = next(p for p in engine.passages if p.id == "treaty")
    assert embed["title"] == treaty.title_in("ru") and embed["description"] == treaty.text_in("ru")
    assert (
        embed["fields"][0]["name"] in ("Источник", "Источники") and "уверенность" in embed["footer"]["text"]
    )
    chinese, digits = double.callbacks
    (chinese_embed,) = chinese["data"]["embeds"]
    assert chinese_embed["fields"][0]["name"] == "来源" and "阿斯塔纳" in chinese_embed["description"]
    # No letters: the user's locale decides the language of the reply.
    reply = digits["data"].get("content") or digits["data"]["embeds"][0]["description"]
    assert any("\u0400" <= ch <= "\u04ff" for ch in reply)


def test_help_and_topics_come_in_the_users_locale(engine):
    async def scenario(double: DiscordDouble, client: discord.Client) -> None:
        await double.dispatch("INTERACTION_CREATE", double.command_interaction("help", locale="ru"))
        await double.dispatch("INTERACTION_CREATE", double.command_interaction("topics", locale="zh-CN"))
        await double.wait_for(lambda: len(double.callbacks) == 2)

    double = run(scenario, engine)
    help_, topics = (c["data"]["content"] for c in double.callbacks)
    assert "/спросить" in help_ and engine.said("ru").help in help_
    assert topics.startswith("我可以回答") and engine.passages[0].title_in("zh") in topics
