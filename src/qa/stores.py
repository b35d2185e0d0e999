"""Where the row space lives: a dense matrix for a small corpus, postings for a large one.

Both give the one product a query needs (``product``): its vector's weights times the rows it
names, for every document or for some. The dense store keeps every row of the space, stacked:
a query gathers a few dozen rows and weighs them in one matrix product. The postings store
keeps each analyzer's matrix by column and walks only the query's columns, looking documents
up in the commonest columns kept dense (hot). ``choose`` states which one a corpus gets.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

from .space import Part, QueryVector, Space

DENSE_LIMIT = 4_000_000
"""Up to this many cells (32 MB) in the whole row space, a corpus gets the dense store: gathering
a few dozen rows of it beats walking postings."""
HOT_LIMIT = 2_000_000
"""Cells (8 MB: each the position of a value, not a copy of it) the postings store spends on
keeping its commonest columns dense."""
SEARCHED = 8
"""Columns this many times longer than the documents looked up in them (together) are searched
for them (binary search), not added up over their postings."""
HOT_SHARE = 16
"""A column held by over 1/HOT_SHARE of the documents is common: the postings store keeps the
commonest dense (looking documents up in one is then a gather, not a binary search of a long
column), and pruning walks none of them unless it must (``qa.pruning``)."""


def dense_cells(parts: Sequence[Part], n_documents: int) -> int:
    """How many cells the dense store would keep: every column, and for the word analyzer each
    unigram's presence and (with the character analyzer) its n-grams' sum."""
    rows = sum(p.n_columns for p in parts)
    word = next((p for p in parts if p.name == "word"), None)
    if word is not None:
        rows += len(word.vocabulary) * (2 if len(parts) > 1 else 1)
    return rows * n_documents


def choose(parts: Sequence[Part], n_documents: int) -> str:
    """The store a corpus gets: dense when its whole row space fits in DENSE_LIMIT cells."""
    return "dense" if dense_cells(parts, n_documents) <= DENSE_LIMIT else "postings"


class DenseStore:
    """Every row of the space, stacked in one term-major matrix."""

    kind = "dense"

    def __init__(self, space: Space) -> None:
        n = space.n_documents
        blocks = [_dense(part, n) for part in space.parts]
        if space.word is not None:
            n_terms = len(space.terms)
            presence = np.zeros((n_terms, n))
            held, _ = _expanded(space.word, n_terms)
            presence[held] = 1.0
            blocks.append(presence * space.word.idf[:n_terms, np.newaxis])
            if space.char is not None and space.layout.sums >= 0:
                blocks.append(_gram_sums(space, blocks[space.parts.index(space.char)]))
        self.matrix = np.vstack(blocks) if blocks else np.zeros((0, n))
        self.n_documents = n

    def product(self, vector: QueryVector, candidates: np.ndarray | None = None) -> np.ndarray:
        """The vector's lines times its rows: one line of values per document (or candidate)."""
        gathered = self.matrix.take(vector.rows, axis=0)
        if candidates is not None:
            gathered = gathered[:, candidates]
        lines: np.ndarray = vector.weights.dot(gathered)  # `dot`: faster than `@` for so few rows
        return lines

    def holds(self, row: int, documents: np.ndarray) -> np.ndarray:
        """Whether each of ``documents`` has a value in ``row``."""
        held: np.ndarray = self.matrix[row].take(documents) > 0
        return held


def _expanded(part: Part, n_columns: int) -> tuple[tuple[np.ndarray, np.ndarray], np.ndarray]:
    """The (column, document) pairs of a part's first ``n_columns`` columns, and their values."""
    end = int(part.indptr[n_columns])
    columns = np.repeat(np.arange(n_columns), np.diff(part.indptr[: n_columns + 1]))
    return (columns, part.indices[:end]), part.data[:end]


def _dense(part: Part, n_documents: int) -> np.ndarray:
    """A part's rows of the space: each column's values times its IDF."""
    dense = np.zeros((part.n_columns, n_documents))
    held, values = _expanded(part, part.n_columns)
    dense[held] = values
    dense *= part.idf[:, np.newaxis]
    return dense


def _gram_sums(space: Space, char_rows: np.ndarray) -> np.ndarray:
    """For each known word, its character n-gram rows added up as a query of that word alone
    weighs them (``Encoder._similar``): sublinear TF within the word."""
    assert space.char is not None
    owners: list[int] = []
    columns: list[int] = []
    tf: list[float] = []
    for j, (found, counts) in enumerate(space.grams):
        owners += [j] * len(found)
        columns += found
        tf += counts or [1.0] * len(found)
    sums = np.zeros((len(space.terms), space.n_documents))
    step = max(1, DENSE_LIMIT // max(1, space.n_documents))  # rows gathered at a time
    owner = np.array(owners, dtype=np.int64)
    for first in range(0, len(owners), step):
        block = slice(first, first + step)
        starts = np.flatnonzero(np.diff(owner[block], prepend=-1))
        gathered = char_rows[columns[block]] * np.array(tf[block])[:, np.newaxis]
        sums[owner[block][starts]] += np.add.reduceat(gathered, starts, axis=0)
    return sums


class Terms(NamedTuple):
    """A query vector as the postings store walks it: each column it touches once.

    columns: the columns (similarity rows of the space; a presence row is its unigram's column).
    similar: the similarity weight of each column's values (the vector's weight times the IDF).
    constant: per further line (coverage, names), what holding each column adds.
    """

    columns: np.ndarray
    similar: np.ndarray
    constant: np.ndarray


class PostingsStore:
    """The space's similarity rows as one matrix by column, its commonest columns also dense.

    Its values are each analyzer's TF-IDF weights (the space's rows over their IDF: the
    query's weights are multiplied by it instead, a number per column rather than per posting).
    """

    kind = "postings"

    def __init__(self, space: Space) -> None:
        self.n_documents = n = space.n_documents
        parts = space.parts
        self.indptr, self.indices, self.data = _concatenated(parts)
        self.idf = parts[0].idf if len(parts) == 1 else np.concatenate([p.idf for p in parts])
        self.lengths = np.diff(self.indptr)
        self.peaks = _peaks(self.indptr, self.data)
        """Each column's largest value: what one term can add to a document's cosine, at most."""
        self._presence = space.layout.presence - space.layout.word  # a presence row less its column
        commonest = np.argsort(-self.lengths, kind="stable")[: HOT_LIMIT // max(1, n)]
        hot = commonest[self.lengths[commonest] * HOT_SHARE >= n].tolist()
        self.hot: dict[int, int] = {j: i for i, j in enumerate(hot)}
        """The commonest columns (up to HOT_LIMIT cells of those held by 1/HOT_SHARE), each
        with its row in ``hot_at``: those columns dense."""
        self.hot_at = np.full((len(hot), n), -1, dtype=self.indptr.dtype)
        """Where each hot column's value for each document is in ``data`` (-1: it has none)."""
        for i, j in enumerate(hot):
            start, end = int(self.indptr[j]), int(self.indptr[j + 1])
            self.hot_at[i, self.indices[start:end]] = np.arange(start, end)

    def column(self, j: int) -> tuple[np.ndarray, np.ndarray]:
        """The documents holding column ``j`` (ascending) and its values in them."""
        start, end = self.indptr[j], self.indptr[j + 1]
        return self.indices[start:end], self.data[start:end]

    def terms(self, vector: QueryVector) -> Terms:
        """The columns a vector touches, each once, with its weights (see ``Terms``)."""
        n_similar = vector.n_similar
        rows = vector.rows
        bases = rows[:n_similar] + [row - self._presence for row in rows[n_similar:]]
        where: dict[int, int] = {}
        at = [where.setdefault(base, len(where)) for base in bases]
        columns = np.fromiter(where, dtype=np.int64, count=len(where))
        scaled = vector.weights * self.idf.take(bases)
        similar = np.bincount(at[:n_similar], weights=scaled[0, :n_similar], minlength=len(columns))
        lines = len(vector.weights) - 1
        constant = np.zeros((lines, len(columns)))
        for line in range(lines):
            constant[line] = np.bincount(
                at[n_similar:], weights=scaled[line + 1, n_similar:], minlength=len(columns)
            )
        return Terms(columns, similar, constant)

    def product(self, vector: QueryVector, candidates: np.ndarray | None = None) -> np.ndarray:
        """The vector's lines times its rows, for every document or for ``candidates``."""
        terms = self.terms(vector)
        everyone = np.arange(self.n_documents) if candidates is None else candidates
        return self.lines(terms, list(range(len(terms.columns))), everyone)

    def lines(self, terms: Terms, chosen: list[int], documents: np.ndarray) -> np.ndarray:
        """The ``chosen`` terms' part of each line of the product, at the ascending ``documents``.

        The columns kept dense are read at the documents. The others are searched for them
        when the documents are few next to those columns' postings (SEARCHED), else their
        postings are added up (``summed``).
        """
        out = np.zeros((1 + len(terms.constant), len(documents)))
        hot = [t for t in chosen if int(terms.columns[t]) in self.hot]
        cold = [t for t in chosen if int(terms.columns[t]) not in self.hot]
        if hot:
            out += _weighed(terms, hot, self.hot_values(terms.columns.take(hot), documents))
        if not cold:
            return out
        columns = terms.columns.take(cold)
        if len(documents) * len(cold) * SEARCHED < int(self.lengths.take(columns).sum()):
            out += _weighed(terms, cold, self.searched(columns, documents))
        else:
            out += self.summed(terms, cold, self.postings(columns), documents)
        return out

    def postings(self, columns: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The documents and values of several columns, concatenated, and each column's length."""
        starts, ends = self.indptr.take(columns), self.indptr.take(columns + 1)
        if len(columns) == 1:
            return self.indices[starts[0] : ends[0]], self.data[starts[0] : ends[0]], ends - starts
        pairs = list(zip(starts.tolist(), ends.tolist(), strict=True))
        rows = np.concatenate([self.indices[s:e] for s, e in pairs])
        values = np.concatenate([self.data[s:e] for s, e in pairs])
        return rows, values, ends - starts

    def summed(
        self,
        terms: Terms,
        chosen: list[int],
        postings: tuple[np.ndarray, np.ndarray, np.ndarray],
        documents: np.ndarray,
    ) -> np.ndarray:
        """The ``chosen`` terms' part of each line at ``documents``, from their ``postings``
        (``postings``' order): each line's weights added up by document.

        ``np.bincount`` adds them up in a fresh array of the corpus's size, in the postings'
        order; a line adds up only the postings of the columns that weigh in it (the names
        line's, often none).
        """
        rows, values, lengths = postings
        n = self.n_documents
        out = np.zeros((1 + len(terms.constant), len(documents)))
        similar = values * np.repeat(terms.similar.take(chosen), lengths)
        out[0] = np.bincount(rows, similar, minlength=n).take(documents)
        for line, constant in enumerate(terms.constant.take(chosen, axis=1), start=1):
            held = constant.nonzero()[0]
            if len(held) == len(chosen):
                out[line] = np.bincount(rows, np.repeat(constant, lengths), n).take(documents)
            elif len(held):  # only those columns' postings
                weighed = np.repeat(constant.take(held), lengths.take(held))
                out[line] = np.bincount(_spans(rows, lengths, held), weighed, n).take(documents)
        return out

    def hot_values(self, columns: np.ndarray, documents: np.ndarray) -> np.ndarray:
        """The hot ``columns``' values at ``documents``, a row per column."""
        rows = np.array([self.hot[j] for j in columns.tolist()], dtype=np.intp)
        flat = (rows[:, np.newaxis] * self.n_documents + documents).ravel()
        at = self.hot_at.take(flat)
        values: np.ndarray = np.where(at >= 0, self.data.take(at), 0.0).reshape(len(rows), len(documents))
        return values

    def searched(self, columns: np.ndarray, documents: np.ndarray) -> np.ndarray:
        """Columns' values at the ascending ``documents`` (0 where absent), a row per column:
        a binary search of each column's postings for the documents (no pass over them)."""
        found = np.zeros((len(columns), len(documents)))
        spans = zip(self.indptr.take(columns).tolist(), self.indptr.take(columns + 1).tolist(), strict=True)
        for i, (start, end) in enumerate(spans):
            if start == end or not len(documents):
                continue
            held = self.indices[start:end]
            at = np.minimum(held.searchsorted(documents), end - start - 1)
            hit = held.take(at) == documents
            found[i, hit] = self.data[start:end].take(at[hit])
        return found

    def holds(self, row: int, documents: np.ndarray) -> np.ndarray:
        """Whether each of ``documents`` (ascending) holds the unigram of presence row ``row``."""
        j = np.array([row - self._presence])
        if int(j[0]) in self.hot:
            held: np.ndarray = self.hot_values(j, documents)[0] > 0
        else:
            held = self.searched(j, documents)[0] > 0
        return held


def _weighed(terms: Terms, chosen: list[int], values: np.ndarray) -> np.ndarray:
    """The ``chosen`` terms' part of each line, from their values (a row per term)."""
    similar = terms.similar.take(chosen) @ values
    return np.vstack([similar, terms.constant.take(chosen, axis=1) @ (values > 0)])


def _spans(rows: np.ndarray, lengths: np.ndarray, chosen: np.ndarray) -> np.ndarray:
    """The postings of the ``chosen`` columns (ascending positions) among concatenated ones."""
    ends = np.cumsum(lengths).tolist()
    starts = [ends[t] - int(lengths[t]) for t in chosen.tolist()]
    return np.concatenate([rows[s : ends[t]] for s, t in zip(starts, chosen.tolist(), strict=True)])


def _concatenated(parts: Sequence[Part]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The parts' matrices side by side, in one set of CSC arrays (the one part's own if alone)."""
    if len(parts) == 1:
        return parts[0].indptr, parts[0].indices, parts[0].data
    offsets = np.cumsum([0, *(len(p.indices) for p in parts)])
    indptr = np.concatenate(
        [*(p.indptr[:-1] + o for p, o in zip(parts, offsets, strict=False)), offsets[-1:]]
    )
    return indptr, np.concatenate([p.indices for p in parts]), np.concatenate([p.data for p in parts])


def _peaks(indptr: np.ndarray, data: np.ndarray) -> np.ndarray:
    """Each column's largest value (0 for an empty column)."""
    peaks = np.zeros(len(indptr) - 1)
    full = np.flatnonzero(np.diff(indptr))
    if len(full):
        peaks[full] = np.maximum.reduceat(data, indptr[full])
    return peaks


Store = DenseStore | PostingsStore
