"""The index: its own query path matches scikit-learn's, and the cache returns the same index."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

import qa
from qa.index import TfidfIndex, char_terms
from qa.knowledge import default_path, load_path
from qa.text import normalize

QUERIES = ["What is the China-Central Asia Spirit?", "trade 2024 kazakhstan", "desertification centre", "zzz"]


@pytest.fixture(scope="module")
def documents() -> list[str]:
    return [p.searchable for p in load_path(default_path())]


def sklearn_similarities(documents: list[str], analyzer: str, queries: list[str]) -> list[np.ndarray]:
    """What scikit-learn computes for the same analyzer.

    Words: the query transformed, then a dot product. Character n-grams, which the index weighs
    word by word: each distinct word of the normalized query transformed alone (unnormalized),
    the vectors added up and divided by the root of their squared norms, then a dot product.
    """
    if analyzer == "word":
        options = {"analyzer": "word", "ngram_range": (1, 2), "token_pattern": r"\S+"}
    else:
        options = {"analyzer": "char_wb", "ngram_range": (3, 5)}
    sklearn = TfidfVectorizer(preprocessor=normalize, sublinear_tf=True, **options)
    matrix = sklearn.fit_transform(documents)
    if analyzer == "word":
        return [(matrix @ sklearn.transform([query]).T).toarray().ravel() for query in queries]
    words = TfidfVectorizer(preprocessor=normalize, sublinear_tf=True, norm=None, **options).fit(documents)
    words.set_params(preprocessor=lambda text: text)  # the words come normalized already
    similarities = []
    for query in queries:
        vectors = words.transform(list(dict.fromkeys(normalize(query).split())) or [""])
        total = np.asarray(vectors.sum(axis=0)).ravel()
        norm = np.sqrt(vectors.multiply(vectors).sum())
        similarities.append(matrix @ (total / norm) if norm else np.zeros(len(documents)))
    return similarities


@pytest.mark.parametrize("analyzer", ["word", "char"])
def test_query_path_matches_sklearn_transform(documents, analyzer):
    index = TfidfIndex(analyzers=[analyzer]).fit(documents)
    queries = [*QUERIES, "Kazakhstan and Uzbekistan", "the theory of these"]  # n-grams shared by words
    for query, expected in zip(queries, sklearn_similarities(documents, analyzer, queries), strict=True):
        np.testing.assert_allclose(index.similarities(normalize(query)), expected, atol=1e-12, err_msg=query)


def test_character_ngrams_are_sklearns_cosine_unless_words_share_one(documents):
    """Weighing n-grams word by word changes nothing where no two words share an n-gram; where
    they do, the scores move a little (as the README says)."""
    index = TfidfIndex(analyzers=["char"]).fit(documents)
    sklearn = TfidfVectorizer(
        preprocessor=normalize, sublinear_tf=True, analyzer="char_wb", ngram_range=(3, 5)
    )
    matrix = sklearn.fit_transform(documents)
    for query, shared in [
        ("desertification centre", False),
        ("trade 2024 kazakhstan", False),
        ("Kazakhstan and Uzbekistan", True),
    ]:
        words = normalize(query).split()
        assert bool(set(char_terms(words[0])) & set(char_terms(" ".join(words[1:])))) == shared, query
        cosine = (matrix @ sklearn.transform([query]).T).toarray().ravel()
        ours = index.similarities(normalize(query))
        if shared:
            assert not np.allclose(ours, cosine) and np.abs(ours - cosine).max() < 0.05
        else:
            np.testing.assert_allclose(ours, cosine, atol=1e-12)


def test_character_counts_in_blocks_give_the_same_index(documents, monkeypatch):
    whole = TfidfIndex(analyzers=["char"]).fit(documents)
    monkeypatch.setattr("qa.index._BLOCK", 7)  # 52 passages in 8 blocks
    blocks = TfidfIndex(analyzers=["char"]).fit(documents)
    assert blocks.parts_[0].vocabulary == whole.parts_[0].vocabulary
    for query in QUERIES:
        np.testing.assert_allclose(
            blocks.similarities(normalize(query)), whole.similarities(normalize(query))
        )


def test_char_terms_match_sklearn_char_wb():
    analyzer = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5)).build_analyzer()
    for text in ["a ab abc abcd abcde abcdef", "spirit of xian", "x"]:
        assert char_terms(text) == analyzer(text)
    (word,) = TfidfIndex(analyzers=["word"]).fit(["a b c", "c a"]).parts_
    pairs = {divmod(int(key), len(word.vocabulary)) for key in word.pairs}  # unigram ids of each bigram
    a, b, c = (word.vocabulary[t] for t in "abc")
    assert sorted(word.vocabulary) == ["a", "b", "c"] and pairs == {(a, b), (b, c), (c, a)}


@pytest.mark.parametrize(
    ("analyzers", "weights"), [(("word", "char"), None), (("char", "word"), (0.5, 2.0)), (("word",), None)]
)
def test_small_index_matches_what_its_postings_give(documents, monkeypatch, analyzers, weights):
    """The stacked matrix of a small index scores as the sparse postings do, term for term."""
    stacked = TfidfIndex(analyzers=analyzers, weights=weights).fit(documents)
    monkeypatch.setattr("qa.index.DENSE_LIMIT", 0)
    postings = TfidfIndex(analyzers=analyzers, weights=weights).fit(documents)
    assert stacked._stacked is not None and postings._stacked is None
    names = ["kazakhstan", "astana", "russia", "2025", "china", "xi", "summit"]  # distinctive or not
    scored = 0
    for question in [
        *QUERIES,
        "This is what the Spirit is, this spirit",  # repeated words
        "Kazakhstan and Uzbekistan",  # words that share n-grams ("stan ")
        "treaty treaty on eternal good neighbourliness",
        "qwzx trade zzyzzy between China and Russia in 2025 summit, Xi",  # unknown words, names
        "tanatana treaty",  # an unknown word that repeats a known n-gram ("tan", "ana")
        "of the",
        "",
    ]:
        query = normalize(question)
        covered = [t for t in query.split() if len(t) > 3]
        fast, slow = stacked.match(query, covered, names), postings.match(query, covered, names)
        np.testing.assert_allclose(fast.similarity, slow.similarity, atol=1e-12, err_msg=question)
        np.testing.assert_allclose(fast.coverage, slow.coverage, atol=1e-12, err_msg=question)
        np.testing.assert_array_equal(fast.missing, slow.missing, err_msg=question)
        scored += bool(fast.coverage.any() and fast.missing.any())
    assert scored >= 5  # not a comparison of zeros


def test_cache_returns_the_same_index_and_survives_corruption(tmp_path, tiny):
    fresh = qa.load(tiny)
    first = qa.load(tiny, cache=tmp_path)
    (saved,) = tmp_path.glob("index-*.npz")
    cached = qa.load(tiny, cache=tmp_path)
    for question in ["capital of kazakhstan", "river water", "gas"]:
        np.testing.assert_allclose(cached.scores(question), fresh.scores(question))
        np.testing.assert_allclose(first.scores(question), fresh.scores(question))
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


# --- a large index: sparse postings, pruning, hot columns ---------------------------------------


@pytest.fixture(scope="module")
def large() -> tuple[list[qa.Passage], list[str]]:
    """2,000 passages of Zipf-distributed made-up words: too many cells for the dense path."""
    rng = np.random.default_rng(3)
    letters = np.array(list("abcdefghijklmnopqrstuvwxyz"))
    words = sorted({"".join(rng.choice(letters, size=rng.integers(4, 9))) for _ in range(3000)})
    odds = 1 / np.arange(1, len(words) + 1)
    odds /= odds.sum()
    texts = [" ".join(rng.choice(words, size=30, p=odds)) for _ in range(2000)]
    passages = [qa.Passage(id=f"p{i}", title=f"Passage {i}", text=t + ".") for i, t in enumerate(texts)]
    questions = []
    for text in texts[:150]:
        picked = list(rng.choice(text.split(), size=4, replace=False))
        questions.append("what about " + " ".join(picked))
    questions += ["what about " + " ".join(rng.choice(words, size=3)) for _ in range(50)]  # scattered
    return passages, questions


@pytest.mark.parametrize("hot", [True, False], ids=["hot columns", "binary search"])
def test_pruned_answers_are_the_unpruned_answers(large, hot):
    passages, questions = large
    engine = qa.Engine(passages, analyzers=["word"])
    (word,) = engine.index_.parts_
    assert word.dense is None  # the postings path, where pruning happens
    if not hot:
        word.hot.clear()
    pruned = 0
    for question in questions:
        answer = engine.ask(question)
        query = engine.read(question)
        exact = engine.decide(question, engine.scores(query), query)  # every passage scored
        assert (answer.found, answer.passage, answer.suggestions) == (
            exact.found,
            exact.passage,
            exact.suggestions,
        ), question
        assert answer.score == pytest.approx(exact.score, abs=1e-12)
        rows = engine._scored(query, floor=engine.policy.pruned)[0]
        pruned += len(rows) < len(passages)
    assert pruned >= len(questions) // 2  # the test covers the pruned path, not only the fallback


@pytest.mark.parametrize("analyzer", ["word", "char"])
def test_sparse_index_with_hot_columns_matches_sklearn(large, analyzer):
    passages, questions = large
    documents = [p.searchable for p in passages]
    index = TfidfIndex(analyzers=[analyzer]).fit(documents)
    (part,) = index.parts_
    assert part.dense is None and part.hot  # postings, with the commonest columns dense
    queries = questions[::20]
    for query, expected in zip(queries, sklearn_similarities(documents, analyzer, queries), strict=True):
        np.testing.assert_allclose(index.similarities(normalize(query)), expected, atol=1e-12)


def test_bigram_lookup_by_dict_and_by_sorted_array_agree(large, monkeypatch):
    passages, questions = large
    documents = [p.searchable for p in passages[:300]]
    by_dict = TfidfIndex(analyzers=["word"]).fit(documents)
    monkeypatch.setattr("qa.index.PAIRS_IN_A_DICT", 0)
    by_array = TfidfIndex(analyzers=["word"]).fit(documents)
    assert by_dict.parts_[0]._pair_columns and by_array.parts_[0]._pair_columns is None
    for question in questions[:40]:
        query = normalize(question)
        assert by_dict.parts_[0].columns(query) == by_array.parts_[0].columns(query)
        np.testing.assert_allclose(by_dict.similarities(query), by_array.similarities(query))


def test_saved_large_index_answers_alike(large, tmp_path):
    passages, questions = large
    fresh = qa.Engine(passages[:500], analyzers=["word"])
    qa.Engine(passages[:500], analyzers=["word"], cache=tmp_path)
    cached = qa.Engine(passages[:500], analyzers=["word"], cache=tmp_path)
    for question in questions[:30]:
        np.testing.assert_allclose(cached.scores(question), fresh.scores(question))
