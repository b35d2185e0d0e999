"""What asking returns: typed results (an answer, and its ranked alternatives)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, NamedTuple

from .passage import Passage, Source

Kind = Literal["answer", "unknown", "smalltalk", "invalid"]


class Alternative(NamedTuple):
    """A ranked passage and its score: ``for passage, score in answer.alternatives``."""

    passage: Passage
    score: float


@dataclass(frozen=True)
class Answer:
    """The reply to one question.

    ``found`` is True only when ``passage`` answers the question; ``text`` is what a user is
    shown in every case (the passage text, an "I don't know" with suggestions, or a small-talk
    reply). ``ranking`` holds the best-ranked passages with their scores, best first: when the
    engine answers, the answer's passage leads it. ``query`` is the question as searched.
    """

    question: str
    found: bool
    text: str
    passage: Passage | None = None
    score: float = 0.0
    ranking: tuple[Alternative, ...] = ()
    kind: Kind = "answer"
    suggestions: tuple[str, ...] = ()
    query: str = ""
    language: str = "en"
    """The language ``text`` is written in (``qa.languages``): the question's, but English for a
    passage that has no translation in it (the text then says so, in the question's language)."""

    @property
    def alternatives(self) -> tuple[Alternative, ...]:
        """The runners-up: the ranking after the passage that answers (all of it when none does)."""
        return self.ranking[1:] if self.found and self.ranking else self.ranking

    @property
    def source(self) -> Source | None:
        """The main source of the passage that answers, if any."""
        return self.passage.source if self.passage else None

    @property
    def sources(self) -> tuple[Source, ...]:
        """Every source of the passage that answers."""
        return self.passage.sources if self.passage else ()
