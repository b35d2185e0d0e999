"""The TF-IDF index: fitted with scikit-learn, queried by scoring only the query's postings.

scikit-learn's ``TfidfVectorizer`` builds the vocabulary, the IDF weights and the
L2-normalized document matrix. Queries do not go through ``transform``: the index keeps each
analyzer's matrix by column (CSC arrays), weighs the query's terms the way the vectorizer
would (sublinear TF times IDF, L2-normalized) and adds up only those terms' columns. A query
costs what its postings cost, not what the corpus costs, and needs no scikit-learn at all, so
an index loaded from the cache answers without importing it.
"""

from __future__ import annotations

import functools
import json
import os
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .text import normalize

ANALYZERS = ("word", "char")
DENSE_LIMIT = 2_000_000
"""Up to this many matrix cells (16 MB), an analyzer also keeps a dense term-major copy:
gathering a few dozen rows of it beats walking sparse postings on a small corpus."""
FORMAT = 1
"""Version of the saved index layout; part of the cache key."""


def word_terms(text: str) -> list[str]:
    """Unigrams and bigrams of an already normalized text."""
    tokens = text.split()
    return tokens + [f"{a} {b}" for a, b in zip(tokens, tokens[1:], strict=False)]


def char_terms(text: str) -> list[str]:
    """Character 3–5-grams inside word boundaries, padded with a space (as sklearn's char_wb)."""
    grams: list[str] = []
    for word in text.split():
        grams.extend(_word_grams(word))
    return grams


@functools.lru_cache(maxsize=1 << 17)
def _word_grams(word: str) -> tuple[str, ...]:
    padded = f" {word} "
    length = len(padded)
    grams: list[str] = []
    for n in (3, 4, 5):
        if length <= n:  # a short word counts once, whole
            grams.append(padded[:n])
            break
        grams.extend(padded[i : i + n] for i in range(length - n + 1))
    return tuple(grams)


TERMS: dict[str, Callable[[str], list[str]]] = {"word": word_terms, "char": char_terms}


@dataclass
class _Part:
    """One analyzer's fitted state: its vocabulary, IDF and column-major matrix."""

    name: str
    vocabulary: dict[str, int]
    idf: np.ndarray
    indptr: np.ndarray
    indices: np.ndarray
    data: np.ndarray
    dense: np.ndarray | None = None
    """A term-major dense copy, kept when small (see DENSE_LIMIT)."""
    _columns_of: dict[str, tuple[int, ...]] = field(default_factory=dict)
    """Each query word's character n-gram columns, remembered."""

    def query_weights(self, text: str) -> tuple[list[int], np.ndarray]:
        """The query's known terms (columns) and their TF-IDF weights, L2-normalized."""
        if self.name == "char":  # a word's n-gram columns are looked up once, then remembered
            found = Counter(j for word in text.split() for j in self._char_columns(word))
        else:
            vocabulary = self.vocabulary
            found = Counter(j for j in map(vocabulary.get, word_terms(text)) if j is not None)
        if not found:
            return [], np.zeros(0)
        columns = list(found)
        weights = (1.0 + np.log(list(found.values()))) * self.idf[columns]
        return columns, weights / np.linalg.norm(weights)

    def _char_columns(self, word: str) -> tuple[int, ...]:
        cached = self._columns_of.get(word)
        if cached is None:
            if len(self._columns_of) > 100_000:
                self._columns_of.clear()
            vocabulary = self.vocabulary
            cached = tuple(j for j in map(vocabulary.get, _word_grams(word)) if j is not None)
            self._columns_of[word] = cached
        return cached

    def densify(self, n_documents: int) -> None:
        """Keep a dense term-major copy when it is small enough (see DENSE_LIMIT)."""
        if len(self.vocabulary) * n_documents <= DENSE_LIMIT:
            lengths = np.diff(self.indptr)
            self.dense = np.zeros((len(self.vocabulary), n_documents))
            self.dense[np.repeat(np.arange(len(lengths)), lengths), self.indices] = self.data

    def column(self, j: int) -> tuple[np.ndarray, np.ndarray]:
        start, end = self.indptr[j], self.indptr[j + 1]
        return self.indices[start:end], self.data[start:end]

    def postings(self, columns: list[int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The rows and values of several columns, concatenated, and each column's length."""
        starts, ends = self.indptr[columns], self.indptr[np.asarray(columns) + 1]
        if len(columns) == 1:
            return self.indices[starts[0] : ends[0]], self.data[starts[0] : ends[0]], ends - starts
        rows = np.concatenate([self.indices[s:e] for s, e in zip(starts, ends, strict=True)])
        values = np.concatenate([self.data[s:e] for s, e in zip(starts, ends, strict=True)])
        return rows, values, ends - starts

    def add_scores(self, text: str, total: np.ndarray, weight: float) -> None:
        """Add ``weight`` times this analyzer's cosine similarity of ``text`` to ``total``."""
        columns, weights = self.query_weights(text)
        if not columns:
            return
        if self.dense is not None:
            total += weight * (weights @ self.dense[columns])
            return
        # One pass in C over the query's postings, however many columns it has.
        rows, values, lengths = self.postings(columns)
        total += np.bincount(
            rows, weights=values * np.repeat(weight * weights, lengths), minlength=len(total)
        )


class TfidfIndex:
    """Cosine similarity of a query to each document, over one or more TF-IDF analyzers.

    The similarity is the weighted mean of each analyzer's cosine similarity. Analyzers:
    ``word`` (unigrams and bigrams of normalized terms) and ``char`` (character 3–5-grams).
    """

    def __init__(self, *, analyzers: Sequence[str] = ANALYZERS, weights: Sequence[float] | None = None):
        self.analyzers = tuple(analyzers)
        self.weights = tuple(weights) if weights is not None else (1.0,) * len(self.analyzers)
        if not self.analyzers or len(self.weights) != len(self.analyzers):
            raise ValueError("give one weight per analyzer, and at least one analyzer")
        unknown = set(self.analyzers) - set(ANALYZERS)
        if unknown:
            raise ValueError(
                f"unknown analyzer {sorted(unknown)[0]!r} (expected one of {', '.join(ANALYZERS)})"
            )

    # --- fitting -------------------------------------------------------------------------------

    def fit(self, documents: Sequence[str]) -> TfidfIndex:
        if isinstance(documents, str):
            raise TypeError("documents must be a sequence of strings, not one string")
        from sklearn.feature_extraction.text import TfidfVectorizer

        normalized = [normalize(d) for d in documents]
        parts = []
        for name in self.analyzers:
            # Smoothed IDF, no min_df/max_df: a corpus of two passages still gets a vocabulary.
            vectorizer = TfidfVectorizer(analyzer=TERMS[name], sublinear_tf=True, dtype=np.float64)
            matrix = vectorizer.fit_transform(normalized).tocsc()
            matrix.sort_indices()
            parts.append(
                _Part(
                    name,
                    {term: int(j) for term, j in vectorizer.vocabulary_.items()},
                    np.asarray(vectorizer.idf_, dtype=np.float64),
                    matrix.indptr.astype(np.int64),
                    matrix.indices.astype(np.int32),
                    matrix.data.astype(np.float64),
                )
            )
        self._set(parts, len(documents))
        return self

    def _set(self, parts: list[_Part], n_documents: int) -> None:
        for part in parts:
            part.densify(n_documents)
        self.parts_ = parts
        self.n_documents_ = n_documents
        # Single terms, from the word analyzer: for coverage() and spelling correction.
        word = next((p for p in parts if p.name == "word"), None)
        self._terms = {t: j for t, j in word.vocabulary.items() if " " not in t} if word else {}
        self._word = word
        self._max_idf = float(word.idf[list(self._terms.values())].max()) if self._terms and word else 1.0
        self.vocabulary_ = frozenset(self._terms)

    # --- querying ------------------------------------------------------------------------------

    def similarities(self, query: str) -> np.ndarray:
        """One score in [0, 1] per document, for a query already normalized (``text.normalize``).

        Normalizing is not idempotent (stemming twice can cut more), so it happens once, by
        the caller, as it happened once to the documents.
        """
        total = np.zeros(self.n_documents_)
        for part, weight in zip(self.parts_, self.weights, strict=True):
            part.add_scores(query, total, weight)
        return total / sum(self.weights)

    def documents_with(self, term: str) -> np.ndarray:
        """Row numbers of the documents that hold a single term (empty when unknown)."""
        if term not in self._terms or self._word is None:
            return np.zeros(0, dtype=np.int32)
        return self._word.column(self._terms[term])[0]

    def coverage(self, terms: Iterable[str]) -> np.ndarray:
        """Per document, the IDF-weighted share of ``terms`` it contains.

        A term no document holds weighs as much as the rarest known term.
        """
        wanted = set(terms)
        known = [self._terms[t] for t in wanted if t in self._terms]
        if not known or self._word is None:
            return np.zeros(self.n_documents_)
        idf = self._word.idf[known]
        total = float(idf.sum()) + (len(wanted) - len(known)) * self._max_idf
        rows, _, lengths = self._word.postings(known)
        share: np.ndarray = np.bincount(
            rows, weights=np.repeat(idf / total, lengths), minlength=self.n_documents_
        )
        return share

    # --- saving --------------------------------------------------------------------------------

    def save(self, path: Path) -> None:
        """Write the fitted index to ``path`` atomically (a .npz file)."""
        arrays: dict[str, np.ndarray] = {"n_documents": np.array(self.n_documents_)}
        for i, part in enumerate(self.parts_):
            terms = sorted(part.vocabulary, key=part.vocabulary.__getitem__)
            arrays[f"{i}_terms"] = np.frombuffer(json.dumps(terms).encode(), dtype=np.uint8)
            arrays[f"{i}_idf"] = part.idf
            arrays[f"{i}_indptr"] = part.indptr
            arrays[f"{i}_indices"] = part.indices
            arrays[f"{i}_data"] = part.data
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".tmp", delete=False) as handle:
            np.savez(handle, **arrays)  # type: ignore[arg-type]
        os.replace(handle.name, path)

    @classmethod
    def load(cls, path: Path, *, analyzers: Sequence[str], weights: Sequence[float] | None) -> TfidfIndex:
        index = cls(analyzers=analyzers, weights=weights)
        with np.load(path, allow_pickle=False) as saved:
            parts = []
            for i, name in enumerate(index.analyzers):
                terms = json.loads(saved[f"{i}_terms"].tobytes().decode())
                parts.append(
                    _Part(
                        name,
                        {t: j for j, t in enumerate(terms)},
                        saved[f"{i}_idf"],
                        saved[f"{i}_indptr"],
                        saved[f"{i}_indices"],
                        saved[f"{i}_data"],
                    )
                )
            index._set(parts, int(saved["n_documents"]))
        return index
