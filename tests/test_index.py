"""The index: its own query path matches scikit-learn's, and the cache returns the same index."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

import qa
import qa.pruning
from qa.index import TfidfIndex, char_terms
from qa.knowledge import default_path, load_path
from qa.text import FUNCTION_WORDS, normalize

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


STORES = ["dense", "postings"]


@pytest.mark.parametrize("store", STORES)
@pytest.mark.parametrize("analyzer", ["word", "char"])
def test_query_path_matches_sklearn_transform(documents, analyzer, store):
    index = TfidfIndex(analyzers=[analyzer], store=store).fit(documents)
    assert index.store.kind == store
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


def reference_match(documents, analyzers, weights, question, covered, names):
    """Similarity, coverage and missing names as scikit-learn's pieces give them: the weighted
    mean of each analyzer's cosine; the IDF-weighted share of the covered terms a document
    holds (a term no document holds weighs as the rarest known one); the distinctive names
    (held by at most a third of the documents) a document lacks."""
    weights = weights or (1.0,) * len(analyzers)
    cosines = [sklearn_similarities(documents, a, [question])[0] for a in analyzers]
    similarity = sum(w * c for w, c in zip(weights, cosines, strict=True)) / sum(weights)
    counts = CountVectorizer(preprocessor=normalize, token_pattern=r"\S+", binary=True)
    held = counts.fit_transform(documents).toarray().astype(bool)
    vocabulary = counts.vocabulary_
    idf = TfidfVectorizer(preprocessor=normalize, token_pattern=r"\S+").fit(documents).idf_
    known = [vocabulary[t] for t in set(covered) if t in vocabulary]
    unknown = len(set(covered)) - len(known)
    coverage = np.zeros(len(documents))
    if known:
        coverage = held[:, known] @ idf[known] / (idf[known].sum() + unknown * idf.max())
    distinctive = {vocabulary[t] for t in names if t in vocabulary}
    distinctive = [j for j in distinctive if held[:, j].sum() * 3 <= len(documents)]
    missing = len(distinctive) - held[:, distinctive].sum(axis=1)
    return similarity, coverage, missing


@pytest.mark.parametrize("store", STORES)
@pytest.mark.parametrize(
    ("analyzers", "weights"), [(("word", "char"), None), (("char", "word"), (0.5, 2.0)), (("word",), None)]
)
def test_each_store_gives_similarity_coverage_and_names_as_sklearn(documents, store, analyzers, weights):
    index = TfidfIndex(analyzers=analyzers, weights=weights, store=store).fit(documents)
    assert index.store.kind == store
    names = ["kazakhstan", "astana", "russia", "2025", "china", "xi", "summit"]  # distinctive or not
    scored = 0
    for question in [
        *QUERIES,
        "This is what the Spirit is, this spirit",  # repeated words
        "treaty treaty on eternal good neighbourliness",
        "qwzx trade zzyzzy between China and Russia in 2025 summit, Xi",  # unknown words, names
        "tanatana treaty",  # an unknown word that repeats a known n-gram ("tan", "ana")
        "of the",
    ]:
        query = normalize(question)
        covered = [t for t in query.split() if len(t) > 3]
        match = index.match(query, covered, names)
        similarity, coverage, missing = reference_match(
            documents, analyzers, weights, question, covered, names
        )
        if "char" not in analyzers or not any(
            set(char_terms(w)) & set(char_terms(v))
            for i, w in enumerate(query.split())
            for v in query.split()[i + 1 :]
        ):  # the character cosine is scikit-learn's unless two words share an n-gram (tested above)
            np.testing.assert_allclose(match.similarity, similarity, atol=1e-12, err_msg=question)
        np.testing.assert_allclose(match.coverage, coverage, atol=1e-12, err_msg=question)
        np.testing.assert_array_equal(match.missing, missing, err_msg=question)
        scored += bool(match.coverage.any() and match.missing.any())
    assert scored >= 4  # not a comparison of zeros


@pytest.mark.parametrize(("analyzers", "weights"), [(("word", "char"), None), (("char", "word"), (0.5, 2.0))])
def test_the_stores_agree_where_words_share_ngrams(documents, analyzers, weights):
    """Where the character cosine is not scikit-learn's, the two stores still give the same."""
    dense, postings = (
        TfidfIndex(analyzers=analyzers, weights=weights, store=s).fit(documents) for s in STORES
    )
    for question in [
        "Kazakhstan and Uzbekistan",
        "the theory of these",
        "This is what the Spirit is, this spirit",
    ]:
        query = normalize(question)
        np.testing.assert_allclose(dense.similarities(query), postings.similarities(query), atol=1e-12)


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


# --- a large index: postings, pruning, hot columns --------------------------------------------


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


@pytest.fixture(scope="module")
def common() -> tuple[list[str], list[str]]:
    """The worst case for pruning: 1,500 passages of 20-60 words drawn from 300, every word common."""
    rng = np.random.default_rng(5)
    letters = np.array(list("abcdefghijklmnopqrstuvwxyz"))
    words = sorted({"".join(rng.choice(letters, size=rng.integers(4, 9))) for _ in range(300)})
    texts = [" ".join(rng.choice(words, size=rng.integers(20, 61))) for _ in range(1500)]
    questions = [
        "what is the " + " ".join(rng.choice(t.split(), size=rng.integers(3, 9))) for t in texts[:60]
    ]
    return texts, questions


def exhaustive_top(index, query, covered, names, k, focus, factor, penalty, weights):
    """The k best as the engine made them before the index gave them: every document's
    similarity × coverage × factor × weight × penalty per missing name, squared per missing
    focus term; ties by document order."""
    match = index.match(query, covered, names)
    values = match.similarity * match.coverage * factor
    if weights is not None:
        values = values * weights
    values = values * penalty**match.missing
    for word in focus:
        if word in index.vocabulary_:
            values[~index.holds(word, match.rows)] *= penalty**2
    order = np.lexsort((match.rows, -values))[:k]
    order = order[values[order] > 0]
    return match.rows[order], values[order]


def reads(questions, index):
    """Each question's query, covered terms, names and focus, the way the engine makes them."""
    for i, question in enumerate(questions):
        terms = normalize(question).split()
        content = [t for t in terms if t not in FUNCTION_WORDS]
        yield " ".join(dict.fromkeys(terms)), content, content[i % 3 :: 4], content[-1:] if i % 5 == 0 else []


@pytest.mark.parametrize("store", STORES)
@pytest.mark.parametrize("corpus", ["large", "common"])
def test_top_is_the_k_best_of_every_document_scored(request, corpus, store):
    documents, questions = request.getfixturevalue(corpus)
    documents = [p.searchable if isinstance(p, qa.Passage) else p for p in documents]
    index = TfidfIndex(analyzers=["word"], store=store).fit(documents)
    assert index.store.kind == store
    weights = np.random.default_rng(2).choice([1.0, 0.9, 0.5], size=len(documents))
    compared = 0
    for query, covered, names, focus in reads(questions[::3], index):
        for k, factor, weighed in [(5, 1.0, None), (1, 0.7, weights), (20, 0.25, weights)]:
            rows, values = index.top(
                query, covered, names, k, focus=focus, factor=factor, penalty=0.5, weights=weighed
            )
            expected = exhaustive_top(index, query, covered, names, k, focus, factor, 0.5, weighed)
            np.testing.assert_array_equal(rows, expected[0], err_msg=query)
            np.testing.assert_allclose(values, expected[1], rtol=1e-12, atol=0, err_msg=query)
            compared += len(rows)
    assert compared > 100


def test_top_of_a_large_index_does_not_score_every_document(large, monkeypatch):
    passages, questions = large
    index = TfidfIndex(analyzers=["word"]).fit([p.searchable for p in passages])
    assert index.store.kind == "postings"
    scored: list[int] = []
    real = qa.pruning.scores

    def counted(lines, documents, scoring):
        scored.append(len(lines[0]))
        return real(lines, documents, scoring)

    monkeypatch.setattr(qa.pruning, "scores", counted)
    most = []
    for query, covered, names, _ in reads(questions, index):
        scored.clear()
        index.top(query, covered, names, 5)
        most.append(max(scored, default=0))
    assert np.median(most) < len(passages) / 10  # the candidates are few, not every passage
    assert min(most) < max(most)  # and depend on the question


@pytest.mark.parametrize("hot", [True, False], ids=["hot columns", "binary search"])
def test_engine_answers_from_the_top_k_as_from_every_score(large, hot):
    passages, questions = large
    engine = qa.Engine(passages, analyzers=["word"])
    assert engine.index_.store.kind == "postings"
    if not hot:
        engine.index_.store.hot.clear()
    for question in questions:
        answer = engine.ask(question)
        query = engine.read(question)
        exact = engine.decide(question, engine.scores(query), query)  # every passage scored
        assert (answer.found, answer.passage, answer.suggestions) == (
            exact.found,
            exact.passage,
            exact.suggestions,
        ), question
        assert [a.passage for a in answer.alternatives] == [a.passage for a in exact.alternatives]
        assert answer.score == pytest.approx(exact.score, abs=1e-12)


def test_match_leaves_out_only_documents_under_the_floor(large):
    passages, questions = large
    index = TfidfIndex(analyzers=["word"]).fit([p.searchable for p in passages])
    pruned_some = 0
    for query, covered, names, _ in reads(questions, index):
        every = index.match(query, covered, names)
        some = index.match(query, covered, names, floor=0.05)
        np.testing.assert_allclose(some.similarity, every.similarity[some.rows], atol=1e-12)
        np.testing.assert_allclose(some.coverage, every.coverage[some.rows], atol=1e-12)
        np.testing.assert_array_equal(some.missing, every.missing[some.rows])
        left_out = np.setdiff1d(every.rows, some.rows)
        assert (every.similarity[left_out] * every.coverage[left_out] < 0.05).all()
        pruned_some += len(left_out) > 0
    assert pruned_some > len(questions) // 2


@pytest.mark.parametrize("analyzer", ["word", "char"])
def test_sparse_index_with_hot_columns_matches_sklearn(large, analyzer):
    passages, questions = large
    documents = [p.searchable for p in passages]
    index = TfidfIndex(analyzers=[analyzer]).fit(documents)
    assert index.store.kind == "postings" and index.store.hot  # with the commonest columns dense
    queries = questions[::20]
    for query, expected in zip(queries, sklearn_similarities(documents, analyzer, queries), strict=True):
        np.testing.assert_allclose(index.similarities(normalize(query)), expected, atol=1e-12)


def test_bigram_lookup_by_dict_and_by_sorted_array_agree(large, monkeypatch):
    passages, questions = large
    documents = [p.searchable for p in passages[:300]]
    by_dict = TfidfIndex(analyzers=["word"]).fit(documents)
    monkeypatch.setattr("qa.space.PAIRS_IN_A_DICT", 0)
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
