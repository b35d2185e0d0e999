"""Running it for a community, end to end against the Discord double: the question log, the
feedback buttons (across a restart too), knowledge reloaded while serving, and a database that
fails without stopping a reply."""

from __future__ import annotations

import asyncio
import logging
import re
import shutil
import sqlite3
import time
from pathlib import Path
from typing import Any

import discord
import pytest
from discord_double import DiscordDouble
from test_bot_e2e import MENTION, replies_to, run

import qa
from qa import knowledge, record, store
from qa.store import open_store

USER = 500_000_000_000_000_001  # the double's default asker
BUTTON = re.compile(r"summit-qa:(helpful|wrong):([0-9a-f]{16})")


def rows(target: str, sql: str = "SELECT * FROM questions ORDER BY asked_at") -> list[dict[str, Any]]:
    opened = open_store(target)
    try:
        found = opened.fetch(sql)
    finally:
        opened.close()
    columns = record.ROW_COLUMNS if sql.startswith("SELECT * FROM questions") else None
    return [dict(zip(columns, row, strict=True)) if columns else {"row": row} for row in found]


def buttons(message: dict[str, Any]) -> list[str]:
    """The custom_ids of a message's buttons."""
    return [c["custom_id"] for row in message.get("components") or [] for c in row["components"]]


def answers(double: DiscordDouble) -> list[dict[str, Any]]:
    """The bot's messages (replies and interaction responses) that hold an answer embed."""
    return [m for m in double.messages if m["embeds"]]


async def ask(double: DiscordDouble, question: str, *, author_id: int = USER) -> str:
    """Mention the bot with a question and wait for the reply's text."""
    before = len(double.sent_messages)
    await double.dispatch("MESSAGE_CREATE", double.message(f"{MENTION} {question}", author_id=author_id))
    await double.wait_for(lambda: len(double.sent_messages) > before)
    return replies_to(double)[before]


async def click(double: DiscordDouble, message: dict[str, Any], verdict: str, *, user_id: int = USER) -> str:
    """Click a message's button and wait for the bot's ephemeral reply; returns its text."""
    (custom_id,) = [c for c in buttons(message) if c.startswith(f"summit-qa:{verdict}:")]
    before = len(double.callbacks)
    await double.dispatch(
        "INTERACTION_CREATE", double.button_interaction(message, custom_id, user_id=user_id)
    )
    await double.wait_for(lambda: len(double.callbacks) > before)
    callback = double.callbacks[before]
    assert callback["type"] == 4 and callback["data"]["flags"] & 64  # ephemeral: only the clicker sees it
    return str(callback["data"]["content"])


# --- the question log ------------------------------------------------------------------------


def test_a_mention_an_ask_and_a_dm_are_logged(engine, log_target):
    async def scenario(double: DiscordDouble, client: discord.Client) -> None:
        await ask(double, "What treaty was signed?")
        await double.dispatch(
            "INTERACTION_CREATE", double.ask_interaction("What is the China-Central Asia Spirit?")
        )
        await double.dispatch("INTERACTION_CREATE", double.ask_interaction("Who won the 2022 World Cup?"))
        await double.wait_for(lambda: len(double.callbacks) == 2)
        await double.dispatch("MESSAGE_CREATE", double.message("trade in 2024", dm=True, author_id=USER + 1))
        await double.wait_for(lambda: len(double.sent_messages) == 2)

    double = run(scenario, engine, db=log_target)
    logged = rows(log_target)
    by_front = sorted((r["front"], r["decision"]) for r in logged)
    assert by_front == [("dm", "answer"), ("mention", "answer"), ("slash", "abstain"), ("slash", "answer")]
    assert {r["knowledge_version"] for r in logged} == {knowledge.version(engine.passages)}
    assert all(r["language"] == "en" and r["asker"] for r in logged)
    assert len({r["asker"] for r in logged}) == 2  # the guild user, and the DM's other user
    assert not any(str(USER) in str(value) for r in logged for value in r.values())
    # Every answer, as a reply or a slash response, carries the two buttons of its logged question.
    answered = {r["id"] for r in logged if r["decision"] == "answer"}
    held = answers(double)
    assert len(held) == 3
    for message in held:
        (helpful, wrong) = [BUTTON.fullmatch(c) for c in buttons(message)]
        assert helpful and wrong and helpful[1] == "helpful" and wrong[1] == "wrong"
        assert helpful[2] == wrong[2] and helpful[2] in answered


def test_no_log_keeps_nothing_and_shows_no_buttons(engine, tmp_path):
    async def scenario(double: DiscordDouble, client: discord.Client) -> None:
        await ask(double, "What treaty was signed?")

    double = run(scenario, engine, db=str(tmp_path / "q.db"), log=False)
    assert buttons(answers(double)[0]) == []
    assert not (tmp_path / "q.db").exists()


# --- feedback buttons --------------------------------------------------------------------------


def test_a_click_on_wrong_is_stored_and_thanked_and_a_second_click_changes_it(engine, log_target):
    said: list[str] = []

    async def scenario(double: DiscordDouble, client: discord.Client) -> None:
        await ask(double, "What treaty was signed?")
        await double.dispatch("INTERACTION_CREATE", double.ask_interaction("trade in 2024"))
        await double.wait_for(lambda: len(double.callbacks) == 1)
        mention_reply, slash_reply = answers(double)
        said.append(await click(double, mention_reply, "wrong"))
        said.append(await click(double, mention_reply, "wrong"))
        said.append(await click(double, mention_reply, "helpful"))
        said.append(await click(double, slash_reply, "wrong", user_id=USER + 7))

    run(scenario, engine, db=log_target)
    assert said == [
        "Thanks! I noted that this answer was wrong.",
        "Thanks! I had already noted that this answer was wrong.",
        "Thanks! I changed your verdict on this answer to helpful.",
        "Thanks! I noted that this answer was wrong.",
    ]
    verdicts = rows(
        log_target,
        "SELECT q.passage_id, v.verdict FROM verdicts v JOIN questions q ON q.id = v.question_id "
        "ORDER BY v.verdict",
    )
    assert [v["row"] for v in verdicts] == [("treaty", "helpful"), ("trade-2024", "wrong")]


def test_the_buttons_work_after_the_bot_restarts(engine, log_target):
    sent: list[dict[str, Any]] = []
    said: list[str] = []

    async def before(double: DiscordDouble, client: discord.Client) -> None:
        await ask(double, "What treaty was signed?")
        sent.extend(answers(double))

    async def after(double: DiscordDouble, client: discord.Client) -> None:
        said.append(await click(double, sent[0], "wrong"))

    run(before, engine, db=log_target)
    run(after, engine, db=log_target)  # a new process's worth: a new client, a new double
    assert said == ["Thanks! I noted that this answer was wrong."]
    assert [v["row"] for v in rows(log_target, "SELECT verdict FROM verdicts")] == [("wrong",)]


def test_buttons_on_an_answer_the_log_no_longer_holds_answer_politely(engine, log_target):
    sent: list[dict[str, Any]] = []
    said: list[str] = []

    async def before(double: DiscordDouble, client: discord.Client) -> None:
        await ask(double, "What treaty was signed?")
        sent.extend(answers(double))

    async def after(double: DiscordDouble, client: discord.Client) -> None:
        said.append(await click(double, sent[0], "helpful"))

    run(before, engine, db=log_target)
    opened = open_store(log_target)
    opened.execute("UPDATE questions SET asked_at = asked_at - 100 * 86400")  # past the retention period
    opened.close()
    run(after, engine, db=log_target)  # the new start deletes it
    run(after, engine, log=False)
    assert said == [
        "Thanks! That answer is older than my log keeps (90 days), so I can't note it any more.",
        "Thanks! This bot keeps no log at the moment, so I can't note verdicts.",
    ]
    assert rows(log_target) == []


# --- knowledge reloaded while serving ------------------------------------------------------------


@pytest.fixture
def own_knowledge(tmp_path) -> Path:
    """A copy of the bundled knowledge that a test may edit."""
    return Path(shutil.copytree(knowledge.default_path(), tmp_path / "knowledge"))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_editing_a_knowledge_file_changes_the_next_answer_within_10_seconds(own_knowledge, tmp_path):
    said: list[str] = []

    async def scenario(double: DiscordDouble, client: discord.Client) -> None:
        said.append(await ask(double, "trade in 2024"))
        edit(own_knowledge / "economy.yaml", "94.8", "99.9")
        async with asyncio.timeout(10):  # the default check interval, 3 s, and the build
            for turn in range(100):
                said.append(await ask(double, "trade in 2024", author_id=USER + turn))
                if "99.9" in said[-1]:
                    break
                await asyncio.sleep(0.5)

    db = str(tmp_path / "q.db")
    run(scenario, None, knowledge=own_knowledge, db=db)  # the default reload interval
    assert "94.8" in said[0] and "99.9" in said[-1]
    versions = [r["knowledge_version"] for r in rows(db)]
    assert versions[0] != versions[-1]  # the log says which knowledge answered
    assert versions[-1] == knowledge.version(knowledge.load_path(own_knowledge))


def test_a_broken_edit_keeps_the_old_answers_and_logs_each_problem(own_knowledge, caplog):
    said: list[str] = []
    economy = own_knowledge / "economy.yaml"

    async def scenario(double: DiscordDouble, client: discord.Client) -> None:
        edit(economy, "    text: >-", "    txet: >-")  # the first passage's text, misspelled
        edit(own_knowledge / "summit.yaml", "passages:", "passages: [")  # not YAML any more
        await double.wait_for(lambda: "keeps serving" in caplog.text, timeout=10)
        said.append(await ask(double, "trade in 2024"))

    with caplog.at_level(logging.WARNING, logger="bot"):
        run(scenario, None, knowledge=own_knowledge, reload_seconds=0.2)
    assert "94.8" in said[0]
    problems = [r.getMessage() for r in caplog.records if r.getMessage().startswith("knowledge not reloaded")]
    assert any(f"{economy}:" in p and "field 'txet'" in p and "did you mean 'text'" in p for p in problems)
    assert any(f"{own_knowledge / 'summit.yaml'}:" in p and "not valid YAML" in p for p in problems)
    assert sum("keeps serving" in r.getMessage() for r in caplog.records) == 1  # once, not at every look


TINY = """passages:
  - id: kazakhstan-trade
    title: Kazakhstan trade
    text: Trade between China and Kazakhstan reached 43.8 billion dollars in 2024.
    source: https://example.org/kz
  - id: uzbekistan-trade
    title: Uzbekistan trade
    text: Trade between China and Uzbekistan reached 13.7 billion dollars in 2024.
    source: https://example.org/uz
  - id: uzbekistan-meeting
    title: Xi with Uzbekistan's president
    text: Xi Jinping met with Uzbekistan's president Shavkat Mirziyoyev in Astana.
    source: https://example.org/meeting
  - id: railway
    title: The railway
    text: The China-Kyrgyzstan-Uzbekistan railway is being built.
    source: https://example.org/rail
"""


@pytest.mark.parametrize("removed", ["kazakhstan-trade", "railway"])
def test_a_conversation_whose_passage_vanished_starts_afresh(tmp_path, removed):
    folder = tmp_path / "tiny"
    folder.mkdir()
    (folder / "facts.yaml").write_text(TINY, encoding="utf-8")
    said: list[str] = []

    async def scenario(double: DiscordDouble, client: discord.Client) -> None:
        said.append(await ask(double, "How much did China trade with Kazakhstan?"))
        kept = [p for p in TINY.split("  - id: ")[1:] if not p.startswith(removed)]
        (folder / "facts.yaml").write_text("passages:\n" + "".join("  - id: " + p for p in kept), "utf-8")
        assert await client.reload_knowledge()  # type: ignore[attr-defined]
        said.append(await ask(double, "And with Uzbekistan?"))

    run(scenario, None, knowledge=folder, reload_seconds=0)
    (tmp_path / "before.yaml").write_text(TINY, encoding="utf-8")
    chat = qa.load(tmp_path / "before.yaml").conversation()
    chat.ask("How much did China trade with Kazakhstan?")
    after = qa.load(folder)
    fresh = after.conversation().ask("And with Uzbekistan?").text
    carried = after.conversation()
    carried.context, carried.topics = chat.context, chat.topics  # as if the context had gone along
    assert fresh != carried.ask("And with Uzbekistan?").text  # the context matters to this follow-up
    assert "43.8" in said[0]
    if removed == "kazakhstan-trade":  # the passage the conversation was about is gone: afresh
        assert said[1] == fresh
    else:  # another one is: the follow-up keeps its context
        assert "13.7" in said[1] and said[1] != fresh


# --- nothing blocks answering --------------------------------------------------------------------


def _full_sqlite(monkeypatch: pytest.MonkeyPatch, path: Path, engine: qa.Engine) -> int:
    """Make the log at ``path`` a full database: SQLite itself refuses to grow the file
    (``max_page_count`` on every connection), once it is filled with rows the size of the bot's.
    Returns how many rows it holds."""
    real = store.SqliteStore.__init__

    def capped(self: store.SqliteStore, *args: Any, **kwargs: Any) -> None:
        real(self, *args, **kwargs)
        pages = self.fetch("PRAGMA page_count")[0][0]
        self.fetch(f"PRAGMA max_page_count = {max(pages, 1)}")

    open_store(path).close()
    monkeypatch.setattr(store.SqliteStore, "__init__", capped)
    filler = open_store(path)
    answer = engine.ask("trade in 2024")
    insert = f"INSERT INTO questions VALUES ({', '.join('?' * len(record.ROW_COLUMNS))})"
    count = 0
    with pytest.raises(sqlite3.OperationalError, match="full"):
        for _ in range(100_000):
            asked = record.Asked(
                record.new_id(), time.time(), "mention", "trade in 2024", answer, engine, "v", 1
            )
            filler.execute(insert, record.row(asked, record.DailySalt()))
            count += 1
    filler.close()
    return count


@pytest.mark.parametrize("broken", ["read-only", "full"])
def test_a_read_only_or_full_database_never_stops_replies(engine, tmp_path, monkeypatch, caplog, broken):
    path = tmp_path / "q.db"
    if broken == "read-only":
        open_store(path).close()
        target, held = f"file:{path}?mode=ro", 0
    else:
        target, held = str(path), _full_sqlite(monkeypatch, path, engine)
    said: list[str] = []

    async def scenario(double: DiscordDouble, client: discord.Client) -> None:
        for i in range(8):
            said.append(await ask(double, "trade in 2024", author_id=USER + i))
        await double.dispatch("INTERACTION_CREATE", double.ask_interaction("What treaty was signed?"))
        await double.wait_for(lambda: len(double.callbacks) == 1)
        said.append(await click(double, answers(double)[0], "wrong"))

    with caplog.at_level(logging.WARNING):
        double = run(scenario, engine, db=target)
    assert len(said) == 9 and all("94.8" in s for s in said[:8])
    assert (
        said[8] == "Thanks! I'll note that this answer was wrong."
    )  # queued: the database is not waited for
    assert "Good-Neighborliness" in double.callbacks[0]["data"]["embeds"][0]["description"]
    messages = [r.getMessage() for r in caplog.records]
    assert sum("cannot write" in m for m in messages) == 1  # warned once
    assert any(m.startswith("question log: 9 not written") for m in messages)  # and counted
    assert len(rows(str(path))) == held  # nothing was written
