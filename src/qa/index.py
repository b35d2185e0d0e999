"""The TF-IDF index: passages in, similarity scores out."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from .text import normalize

ANALYZERS = ("word", "char")


def _vectorizer(analyzer: str) -> TfidfVectorizer:
    if analyzer == "word":
        # Unigrams and bigrams of canonical terms; every token counts, numbers and one-letter ones too.
        return TfidfVectorizer(
            preprocessor=normalize, token_pattern=r"\S+", ngram_range=(1, 2), sublinear_tf=True
        )
    if analyzer == "char":
        # Character n-grams inside word boundaries: robust to typos and word-form changes.
        return TfidfVectorizer(
            preprocessor=normalize, analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True
        )
    raise ValueError(f"unknown analyzer {analyzer!r} (expected one of {', '.join(ANALYZERS)})")


class TfidfIndex:
    """Cosine similarity of a query to each document, over one or more TF-IDF analyzers.

    The similarity is the weighted mean of each analyzer's cosine similarity.
    """

    def __init__(self, *, analyzers: Sequence[str] = ANALYZERS, weights: Sequence[float] | None = None):
        self.analyzers = tuple(analyzers)
        self.weights = tuple(weights) if weights is not None else (1.0,) * len(self.analyzers)
        if len(self.weights) != len(self.analyzers) or not self.analyzers:
            raise ValueError("give one weight per analyzer, and at least one analyzer")

    def fit(self, documents: Sequence[str]) -> TfidfIndex:
        if isinstance(documents, str):
            raise TypeError("documents must be a sequence of strings, not one string")
        self.vectorizers_ = [_vectorizer(name) for name in self.analyzers]
        self.matrices_ = [v.fit_transform(documents).tocsr() for v in self.vectorizers_]
        # Which single terms each document holds, and how rare each term is: for coverage().
        word = TfidfVectorizer(preprocessor=normalize, token_pattern=r"\S+", binary=True, norm=None)
        self.terms_ = word.fit_transform(documents).tocsc()
        self.term_columns_ = word.vocabulary_
        self.idf_ = word.idf_
        self.vocabulary_ = frozenset(word.vocabulary_)
        return self

    def coverage(self, terms: Iterable[str]) -> np.ndarray:
        """Per document, the IDF-weighted share of ``terms`` it contains.

        A term no document holds weighs as much as the rarest known term.
        """
        wanted = set(terms)
        columns = sorted({self.term_columns_[t] for t in wanted if t in self.term_columns_})
        missing = len(wanted) - len(columns)
        if not columns:
            return np.zeros(self.terms_.shape[0])
        held = (self.terms_[:, columns] > 0).astype(float)
        weights = self.idf_[columns]
        total = float(weights.sum() + missing * self.idf_.max())
        share: np.ndarray = np.asarray(held @ weights).ravel() / total
        return share

    def similarities(self, query: str) -> np.ndarray:
        """One score in [0, 1] per document."""
        total = np.zeros(self.matrices_[0].shape[0])
        for vectorizer, matrix, weight in zip(self.vectorizers_, self.matrices_, self.weights, strict=True):
            vector = vectorizer.transform([query])
            total += weight * np.asarray(sparse.csr_matrix(matrix @ vector.T).todense()).ravel()
        return total / sum(self.weights)
