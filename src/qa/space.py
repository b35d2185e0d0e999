"""The row space a query is scored in, and the encoder that turns a query into a vector of it.

A fitted analyzer (``Part``) keeps its vocabulary, IDF and document matrix by column. The space
lays every row a query can need end to end, term-major, each row a document vector weighed by
its term's IDF: the word analyzer's columns (unigrams, then bigrams), the character analyzer's
columns, each unigram's presence, and, when the store keeps them, each known word's character
n-gram rows added up as a query of that word alone weighs them (see ``Encoder._similar``).

The encoder weighs a query's rows for three lines of one product: similarity (each analyzer's
sublinear TF over the query's norm, times the analyzer's share of the weights), coverage (the
presence rows of the covered terms, over their summed IDF) and names (presence rows weighed by
1/IDF, so that the product counts how many of them a document holds).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple, TypeVar

import numpy as np

from .memo import Memo

ANALYZERS = ("word", "char")
PAIRS_IN_A_DICT = 100_000
"""Up to this many bigrams, a dict finds a query's bigram columns (a sorted array above)."""
WORDS_REMEMBERED = 100_000
"""Query words whose rows an encoder remembers; then it starts afresh."""
QUERIES_REMEMBERED = 10_000
"""Queries whose vector an encoder remembers; then it starts afresh."""


def _grams(word: str) -> tuple[str, ...]:
    padded = f" {word} "
    length = len(padded)
    grams: list[str] = []
    for n in (3, 4, 5):
        if length <= n:  # a short word counts once, whole
            grams.append(padded[:n])
            break
        grams.extend(padded[i : i + n] for i in range(length - n + 1))
    return tuple(grams)


_word_grams: Memo[str, tuple[str, ...]] = Memo(_grams, 1 << 17)
"""A word's character 3–5-grams, padded with a space (as scikit-learn's char_wb)."""


def char_terms(text: str) -> list[str]:
    """Character 3–5-grams inside word boundaries, padded with a space (as sklearn's char_wb)."""
    grams: list[str] = []
    for word in text.split():
        grams.extend(_word_grams[word])
    return grams


Key = TypeVar("Key", int, np.ndarray)


def bigram_key(first: Key, second: Key, n_terms: int) -> Key:
    """The key a bigram of unigram ids is kept under, in order of its first then its second word."""
    key: Key = first * n_terms + second
    return key


def sublinear(terms: Sequence[int]) -> tuple[list[int], list[float] | None]:
    """Each term once, in order, and its sublinear TF, 1 + ln(count) (None when each occurs
    once: every TF is 1)."""
    if len(set(terms)) == len(terms):
        return list(terms), None
    counts = Counter(terms)
    return list(counts), [1.0 + math.log(m) for m in counts.values()]


@dataclass
class Part:
    """One analyzer's fitted state: its vocabulary, IDF and column-major matrix (CSC arrays).

    The word analyzer's ``vocabulary`` holds its unigrams; ``pairs`` holds its bigrams as
    sorted keys (``bigram_key``), their columns following the unigrams'.
    """

    name: str
    vocabulary: dict[str, int]
    idf: np.ndarray
    indptr: np.ndarray
    indices: np.ndarray
    data: np.ndarray
    pairs: np.ndarray | None = None
    _pair_columns: dict[int, int] | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        if self.pairs is not None and len(self.pairs) <= PAIRS_IN_A_DICT:  # faster than searching
            first = len(self.vocabulary)
            columns = range(first, first + len(self.pairs))
            self._pair_columns = dict(zip(self.pairs.tolist(), columns, strict=True))

    @property
    def pairs_in_a_dict(self) -> bool:
        """Whether a dict finds the bigrams' columns (they are few: PAIRS_IN_A_DICT)."""
        return self._pair_columns is not None

    @property
    def n_columns(self) -> int:
        return len(self.indptr) - 1

    def column(self, j: int) -> tuple[np.ndarray, np.ndarray]:
        """The documents holding column ``j`` (ascending) and its values in them."""
        start, end = self.indptr[j], self.indptr[j + 1]
        return self.indices[start:end], self.data[start:end]

    def pair_columns(self, keys: list[int]) -> list[int]:
        """The columns of the bigrams among ``keys`` (``bigram_key``s) that the analyzer knows."""
        if self._pair_columns is not None:
            found = self._pair_columns
            return [found[k] for k in keys if k in found]
        if self.pairs is None or not len(self.pairs) or not keys:
            return []
        wanted = np.array(keys)
        at = np.minimum(np.searchsorted(self.pairs, wanted), len(self.pairs) - 1)
        columns: list[int] = (at[self.pairs[at] == wanted] + len(self.vocabulary)).tolist()
        return columns

    def columns(self, text: str) -> Counter[int]:
        """The columns of a normalized text's known unigrams and bigrams, with their counts."""
        ids = [self.vocabulary.get(word, -1) for word in text.split()]
        found = Counter(j for j in ids if j >= 0)
        n_terms = len(self.vocabulary)
        keys = [bigram_key(a, b, n_terms) for a, b in zip(ids, ids[1:], strict=False) if a >= 0 and b >= 0]
        found.update(self.pair_columns(keys))
        return found

    def word_columns(self, word: str) -> tuple[int, ...]:
        """A word's known character n-gram columns, in order (a column twice if its n-gram is)."""
        vocabulary = self.vocabulary
        return tuple([j for j in map(vocabulary.get, _word_grams[word]) if j is not None])


def gram_norm(columns: Sequence[int], tf: Sequence[float] | None, idf_squared: list[float]) -> float:
    """The squared norm of a word's n-gram weights (sublinear TF within the word, times IDF),
    from its n-gram columns and their TF (None: each 1)."""
    if tf is None:  # each n-gram once: each weighs its IDF
        return sum([idf_squared[c] for c in columns])
    return sum(f * f * idf_squared[c] for f, c in zip(tf, columns, strict=True))


class Layout(NamedTuple):
    """Where each kind of row starts in the space (-1: the space has none of that kind)."""

    word: int
    char: int
    presence: int
    sums: int
    size: int


def layout(parts: Sequence[Part], gram_sums: bool) -> Layout:
    """The space's rows: each analyzer's columns in the order given, then presence, then sums."""
    starts = {"word": -1, "char": -1}
    size = 0
    for part in parts:
        starts[part.name] = size
        size += part.n_columns
    word = next((p for p in parts if p.name == "word"), None)
    n_terms = len(word.vocabulary) if word is not None else 0
    presence = size if word is not None else -1
    size += n_terms
    sums = size if gram_sums and word is not None and starts["char"] >= 0 else -1
    return Layout(starts["word"], starts["char"], presence, sums, size + (n_terms if sums >= 0 else 0))


def _word_grams_of(char: Part | None, words: Collection[str]) -> list[tuple[list[int], list[float] | None]]:
    """Each word's known n-gram columns, each once, and their sublinear TF (``sublinear``)."""
    return [sublinear(char.word_columns(word)) for word in words] if char is not None else []


class Space:
    """The fitted analyzers, the rows they make, and the rules on terms that scoring shares."""

    def __init__(self, parts: Sequence[Part], n_documents: int, weights: Sequence[float], gram_sums: bool):
        self.parts = list(parts)
        self.n_documents = n_documents
        self.word = next((p for p in parts if p.name == "word"), None)
        self.char = next((p for p in parts if p.name == "char"), None)
        self.layout = layout(parts, gram_sums)
        self.terms: dict[str, int] = self.word.vocabulary if self.word is not None else {}
        total = sum(weights)
        self.share = {p.name: w / total for p, w in zip(parts, weights, strict=True)}
        n_terms = len(self.terms)
        idf = self.word.idf[:n_terms] if self.word is not None else np.ones(0)
        self.max_idf = float(idf.max()) if n_terms else 1.0
        held_by = np.diff(self.word.indptr[: n_terms + 1]) if self.word is not None else np.zeros(0)
        self.distinctive: list[bool] = (held_by * 3 <= n_documents).tolist()
        """Whether each unigram can be missed as a name: held by at most a third of the documents
        (a name most documents share, such as the corpus's subject, says nothing)."""
        self.grams = _word_grams_of(self.char, self.terms) if self.layout.sums >= 0 else []
        """Where the space keeps each known word's n-gram sum: each word's n-gram columns, each
        once, and their sublinear TF within the word (None: each 1), by the word's column."""


class QueryVector(NamedTuple):
    """A query as weights on rows of the space.

    rows: the similarity rows, then the presence rows (a row may occur twice: weights add up).
    weights: one line per output of the product: similarity, coverage, and (when the query
        gives names) how many of them a document holds.
    n_similar: how many of ``rows`` are similarity rows.
    names: what the names line gives for a document holding every name (a focus term counts twice).
    """

    rows: list[int]
    weights: np.ndarray
    n_similar: int
    names: int


_Asked = tuple[str, tuple[str, ...], frozenset[str], frozenset[str], float | None]
"""What a query vector is made of: the normalized query, its covered terms, names and focus,
and what its unknown covered terms weigh (``Encoder.encode``'s arguments)."""


class _Token(NamedTuple):
    """A query word's rows, as the encoder remembers them."""

    column: int
    """Its unigram column, -1 if unknown."""
    square: float
    """Its unigram's squared IDF (0 if unknown)."""
    char_rows: tuple[int, ...]
    """Its character rows: its n-gram sum if the space keeps one, else each of its n-grams once."""
    char_tf: tuple[float, ...] | None
    """Each character row's sublinear TF within the word (None when every one is 1)."""
    char_norm: float
    """The squared norm of its n-grams' weights (sublinear TF within the word, times IDF)."""


class _Similar(NamedTuple):
    """A query's similarity rows per analyzer, their sublinear TF (None: all 1) and squared norm."""

    words: list[int]
    word_tf: list[float] | None
    word_norm: float
    chars: list[int]
    char_tf: list[float] | None
    char_norm: float


class Encoder:
    """Turns a normalized query into a ``QueryVector`` of a space.

    Each query word's rows are looked up once and remembered (``tokens``); a query then costs
    a loop over its words and a fixed handful of NumPy calls.
    """

    def __init__(self, space: Space) -> None:
        self.space = space
        word, char = space.word, space.char
        n_terms = len(space.terms)
        self._char_idf_squared = (char.idf**2).tolist() if char is not None else []
        self._idf = word.idf[:n_terms].tolist() if word is not None else []
        self._squares = (word.idf**2).tolist() if word is not None and word.pairs_in_a_dict else None
        """Each column's squared IDF, as a list when the bigrams are few (a dict finds them)."""
        self._gram_norms = [gram_norm(c, tf, self._char_idf_squared) for c, tf in space.grams]
        """Each known word's n-gram norm, where the space keeps its n-gram sum (``Space.grams``)."""
        self.tokens: Memo[str, _Token] = Memo(self._token, WORDS_REMEMBERED)
        self.vectors: Memo[_Asked, QueryVector] = Memo(self._vector, QUERIES_REMEMBERED)
        """Each query's vector, by what ``encode`` was given: a question asked again is not
        encoded again (its weights are read-only, as they are shared)."""

    def _token(self, token: str) -> _Token:
        j = self.space.terms.get(token, -1)
        square = self._idf[j] ** 2 if j >= 0 else 0.0
        char, at = self.space.char, self.space.layout
        if char is None:
            return _Token(j, square, (), None, 0.0)
        if j >= 0 and at.sums >= 0:  # its n-grams are one row, whose norm is known
            return _Token(j, square, (at.sums + j,), None, self._gram_norms[j])
        columns, tf = sublinear(char.word_columns(token))
        norm = gram_norm(columns, tf, self._char_idf_squared)
        return _Token(
            j, square, tuple([c + at.char for c in columns]), None if tf is None else tuple(tf), norm
        )

    def encode(
        self,
        query: str,
        covered: Collection[str] = (),
        names: Collection[str] = (),
        focus: Collection[str] = (),
        unknown_weight: float | None = None,
    ) -> QueryVector:
        """The vector of a normalized ``query`` (see ``TfidfIndex.match`` for the arguments)."""
        return self.vectors[query, tuple(covered), frozenset(names), frozenset(focus), unknown_weight]

    def _vector(self, asked: _Asked) -> QueryVector:
        """``encode``'s vector, the first time it is asked for."""
        query, covered, names, focus, unknown_weight = asked
        similar = self._similar(query.split())
        start = self.space.layout.word
        rows = ([start + c for c in similar.words] if start else similar.words) + similar.chars
        n_similar = len(rows)
        rows_covered, covered_weight = self._covered(covered, unknown_weight)
        rows += rows_covered
        n_covered = len(rows)
        rows_named, named, count = self._named(names, focus)
        rows += rows_named
        weights = np.zeros((3 if rows_named else 2, len(rows)))
        n_words = len(similar.words)
        weights[0, :n_words] = self._weights(similar.word_tf, similar.word_norm, "word")
        weights[0, n_words:n_similar] = self._weights(similar.char_tf, similar.char_norm, "char")
        weights[1, n_similar:n_covered] = covered_weight
        if rows_named:
            weights[2, n_covered:] = named
        weights.flags.writeable = False
        return QueryVector(rows, weights, n_similar, count)

    def _weights(self, tf: list[float] | None, norm: float, analyzer: str) -> float | list[float]:
        """An analyzer's similarity weights: its share of the similarity over the query vector's
        norm, times each row's sublinear TF (one number when every TF is 1)."""
        if norm <= 0:
            return 0.0
        weight = self.space.share[analyzer] / math.sqrt(norm)
        return weight if tf is None else [weight * f for f in tf]

    def _similar(self, tokens: list[str]) -> _Similar:
        """The query's word columns (unigrams, then bigrams) and character rows, each weighed
        as scikit-learn weighs a document's terms (sublinear TF times IDF, over the norm).

        Character n-grams are weighed word by word: each distinct word's n-grams as if the word
        stood alone, the words' vectors added up, over the root of their squared norms. Where no
        two words share an n-gram (most questions) that is scikit-learn's vector of the whole
        query; where they do, the shared one counts once per word. That is what lets a small
        space keep each word's n-grams as one precomputed row.
        """
        words: list[int] = []
        squares: list[float] = []
        chars: list[int] = []
        char_norm = 0.0
        keys: list[int] = []  # bigrams of consecutive known words
        plain = len(set(tokens)) == len(tokens)  # no word twice, and none repeats an n-gram
        n_terms, previous = len(self.space.terms), -1
        for token in tokens:
            t = self.tokens[token]
            if t.column >= 0:
                words.append(t.column)
                squares.append(t.square)
                if previous >= 0:
                    keys.append(bigram_key(previous, t.column, n_terms))
                previous = t.column
            else:
                previous = -1
            chars += t.char_rows
            char_norm += t.char_norm
            plain = plain and t.char_tf is None
        pairs = self.space.word.pair_columns(keys) if keys and self.space.word is not None else []
        words += pairs
        squares += self._pair_squares(pairs)
        if not plain:
            return self._repeating(tokens, words, squares)
        return _Similar(words, None, sum(squares), chars, None, char_norm)

    def _repeating(self, tokens: list[str], words: list[int], squares: list[float]) -> _Similar:
        """``_similar`` of a query that repeats a word, or whose word repeats an n-gram: each
        column once with its sublinear TF over the query, each distinct word's n-grams once
        with their TF within the word."""
        square_of = dict(zip(words, squares, strict=True))
        words, word_tf = sublinear(words)
        tf = word_tf or [1.0] * len(words)
        word_norm = sum(f * f * square_of[j] for j, f in zip(words, tf, strict=True))
        distinct = [self.tokens[token] for token in dict.fromkeys(tokens)]
        chars = [row for t in distinct for row in t.char_rows]
        char_tf = [f for t in distinct for f in (t.char_tf or [1.0] * len(t.char_rows))]
        return _Similar(words, word_tf, word_norm, chars, char_tf, sum([t.char_norm for t in distinct]))

    def _pair_squares(self, pairs: list[int]) -> list[float]:
        """The squared IDF of each bigram column."""
        if not pairs:
            return []
        if self._squares is not None:
            return [self._squares[j] for j in pairs]
        assert self.space.word is not None
        squares: list[float] = (self.space.word.idf[pairs] ** 2).tolist()
        return squares

    def _covered(self, covered: Collection[str], unknown_weight: float | None) -> tuple[list[int], float]:
        """The presence rows of the covered terms a document can hold, and the weight of each:
        1 over their summed IDF, plus what the others weigh (as the rarest known term each, or
        ``unknown_weight`` of it in all)."""
        terms, presence, idf = self.space.terms, self.space.layout.presence, self._idf
        rows: list[int] = []
        total = 0.0
        unknown = 0.0
        for term in set(covered):
            if (j := terms.get(term, -1)) >= 0:
                rows.append(presence + j)
                total += idf[j]
            else:
                unknown += 1
        if not rows:
            return rows, 0.0
        if unknown_weight is not None:
            unknown = unknown_weight
        return rows, 1.0 / (total + unknown * self.space.max_idf)

    def _named(self, names: Collection[str], focus: Collection[str]) -> tuple[list[int], list[float], int]:
        """The presence rows of the distinctive names and of the focus terms, their weights
        (1/IDF: a name held counts 1, a focus term 2), and what a document holding all gets."""
        terms, presence, idf = self.space.terms, self.space.layout.presence, self._idf
        held = {j for t in names if (j := terms.get(t, -1)) >= 0 and self.space.distinctive[j]}
        asked = {j for t in focus if (j := terms.get(t, -1)) >= 0}
        rows = [presence + j for j in held] + [presence + j for j in asked]
        weights = [1.0 / idf[j] for j in held] + [2.0 / idf[j] for j in asked]
        return rows, weights, len(held) + 2 * len(asked)
