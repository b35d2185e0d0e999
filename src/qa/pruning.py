"""The k best documents of a query, without scoring every document that shares a term with it.

A document's score is its similarity times its coverage times factors that are at most 1 once
the constant and the document's weight are taken out (see ``Scoring``). Both sums grow with the
columns a document holds, so a set of columns bounds the score of a document that holds only
them: the most each adds to the similarity (its weight times its largest value) summed, times
the coverage they add, times the constant. This is MaxScore (Turtle and Flood, 1995), with the
common columns (held by over 1/HOT_SHARE of the documents: function words, a corpus's stock
words) as the ones not walked:

1. The other columns are walked: the documents they bring, and what they add to each.
2. A document's score counting only the walked columns (the names not walked as missing) is
   at most its score in full, so the k-th best of those is a threshold the k best reach. When
   the common columns' bounds together stay under it, a document that holds only common
   columns cannot reach it. When they do not, the few documents scored best so far are scored
   in full for a closer threshold, and as many common columns as it takes (the shortest
   first) are walked too; if one of those is kept dense, every document is scored from the
   dense copies instead (questions made of only the commonest words).
3. Each document walked is bounded by what it has plus the common columns' bounds; only those
   that can reach the threshold are looked up in the common columns (read from the dense
   copies, or searched for) and scored in full. When many can (the common columns add much of
   the coverage), the few scored best so far are scored in full first, for a closer threshold.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .stores import HOT_SHARE, PostingsStore, Terms

PROBE = 32
"""Documents scored in full for a threshold, when the walked columns' own scores give too low a one."""
FEW = 64
"""Candidates few enough to look the remaining columns up in without bounding them first."""
RAISE_ABOVE = 4 * PROBE
"""Candidates so many after bounding that PROBE of them are scored in full for a closer threshold."""
SORTED = 256
"""Up to this many values, the k best are taken by sorting them all (cheaper than partitioning)."""
_ROUNDING = 1 + 1e-9
"""A bound is raised by this much: a sum of the same numbers in another order may differ in its
last digits."""


class Scoring(NamedTuple):
    """How a document's similarity, coverage and names make its score.

    score = similarity × coverage × factor × weights[document] × penalty ** missing, where
    missing is how many of the names the names line counts a document lacks.
    """

    factor: float = 1.0
    penalty: float = 1.0
    weights: np.ndarray | None = None
    names: int = 0

    def most(self) -> float:
        """What multiplies similarity × coverage at most."""
        return self.factor * (float(self.weights.max()) if self.weights is not None else 1.0)


def scores(lines: np.ndarray, documents: np.ndarray | None, scoring: Scoring) -> np.ndarray:
    """The documents' scores from their lines of the product (all documents if None)."""
    values: np.ndarray = lines[0] * lines[1]
    if scoring.factor != 1.0:
        values *= scoring.factor
    if scoring.weights is not None:
        values *= scoring.weights if documents is None else scoring.weights.take(documents)
    if len(lines) > 2:
        missing = scoring.names - np.rint(lines[2]).astype(np.intp)
        if np.count_nonzero(missing):  # any(), without a reduction's overhead
            values *= scoring.penalty**missing  # a power of the penalty for each missing name
    return values


def best(documents: np.ndarray, values: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """The ``k`` documents (ascending) of highest positive value, best first; ties by document."""
    if len(values) <= SORTED:
        chosen = (-values).argsort(kind="stable")[:k]
        worth = values.take(chosen)
        positive = int(np.count_nonzero(worth))  # no value is negative: the positive ones are a prefix
        return documents.take(chosen[:positive]), worth[:positive]
    kth = np.partition(values, len(values) - k)[len(values) - k]
    kept = (values >= max(kth, np.nextafter(0.0, 1.0))).nonzero()[0]
    chosen = kept.take(np.argsort(-values.take(kept), kind="stable")[:k])
    return documents.take(chosen), values.take(chosen)


def _kth(values: np.ndarray, k: int) -> float:
    """The k-th highest value (0 when there are fewer than k)."""
    if len(values) < k:
        return 0.0
    return max(float(np.partition(values, len(values) - k)[len(values) - k]), 0.0)


class Walk(NamedTuple):
    """Documents (ascending) and what some columns add to each line of the product for them."""

    documents: np.ndarray
    lines: np.ndarray

    def keep(self, kept: np.ndarray) -> Walk:
        """Only the documents at positions ``kept``."""
        return Walk(self.documents.take(kept), self.lines.take(kept, axis=1))


def walk(store: PostingsStore, terms: Terms, chosen: list[int]) -> Walk:
    """The documents holding any of the ``chosen`` terms, and those terms' part of each line."""
    if not chosen:
        return Walk(np.zeros(0, dtype=np.int64), np.zeros((1 + len(terms.constant), 0)))
    postings = store.postings(terms.columns.take(chosen))
    ordered = np.sort(postings[0])
    documents = ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))]
    return Walk(documents, store.summed(terms, chosen, postings, documents))


def add(store: PostingsStore, terms: Terms, chosen: list[int], found: Walk) -> Walk:
    """``found`` with the ``chosen`` terms' part of each line added, at its documents."""
    if not chosen:
        return found
    return Walk(found.documents, found.lines + store.lines(terms, chosen, found.documents))


def _bounds(store: PostingsStore, terms: Terms) -> tuple[list[float], list[float]]:
    """What each term adds at most to a document's similarity, and to its coverage."""
    upper: list[float] = (terms.similar * store.peaks.take(terms.columns)).tolist()
    return upper, terms.constant[0].tolist()


class _Bounds(NamedTuple):
    """What each term adds at most to a document's similarity and coverage, and the scoring."""

    upper: list[float]
    coverage: list[float]
    scoring: Scoring
    threshold: float

    def most(self, chosen: list[int]) -> tuple[float, float]:
        """What the ``chosen`` terms add at most to a similarity, and to a coverage."""
        return sum([self.upper[t] for t in chosen]), sum([self.coverage[t] for t in chosen])


def split(store: PostingsStore, terms: Terms) -> tuple[list[int], list[int]]:
    """The terms to walk, and the common ones (held by over 1/HOT_SHARE of the documents)."""
    held = (store.lengths.take(terms.columns) * HOT_SHARE >= store.n_documents).tolist()
    return [t for t, common in enumerate(held) if not common], [t for t, common in enumerate(held) if common]


def _reachable(found: Walk, rest: list[int], bounds: _Bounds) -> Walk:
    """The documents of ``found`` whose score can reach the threshold with the ``rest`` of the
    terms adding at most their bounds."""
    similar, covered = bounds.most(rest)
    bound = found.lines[0] + similar
    bound *= found.lines[1] + covered
    if bounds.scoring.weights is not None:
        bound *= bounds.scoring.weights.take(found.documents)
    return found.keep((bound >= bounds.threshold / (bounds.scoring.factor * _ROUNDING)).nonzero()[0])


def _raised(
    store: PostingsStore, terms: Terms, found: Walk, rest: list[int], bounds: _Bounds, k: int
) -> tuple[Walk, _Bounds]:
    """When many documents of ``found`` can reach the threshold, those that can, and the
    threshold raised to the k-th best score in full of the PROBE the walked terms score best
    (a partial threshold leaves out what the common terms add to the coverage)."""
    if not rest or bounds.threshold <= 0 or len(found.documents) <= RAISE_ABOVE:
        return found, bounds
    found = _reachable(found, rest, bounds)
    if len(found.documents) <= RAISE_ABOVE:
        return found, bounds
    probed = _probed(store, terms, found, rest, bounds.scoring, k)
    return found, bounds._replace(threshold=max(bounds.threshold, probed))


def _completed(
    store: PostingsStore, terms: Terms, found: Walk, rest: list[int], bounds: _Bounds, k: int
) -> Walk:
    """``found`` with the ``rest`` of the terms added: first the columns searched for, then
    those kept dense (cheap to read), the documents that cannot reach the threshold with the
    terms left adding their bounds left out before each (see ``_raised`` for a closer threshold)."""
    hot = [t for t in rest if int(terms.columns[t]) in store.hot]
    cold = [t for t in rest if t not in hot]
    found, bounds = _raised(store, terms, found, rest, bounds, k)
    for group, left in ((cold, cold + hot), (hot, hot)):
        if not group:
            continue
        if bounds.threshold > 0 and len(found.documents) > FEW:
            found = _reachable(found, left, bounds)
        found = add(store, terms, group, found)
    return found


def _walked_too(
    store: PostingsStore, terms: Terms, common: list[int], bounds: _Bounds, most: float
) -> list[int]:
    """The fewest common terms (the shortest first) to walk too, so that the others' bounds
    keep a document that holds only them under the threshold."""
    similar, covered = bounds.most(common)
    lengths = store.lengths.take(terms.columns).tolist()
    moved: list[int] = []
    for t in sorted(common, key=lengths.__getitem__):
        if most * similar * covered * _ROUNDING < bounds.threshold:
            break
        moved.append(t)
        similar -= bounds.upper[t]
        covered -= bounds.coverage[t]
    return moved


def _probed(
    store: PostingsStore, terms: Terms, found: Walk, rest: list[int], scoring: Scoring, k: int
) -> float:
    """The k-th best score in full of the PROBE documents of ``found`` its terms score best."""
    if len(found.documents) > PROBE:
        partial = found.lines[0] * (found.lines[1] + 1e-9)  # similarity counts where coverage is 0
        found = found.keep(np.sort(np.argpartition(-partial, PROBE - 1)[:PROBE]))
    probe = add(store, terms, rest, found)
    return _kth(scores(probe.lines, probe.documents, scoring), k)


def _everyone(
    store: PostingsStore, terms: Terms, scoring: Scoring, threshold: float, k: int
) -> tuple[np.ndarray, np.ndarray]:
    """The k best of every document, all scored (the common columns read from their dense
    copies); only the scores reaching ``threshold`` are sorted."""
    everyone = np.arange(store.n_documents)
    nothing = Walk(everyone, np.zeros((1 + len(terms.constant), len(everyone))))
    values = scores(add(store, terms, list(range(len(terms.columns))), nothing).lines, None, scoring)
    kept = (values * _ROUNDING >= threshold).nonzero()[0] if threshold > 0 else values.nonzero()[0]
    return best(kept, values.take(kept), k)


def top(store: PostingsStore, terms: Terms, scoring: Scoring, k: int) -> tuple[np.ndarray, np.ndarray]:
    """The k best documents and their scores, best first (ties by document order)."""
    if not terms.constant[0].any():  # nothing covered: every score is 0
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    walked, common = split(store, terms)
    found = walk(store, terms, walked)
    bounds = _Bounds(*_bounds(store, terms), scoring, _kth(scores(found.lines, found.documents, scoring), k))
    moved = _walked_too(store, terms, common, bounds, scoring.most())
    if moved and len(found.documents):  # a closer threshold: the best few scored in full
        bounds = bounds._replace(threshold=_probed(store, terms, found, common, scoring, k))
        moved = _walked_too(store, terms, common, bounds, scoring.most())
    if any(int(terms.columns[t]) in store.hot for t in moved):
        return _everyone(store, terms, scoring, bounds.threshold, k)
    if moved:
        walked = sorted(walked + moved)
        common = [t for t in common if t not in moved]
        found = walk(store, terms, walked)
        bounds = bounds._replace(threshold=_kth(scores(found.lines, found.documents, scoring), k))
    found = _completed(store, terms, found, common, bounds, k)
    return best(found.documents, scores(found.lines, found.documents, scoring), k)


def candidates(store: PostingsStore, terms: Terms, floor: float) -> Walk:
    """Every document whose similarity × coverage can reach ``floor``, and its lines."""
    walked, common = split(store, terms)
    upper, coverage = _bounds(store, terms)
    if sum([upper[t] for t in common]) * sum([coverage[t] for t in common]) * _ROUNDING >= floor:
        walked, common = walked + common, []
    return add(store, terms, common, walk(store, terms, walked))
