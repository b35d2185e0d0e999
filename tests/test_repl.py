"""The real REPL through a pseudo-terminal, typed as a person would."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pexpect
import pytest

from qa.repl import Repl


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
    child.expect(r"\n\? ")
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
    child.expect(r"\^C\r?\n\? ")
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
    import io

    out = io.StringIO()
    repl = Repl(engine, stdout=out)

    def boom(question: str) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(repl.conversation, "ask", boom)
    lines = iter(["a question", ":quit"])
    assert repl.run(lambda prompt: next(lines)) == 0
    assert "Sorry, something went wrong" in out.getvalue()
