"""`summit-qa report` and the terminal fronts' logging, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import io
import json
import os
import sys

import discord
import pexpect
from discord_double import DiscordDouble
from test_bot_community import answers, ask, click
from test_bot_e2e import run

import qa
from qa import store
from qa.cli import main
from qa.questionlog import QuestionLog
from qa.store import open_store


def cli(*argv: str, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), stdin=io.StringIO(stdin), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def fronts(target: str) -> list[tuple[str, str, str]]:
    opened = open_store(target)
    try:
        return [
            tuple(r)
            for r in opened.fetch("SELECT front, decision, question FROM questions ORDER BY asked_at")
        ]
    finally:
        opened.close()


def test_the_terminal_fronts_log_only_when_given_db(log_target, monkeypatch):
    monkeypatch.setenv("SUMMIT_QA_DB", log_target)  # the bot's setting: not the terminal's
    assert cli("ask", "What treaty was signed?")[0] == 0
    assert not store.default_path().exists()
    assert cli("--db", log_target, "ask", "Who won the 2022 World Cup?")[0] == 1
    assert cli("--db", log_target, stdin="trade in 2024\nAnd in 2023?\n")[0] == 0
    assert cli("--db", log_target, "ask", "--json", stdin="hello\n")[0] == 0
    assert fronts(log_target) == [
        ("cli", "abstain", "Who won the 2022 World Cup?"),
        ("cli", "answer", "trade in 2024"),
        ("cli", "answer", "And in 2023?"),
        ("cli", "smalltalk", "hello"),
    ]


def test_the_repl_logs_with_db(tmp_path):
    db = tmp_path / "q.db"
    env = {**os.environ, "SUMMIT_QA_HISTORY": str(tmp_path / "history")}
    child = pexpect.spawn(
        sys.executable, ["-m", "qa", "--db", str(db)], env=env, encoding="utf-8", timeout=60
    )
    child.expect_exact("? ")
    child.sendline("What treaty was signed?")
    child.expect("Good-Neighborliness")
    child.expect_exact("? ")
    child.sendline(":quit")
    child.expect(pexpect.EOF)
    assert fronts(str(db)) == [("repl", "answer", "What treaty was signed?")]


def test_a_log_that_can_never_work_is_refused_at_once(tmp_path):
    db = tmp_path / "q.db"
    opened = open_store(db)
    opened.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    opened.close()
    status, _, err = cli("--db", str(db), "ask", "What treaty was signed?")
    assert status == 2 and "question log:" in err and "newer than this summit-qa knows" in err


def test_report_on_a_missing_log_says_so_and_creates_nothing(tmp_path):
    status, out, err = cli("report", "--db", str(tmp_path / "none.db"))
    assert status == 2 and "no question log at" in err and out == ""
    assert not (tmp_path / "none.db").exists()
    assert cli("report", "--since", "0", "--db", str(tmp_path / "x.db"))[0] == 2
    assert cli("report", "--limit", "-1", "--db", str(tmp_path / "x.db"))[0] == 2


def _bot_run(engine: qa.Engine, target: str) -> None:
    """A test run of the bot: answers, unanswered questions (one asked two ways), a click on wrong."""

    async def scenario(double: DiscordDouble, client: discord.Client) -> None:
        await ask(double, "Who won the 2022 World Cup?")
        await ask(double, "who won the 2022 world cup", author_id=7)
        await ask(double, "What is the capital of France?")
        await ask(double, "What treaty was signed?")
        await ask(double, "hello")
        await click(double, answers(double)[0], "wrong")

    run(scenario, engine, db=target)


def test_report_json_lists_the_unanswered_questions_of_a_test_run(engine, log_target):
    _bot_run(engine, log_target)
    status, out, _ = cli("report", "--db", log_target, "--json")
    assert status == 0
    report = json.loads(out)
    assert report["total"] == 5
    (today,) = report["days"]
    assert (today["answer"], today["abstain"] + today["ambiguous"], today["smalltalk"]) == (1, 3, 1)
    assert today["askers"] == 2
    unanswered = [(u["count"], u["question"].lower().rstrip("?")) for u in report["unanswered"]]
    assert unanswered == [(2, "who won the 2022 world cup"), (1, "what is the capital of france")]
    (wrong,) = report["wrong"]
    assert wrong["passage_id"] == "treaty" and wrong["wrong"] == 1 and wrong["helpful"] == 0
    assert "Good-Neighborliness" in wrong["text"] and wrong["questions"] == ["What treaty was signed?"]


def test_report_text_since_and_near_misses(engine, log_target):
    p1, p2 = engine.passages[:2]
    log = QuestionLog(log_target)
    close = qa.Answer(
        "which one?",
        True,
        p1.text,
        passage=p1,
        score=0.30,
        ranking=(qa.Alternative(p1, 0.30), qa.Alternative(p2, 0.28)),
    )
    clear = qa.Answer(
        "this one",
        True,
        p1.text,
        passage=p1,
        score=0.30,
        ranking=(qa.Alternative(p1, 0.30), qa.Alternative(p2, 0.05)),
    )
    log.question("which one?", front="cli", answer=close, engine=engine)
    log.question("this one", front="cli", answer=clear, engine=engine)
    log.question("an old one", front="cli", answer=engine.ask("Who won the 2022 World Cup?"), engine=engine)
    assert log.flush(20)
    log.close()
    opened = open_store(log_target)
    opened.execute("UPDATE questions SET asked_at = asked_at - 10 * 86400 WHERE question = 'an old one'")
    opened.close()
    status, out, _ = cli("report", "--db", log_target)
    assert status == 0 and "3 questions" in out
    assert "an old one" in out.split("Most often unanswered")[1]
    near = out.split("Near-misses")[1]
    assert "which one?" in near and "lead 7%" in near and "this one" not in near
    status, out, _ = cli("report", "--db", log_target, "--since", "5")
    assert "the last 5 days): 2 questions" in out and "an old one" not in out


def test_eval_out_writes_a_file_that_eval_reads_once_its_expects_are_filled(engine, log_target, tmp_path):
    _bot_run(engine, log_target)
    skeleton = tmp_path / "from-log.yaml"
    status, _, err = cli("report", "--db", log_target, "--eval-out", str(skeleton))
    assert status == 0 and f"3 questions written to {skeleton}" in err
    text = skeleton.read_text(encoding="utf-8")
    assert text.count("expect: FILL-IN") == 3 and "marked wrong" in text
    status, _, err = cli("eval", str(skeleton))
    assert status == 3 and f"{skeleton}:" in err and "'FILL-IN'" in err  # not filled in yet
    filled = text.replace("expect: FILL-IN", "expect: treaty", 1).replace("expect: FILL-IN", "expect: []")
    skeleton.write_text(filled, encoding="utf-8")
    status, out, err = cli("eval", str(skeleton))
    assert status == 0, err
    assert "3" in out and "top-1" in out.lower()
