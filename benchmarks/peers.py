"""What the benchmark times: summit-qa and its peers, each set up fairly.

Every peer indexes the text our engine indexes (``Passage.searchable``), reads it as bm25s does
(lowercased runs of two or more word characters, bm25s's English stopwords left out), and
returns the five best passages for a question. Each builder returns its askers: functions from
a question to an answer; one index can serve several ways of asking it.

- bm25s as installed: ``bm25s.tokenize`` and ``retrieve``, as its README does. Its top-k is
  ``np.argpartition(scores, -k)``, which is slow where most scores are zero.
- bm25s with a correct top-k: the same index and scores, the top-k taken by
  ``np.argpartition(-scores, k - 1)``; tokens by the same rule without rebuilding a stopword
  set per call.
- bm25s's numba backend, where numba is installed.
- tantivy (Rust; BM25, block-max WAND): the same tokens by its regex tokenizer and stopword
  filter, term frequencies without positions, an OR of the question's terms, the top five
  without counting every match (counting would disable its pruning).
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Callable, Sequence

import numpy as np

import qa
from qa.baselines import Bm25

K = 5
"""Answers per question: the five an answer of ours ranks."""
TOKEN = r"\b\w\w+\b"
"""bm25s's token pattern (its ``(?u)`` is Python 3's default)."""

SUMMIT = "summit-qa ask()"
SUMMIT_RANK = "summit-qa rank() (the five best, no decision)"
SUMMIT_WORDS = "summit-qa ask(), words alone"
SUMMIT_CHARS = "summit-qa ask(), words and character n-grams"
BM25S = "bm25s as installed (tokenize + retrieve)"
BM25S_TOP_K = "bm25s, top-k by argpartition(-scores, k-1)"
BM25S_NUMBA = "bm25s, numba backend"
TANTIVY = "tantivy (BM25, top five)"

Asker = Callable[[str], object]
Builder = Callable[[Sequence[qa.Passage]], dict[str, Asker]]

_TOKEN = re.compile(TOKEN)


def _stopwords() -> frozenset[str]:
    from bm25s.stopwords import STOPWORDS_EN

    return frozenset(STOPWORDS_EN)


def tokenizer() -> Callable[[str], list[str]]:
    """The tokens bm25s makes of a question, made without its per-call overhead."""
    stopwords = _stopwords()
    findall = _TOKEN.findall

    def tokens(question: str) -> list[str]:
        return [t for t in findall(question.lower()) if t not in stopwords]

    return tokens


def top_k(scores: np.ndarray, k: int = K) -> np.ndarray:
    """The ``k`` best rows, best first: a partition, then a sort of the ``k``."""
    k = min(k, len(scores))
    top = np.argpartition(-scores, k - 1)[:k]
    return top[np.argsort(-scores[top], kind="stable")]


def summit(passages: Sequence[qa.Passage]) -> dict[str, Asker]:
    engine = qa.Engine(passages)
    return {SUMMIT: engine.ask, SUMMIT_RANK: engine.rank}


def summit_words(passages: Sequence[qa.Passage]) -> dict[str, Asker]:
    """Words alone: the engine's choice above 20,000 passages."""
    return {SUMMIT_WORDS: qa.Engine(passages, analyzers=("word",)).ask}


def summit_chars(passages: Sequence[qa.Passage]) -> dict[str, Asker]:
    """Words and character n-grams: the engine's choice up to 20,000 passages."""
    return {SUMMIT_CHARS: qa.Engine(passages, analyzers=("word", "char")).ask}


def bm25s(passages: Sequence[qa.Passage]) -> dict[str, Asker]:
    bm25 = Bm25(passages)
    retriever, k = bm25.retriever, min(K, len(passages))
    tokens = tokenizer()

    def as_installed(question: str) -> object:
        query = bm25.tokens(question)
        return retriever.retrieve(query, k=k, show_progress=False) if query[0] else None

    def correct_top_k(question: str) -> object:
        query = tokens(question)
        return top_k(retriever.get_scores(query), k) if query else None

    return {BM25S: as_installed, BM25S_TOP_K: correct_top_k}


def bm25s_numba(passages: Sequence[qa.Passage]) -> dict[str, Asker]:
    retriever, k = Bm25(passages, backend="numba").retriever, min(K, len(passages))
    tokens = tokenizer()

    def ask(question: str) -> object:
        query = tokens(question)
        return retriever.retrieve([query], k=k, show_progress=False) if query else None

    return {BM25S_NUMBA: ask}


def tantivy(passages: Sequence[qa.Passage]) -> dict[str, Asker]:
    import tantivy as tv

    builder = tv.SchemaBuilder()
    builder.add_text_field("body", tokenizer_name="bm25s", index_option="freq")
    schema = builder.build()
    index = tv.Index(schema)  # in memory, as the other indexes are
    analyzer = tv.TextAnalyzerBuilder(tv.Tokenizer.regex(TOKEN)).filter(tv.Filter.lowercase())
    index.register_tokenizer(
        "bm25s", analyzer.filter(tv.Filter.custom_stopword(sorted(_stopwords()))).build()
    )
    writer = index.writer(num_threads=1)  # one thread, as every other build here
    for passage in passages:
        writer.add_document(tv.Document(body=passage.searchable))
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    searcher, tokens = index.searcher(), tokenizer()
    should, term = tv.Occur.Should, tv.Query.term_query

    def ask(question: str) -> object:
        query = [(should, term(schema, "body", t, index_option="freq")) for t in tokens(question)]
        return searcher.search(tv.Query.boolean_query(query), limit=K, count=False).hits if query else None

    return {TANTIVY: ask}


def builders() -> tuple[dict[str, Builder], list[str]]:
    """The builds to measure, by name, and a note for each peer that is not installed."""
    found: dict[str, Builder] = {"summit-qa": summit, "bm25s": bm25s}
    missing = []
    for module, name, builder in (
        ("numba", "bm25s, numba backend", bm25s_numba),
        ("tantivy", "tantivy", tantivy),
    ):
        if importlib.util.find_spec(module) is None:
            missing.append(f"{name}: not measured ({module} is not installed; `make bench` installs it)")
        else:
            found[name] = builder
    return found, missing
