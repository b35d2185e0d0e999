"""The question log: records what was asked and what the bot did, and never makes a reply wait.

A front hands each question to :meth:`QuestionLog.question`, which only appends it to a bounded
queue (about a microsecond: no lock, no wake-up); a writer thread looks at the queue every
``interval`` seconds, builds the rows (`qa.record`) and writes each batch in one transaction.
When the database is locked, slow, read-only or full, the writer warns once, keeps the queue and
retries; when the queue is full, new questions are dropped and counted; once it can write again
it catches up and says how many were dropped. Old rows are deleted after the retention period.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections import deque
from concurrent.futures import Future, InvalidStateError
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from . import record as records
from .record import ROW_COLUMNS, Asked, DailySalt
from .store import Store, open_store, shown

if TYPE_CHECKING:
    from .answer import Answer
    from .engine import Engine

log = logging.getLogger("qa.questionlog")

Verdict = Literal["helpful", "wrong"]
VERDICTS: tuple[Verdict, ...] = ("helpful", "wrong")
Outcome = Literal["recorded", "changed", "same", "gone", "dropped"]
"""What became of a verdict: new, replacing the voter's other one, the same again, on a question
the log no longer holds, or not written (the queue was full, or the log closed first)."""

_INSERT = f"INSERT INTO questions ({', '.join(ROW_COLUMNS)}) VALUES ({', '.join('?' * len(ROW_COLUMNS))})"
_BATCH = 1000
_RETRY_UP_TO = 5.0
"""Seconds between attempts when the database fails, at most (from 0.1 s, doubling)."""
_PURGE_EVERY = 3600.0


@dataclass(frozen=True)
class _Vote:
    question_id: str
    user: int
    verdict: Verdict
    at: float
    done: Future[Outcome] = field(default_factory=Future, compare=False)


@dataclass(frozen=True)
class _Flush:
    done: Future[None] = field(default_factory=Future, compare=False)


_Item = Asked | _Vote | _Flush


class QuestionLog:
    """Writes questions and verdicts to the store at ``target`` from a thread of its own.

    ``retention_days``: rows older than that are deleted (None: never; the terminal fronts
    leave that to the bot). ``queue_size`` bounds what waits while the database cannot be
    written; ``interval`` is how often the writer looks for new questions.
    """

    def __init__(
        self,
        target: str | Path | None = None,
        *,
        retention_days: float | None = 90,
        queue_size: int = 10_000,
        interval: float = 0.1,
    ) -> None:
        self.target = target
        self.retention_days = retention_days
        self.queue_size = queue_size
        self.interval = interval
        self.written = 0
        self.dropped = 0
        """Questions and verdicts dropped since the log opened (the queue was full)."""
        self.abandoned = 0
        """Questions given up when the log closed while the database failed."""
        self._queue: deque[_Item] = deque()  # append and popleft are atomic: no lock needed
        self._salt = DailySalt()
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._full_told = False
        self._failing = False
        self._dropped_at_failure = 0
        self._next_purge = 0.0  # the writer's: when it next deletes old rows
        self._thread = threading.Thread(target=self._run, name="summit-qa-log", daemon=True)
        self._thread.start()

    # --- the fronts' side: never blocks ----------------------------------------------------

    def question(
        self,
        question: str,
        *,
        front: str,
        answer: Answer | None,
        engine: Engine | None = None,
        version: str = "",
        user: int | None = None,
    ) -> str | None:
        """Queue a question and what was answered (None: refused); its id, or None when dropped."""
        asked = Asked(records.new_id(), time.time(), front, question, answer, engine, version, user)
        return asked.id if self._put(asked) else None

    def verdict(self, question_id: str, user: int, verdict: Verdict) -> Future[Outcome]:
        """Queue a user's verdict on an answer; the future says what became of it once written."""
        vote = _Vote(question_id, user, verdict, time.time())
        if not self._put(vote):
            vote.done.set_result("dropped")
        self._wake.set()  # someone waits for this one
        return vote.done

    def flush(self, timeout: float | None = None) -> bool:
        """Wait until everything queued so far is written; False when that took too long."""
        marker = _Flush()
        self._queue.append(marker)  # never dropped, so that it is never waited for in vain
        self._wake.set()
        try:
            marker.done.result(timeout)
        except TimeoutError:
            return False
        return True

    def close(self, timeout: float = 5.0) -> None:
        """Write what is queued (for up to ``timeout`` seconds), then stop the writer."""
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout)
        waiting = sum(isinstance(item, Asked) for item in list(self._queue))
        if lost := self.dropped + self.abandoned + waiting:
            log.warning(
                "question log: %d not written (%d dropped while the queue was full, %d when it closed "
                "with the database failing)",
                lost,
                self.dropped,
                self.abandoned + waiting,
            )

    def _put(self, item: _Item) -> bool:
        if len(self._queue) < self.queue_size:
            self._queue.append(item)
            return True
        self.dropped += 1
        if not self._full_told:
            self._full_told = True
            log.warning(
                "question log: %d waiting to be written; dropping new ones (and counting them) "
                "until the database catches up",
                self.queue_size,
            )
        return False

    # --- the writer thread -----------------------------------------------------------------

    def _run(self) -> None:
        connection = _Connection(self.target)
        batch: list[_Item] = []
        failures = 0
        while self._waited(batch):
            while len(batch) < _BATCH and self._queue:
                batch.append(self._queue.popleft())
            try:
                self._deliver(connection, batch)
            except Exception as error:
                self._failed(error)
                connection.close()
                failures += 1
                if self._stop.is_set() and failures > 1:  # closing: one more try was enough
                    self._abandon(batch)
                    break
                self._stop.wait(min(_RETRY_UP_TO, 0.1 * 2**failures))
                continue
            self.written += sum(isinstance(item, Asked) for item in batch)
            batch = []
            failures = 0
            if self._failing:
                self._recovered()
        connection.close()

    def _waited(self, batch: list[_Item]) -> bool:
        """Wait until there is something to write; False when closing with nothing left."""
        while not batch and not self._queue:
            if self._stop.is_set():
                return False
            self._wake.wait(self.interval)  # a batch gathers meanwhile: one transaction for many
            self._wake.clear()
        return True

    def _deliver(self, connection: _Connection, batch: list[_Item]) -> None:
        """Write a batch, opening the store when it is not open, and deleting old rows when due."""
        store = connection.open()
        if self.retention_days is not None and time.time() >= self._next_purge:
            self._purge(store)
            self._next_purge = time.time() + _PURGE_EVERY
        self._write(store, connection.key, batch)

    def _write(self, store: Store, key: str, batch: list[_Item]) -> None:
        outcomes: list[tuple[_Vote, Outcome]] = []
        with store.transaction():
            rows: list[tuple[object, ...]] = []
            for item in batch:
                if isinstance(item, Asked):
                    rows.append(records.row(item, self._salt))
                    continue
                if rows:  # in order: a verdict may be on a question of this batch
                    store.executemany(_INSERT, rows)
                    rows = []
                if isinstance(item, _Vote):
                    outcomes.append((item, _vote(store, key, item)))
            if rows:
                store.executemany(_INSERT, rows)
        for vote, outcome in outcomes:
            _settle(vote.done, outcome)
        for item in batch:
            if isinstance(item, _Flush):
                _settle(item.done, None)

    def _purge(self, store: Store) -> None:
        assert self.retention_days is not None
        before = time.time() - self.retention_days * 86400
        with store.transaction():
            old = "SELECT id FROM questions WHERE asked_at < ?"
            store.execute(f"DELETE FROM verdicts WHERE question_id IN ({old})", (before,))
            store.execute("DELETE FROM questions WHERE asked_at < ?", (before,))

    def _failed(self, error: Exception) -> None:
        if not self._failing:
            self._failing = True
            self._dropped_at_failure = self.dropped
            log.warning(
                "question log: cannot write to %s (%s: %s); answering goes on, and up to %d questions "
                "wait to be written",
                shown(self.target),
                type(error).__name__,
                error,
                self.queue_size,
            )

    def _recovered(self) -> None:
        self._failing = False
        self._full_told = False
        log.warning(
            "question log: writing again; caught up, %d dropped while it could not",
            self.dropped - self._dropped_at_failure,
        )

    def _abandon(self, batch: list[_Item]) -> None:
        """Closing while the database fails: what was queued is lost, and said to be."""
        while self._queue:
            batch.append(self._queue.popleft())
        for item in batch:
            if isinstance(item, _Vote):
                _settle(item.done, "dropped")
            elif isinstance(item, _Flush):
                _settle(item.done, None)
            else:
                self.abandoned += 1


class _Connection:
    """The writer's store, opened when first needed and again after a failure, and its voter key."""

    def __init__(self, target: str | Path | None) -> None:
        self.target = target
        self.store: Store | None = None
        self.key = ""

    def open(self) -> Store:
        if self.store is None:
            self.store = open_store(self.target)
            self.key = self.store.meta("voter_key") or ""
        return self.store

    def close(self) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None


def _settle(done: Future[Any], value: Any) -> None:
    """Say what became of an item, unless whoever waited for it has given up (cancelled)."""
    with contextlib.suppress(InvalidStateError):
        done.set_result(value)


def _vote(store: Store, key: str, vote: _Vote) -> Outcome:
    """Write one verdict: one per voter and answer, a second one replacing the first."""
    if not store.fetch("SELECT 1 FROM questions WHERE id = ?", (vote.question_id,)):
        return "gone"
    voter = records.voter(key, vote.question_id, vote.user)
    before = store.fetch(
        "SELECT verdict FROM verdicts WHERE question_id = ? AND voter = ?", (vote.question_id, voter)
    )
    if before and before[0][0] == vote.verdict:
        return "same"
    store.execute(
        "INSERT INTO verdicts (question_id, voter, verdict, at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (question_id, voter) DO UPDATE SET verdict = excluded.verdict, at = excluded.at",
        (vote.question_id, voter, vote.verdict, vote.at),
    )
    return "changed" if before else "recorded"
