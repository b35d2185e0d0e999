"""The TF-IDF index: fitted with scikit-learn, queried through one product over its row space.

scikit-learn builds the IDF weights and the L2-normalized document matrix. Queries do not go
through ``transform``: the encoder (``qa.space``) weighs a query's terms as scikit-learn weighs
a document's, and a store (``qa.stores``) multiplies them by the rows they name, for the whole
corpus or for some documents; the postings store finds the best documents by pruning
(``qa.pruning``). A query costs what its rows cost, not what the corpus costs, and needs no
scikit-learn at all, so an index loaded from the cache answers without importing it.

Both analyzers count their terms themselves (ids through one dict; the word analyzer's bigrams
as pairs of unigram ids in NumPy) and hand the counts to scikit-learn's ``TfidfTransformer``:
the same matrix as ``TfidfVectorizer`` gives, without a Python dict of every bigram. The word
analyzer's columns are its unigrams, alphabetically, then its bigrams, ordered by their pair
of ids.
"""

from __future__ import annotations

import collections
import itertools
import json
import os
import tempfile
from collections.abc import Callable, Collection, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from . import pruning
from .pruning import Scoring
from .space import ANALYZERS as ANALYZERS
from .space import Encoder, Part, Space, _word_grams, bigram_key
from .space import char_terms as char_terms
from .stores import DenseStore, PostingsStore, Store, choose
from .text import tokens

if TYPE_CHECKING:
    import scipy.sparse

FORMAT = 2
"""Version of the saved index layout; part of the cache key."""
_BLOCK = 10_000
"""Documents whose character n-grams are counted together."""


class Match(NamedTuple):
    """What the index knows of a query, for the documents that can score.

    rows: the documents, ascending (all of them unless the index could prune).
    similarity: TF-IDF similarity of the query to each (weighted mean over the analyzers of
        their cosines; see ``qa.space.Encoder._similar`` for where the character one is not exactly one).
    coverage: the IDF-weighted share of the covered terms each contains.
    missing: how many of the query's distinctive names each lacks.
    """

    rows: np.ndarray
    similarity: np.ndarray
    coverage: np.ndarray
    missing: np.ndarray


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
) -> Part:
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
    return Part(
        name,
        vocabulary,
        np.asarray(transformer.idf_, dtype=np.float64),
        matrix.indptr.astype(np.int32 if matrix.nnz <= np.iinfo(np.int32).max else np.int64),  # 4 bytes
        matrix.indices.astype(np.int32, copy=False),
        matrix.data.astype(np.float64, copy=False),
        pairs=pairs,
    )


def _fit_words(documents: Sequence[list[str]]) -> Part:
    """The word analyzer's part: unigrams, then bigrams (kept as pairs of unigram ids)."""
    first_seen = _first_seen()
    ids, rows = _ids(documents, first_seen)
    vocabulary, rank = _alphabetical(first_seen)
    unigrams = rank[ids]
    del ids
    same = rows[1:] == rows[:-1]  # neighbours within one document make a bigram
    keys = bigram_key(unigrams[:-1][same].astype(np.int64), unigrams[1:][same], len(vocabulary))
    pairs, bigrams = np.unique(keys, return_inverse=True)
    del keys
    counts = _counts(
        np.concatenate([rows, rows[1:][same]]),
        np.concatenate([unigrams, (bigrams + len(vocabulary)).astype(np.int32)]),
        (len(documents), len(vocabulary) + len(pairs)),
    )
    del rows, same, unigrams, bigrams
    return _weigh("word", vocabulary, counts, pairs.astype(np.int64, copy=False))


def _fit_chars(documents: Sequence[str]) -> Part:
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
    store: "dense" or "postings" (see ``qa.stores``); None lets ``qa.stores.choose`` pick by size.
    """

    def __init__(
        self,
        *,
        analyzers: Sequence[str] = ANALYZERS,
        weights: Sequence[float] | None = None,
        store: str | None = None,
    ):
        self.analyzers = tuple(analyzers)
        self.weights = tuple(weights) if weights is not None else (1.0,) * len(self.analyzers)
        if not self.analyzers or len(self.weights) != len(self.analyzers):
            raise ValueError("give one weight per analyzer, and at least one analyzer")
        unknown = set(self.analyzers) - set(ANALYZERS)
        if unknown:
            raise ValueError(
                f"unknown analyzer {sorted(unknown)[0]!r} (expected one of {', '.join(ANALYZERS)})"
            )
        if store not in (None, "dense", "postings"):
            raise ValueError(f"unknown store {store!r} (expected 'dense' or 'postings')")
        self._kind = store

    # --- fitting -------------------------------------------------------------------------------

    def fit(self, documents: Sequence[str], tokenize: Callable[[str], list[str]] = tokens) -> TfidfIndex:
        """Fit on ``documents``, read into terms by ``tokenize`` (English ``text.tokens`` by default;
        queries must then be given in the same terms)."""
        if isinstance(documents, str):
            raise TypeError("documents must be a sequence of strings, not one string")
        words = [tokenize(d) for d in documents]
        fitters: dict[str, Callable[[], Part]] = {
            "word": lambda: _fit_words(words),
            "char": lambda: _fit_chars([" ".join(w) for w in words]),
        }
        self._set([fitters[name]() for name in self.analyzers], len(documents))
        return self

    def _set(self, parts: list[Part], n_documents: int) -> None:
        self.parts_ = parts
        self.n_documents_ = n_documents
        kind = self._kind or choose(parts, n_documents)
        self.space = Space(parts, n_documents, self.weights, gram_sums=kind == "dense")
        self.store: Store = DenseStore(self.space) if kind == "dense" else PostingsStore(self.space)
        self.encoder = Encoder(self.space)
        self.vocabulary_ = self.space.terms.keys()
        """The words the index knows (a view of its vocabulary: a set without a copy)."""
        self._everyone = np.arange(n_documents)

    def forget(self) -> None:
        """Empty what the index remembers of the words and queries it was asked (and the n-grams
        of words)."""
        self.encoder.tokens.clear()
        self.encoder.vectors.clear()
        _word_grams.clear()

    # --- querying ------------------------------------------------------------------------------

    def similarities(self, query: str) -> np.ndarray:
        """One score per document, for a query already normalized (``text.normalize``): 0 to 1,
        or a little over 1 when the query's words share character n-grams and it nearly repeats
        a document.

        Normalizing is not idempotent (stemming twice can cut more), so it happens once, by
        the caller, as it happened once to the documents.
        """
        similarity: np.ndarray = self.store.product(self.encoder.encode(query))[0]
        return similarity

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
        vector = self.encoder.encode(query, covered, names, unknown_weight=unknown_weight)
        if floor > 0 and isinstance(self.store, PostingsStore):
            found = pruning.candidates(self.store, self.store.terms(vector), floor)
            rows, lines = found.documents, found.lines
        else:
            rows, lines = self._everyone, self.store.product(vector)
        missing = np.zeros(len(rows), dtype=np.int64)
        if len(lines) > 2:
            missing = vector.names - np.rint(lines[2]).astype(np.int64)
        return Match(rows, lines[0], lines[1], missing)

    def top(
        self,
        query: str,
        covered: Collection[str],
        names: Collection[str] = (),
        k: int = 5,
        *,
        focus: Collection[str] = (),
        unknown_weight: float | None = None,
        factor: float = 1.0,
        penalty: float = 1.0,
        weights: np.ndarray | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """The ``k`` best documents of a normalized ``query`` and their scores, best first
        (ties by document order; only positive scores).

        A document's score is its similarity × coverage (see ``match``) × ``factor`` ×
        ``weights[document]`` (None: 1) × ``penalty`` per distinctive name it lacks and squared
        per ``focus`` term (the attribute asked for) it lacks.
        """
        vector = self.encoder.encode(query, covered, names, focus, unknown_weight)
        scoring = Scoring(factor, penalty, weights, vector.names)
        if isinstance(self.store, PostingsStore):
            return pruning.top(self.store, self.store.terms(vector), scoring, k)
        values = pruning.scores(self.store.product(vector), None, scoring)
        return pruning.best(self._everyone, values, k)

    def holds(self, term: str, rows: np.ndarray) -> np.ndarray:
        """Whether each of the documents ``rows`` (ascending) holds the word ``term``."""
        j = self.space.terms.get(term)
        if j is None:
            return np.zeros(len(rows), dtype=bool)
        return self.store.holds(self.space.layout.presence + j, rows)

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
    def load(
        cls,
        path: Path,
        *,
        analyzers: Sequence[str],
        weights: Sequence[float] | None,
        store: str | None = None,
    ) -> TfidfIndex:
        index = cls(analyzers=analyzers, weights=weights, store=store)
        with np.load(path, allow_pickle=False) as saved:
            parts = []
            for i, name in enumerate(index.analyzers):
                terms = json.loads(saved[f"{i}_terms"].tobytes().decode())
                parts.append(
                    Part(
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
