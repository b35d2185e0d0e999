"""What the question log keeps of one question: a row, and nothing that names who asked.

The row is built from the answer away from the reply (in the log's writer thread); a front
only hands over the answer and who asked, and that user id never reaches the database: it
becomes a hash under a salt that lives in memory and changes every day (`DailySalt`), good
only for counting distinct askers per day.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import os
import re
import threading
from typing import TYPE_CHECKING, Literal, NamedTuple

if TYPE_CHECKING:
    from .answer import Answer
    from .engine import Engine

Decision = Literal["answer", "abstain", "ambiguous", "smalltalk", "invalid", "refused"]
DECISIONS: tuple[Decision, ...] = ("answer", "abstain", "ambiguous", "smalltalk", "invalid", "refused")
UNANSWERED: tuple[Decision, ...] = ("abstain", "ambiguous")
FRONTS = ("slash", "mention", "dm", "repl", "cli")
MAX_CHARS = 1000
"""Characters of a question that are kept (the engine reads no more)."""

_MENTION = re.compile(r"<(@[!&]?|#)\d+>")
"""A Discord mention of a user, role or channel: an id, which the log does not keep."""
_MENTION_AS = {"@": "@user", "@!": "@user", "@&": "@role", "#": "#channel"}


class Asked(NamedTuple):
    """One question as a front hands it to the log (kept in memory only; a tuple, since a front
    makes one per question and that must cost next to nothing)."""

    id: str
    at: float
    """Seconds since the epoch (UTC)."""
    front: str
    question: str
    answer: Answer | None
    """None when the front refused it (too long, too fast)."""
    engine: Engine | None
    version: str
    user: int | None
    """The asker's platform id, hashed by the writer and then forgotten."""


ROW_COLUMNS = (
    "id asked_at day front language question decision passage_id score "
    "runner_up_id runner_up_score knowledge_version asker"
).split()


def language(answer: Answer | None) -> str:
    """The question's language, as the answer gives it (``en`` for a refusal, which has none)."""
    return str(getattr(answer, "language", None) or "en")


def decision(answer: Answer | None, engine: Engine | None) -> Decision:
    """What the engine did. An abstention whose best passage would have been answered alone
    (it was too close to the runner-up) is ``ambiguous``; a weak one is ``abstain``."""
    if answer is None:
        return "refused"
    if answer.found:
        return "answer"
    if answer.kind in ("smalltalk", "invalid"):
        return answer.kind
    if engine is None or answer.score <= 0:
        return "abstain"
    return "ambiguous" if engine.policy.answers(answer.score, 0.0) else "abstain"


def scrub(question: str) -> str:
    """The question without mentions' ids, cut to what is kept."""
    text = _MENTION.sub(lambda m: _MENTION_AS[m[1]], question) if "<" in question else question
    text = text[:MAX_CHARS]
    if not text.isprintable():  # no NUL (PostgreSQL refuses it), no lone surrogate (not UTF-8)
        text = text.replace("\0", "").encode("utf-8", "replace").decode("utf-8")
    return text


def row(asked: Asked, salt: DailySalt) -> tuple[object, ...]:
    """The database row for a question (in ``ROW_COLUMNS`` order), its asker hashed under ``salt``."""
    answer = asked.answer
    best = runner_up = None
    if answer is not None:
        best = answer.passage or (answer.ranking[0].passage if answer.ranking else None)
        for alternative in answer.ranking:
            if best is None or alternative.passage.id != best.id:
                runner_up = alternative
                break
    day = day_of(asked.at)
    return (
        asked.id,
        asked.at,
        day,
        asked.front,
        language(answer),
        scrub(asked.question),
        decision(answer, asked.engine),
        best.id if best else None,
        float(answer.score) if answer is not None else 0.0,
        runner_up.passage.id if runner_up else None,
        float(runner_up.score) if runner_up else None,
        asked.version,
        salt.hash(asked.user, day),
    )


def day_of(at: float) -> str:
    """The UTC day of a time, as YYYY-MM-DD."""
    return _day(int(at // 86400))


@functools.lru_cache(maxsize=8)
def _day(number: int) -> str:
    return (dt.date(1970, 1, 1) + dt.timedelta(days=number)).isoformat()


def new_id() -> str:
    """A question's id: random, so it says nothing of when or by whom, and unique across shards."""
    return os.urandom(8).hex()


class DailySalt:
    """Hashes a user id under a salt drawn at random each UTC day and kept in memory only:
    the same asker hashes alike within a day (and process), and yesterday's hashes can no
    longer be linked to anyone, nor to today's."""

    def __init__(self) -> None:
        self._day = ""
        self._salt = b""
        self._lock = threading.Lock()

    def hash(self, user: int | None, day: str) -> str | None:
        """The user's hash on ``day`` (YYYY-MM-DD, UTC); None for no user."""
        if user is None:
            return None
        with self._lock:
            if day != self._day:
                self._day, self._salt = day, os.urandom(32)
            salt = self._salt
        return hashlib.blake2b(str(user).encode(), key=salt, digest_size=8).hexdigest()


def voter(key: str, question_id: str, user: int) -> str:
    """A voter's hash on one answer: stable (a second click replaces the first), and different
    for each answer, so verdicts cannot be linked to each other."""
    message = f"{question_id}:{user}".encode()
    return hashlib.blake2b(message, key=bytes.fromhex(key), digest_size=16).hexdigest()
