"""What asking returns: typed results, not tuples."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .passage import Passage, Source

Kind = Literal["answer", "unknown", "smalltalk", "invalid"]


# Both classes are frozen, and write their fields straight into the instance's dict: the
# __init__ a frozen dataclass generates makes one object.__setattr__ call per field, which costs
# a twentieth of answering a question (an answer and five alternatives each time).


@dataclass(frozen=True, init=False)
class Alternative:
    """A ranked passage and its score."""

    passage: Passage
    score: float

    def __init__(self, passage: Passage, score: float) -> None:
        fields = self.__dict__
        fields["passage"] = passage
        fields["score"] = score


@dataclass(frozen=True, init=False)
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
