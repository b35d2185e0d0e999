"""The TF-IDF index: fitted with scikit-learn, queried by scoring only the query's postings.

scikit-learn builds the IDF weights and the L2-normalized document matrix. Queries do not go
through ``transform``: the index keeps each analyzer's matrix by column (CSC arrays), weighs
the query's terms (sublinear TF times IDF: over the whole query for words, word by word for
character n-grams, see ``_Part._char_weights``) and adds up only those terms' columns. A query
costs what its postings cost, not what the corpus costs, and needs no scikit-learn at all, so
an index loaded from the cache answers without importing it.

Both analyzers count their terms themselves (ids through one dict; the word analyzer's bigrams
as pairs of unigram ids in NumPy) and hand the counts to scikit-learn's ``TfidfTransformer``:
the same matrix as ``TfidfVectorizer`` gives, without a Python dict of every bigram. The word
analyzer's columns are its unigrams, alphabetically, then its bigrams, ordered by their pair
of ids.
"""

from __future__ import annotations

import collections
import functools
import itertools
import json
import math
import os
import tempfile
from collections import Counter
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from .text import tokens

if TYPE_CHECKING:
    import scipy.sparse

ANALYZERS = ("word", "char")
DENSE_LIMIT = 2_000_000
"""Up to this many matrix cells (16 MB), an analyzer also keeps a dense term-major copy:
gathering a few dozen rows of it beats walking sparse postings on a small corpus."""
FORMAT = 2
"""Version of the saved index layout; part of the cache key."""
CANDIDATE_SHARE = 25
"""Pruning pays when the postings it walks hold under 1/CANDIDATE_SHARE of the documents."""
PAIRS_IN_A_DICT = 100_000
"""Up to this many bigrams, a dict finds a query's bigram columns (a sorted array above)."""
_BLOCK = 10_000
"""Documents whose character n-grams are counted together."""
WORDS_REMEMBERED = 100_000
"""Query words whose columns an index remembers; then it starts afresh."""
HOT_SHARE = 16
"""A large matrix keeps a column dense when it holds over 1/HOT_SHARE of the documents."""


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


class Match(NamedTuple):
    """What the index knows of a query, for the documents that can score.

    rows: the documents, ascending (all of them unless the index could prune).
    similarity: TF-IDF similarity of the query to each (weighted mean over the analyzers of
        their cosines; see ``_Part._char_weights`` for where the character one is not exactly one).
    coverage: the IDF-weighted share of the covered terms each contains.
    missing: how many of the query's distinctive names each lacks.
    """

    rows: np.ndarray
    similarity: np.ndarray
    coverage: np.ndarray
    missing: np.ndarray


@dataclass
class _Part:
    """One analyzer's fitted state: its vocabulary, IDF and column-major matrix.

    The word analyzer's ``vocabulary`` holds its unigrams; ``pairs`` holds its bigrams as
    sorted keys ``first * len(vocabulary) + second``, their columns following the unigrams'.
    """

    name: str
    vocabulary: dict[str, int]
    idf: np.ndarray
    indptr: np.ndarray
    indices: np.ndarray
    data: np.ndarray
    pairs: np.ndarray | None = None
    peak: np.ndarray = field(init=False)
    """Each column's largest value: what one term can add to a document's cosine, at most."""
    dense: np.ndarray | None = None
    """A term-major dense copy with each term's row times its IDF, kept when small (see
    DENSE_LIMIT): a query's rows then add up with its term frequencies as coefficients."""
    hot: dict[int, np.ndarray] = field(default_factory=dict)
    """The commonest columns of a large matrix, dense (see DENSE_LIMIT): looking a few
    thousand documents up in them is a gather, not a binary search of a long column."""
    _columns_of: dict[str, tuple[int, ...]] = field(default_factory=dict)
    """Each query word's character n-gram columns, remembered."""

    def columns(self, text: str) -> Counter[int]:
        """The columns of a normalized text's known unigrams and bigrams, with their counts."""
        vocabulary = self.vocabulary
        ids = [vocabulary.get(word, -1) for word in text.split()]
        found = Counter(j for j in ids if j >= 0)
        if self._pair_columns is not None and len(ids) > 1:
            pair_columns, n_terms = self._pair_columns, len(vocabulary)
            for a, b in zip(ids, ids[1:], strict=False):
                if a >= 0 and b >= 0 and (j := pair_columns.get(a * n_terms + b)) is not None:
                    found[j] += 1
        elif self.pairs is not None and len(self.pairs) and len(ids) > 1:
            first, second = np.array(ids[:-1]), np.array(ids[1:])
            keys = (first * len(vocabulary) + second)[(first >= 0) & (second >= 0)]
            at = np.minimum(np.searchsorted(self.pairs, keys), len(self.pairs) - 1)
            found.update((at[self.pairs[at] == keys] + len(vocabulary)).tolist())
        return found

    def query_weights(self, text: str) -> tuple[list[int], np.ndarray]:
        """The query's known terms (columns) and their TF-IDF weights, normalized.

        Words: sublinear TF times IDF over the whole query, L2-normalized (as scikit-learn
        weighs a document). Character n-grams: see ``_char_weights``.
        """
        if self.name == "char":
            return self._char_weights(text)
        found = self.columns(text)
        if not found:
            return [], np.zeros(0)
        columns = list(found)
        weights = (1.0 + np.log(list(found.values()))) * self.idf[columns]
        return columns, weights / np.linalg.norm(weights)

    def _char_weights(self, text: str) -> tuple[list[int], np.ndarray]:
        """Character n-gram weights, word by word: each distinct word's n-grams weighed as if
        the word stood alone (sublinear TF within it, times IDF), the words' vectors added up,
        and the sum divided by the root of their squared norms.

        Where no two words share an n-gram (most questions), that is scikit-learn's L2-normalized
        vector of the whole query. Where they do, an n-gram counts once per word that holds it,
        and the sum is scaled as if they did not. That lets a small index keep each word's
        n-grams as one precomputed row (see ``_gram_sums``).
        """
        columns: list[int] = []
        tf: list[float] | None = None  # the n-grams' TF within their word, once a word repeats one
        for word in dict.fromkeys(text.split()):
            found, word_tf = _sublinear(self._char_columns(word))
            if word_tf is not None and tf is None:
                tf = [1.0] * len(columns)
            columns += found
            if tf is not None:
                tf += word_tf or [1.0] * len(found)
        if not columns:
            return [], np.zeros(0)
        each = self.idf[columns] if tf is None else np.array(tf) * self.idf[columns]  # per word
        each /= math.sqrt(float(each @ each))
        if len(set(columns)) == len(columns):  # no two words share an n-gram
            return columns, each
        distinct, at = np.unique(columns, return_inverse=True)
        return distinct.tolist(), np.bincount(at, weights=each)

    def _char_columns(self, word: str) -> tuple[int, ...]:
        cached = self._columns_of.get(word)
        if cached is None:
            if len(self._columns_of) >= WORDS_REMEMBERED:
                self._columns_of.clear()
            cached = self._columns_of[word] = self.word_columns(word)
        return cached

    def word_columns(self, word: str) -> tuple[int, ...]:
        """A word's known character n-gram columns, in order (a column twice if its n-gram is)."""
        vocabulary = self.vocabulary
        return tuple([j for j in map(vocabulary.get, _word_grams(word)) if j is not None])

    def __post_init__(self) -> None:
        self.peak = np.maximum.reduceat(self.data, self.indptr[:-1]) if len(self.data) else np.zeros(0)
        self._pair_columns: dict[int, int] | None = None
        if self.pairs is not None and len(self.pairs) <= PAIRS_IN_A_DICT:  # faster than searching
            self._index_pairs()

    def _index_pairs(self) -> None:
        """Find each bigram's column through a dict of its key."""
        assert self.pairs is not None
        first = len(self.vocabulary)
        self._pair_columns = dict(
            zip(self.pairs.tolist(), range(first, first + len(self.pairs)), strict=True)
        )

    def densify(self, n_documents: int) -> None:
        """Keep a dense term-major copy when it is small enough, else its commonest columns."""
        n_columns = len(self.indptr) - 1
        lengths = np.diff(self.indptr)
        if n_columns * n_documents <= DENSE_LIMIT:
            self.dense = np.zeros((n_columns, n_documents))
            self.dense[np.repeat(np.arange(n_columns), lengths), self.indices] = self.data
            self.dense *= self.idf[:, np.newaxis]
            if self.pairs is not None and self._pair_columns is None:  # few enough for a dict
                self._index_pairs()
            return
        commonest = np.argsort(-lengths, kind="stable")[: DENSE_LIMIT // n_documents]
        for j in commonest[lengths[commonest] * HOT_SHARE >= n_documents].tolist():
            row = self.hot[j] = np.zeros(n_documents)
            held, values = self.column(j)
            row[held] = values

    def column(self, j: int) -> tuple[np.ndarray, np.ndarray]:
        start, end = self.indptr[j], self.indptr[j + 1]
        return self.indices[start:end], self.data[start:end]

    def postings(self, columns: Sequence[int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
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
            total += weight * ((weights / self.idf[columns]) @ self.dense[columns])
            return
        cold, cold_weights = [], []
        for j, w in zip(columns, (weight * weights).tolist(), strict=True):
            if (row := self.hot.get(j)) is not None:
                total += w * row
            else:
                cold.append(j)
                cold_weights.append(w)
        if cold:  # one pass in C over the other columns' postings
            rows, values, lengths = self.postings(cold)
            total += np.bincount(
                rows, weights=values * np.repeat(cold_weights, lengths), minlength=len(total)
            )

    def lookup(self, j: int, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Column ``j``'s values at the given ascending ``rows`` (0 where absent), and presence."""
        if (row := self.hot.get(j)) is not None:
            found = row[rows]
            return found, found > 0
        held, values = self.column(j)
        if not len(held):
            return np.zeros(len(rows)), np.zeros(len(rows), dtype=bool)
        at = np.minimum(np.searchsorted(held, rows), len(held) - 1)
        present = held[at] == rows
        return np.where(present, values[at], 0.0), present


class _Rows(NamedTuple):
    """A query word's rows in a stacked index."""

    column: int
    """Its unigram column, -1 if unknown."""
    row: int
    """Its unigram's row in the stacked matrix."""
    square: float
    """Its unigram's squared IDF (0 if unknown)."""
    sums: tuple[int, ...]
    """Its character rows: its n-gram sum if it is known, else each of its n-grams once."""
    tf: tuple[float, ...] | None
    """For an unknown word that repeats an n-gram: each row's sublinear TF within the word.
    None when no n-gram repeats, and for a known word (its sum row weighs them already)."""
    norm: float
    """The squared norm of its n-grams' weights (sublinear TF within the word, times IDF)."""


def _gram_sums(char: _Part, words: list[str]) -> np.ndarray:
    """For each word, its character n-gram rows of ``char.dense`` added up as a query of that
    word alone weighs them (sublinear TF)."""
    assert char.dense is not None
    n_columns, n_documents = char.dense.shape
    grams = [_word_grams(word) for word in words]
    columns = np.fromiter(
        map(char.vocabulary.get, itertools.chain.from_iterable(grams), itertools.repeat(-1)), dtype=np.int64
    )
    owners = np.repeat(np.arange(len(words), dtype=np.int64), [len(g) for g in grams])
    known = columns >= 0
    keys, counts = np.unique(owners[known] * n_columns + columns[known], return_counts=True)
    owners, columns = np.divmod(keys, n_columns)  # by word, then column
    tf = 1.0 + np.log(counts)
    sums = np.zeros((len(words), n_documents))
    step = max(1, DENSE_LIMIT // n_documents)  # rows gathered at a time
    for first in range(0, len(keys), step):
        block = slice(first, first + step)
        starts = np.flatnonzero(np.diff(owners[block], prepend=-1))
        gathered = char.dense[columns[block]] * tf[block, np.newaxis]
        sums[owners[block][starts]] += np.add.reduceat(gathered, starts, axis=0)
    return sums


def _sublinear(terms: Sequence[int]) -> tuple[list[int], list[float] | None]:
    """Each term once, in order, and its sublinear TF, 1 + ln(count) (None when each occurs
    once: every TF is 1)."""
    if len(set(terms)) == len(terms):
        return list(terms), None
    counts = Counter(terms)
    return list(counts), [1.0 + math.log(m) for m in counts.values()]


def _alphabetical(first_seen: dict[str, int]) -> tuple[dict[str, int], np.ndarray]:
    """The vocabulary in alphabetical order, and each first-seen id's place in it."""
    vocabulary = {term: j for j, term in enumerate(sorted(first_seen))}
    rank = np.empty(len(first_seen), dtype=np.int32)
    rank[[first_seen[term] for term in vocabulary]] = np.arange(len(vocabulary), dtype=np.int32)
    return vocabulary, rank


def _ids(documents: Sequence[Sequence[str]], first_seen: dict[str, int]) -> tuple[np.ndarray, np.ndarray]:
    """Each term occurrence's id in ``first_seen`` (new terms are added), and its document."""
    ids = np.fromiter(map(first_seen.__getitem__, itertools.chain.from_iterable(documents)), dtype=np.int32)
    lengths = np.fromiter((len(terms) for terms in documents), dtype=np.int64, count=len(documents))
    return ids, np.repeat(np.arange(len(documents), dtype=np.int32), lengths)


def _first_seen() -> dict[str, int]:
    """Term ids in order of first sight: a new term gets the next number."""
    return collections.defaultdict(itertools.count().__next__)


def _counts(rows: np.ndarray, columns: np.ndarray, shape: tuple[int, int]) -> scipy.sparse.csr_matrix:
    """How often each term (column) occurs in each document (row)."""
    import scipy.sparse

    ones = np.ones(len(rows))
    return scipy.sparse.coo_matrix((ones, (rows, columns)), shape=shape).tocsr()  # sums repeats


def _weigh(
    name: str, vocabulary: dict[str, int], counts: scipy.sparse.csr_matrix, pairs: np.ndarray | None = None
) -> _Part:
    """Weigh term counts with scikit-learn's ``TfidfTransformer``.

    Smoothed IDF, sublinear TF, L2-normalized rows: ``TfidfVectorizer``'s matrix for the same
    analyzer, without its vocabulary passes in Python. No min_df/max_df: a corpus of two
    passages still gets a vocabulary.
    """
    from sklearn.feature_extraction.text import TfidfTransformer

    transformer = TfidfTransformer(sublinear_tf=True).fit(counts)
    matrix = transformer.transform(counts, copy=False).tocsc()  # the counts become weights in place
    del counts
    matrix.sort_indices()
    return _Part(
        name,
        vocabulary,
        np.asarray(transformer.idf_, dtype=np.float64),
        matrix.indptr.astype(np.int64),
        matrix.indices.astype(np.int32, copy=False),
        matrix.data.astype(np.float64, copy=False),
        pairs=pairs,
    )


def _fit_words(documents: Sequence[list[str]]) -> _Part:
    """The word analyzer's part: unigrams, then bigrams (kept as pairs of unigram ids)."""
    first_seen = _first_seen()
    ids, rows = _ids(documents, first_seen)
    vocabulary, rank = _alphabetical(first_seen)
    unigrams = rank[ids]
    del ids
    same = rows[1:] == rows[:-1]  # neighbours within one document make a bigram
    keys = unigrams[:-1][same].astype(np.int64) * len(vocabulary) + unigrams[1:][same]
    pairs, bigrams = np.unique(keys, return_inverse=True)
    del keys
    counts = _counts(
        np.concatenate([rows, rows[1:][same]]),
        np.concatenate([unigrams, (bigrams + len(vocabulary)).astype(np.int32)]),
        (len(documents), len(vocabulary) + len(pairs)),
    )
    del rows, same, unigrams, bigrams
    return _weigh("word", vocabulary, counts, pairs.astype(np.int64, copy=False))


def _fit_chars(documents: Sequence[str]) -> _Part:
    """The character analyzer's part: 3–5-grams of the normalized texts.

    Counted a block of documents at a time: a passage has ten times more n-grams than words,
    and holding every occurrence at once would double the peak memory of a large build.
    """
    import scipy.sparse

    first_seen = _first_seen()
    blocks = []
    for start in range(0, len(documents), _BLOCK):
        grams = [char_terms(d) for d in documents[start : start + _BLOCK]]
        ids, rows = _ids(grams, first_seen)
        blocks.append(_counts(rows, ids, (len(grams), len(first_seen))))
    for block in blocks:
        block.resize((block.shape[0], len(first_seen)))
    counts = scipy.sparse.vstack(blocks, format="csr")
    del blocks
    vocabulary, rank = _alphabetical(first_seen)
    counts.indices = rank[counts.indices]  # first-seen ids become alphabetical ones
    counts.has_sorted_indices = False
    return _weigh("char", vocabulary, counts)


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

    def fit(self, documents: Sequence[str], tokenize: Callable[[str], list[str]] = tokens) -> TfidfIndex:
        """Fit on ``documents``, read into terms by ``tokenize`` (English ``text.tokens`` by default;
        queries must then be given in the same terms)."""
        if isinstance(documents, str):
            raise TypeError("documents must be a sequence of strings, not one string")
        words = [tokenize(d) for d in documents]
        fitters: dict[str, Callable[[], _Part]] = {
            "word": lambda: _fit_words(words),
            "char": lambda: _fit_chars([" ".join(w) for w in words]),
        }
        self._set([fitters[name]() for name in self.analyzers], len(documents))
        return self

    def _set(self, parts: list[_Part], n_documents: int) -> None:
        for part in parts:
            part.densify(n_documents)
        self.parts_ = parts
        self.n_documents_ = n_documents
        # Single terms, from the word analyzer: for coverage, names and spelling correction.
        word = next((p for p in parts if p.name == "word"), None)
        self._word = word
        self._terms = word.vocabulary if word else {}
        self._max_idf = float(word.idf[: len(self._terms)].max()) if self._terms and word else 1.0
        self._everyone = np.arange(n_documents)
        # When every analyzer is dense, one term-major matrix holds all a query needs, each row
        # weighted by its IDF: the analyzers' columns; the word analyzer's unigram presence; for
        # each unigram, the sum of its character n-gram rows (as a query weighs them). A query
        # gathers its rows in one step and weighs them in one product.
        self._stacked: np.ndarray | None = None
        if word is not None and all(p.dense is not None for p in parts):
            n_terms = len(self._terms)
            char = next((p for p in parts if p.name == "char"), None)
            word_idf = word.idf[:n_terms, np.newaxis]
            blocks = [p.dense for p in parts if p.dense is not None]
            blocks.append((blocks[parts.index(word)][:n_terms] > 0) * word_idf)
            if char is not None:
                blocks.append(_gram_sums(char, list(self._terms)))
            self._stacked = np.vstack(blocks)
            offsets = np.cumsum([0, *(len(b) for b in blocks)])[:-1].tolist()
            for part, offset in zip(parts, offsets, strict=False):
                part.dense = self._stacked[offset : offset + len(part.indptr) - 1]
            self._word_offset = offsets[parts.index(word)]
            self._char_offset = offsets[parts.index(char)] if char else 0
            self._presence = offsets[len(parts)]
            self._gram_sums_offset = offsets[len(parts) + 1] if char else 0
            self._idf = word.idf[:n_terms].tolist()
            self._word_idf_squared = (word.idf**2).tolist()
            # The unigrams a name can be missed for: held by at most a third of the documents.
            held_by = np.diff(word.indptr[: n_terms + 1])
            self._distinctive = {t: j for t, j in self._terms.items() if held_by[j] * 3 <= n_documents}
            share = dict(zip(self.analyzers, (w / sum(self.weights) for w in self.weights), strict=True))
            self._word_share, self._char_share = share["word"], share.get("char", 0.0)
            self._word_inverse_idf = (1.0 / word.idf[:n_terms]).tolist()
            self._no_missing = np.zeros(n_documents, dtype=np.int64)
            self._no_missing.flags.writeable = False
            self._char = char
            self._char_idf_squared = (char.idf**2).tolist() if char else []
            self._rows_of: dict[str, _Rows] = {}
        self.vocabulary_ = frozenset(self._terms)

    # --- querying ------------------------------------------------------------------------------

    def similarities(self, query: str) -> np.ndarray:
        """One score per document, for a query already normalized (``text.normalize``): 0 to 1,
        or a little over 1 when the query's words share character n-grams and it nearly repeats
        a document (1.02 with a passage's whole text as the query).

        Normalizing is not idempotent (stemming twice can cut more), so it happens once, by
        the caller, as it happened once to the documents.
        """
        total = np.zeros(self.n_documents_)
        for part, weight in zip(self.parts_, self.weights, strict=True):
            part.add_scores(query, total, weight)
        return total / sum(self.weights)

    def match(
        self,
        query: str,
        covered: Collection[str],
        names: Collection[str] = (),
        floor: float = 0.0,
        unknown_weight: float | None = None,
    ) -> Match:
        """Similarity, coverage and missing names of a normalized ``query``, per document.

        covered: the query's content terms; a document's coverage is the IDF-weighted share of
            them it contains (a term no document holds weighs as much as the rarest known term,
            times its share of ``unknown_weight``).
        unknown_weight: what the covered terms no document holds weigh together, in units of
            the rarest known term's IDF (None: 1 each). The engine passes their rarity.
        names: terms the question gave as names; a distinctive one (held by at most a third of
            the documents) that a document lacks counts in its ``missing``.
        floor: documents whose similarity times coverage cannot reach this may be left out
            (an upper bound proves it); 0 keeps every document.
        """
        if self._stacked is not None:
            return self._match_stacked(query, covered, names, unknown_weight)
        n = self.n_documents_
        wanted = set(covered)
        known = [self._terms[t] for t in wanted if t in self._terms]
        unknown = len(wanted) - len(known) if unknown_weight is None else unknown_weight
        word = self._word
        if word is None:
            return Match(self._everyone, self.similarities(query), np.zeros(n), np.zeros(n, dtype=np.int64))
        idf = word.idf[known]
        share = idf / (float(idf.sum()) + unknown * self._max_idf)
        distinctive = [
            j
            for j in {self._terms[t] for t in names if t in self._terms}
            if word.indptr[j + 1] - word.indptr[j] <= n / 3
        ]
        if known and floor > 0 and self.analyzers == ("word",):
            pruned = self._match_pruned(
                query, dict(zip(known, share.tolist(), strict=True)), distinctive, floor
            )
            if pruned is not None:
                return pruned
        coverage: np.ndarray = np.zeros(n)
        if known:
            rows, _, lengths = word.postings(known)
            coverage = np.bincount(rows, weights=np.repeat(share, lengths), minlength=n)
        missing = np.full(n, len(distinctive), dtype=np.int64)
        if distinctive:
            missing -= np.bincount(word.postings(distinctive)[0], minlength=n)
        return Match(self._everyone, self.similarities(query), coverage, missing)

    def holds(self, term: str, rows: np.ndarray) -> np.ndarray:
        """Whether each of the documents ``rows`` (ascending) holds the word ``term``."""
        j = self._terms.get(term)
        if j is None or self._word is None:
            return np.zeros(len(rows), dtype=bool)
        return self._word.lookup(j, rows)[1]

    def _match_stacked(
        self, query: str, covered: Collection[str], names: Collection[str], unknown_weight: float | None
    ) -> Match:
        """``match`` of a small index: one gather of the stacked matrix's rows, then sums.

        Each word's rows are looked up once and remembered: its unigram, and for the character
        analyzer the precomputed sum of its n-gram rows (n-grams are weighed word by word, see
        ``_Part._char_weights``). The rest is a fixed handful of NumPy calls, whatever the
        query's length.
        """
        assert self._stacked is not None and self._word is not None
        vocabulary, pair_columns = self._terms, self._word._pair_columns or {}
        n_terms, word_offset, idf_squared = len(vocabulary), self._word_offset, self._word_idf_squared
        words: list[int] = []  # the word analyzer's rows: unigrams, and bigrams
        sums: list[int] = []  # character rows: a known word's n-gram sum, an unknown word's n-grams
        word_norm = char_norm = 0.0  # squared norms of the two query vectors
        plain = True  # no unknown word repeats an n-gram of its own
        previous = -1  # the word before's part of a bigram's key, -1 if unknown
        tokens = query.split()
        remembered = self._rows_of.get
        for token in tokens:
            j, row, square, sum_rows, tf, norm = remembered(token) or self._rows(token)
            if j >= 0:
                words.append(row)
                word_norm += square
                if previous >= 0 and (pair := pair_columns.get(previous + j)) is not None:
                    words.append(word_offset + pair)
                    word_norm += idf_squared[pair]
                previous = j * n_terms
            else:
                previous = -1
            sums += sum_rows
            char_norm += norm
            if tf is not None:
                plain = False
        word_tf: list[float] | None = None
        char_tf: list[float] | None = None
        if len(set(tokens)) < len(tokens) or not plain:  # rare: a word twice, or an n-gram twice in one
            words, word_tf, word_norm = self._weighed(words, word_offset, idf_squared)  # TF over the query
            sums, char_tf, char_norm = [], [], 0.0  # each distinct word once, with its n-grams' TF
            for token in dict.fromkeys(tokens):
                _, _, _, sum_rows, tf, norm = remembered(token) or self._rows(token)
                sums += sum_rows
                char_tf += tf or [1.0] * len(sum_rows)
                char_norm += norm
        n_words, n_similar = len(words), len(words) + len(sums)
        rows = words + sums
        covered_idf = 0.0
        unknown = 0.0
        for t in set(covered):
            if (j := vocabulary.get(t, -1)) >= 0:
                rows.append(self._presence + j)
                covered_idf += self._idf[j]
            else:
                unknown += 1
        n_covered = len(rows)
        held = []  # a distinctive name's presence row is weighed by 1/IDF: it counts as 1
        for j in {d for t in names if (d := self._distinctive.get(t)) is not None}:
            rows.append(self._presence + j)
            held.append(self._word_inverse_idf[j])
        gathered = self._stacked.take(rows, axis=0)
        # One product gives all three: the similarity (each analyzer's rows over its query's
        # norm), the coverage (presence rows, weighed by IDF, over the covered terms' IDF), and
        # how many of the distinctive names each document holds.
        weights = np.zeros((3 if held else 2, len(rows)))
        if word_norm > 0:
            weights[0, :n_words] = self._word_share / math.sqrt(word_norm)
            if word_tf is not None:
                weights[0, :n_words] *= word_tf
        if char_norm > 0:
            weights[0, n_words:n_similar] = self._char_share / math.sqrt(char_norm)
            if char_tf is not None:
                weights[0, n_words:n_similar] *= char_tf
        if n_covered > n_similar:  # a covered term no document holds weighs as the rarest known
            if unknown_weight is not None:
                unknown = unknown_weight
            weights[1, n_similar:n_covered] = 1.0 / (covered_idf + unknown * self._max_idf)
        if held:
            weights[2, n_covered:] = held
        product = weights.dot(gathered)  # (`dot` costs half of `@` at this size)
        if not held:
            return Match(self._everyone, product[0], product[1], self._no_missing)
        missing = len(held) - np.rint(product[2]).astype(np.int64)
        return Match(self._everyone, product[0], product[1], missing)

    @staticmethod
    def _weighed(
        rows: list[int], offset: int, idf_squared: list[float]
    ) -> tuple[list[int], list[float], float]:
        """Each row once, its sublinear TF, and the squared norm of the query vector they make."""
        distinct, tf = _sublinear(rows)
        tf = tf or [1.0] * len(distinct)
        norm = sum(f * f * idf_squared[row - offset] for row, f in zip(distinct, tf, strict=True))
        return distinct, tf, norm

    def _rows(self, token: str) -> _Rows:
        """A query word's rows, remembered."""
        if len(self._rows_of) >= WORDS_REMEMBERED:
            self._rows_of.clear()
        j = self._terms.get(token, -1)
        row, square = (self._word_offset + j, self._word_idf_squared[j]) if j >= 0 else (-1, 0.0)
        rows = _Rows(j, row, square, (), None, 0.0)
        if (char := self._char) is not None:
            columns, tf = _sublinear(char.word_columns(token))  # remembered here, in the word's rows
            idf_squared = self._char_idf_squared
            if tf is None:  # each n-gram once: each weighs its IDF
                norm = sum([idf_squared[c] for c in columns])
            else:
                norm = sum(f * f * idf_squared[c] for f, c in zip(tf, columns, strict=True))
            if j >= 0:
                rows = _Rows(j, row, square, (self._gram_sums_offset + j,), None, norm)
            else:
                grams = tuple([c + self._char_offset for c in columns])
                rows = _Rows(j, row, square, grams, None if tf is None else tuple(tf), norm)
        self._rows_of[token] = rows
        return rows

    def _match_pruned(
        self, query: str, share: dict[int, float], distinctive: list[int], floor: float
    ) -> Match | None:
        """``match`` over the documents that hold a rare query term, or None when that saves little.

        The commonest unigrams are looked up in the candidates' rows only, as long as their
        bound stays under ``floor``: the most their columns can add to a cosine (each term's
        query weight times its column's peak value) times their coverage share. Every document
        that holds none of the other, rarer terms scores under ``floor``.
        """
        word = self._word
        assert word is not None and word.pairs is not None
        columns, weights = word.query_weights(query)
        if not columns:
            return None
        weight_of = dict(zip(columns, weights.tolist(), strict=True))
        n_terms = len(word.vocabulary)
        length = {c: int(word.indptr[c + 1] - word.indptr[c]) for c in columns}
        # A document holds a bigram only if it holds both its words.
        made_of = {
            c: set(divmod(int(word.pairs[c - n_terms]), n_terms)) if c >= n_terms else {c} for c in columns
        }

        def within(group: set[int]) -> list[int]:
            return [c for c in columns if made_of[c] <= group]

        common: set[int] = set()
        for j in sorted((c for c in columns if c < n_terms), key=lambda c: -length[c]):
            trial = common | {j}
            most = sum(weight_of[c] * word.peak[c] for c in within(trial))  # of their cosine
            if most * sum(share.get(c, 0.0) for c in trial) >= floor:
                break
            common = trial
        lookups = within(common)
        rare = [c for c in columns if c not in lookups]
        if not common or not rare or sum(length[c] for c in rare) > self.n_documents_ / CANDIDATE_SHARE:
            return None
        rows, values, counts = word.postings(rare)
        ordered = np.sort(rows)  # np.unique hashes, and costs ten times a sort here
        candidates = ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))]
        at = np.searchsorted(candidates, rows)
        similarity: np.ndarray = np.bincount(
            at, weights=values * np.repeat([weight_of[c] for c in rare], counts), minlength=len(candidates)
        )
        coverage: np.ndarray = np.bincount(
            at, weights=np.repeat([share.get(c, 0.0) for c in rare], counts), minlength=len(candidates)
        )
        for c in lookups:
            found, present = word.lookup(c, candidates)
            similarity += weight_of[c] * found
            coverage += share.get(c, 0.0) * present
        missing = np.zeros(len(candidates), dtype=np.int64)
        for j in distinctive:
            missing += ~word.lookup(j, candidates)[1]
        return Match(candidates, similarity, coverage, missing)

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
            if part.pairs is not None:
                arrays[f"{i}_pairs"] = part.pairs
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
                        pairs=saved[f"{i}_pairs"] if name == "word" else None,
                    )
                )
            index._set(parts, int(saved["n_documents"]))
        return index
