"""The interactive terminal: a dispatch table of :commands; everything else is a question."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from .answer import Answer
from .engine import Engine
from .render import answer_text, topics, why

BANNER = (
    "summit-qa — ask about the second China–Central Asia Summit (Astana, June 2025).\n"
    "Type a question, or :help for commands. Ctrl-D or :quit leaves."
)
HELP = """Commands:
  :help     this list
  :topics   what I know about (every passage title)
  :why      the ranking and scores behind the last answer
  :reset    forget the conversation (follow-ups start afresh)
  :quit     leave (Ctrl-D works too; Ctrl-C cancels the line)
Anything else is a question. Follow-ups work:
  "What did Xi discuss with Kyrgyzstan?" then "And with Uzbekistan?"."""


def history_path() -> Path:
    """Where line history is kept: $SUMMIT_QA_HISTORY, else ~/.summit_qa_history."""
    return Path(os.environ.get("SUMMIT_QA_HISTORY") or Path.home() / ".summit_qa_history")


Record = Callable[[str, Answer], None]
"""Where each question and its answer go (the question log, with ``--db``)."""


class Repl:
    def __init__(self, engine: Engine, *, stdout: TextIO, record: Record | None = None) -> None:
        self.engine = engine
        self.stdout = stdout
        self.record = record
        self.conversation = engine.conversation()
        self.last: Answer | None = None
        self.commands: dict[str, Callable[[], str | None]] = {
            ":help": lambda: HELP,
            ":topics": lambda: "I can answer about:\n" + topics(engine),
            ":why": lambda: why(self.last),
            ":reset": self._reset,
            ":quit": lambda: None,
            ":q": lambda: None,
            ":exit": lambda: None,
        }

    def _reset(self) -> str:
        self.conversation.reset()
        return "Conversation forgotten."

    def handle(self, line: str) -> str | None:
        """The reply to one line; None means leave."""
        line = line.strip()
        if line.startswith(":"):
            command = self.commands.get(line.split()[0].lower())
            if command is None:
                return f"Unknown command {line.split()[0]!r}. " + HELP.splitlines()[0] + " :help"
            return command()
        if not line:
            return ""
        self.last = self.conversation.ask(line)
        if self.record is not None:
            self.record(line, self.last)
        return answer_text(self.last)

    def run(self, read: Callable[[str], str]) -> int:
        print(BANNER, file=self.stdout)
        while True:
            try:
                line = read("? ")
            except EOFError:
                print(file=self.stdout)
                return 0
            except KeyboardInterrupt:
                print("^C", file=self.stdout)
                continue
            try:
                reply = self.handle(line)
            except Exception as error:  # the REPL never dies on one bad line
                reply = f"Sorry, something went wrong with that question ({type(error).__name__})."
            if reply is None:
                return 0
            if reply:
                print(reply + "\n", file=self.stdout)


def run_interactive(engine: Engine, *, stdout: TextIO, record: Record | None = None) -> int:
    """The REPL on a real terminal, with line editing and persistent history."""
    try:
        import readline
    except ImportError:  # pragma: no cover - not on every platform
        readline = None  # type: ignore[assignment]
    path = history_path()
    if readline is not None:
        readline.set_history_length(1000)
        with contextlib.suppress(OSError):
            readline.read_history_file(path)
    try:
        return Repl(engine, stdout=stdout, record=record).run(input)
    finally:
        if readline is not None:
            with contextlib.suppress(OSError):
                readline.write_history_file(path)
