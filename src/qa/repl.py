"""The interactive terminal: a dispatch table of :commands; everything else is a question."""

from __future__ import annotations

import contextlib
import functools
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple, TextIO

from . import smalltalk
from .answer import Answer
from .engine import Engine
from .render import answer_text, topics, why

BANNER = (
    "{name} — ask about {subject}.\n"
    "Type a question, or help for examples and commands. Ctrl-D or quit leaves."
)
HELP = """Commands:
  :help     this list
  :topics   what I know about (every passage title)
  :why      the ranking and scores behind the last answer, in the question's words
  :reset    forget the conversation (follow-ups start afresh)
  :quit     leave (so do quit, exit, bye and Ctrl-D; Ctrl-C cancels the line)
Anything else is a question; a pasted text of several lines is one question. Follow-ups work:
  ask a question, then "And with …?" or "What about 2023?"."""


class Reply(NamedTuple):
    """What the REPL prints for a line, and whether it then leaves."""

    text: str
    leave: bool = False


def history_path() -> Path:
    """Where line history is kept: $SUMMIT_QA_HISTORY, else ~/.summit_qa_history."""
    return Path(os.environ.get("SUMMIT_QA_HISTORY") or Path.home() / ".summit_qa_history")


Record = Callable[[str, Answer], None]
"""Where each question and its answer go (the question log, with ``--db``)."""


class Repl:
    def __init__(
        self,
        engine: Engine,
        *,
        stdout: TextIO,
        record: Record | None = None,
        piped: bool = False,
        follow_ups: bool = True,
    ) -> None:
        self.engine = engine
        self.stdout = stdout
        self.record = record
        self.piped = piped
        """Lines come from a pipe: a blank one is answered too, so each line has its answer."""
        self.follow_ups = follow_ups
        """False: each question is asked alone, without the ones before it as context."""
        self.conversation = engine.conversation()
        self.last: Answer | None = None
        self.asked: list[str] = []
        """The questions of this conversation, oldest first (``:why`` reads their words)."""
        self.commands: dict[str, Callable[[], Reply]] = {
            ":help": lambda: Reply(HELP),
            ":topics": lambda: Reply("I can answer about:\n" + topics(engine)),
            ":why": lambda: Reply(why(self.last, engine, self.asked[-2::-1])),
            ":reset": self._reset,
            ":quit": lambda: Reply("", leave=True),
            ":q": lambda: Reply("", leave=True),
            ":exit": lambda: Reply("", leave=True),
        }

    def _reset(self) -> Reply:
        self.conversation.reset()
        self.asked.clear()
        return Reply("Conversation forgotten.")

    def handle(self, line: str) -> Reply:
        """The reply to one line (a pasted text may hold several)."""
        line = line.strip()
        if line.startswith(":"):
            command = self.commands.get(line.split()[0].lower())
            if command is None:
                return Reply(f"Unknown command {line.split()[0]!r}. " + HELP.splitlines()[0] + " :help")
            return command()
        if not line:
            return Reply(answer_text(self.conversation.ask(line)) if self.piped else "")
        if not self.follow_ups:
            self.conversation.reset()
        self.last = answer = self.conversation.ask(line)
        if self.record is not None:
            self.record(line, answer)
        talk = smalltalk.kind(" ".join(line.split()), answer.language)
        if answer.kind not in ("smalltalk", "invalid"):
            self.asked.append(line)
        if talk == "help":  # what it answers, and how to use the REPL
            return Reply(f"{answer.text}\n{HELP}")
        return Reply(answer_text(answer), leave=talk == "bye")

    def run(self, read: Callable[[str], str]) -> int:
        said = self.engine.said("en")
        print(BANNER.format(name=said.name, subject=said.subject), file=self.stdout)
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
                reply = Reply(f"Sorry, something went wrong with that question ({type(error).__name__}).")
            if reply.text:
                print(reply.text + "\n", file=self.stdout)
            if reply.leave:
                return 0


def run_interactive(engine: Engine, *, stdout: TextIO, record: Record | None = None) -> int:
    """The REPL on a real terminal, with line editing and persistent history."""
    try:
        import readline
    except ImportError:  # pragma: no cover - not on every platform
        readline = None  # type: ignore[assignment]
    path = history_path()
    read: Callable[[str], str] = input
    if readline is not None:
        readline.set_history_length(1000)
        # A pasted text arrives whole, newlines and all, as one question (Python turns this off).
        readline.parse_and_bind("set enable-bracketed-paste on")
        with contextlib.suppress(OSError):
            readline.read_history_file(path)
        read = functools.partial(_read_pasted, readline)
    try:
        return Repl(engine, stdout=stdout, record=record).run(read)
    finally:
        if readline is not None:
            with contextlib.suppress(OSError):
                readline.write_history_file(path)


def _read_pasted(readline: Any, prompt: str) -> str:
    """A line, or a pasted text, read with ``input``; a pasted text is kept in the history as
    one line (the history file holds one entry a line)."""
    line = input(prompt)
    if "\n" in line and (last := readline.get_current_history_length()):
        readline.replace_history_item(last - 1, " ".join(line.split()))
    return line
