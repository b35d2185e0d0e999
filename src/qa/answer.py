"""What asking returns: typed results, not tuples."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from .passage import Passage, Source

Kind = Literal["answer", "unknown", "smalltalk", "invalid"]


@dataclass(frozen=True)
class Alternative:
    """A ranked passage and its score."""

    passage: Passage
    score: float


@dataclass(frozen=True)
class Answer:
    """The reply to one question.

    ``found`` is True only when ``passage`` answers the question; ``text`` is what a user is
    shown in every case (the passage text, an "I don't know" with suggestions, or a small-talk
    reply). ``alternatives`` are the best-ranked passages with their scores, best first.
    """

    question: str
    found: bool
    text: str
    passage: Passage | None = None
    score: float = 0.0
    alternatives: tuple[Alternative, ...] = field(default=())
    kind: Kind = "answer"
    suggestions: tuple[str, ...] = field(default=())
    query: str = ""

    @property
    def source(self) -> Source | None:
        """The main source of the passage that answers, if any."""
        return self.passage.source if self.passage else None

    @property
    def sources(self) -> tuple[Source, ...]:
        """Every source of the passage that answers."""
        return self.passage.sources if self.passage else ()
