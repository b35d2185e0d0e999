"""What the question log adds to a question's cost through the bot's handler (goal: at most 10%).

    python benchmarks/logging_overhead.py              # part of `make bench`
    python benchmarks/logging_overhead.py --rounds 5   # a quicker run

Three bots over the same engine answer the same mentions through the handler that serves them
(`answer_message`: the answer and its embed; discord.py building and JSON-encoding the reply and
reading the message Discord returns): one without a log, one with the log but no feedback
buttons, one with both (as served). Only the network is left out: the client's transport is a
stub that encodes the request body and returns the message Discord would, buttons included.
Each question is asked of the three back to back, in rotating order. After each round the log's
writer is woken and timed, in CPU time (the handler's thread only waits meanwhile), while it
builds the rows and writes them to SQLite in a temporary folder; a question's cost with the log
is its handler time plus its share of that. The writer waits between rounds rather than waking
every 0.1 s as in service, so its work is counted once, not also as contention.

This machine is shared and noisy (other processes take whole cores), and noise only ever adds
time: each question's time is the least over the rounds, the writer's share too; the medians of
the rounds are printed beside them. Named so as not to shadow the standard library's `logging`.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import discord
from discord import utils

import qa
from bot.client import SummitBot
from bot.settings import Secret, Settings
from qa.evaluation import read
from qa.questionlog import QuestionLog

ROOT = Path(__file__).resolve().parents[1]
GOAL = 1.10
BOT_ID = 900_000_000_000_000_001
CHANNEL_ID = 700_000_000_000_000_001


def questions(limit: int) -> list[str]:
    """In-scope and off-topic questions of the tuning set (answers and abstentions alike)."""
    cases = read(ROOT / "tests" / "eval" / "summit.yaml")
    every = [c.question for c in (*cases.questions, *cases.off_topic)]
    return every[:limit]


def _user(user_id: int, *, bot: bool = False) -> dict[str, Any]:
    name = f"user{user_id % 10_000}"
    return {"id": str(user_id), "username": name, "discriminator": "0", "global_name": name, "avatar": None,
            "bot": bot}  # fmt: skip


def _message(message_id: int, author: dict[str, Any], content: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": str(message_id),
        "channel_id": str(CHANNEL_ID),
        "author": author,
        "content": content,
        "timestamp": "2025-06-17T09:00:00+00:00",
        "edited_timestamp": None,
        "tts": False,
        "mention_everyone": False,
        "mentions": [],
        "mention_roles": [],
        "attachments": [],
        "embeds": [],
        "pinned": False,
        "type": 0,
        "flags": 0,
        **extra,
    }


class LogOnly(SummitBot):
    """Logs every question, but shows no buttons: what the log costs without the feedback."""

    def _log(self, question: str, front: str, answer: qa.Answer | None, user_id: int) -> str | None:
        super()._log(question, front, answer, user_id)
        return None


def bot(engine: qa.Engine, log: QuestionLog | None, cls: type[SummitBot] = SummitBot) -> SummitBot:
    """A bot whose REST transport answers at once, as Discord would, after encoding the request."""
    settings = Settings(token=Secret("benchmark"), cooldown_rate=10**9, log=log is not None)
    client = cls(engine=engine, settings=settings, log=log)
    me = _user(BOT_ID, bot=True)
    client._connection.user = discord.ClientUser(state=client._connection, data=me)  # type: ignore[arg-type]
    sent = iter(range(10**12, 2 * 10**12))

    async def request(route: Any, **kwargs: Any) -> Any:
        payload = kwargs.get("json") or {}
        utils._to_json(payload)  # what aiohttp would send
        return _message(
            next(sent), me, payload.get("content") or "", embeds=payload.get("embeds") or [],
            components=payload.get("components") or [],
        )  # fmt: skip

    client.http.request = request  # type: ignore[method-assign]
    return client


Incoming = Callable[[int, str], discord.Message]


def incoming(client: SummitBot) -> Incoming:
    channel = client.get_partial_messageable(CHANNEL_ID)
    ids = iter(range(10**15, 2 * 10**15))

    def make(user: int, question: str) -> discord.Message:
        data = _message(next(ids), _user(user), f"<@{BOT_ID}> {question}")
        return discord.Message(state=client._connection, channel=channel, data=data)  # type: ignore[arg-type]

    return make


Round = tuple[list[list[float]], float]
KINDS = ("without", "log", "served")
"""No log; the log without buttons; the log and its buttons."""


async def round_of(bots: list[SummitBot], log: QuestionLog, asked: list[str], turn: int) -> Round:
    """Seconds for each question on each bot, and the writer's seconds for the round."""
    messages = [incoming(b) for b in bots]
    spent: list[list[float]] = [[] for _ in bots]
    clock = time.perf_counter
    for i, question in enumerate(asked):
        user = turn * len(asked) + i  # a conversation of its own: every round asks alike
        for k in range(len(bots)):
            which = (i + turn + k) % len(bots)
            message = messages[which](user, question)
            start = clock()
            await bots[which].answer_message(message, question)
            spent[which].append(clock() - start)
    start = time.process_time()  # the writer's work: this thread only waits meanwhile
    log.flush(60)
    return spent, time.process_time() - start


async def measure(rounds: int, limit: int) -> dict[str, float]:
    engine = qa.load()
    asked = questions(limit)
    with tempfile.TemporaryDirectory() as folder:
        log = QuestionLog(str(Path(folder) / "questions.db"), queue_size=100_000, interval=3600)
        bots = [bot(engine, None), bot(engine, log, LogOnly), bot(engine, log)]
        await round_of(bots, log, asked, 0)  # warm-up: words read, corrections remembered, the file made
        samples = [await round_of(bots, log, asked, turn) for turn in range(1, rounds + 1)]
        log.close()
    n = len(asked)
    figures: dict[str, float] = {"questions": n, "rounds": rounds}
    for k, kind in enumerate(KINDS):
        figures[f"least_{kind}"] = sum(min(s[0][k][i] for s in samples) for i in range(n)) / n
        figures[f"median_{kind}"] = statistics.median(sum(s[0][k]) / n for s in samples)
    # The writer wrote both logging bots' rows: each bot's share is half of it.
    figures["least_writing"] = min(w for _, w in samples) / (2 * n)
    figures["median_writing"] = statistics.median(w for _, w in samples) / (2 * n)
    for name in ("least", "median"):
        base = figures[f"{name}_without"]
        for kind in ("log", "served"):
            figures[f"{name}_{kind}_ratio"] = (figures[f"{name}_{kind}"] + figures[f"{name}_writing"]) / base
    return figures


def table(figures: dict[str, float]) -> str:
    def us(key: str) -> str:
        return f"{figures[key] * 1e6:.1f}"

    def ratio(key: str) -> str:
        value = figures[key]
        return f"{value:.3f}× ({'met' if value <= GOAL else 'not met'})"

    rows = [
        "| µs per question, through `answer_message` | least over rounds | median of rounds |",
        "|---|---|---|",
        f"| no log | {us('least_without')} | {us('median_without')} |",
        f"| the log, no buttons: the handler (the question queued) | {us('least_log')} | "
        f"{us('median_log')} |",
        f"| the log and its buttons (as served): the handler | {us('least_served')} | "
        f"{us('median_served')} |",
        f"| the writer's share, either (the row, the SQLite insert) | {us('least_writing')} | "
        f"{us('median_writing')} |",
        f"| **the log, all told, against no log (goal ≤ {GOAL:.2f}×)** | {ratio('least_log_ratio')} | "
        f"{ratio('median_log_ratio')} |",
        f"| the log and its buttons, all told, against no log | {ratio('least_served_ratio')} | "
        f"{ratio('median_served_ratio')} |",
    ]
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rounds", type=int, default=15, help="rounds over the questions (15)")
    parser.add_argument("--questions", type=int, default=214, help="questions per round (214: all)")
    args = parser.parse_args(argv)
    figures = asyncio.run(measure(args.rounds, args.questions))
    print(
        f"## Question log overhead ({figures['questions']:.0f} questions × {figures['rounds']:.0f} rounds)\n"
    )
    print(table(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
