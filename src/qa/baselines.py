"""Peers measured on the same passages and questions: plain TF-IDF and BM25 (bm25s).

Neither ever says "I don't know": each answers with its best-ranked passage. They take the
same text per passage as our engine (title, text, questions, keywords).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from .answer import Alternative, Answer
from .errors import MissingPackage
from .passage import Passage


class _Baseline:
    name = "baseline"

    def __init__(self, passages: Sequence[Passage]) -> None:
        self.passages = tuple(passages)

    def scores(self, question: str) -> np.ndarray:
        raise NotImplementedError

    def ask(self, question: str) -> Answer:
        scores = self.scores(question)
        order = np.argsort(-scores, kind="stable")[:5]
        ranked = tuple(Alternative(self.passages[i], float(scores[i])) for i in order)
        best = ranked[0]
        return Answer(question, True, best.passage.text, best.passage, best.score, ranked)

    def conversation(self) -> _Baseline:
        return self  # stateless: no follow-ups


class PlainTfidf(_Baseline):
    """scikit-learn's TfidfVectorizer with its defaults; cosine similarity."""

    name = "plain TF-IDF (sklearn)"

    def __init__(self, passages: Sequence[Passage]) -> None:
        super().__init__(passages)
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.vectorizer = TfidfVectorizer()
        self.matrix = self.vectorizer.fit_transform([p.searchable for p in self.passages])

    def scores(self, question: str) -> np.ndarray:
        return np.asarray((self.matrix @ self.vectorizer.transform([question]).T).toarray()).ravel()


class Bm25(_Baseline):
    """bm25s with English stopwords (its README's set-up), no stemmer.

    ``backend``: bm25s's scoring backend, "numpy" (its default) or "numba" (needs numba).
    """

    name = "BM25 (bm25s)"

    def __init__(self, passages: Sequence[Passage], *, backend: str = "numpy") -> None:
        super().__init__(passages)
        self.bm25s = require_bm25s()
        tokens = self.bm25s.tokenize(
            [p.searchable for p in self.passages], stopwords="en", show_progress=False
        )
        self.retriever = self.bm25s.BM25(backend=backend)
        self.retriever.index(tokens, show_progress=False)

    def tokens(self, question: str) -> list[list[str]]:
        """The question as bm25s reads it: one list of tokens, English stopwords left out."""
        tokens: list[list[str]] = self.bm25s.tokenize(
            [question], stopwords="en", return_ids=False, show_progress=False
        )
        return tokens

    def scores(self, question: str) -> np.ndarray:
        tokens = self.tokens(question)
        if not tokens[0]:
            return np.zeros(len(self.passages))
        return np.asarray(self.retriever.get_scores(tokens[0]), dtype=float)


def require_bm25s() -> Any:
    try:
        import bm25s
    except ImportError:
        raise MissingPackage(
            "bm25s", extra="bench", feature="the BM25 peer (eval --compare, the benchmark)"
        ) from None
    return bm25s
