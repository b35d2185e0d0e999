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


@dataclass(frozen=True, init=False)
class Answer:
    """The reply to one question.

    Frozen. Its ``__init__`` writes the fields straight into the instance's dict: the one a
    frozen dataclass generates makes an ``object.__setattr__`` call per field, which cost
    0.6 µs more per answer (a few percent of answering a question).

    ``found`` is True only when ``passage`` answers the question; ``text`` is what a user is
    shown in every case (the passage text, an "I don't know" with suggestions, or a small-talk
    reply). ``alternatives`` are the best-ranked passages with their scores, best first.
    """

    question: str
    found: bool
    text: str
    passage: Passage | None = None
    score: float = 0.0
    alternatives: tuple[Alternative, ...] = ()
    kind: Kind = "answer"
    suggestions: tuple[str, ...] = ()
    query: str = ""

    def __init__(
        self,
        question: str,
        found: bool,
        text: str,
        passage: Passage | None = None,
        score: float = 0.0,
        alternatives: tuple[Alternative, ...] = (),
        kind: Kind = "answer",
        suggestions: tuple[str, ...] = (),
        query: str = "",
    ) -> None:
        fields = self.__dict__
        fields["question"] = question
        fields["found"] = found
        fields["text"] = text
        fields["passage"] = passage
        fields["score"] = score
        fields["alternatives"] = alternatives
        fields["kind"] = kind
        fields["suggestions"] = suggestions
        fields["query"] = query

    @property
    def source(self) -> Source | None:
        """The main source of the passage that answers, if any."""
        return self.passage.source if self.passage else None

    @property
    def sources(self) -> tuple[Source, ...]:
        """Every source of the passage that answers."""
        return self.passage.sources if self.passage else ()
