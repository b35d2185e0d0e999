"""The real REPL through a pseudo-terminal, typed as a person would."""

from __future__ import annotations

import io
import os
import shutil
import sys
from pathlib import Path

import pexpect
import pytest

from qa.render import CUT
from qa.repl import HELP, Repl

PROMPT = r"\n(?:\x1b\[\?2004h)?\? "
"""The prompt after an answer (readline turns bracketed paste on before each prompt)."""


def summit_qa() -> str:
    found = shutil.which("summit-qa", path=str(Path(sys.executable).parent))
    if not found:
        pytest.skip("the summit-qa console script is not installed")
    return found


@pytest.fixture
def repl(tmp_path):
    env = {**os.environ, "SUMMIT_QA_HISTORY": str(tmp_path / "history"), "TERM": "dumb"}
    child = pexpect.spawn(summit_qa(), env=env, encoding="utf-8", timeout=120, dimensions=(40, 200))
    child.expect("summit-qa — ask about")
    child.expect(r"\? ")
    yield child, tmp_path / "history"
    child.close(force=True)


def ask(child: pexpect.spawn, line: str) -> str:
    child.sendline(line)
    child.expect(PROMPT)
    return str(child.before)


def test_repl_session(repl):
    child, history = repl
    out = ask(child, "What did Xi discuss with Kyrgyzstan?")
    assert "Japarov" in out and "Source:" in out
    out = ask(child, "And with Uzbekistan?")
    assert "Mirziyoyev" in out
    out = ask(child, ":why")
    assert "bilateral-uzbekistan" in out and "decision: answered" in out
    out = ask(child, "who won the world cup")
    assert "I don't know" in out
    assert "Commands:" in ask(child, ":help")
    assert "spirit-definition" in ask(child, ":topics")
    assert "Unknown command" in ask(child, ":nope")
    # Ctrl-C cancels the line being typed, the REPL goes on.
    child.send("half a question")
    child.expect("half a question")  # typed (echoed) before the interrupt, as a person would
    child.sendintr()
    child.expect(r"\^C\r?" + PROMPT)
    assert "94.8" in ask(child, "trade in 2024")
    # Ctrl-D leaves cleanly.
    child.sendeof()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "trade in 2024" in history.read_text(encoding="utf-8")


def test_repl_quit(repl):
    child, _ = repl
    child.sendline(":quit")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_repl_survives_an_exception(engine, monkeypatch):
    out = io.StringIO()
    repl = Repl(engine, stdout=out)

    def boom(question: str) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(repl.conversation, "ask", boom)
    lines = iter(["a question", ":quit"])
    assert repl.run(lambda prompt: next(lines)) == 0
    assert "Sorry, something went wrong" in out.getvalue()


@pytest.mark.parametrize("word", ["quit", "exit", "q", "bye", "Bye!"])
def test_the_words_people_type_to_leave_leave(repl, word):
    child, _ = repl
    child.sendline(word)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "Goodbye!" in str(child.before)


def test_a_pasted_text_of_several_lines_is_one_question(repl):
    child, _ = repl
    child.send("\x1b[200~What did Xi discuss\nwith Kyrgyzstan?\x1b[201~\r")  # as a terminal pastes it
    child.expect(PROMPT)
    out = str(child.before)
    assert out.count("Source:") == 1 and "Japarov" in out


def test_the_repl_turns_bracketed_paste_on(repl):
    child, _ = repl
    child.sendline("hello")
    child.expect(PROMPT)
    assert "\x1b[?2004h" in str(child.after)


def lines(engine, *typed: str) -> list[str]:
    """What the REPL prints for each line typed (without a terminal)."""
    repl = Repl(engine, stdout=io.StringIO())
    return [repl.handle(line).text for line in typed]


@pytest.mark.parametrize("typed", ["help", "/help", "help me", "Help!", "can you help me?", "?"])
def test_help_in_any_form_gets_the_examples_and_the_commands(engine, typed):
    (text,) = lines(engine, typed)
    assert engine.said("en").examples[0] in text and HELP in text
    assert "Source:" not in text


def test_a_cut_question_says_so_and_why_shows_what_was_kept(engine):
    question = "What did Xi discuss with Kyrgyzstan? " + "and more words about it " * 60
    answer, reasons = lines(engine, question, ":why")
    assert answer.startswith(CUT)
    assert "(the first 1,000 characters of the question)" in reasons
    searched = reasons.splitlines()[0]
    assert searched.startswith("searched: what did xi discuss with kyrgyzstan and more words about it")
    (short,) = lines(engine, "What did Xi discuss with Kyrgyzstan?")
    assert CUT not in short


def test_why_shows_the_question_in_its_own_words_and_what_each_passage_matched(engine):
    _, reasons = lines(engine, "Where were the centres opened, and the trade figures?", ":why")
    searched = reasons.splitlines()[0]
    assert searched == "searched: where were the centres opened and trade figures"
    assert "matched: " in reasons.splitlines()[2]
    assert "trad " not in reasons and "figur" not in reasons.replace("figures", "")
    _, _, follow_up = lines(engine, "What did Xi discuss with Kyrgyzstan?", "And with Uzbekistan?", ":why")
    assert follow_up.splitlines()[0] == "searched: and with uzbekistan what did xi discuss"
    assert (
        "bilateral-uzbekistan" in follow_up.splitlines()[2]
        and "matched: uzbekistan, xi, discuss" in follow_up
    )


def test_why_reads_a_corrected_typo_as_the_word_it_became(engine):
    _, reasons = lines(engine, "what is the treety", ":why")
    assert reasons.splitlines()[0] == "searched: what is the treaty"
