"""The question log and its store, against SQLite and a real PostgreSQL server alike."""

from __future__ import annotations

import logging
import sqlite3
import threading
import time

import pytest

import qa
from qa import record, store
from qa.errors import StoreError
from qa.questionlog import QuestionLog
from qa.store import MIGRATIONS, open_store

USER = 123_456_789_012_345_678


def rows(target: str, sql: str = "SELECT * FROM questions ORDER BY asked_at") -> list[tuple]:
    opened = open_store(target)
    try:
        return opened.fetch(sql)
    finally:
        opened.close()


def logged(target: str, engine: qa.Engine, questions: list[str], **options) -> list[str | None]:
    log = QuestionLog(target, **options)
    try:
        ids = [
            log.question(q, front="mention", answer=engine.ask(q), engine=engine, version="v1", user=USER)
            for q in questions
        ]
        assert log.flush(20)
    finally:
        log.close()
    return ids


def test_a_new_store_has_the_newest_schema_and_reopens_unchanged(log_target):
    first = open_store(log_target)
    key = first.meta("voter_key")
    assert first.version() == len(MIGRATIONS)
    first.close()
    again = open_store(log_target)
    assert again.version() == len(MIGRATIONS) and again.meta("voter_key") == key
    again.close()


def test_a_schema_newer_than_the_code_is_refused(log_target):
    opened = open_store(log_target)
    opened.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    opened.close()
    with pytest.raises(StoreError, match="version 99, newer than this summit-qa knows"):
        open_store(log_target)


def test_a_new_migration_is_applied_to_an_existing_log_and_keeps_its_rows(log_target, engine, monkeypatch):
    logged(log_target, engine, ["What treaty was signed?"])

    def add_note(opened: store.Store) -> None:
        opened.execute("ALTER TABLE questions ADD COLUMN note TEXT")
        opened.execute("UPDATE questions SET note = 'migrated'")

    monkeypatch.setattr(store, "MIGRATIONS", [*MIGRATIONS, add_note])
    opened = open_store(log_target)
    assert opened.version() == len(MIGRATIONS) + 1
    assert opened.fetch("SELECT question, note FROM questions") == [("What treaty was signed?", "migrated")]
    opened.close()


def test_sqlite_runs_in_wal_mode(tmp_path):
    open_store(tmp_path / "q.db").close()
    assert sqlite3.connect(tmp_path / "q.db").execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_report_side_does_not_create_a_missing_file(tmp_path):
    with pytest.raises(StoreError, match="no question log at"):
        open_store(tmp_path / "none.db", create=False)
    assert not (tmp_path / "none.db").exists()


def test_each_question_is_logged_with_what_the_bot_did_and_nothing_that_names_the_asker(log_target, engine):
    ids = logged(
        log_target,
        engine,
        [
            "What treaty was signed?",
            "Who won the 2022 World Cup?",
            "hello",
            f"<@{USER}> what is the SCO?",
            "Какой договор подписали?",
        ],
    )
    assert all(ids) and len(set(ids)) == 5
    table = {row[0]: dict(zip(record.ROW_COLUMNS, row, strict=True)) for row in rows(log_target)}
    treaty, cup, hello, sco, russian = (table[i] for i in ids)
    assert russian["language"] == "ru" and russian["passage_id"] == treaty["passage_id"]
    assert treaty["decision"] == "answer" and treaty["passage_id"] == engine.ask("What treaty?").passage.id
    assert treaty["runner_up_id"] not in (None, treaty["passage_id"])
    assert treaty["score"] > treaty["runner_up_score"] > 0
    assert treaty["front"] == "mention" and treaty["language"] == "en"
    assert treaty["knowledge_version"] == "v1"
    assert treaty["day"] == time.strftime("%Y-%m-%d", time.gmtime())
    assert cup["decision"] == "abstain" and hello["decision"] == "smalltalk"
    assert sco["question"] == "@user what is the SCO?"  # a mention's id is not kept
    every_value = " ".join(str(v) for row in table.values() for v in row.values())
    assert str(USER) not in every_value
    assert len({row["asker"] for row in table.values()}) == 1  # one asker, counted once


def test_the_askers_hash_changes_with_the_day_and_the_asker():
    salt = record.DailySalt()
    today, tomorrow = record.day_of(time.time()), record.day_of(time.time() + 86400)
    assert salt.hash(1, today) == salt.hash(1, today) != salt.hash(2, today)
    first = salt.hash(1, today)
    assert salt.hash(1, tomorrow) != first
    assert salt.hash(1, today) != first  # yesterday's salt is gone: nothing links back to it
    assert salt.hash(None, today) is None
    assert record.day_of(0) == "1970-01-01" and record.day_of(1750150800) == "2025-06-17"


def test_ambiguous_is_an_abstention_a_lone_best_passage_would_have_answered(engine, tiny):
    hand = qa.load(tiny, min_score=0.1, margin=0.2)
    close = qa.Answer("q", False, "I don't know", score=0.12, kind="unknown")
    weak = qa.Answer("q", False, "I don't know", score=0.05, kind="unknown")
    assert record.decision(close, hand) == "ambiguous" and record.decision(weak, hand) == "abstain"
    floor = engine.policy.floor
    near = qa.Answer("q", False, "", score=floor * 1.5, kind="unknown")
    assert record.decision(near, engine) == "ambiguous"
    assert record.decision(qa.Answer("q", False, "", score=floor / 2, kind="unknown"), engine) == "abstain"
    assert record.decision(None, engine) == "refused"


def test_one_verdict_per_user_per_answer_and_a_second_click_changes_it(log_target, engine):
    log = QuestionLog(log_target)
    try:
        qid = log.question("trade in 2024", front="slash", answer=engine.ask("trade in 2024"), engine=engine)
        assert qid is not None
        assert log.verdict(qid, USER, "wrong").result(20) == "recorded"
        assert log.verdict(qid, USER, "wrong").result(20) == "same"
        assert log.verdict(qid, USER, "helpful").result(20) == "changed"
        assert log.verdict(qid, USER + 1, "wrong").result(20) == "recorded"
        assert log.verdict("0123456789abcdef", USER, "wrong").result(20) == "gone"
    finally:
        log.close()
    verdicts = sorted(v for (v,) in rows(log_target, "SELECT verdict FROM verdicts"))
    assert verdicts == ["helpful", "wrong"]
    voters = rows(log_target, "SELECT voter FROM verdicts")
    assert all(str(USER) not in voter for (voter,) in voters)


def test_rows_older_than_the_retention_period_are_deleted(log_target, engine):
    old_id = logged(log_target, engine, ["What is the SCO?"])[0]
    opened = open_store(log_target)
    opened.execute("UPDATE questions SET asked_at = asked_at - 91 * 86400")
    opened.execute(
        "INSERT INTO verdicts (question_id, voter, verdict, at) VALUES (?, 'v', 'wrong', 0)", (old_id,)
    )
    opened.close()
    new_id = logged(log_target, engine, ["What treaty was signed?"], retention_days=90)[0]
    assert [row[0] for row in rows(log_target)] == [new_id]
    assert rows(log_target, "SELECT * FROM verdicts") == []


def test_the_terminal_log_keeps_old_rows(log_target, engine):
    logged(log_target, engine, ["What is the SCO?"])
    opened = open_store(log_target)
    opened.execute("UPDATE questions SET asked_at = asked_at - 400 * 86400")
    opened.close()
    logged(log_target, engine, ["What treaty was signed?"], retention_days=None)
    assert len(rows(log_target)) == 2


def _hold_lock(target: str, held: threading.Event, release: threading.Event) -> None:
    """Lock the questions table from another connection until ``release`` is set."""
    if store.is_postgres(target):
        import psycopg

        with psycopg.connect(target) as connection:
            connection.execute("LOCK TABLE questions IN ACCESS EXCLUSIVE MODE")
            held.set()
            release.wait(30)
    else:
        connection = sqlite3.connect(target, isolation_level=None)
        connection.execute("BEGIN EXCLUSIVE")
        held.set()
        release.wait(30)
        connection.execute("ROLLBACK")
        connection.close()


def test_a_locked_database_delays_no_question_warns_once_and_catches_up(log_target, engine, caplog):
    open_store(log_target).close()
    held, release = threading.Event(), threading.Event()
    locker = threading.Thread(target=_hold_lock, args=(log_target, held, release))
    locker.start()
    assert held.wait(10)
    log = QuestionLog(log_target)
    try:
        with caplog.at_level(logging.WARNING, logger="qa.questionlog"):
            answer = engine.ask("What treaty was signed?")
            ids = [log.question("What treaty?", front="cli", answer=answer) for _ in range(50)]
            assert all(ids)  # queued, not dropped
            assert not log.flush(3)  # the database is locked: nothing gets written
            release.set()
            locker.join()
            assert log.flush(30)
    finally:
        release.set()
        log.close()
    assert len(rows(log_target)) == 50 and log.dropped == 0
    cannot = [r for r in caplog.records if "cannot write" in r.getMessage()]
    assert len(cannot) == 1
    assert any("caught up, 0 dropped" in r.getMessage() for r in caplog.records)


def test_a_full_queue_drops_and_counts_and_warns_once(tmp_path, engine, caplog):
    path = tmp_path / "q.db"
    open_store(path).close()
    log = QuestionLog(f"file:{path}?mode=ro", queue_size=5)  # a read-only database
    answer = engine.ask("What treaty was signed?")
    with caplog.at_level(logging.WARNING, logger="qa.questionlog"):
        ids = [log.question("What treaty?", front="cli", answer=answer) for _ in range(40)]
        log.close(timeout=10)
    assert ids.count(None) >= 30 and log.dropped >= 30
    messages = [r.getMessage() for r in caplog.records]
    assert sum("dropping new ones" in m for m in messages) == 1
    assert sum("cannot write" in m and "readonly" in m for m in messages) == 1
    assert any(f"{log.dropped + log.abandoned} not written ({log.dropped} dropped" in m for m in messages)
    assert rows(str(path)) == []


def test_a_password_never_shows_in_messages():
    assert store.shown("postgresql://bot:s3cret@db.example/log") == "postgresql://bot:***@db.example/log"
    assert store.shown("/tmp/q.db") == "/tmp/q.db"
