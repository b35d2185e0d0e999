"""The index: its own query path matches scikit-learn's, and the cache returns the same index."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

import qa
from qa.index import TfidfIndex, char_terms, word_terms
from qa.knowledge import default_path, load_path
from qa.text import normalize

QUERIES = ["What is the China-Central Asia Spirit?", "trade 2024 kazakhstan", "desertification centre", "zzz"]


@pytest.fixture(scope="module")
def documents() -> list[str]:
    return [p.searchable for p in load_path(default_path())]


@pytest.mark.parametrize("analyzer", ["word", "char"])
def test_query_path_matches_sklearn_transform(documents, analyzer):
    index = TfidfIndex(analyzers=[analyzer]).fit(documents)
    options = {"ngram_range": (1, 2), "token_pattern": r"\S+"} if analyzer == "word" else {}
    sklearn = TfidfVectorizer(
        preprocessor=normalize,
        analyzer="word" if analyzer == "word" else "char_wb",
        sublinear_tf=True,
        **options,
    )
    if analyzer == "char":
        sklearn.set_params(ngram_range=(3, 5))
    matrix = sklearn.fit_transform(documents)
    for query in QUERIES:
        expected = (matrix @ sklearn.transform([query]).T).toarray().ravel()
        np.testing.assert_allclose(index.similarities(normalize(query)), expected, atol=1e-12)


def test_char_terms_match_sklearn_char_wb():
    analyzer = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5)).build_analyzer()
    for text in ["a ab abc abcd abcde abcdef", "spirit of xian", "x"]:
        assert char_terms(text) == analyzer(text)
    assert word_terms("a b c") == ["a", "b", "c", "a b", "b c"]


def test_cache_returns_the_same_index_and_survives_corruption(tmp_path, tiny):
    fresh = qa.load(tiny)
    first = qa.load(tiny, cache=tmp_path)
    (saved,) = tmp_path.glob("index-*.npz")
    cached = qa.load(tiny, cache=tmp_path)
    for question in ["capital of kazakhstan", "river water", "gas"]:
        np.testing.assert_allclose(cached.scores(question)[0], fresh.scores(question)[0])
        np.testing.assert_allclose(first.scores(question)[0], fresh.scores(question)[0])
    saved.write_bytes(b"not an index")
    again = qa.load(tiny, cache=tmp_path)
    assert again.ask("capital of kazakhstan").passage == fresh.ask("capital of kazakhstan").passage
    changed = [*tiny, qa.Passage(id="new", title="New", text="Something else entirely.")]
    qa.load(changed, cache=tmp_path)
    assert len(list(tmp_path.glob("index-*.npz"))) == 2  # keyed by content


def test_import_qa_is_cheap_and_a_cached_engine_needs_no_sklearn(tmp_path):
    qa.load(cache=tmp_path)  # fill the cache
    code = (
        "import sys, qa; assert 'numpy' not in sys.modules and 'sklearn' not in sys.modules; "
        f"e = qa.load(cache={str(tmp_path)!r}); a = e.ask('trade in 2024'); "
        "assert a.found, a.text; assert 'sklearn' not in sys.modules; print('ok')"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.stdout.strip() == "ok", result.stderr
