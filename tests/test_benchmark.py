"""The benchmark: its corpora, its peers' set-up, and a tiny run. No timing is asserted here."""

from __future__ import annotations

import random
import re
from pathlib import Path

import numpy as np
import pytest

from qa.baselines import require_bm25s

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"

TRANSLATION = """\
Package: 0ad-data
Description-md5: 26581e685027d5ae84824362a4ba59ee
Description-en: Real-time strategy game of ancient warfare (data files)
 0 A.D. (pronounced "zero ey-dee") is a free, open-source, cross-platform
 real-time strategy (RTS) game of ancient warfare.
 .
 This package contains the main data files required by 0 A.D.

Package: 0ad-data-common
Description-md5: 8d014b839c4c4e9b6f82c7512d7e3496
Description-en: Real-time strategy game of ancient warfare (common data files)
 0 A.D. (pronounced "zero ey-dee") is a free, open-source, cross-platform
 real-time strategy (RTS) game of ancient warfare.
 .
 This package contains the main data files required by 0 A.D.

Package: zstd
Description-md5: 3a3bd2a0e7bc9ba6dd0e5d5e1a0b7dc4
Description-en: fast lossless compression algorithm -- CLI tool
 Zstd, short for Zstandard, is a fast lossless compression algorithm, targeting
 real-time compression scenarios at zlib-level compression ratio.
 .
 This package contains the CLI program implementing zstd.

Package: no-long-description
Description-md5: 00000000000000000000000000000000
Description-en: only a short one
"""


@pytest.fixture
def bench(monkeypatch):
    """The benchmark's modules, imported as its script imports them (from its own folder)."""
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    import bench
    import corpora
    import peers

    return bench, corpora, peers


def test_debian_descriptions_become_one_passage_per_paragraph(bench):
    _, corpora, _ = bench
    described = list(corpora.descriptions(TRANSLATION))
    assert [package for package, _, _ in described] == [
        "0ad-data",
        "0ad-data-common",
        "zstd",
        "no-long-description",
    ]
    package, short, paragraphs = described[2]
    assert short == "fast lossless compression algorithm -- CLI tool"
    assert paragraphs == [
        "Zstd, short for Zstandard, is a fast lossless compression algorithm, targeting "
        "real-time compression scenarios at zlib-level compression ratio.",
        "This package contains the CLI program implementing zstd.",
    ]
    assert described[3][2] == []
    rows = corpora.debian_rows([TRANSLATION])
    assert len(rows) == 6  # the two 0ad packages share paragraphs, but each has its own title
    assert all(source.startswith("https://packages.debian.org/") for _, _, source in rows)
    assert corpora.debian_rows([TRANSLATION]) == rows  # the same lists, the same order


def test_questions_are_made_from_the_paragraph_like_a_person_asks(bench):
    _, corpora, _ = bench
    paragraph = (
        "Zstd, short for Zstandard, is a fast lossless compression algorithm, targeting "
        "real-time compression scenarios at zlib-level compression ratio."
    )
    words = {w.lower() for w in re.findall(r"[\w+#'-]+", paragraph)} | set(corpora._REWORDED.values())
    openings = [o.replace("{}", "").strip() for o in corpora._OPENINGS]
    rng = random.Random(1)
    made = [corpora.ask_about(paragraph, rng, frozenset({"is", "a", "for", "at"})) for _ in range(200)]
    questions = [q for q in made if q is not None]
    assert len(questions) > 150
    for question in questions:
        asked = question.rstrip("?")
        for opening in sorted(openings, key=len, reverse=True):
            if opening and asked.startswith(opening + " "):
                asked = asked[len(opening) + 1 :]
                break
        taken = asked.lower().split()
        # every word is the paragraph's, reworded, or one letter short (a typo)
        assert sum(w in words for w in taken) >= len(taken) - 1, question
    assert len(set(questions)) > 100  # dropped and reworded differently each time
    again = random.Random(1)
    assert [
        corpora.ask_about(paragraph, again, frozenset({"is", "a", "for", "at"})) for _ in range(200)
    ] == made


def test_the_worst_case_holds_only_common_words(bench):
    _, corpora, _ = bench
    rows, questions = corpora.worst_rows(500)
    texts = [text.rstrip(".").split() for _, text, _ in rows]
    assert all(20 <= len(words) <= 60 for words in texts)
    vocabulary = {w for words in texts for w in words}
    assert 1_800 <= len(vocabulary) <= corpora.WORST_VOCABULARY
    assert len(questions) == corpora.QUESTIONS
    assert all(set(q.split()) <= vocabulary for q in questions)


def test_corpora_are_built_once_into_the_cache(bench, tmp_path):
    _, corpora, _ = bench
    first = corpora.corpus("zipf", 120, tmp_path)
    (cached,) = tmp_path.glob("zipf-120-*.msgpack")
    stamp = cached.stat().st_mtime_ns
    again = corpora.corpus("zipf", 120, tmp_path)
    assert cached.stat().st_mtime_ns == stamp
    assert [p.text for p in again.passages] == [p.text for p in first.passages]
    assert again.questions == first.questions
    with pytest.raises(ValueError, match="unknown corpus 'wiki'"):
        corpora.corpus("wiki", 10, tmp_path)


def test_the_peers_read_questions_as_bm25s_does(bench):
    _, corpora, peers = bench
    bm25s = require_bm25s()
    tokens = peers.tokenizer()
    _, questions = corpora.zipf_rows(50)
    questions += [
        "What's the CLI tool for zstd?",
        "is there a package to e-mail (SMTP) über Ünïcode_words",
        "a I",
    ]
    for question in questions:
        assert (
            tokens(question)
            == bm25s.tokenize([question], stopwords="en", return_ids=False, show_progress=False)[0]
        )


def test_top_k_is_the_k_best_in_order(bench):
    _, _, peers = bench
    scores = np.zeros(1_000)
    scores[np.random.default_rng(3).choice(1_000, 40, replace=False)] = np.arange(1, 41)
    assert peers.top_k(scores, 5).tolist() == np.argsort(-scores, kind="stable")[:5].tolist()
    assert len(peers.top_k(scores[:3], 5)) == 3


def _best(result: object) -> int:
    """The best passage's row, from any peer's answer."""
    if isinstance(result, np.ndarray):
        return int(result[0])
    if isinstance(result, list):  # tantivy's hits: (score, address); one segment, rows in order
        return int(result[0][1].doc)
    return int(result.documents[0][0])  # type: ignore[attr-defined]


def test_the_peers_find_the_passage_asked_about(bench):
    _, corpora, peers = bench
    rows, _ = corpora.worst_rows(300)
    passages = [corpora.qa.Passage(id=f"p{i}", title=t, text=x, source=s) for i, (t, x, s) in enumerate(rows)]
    rng = random.Random(5)
    asked = rng.sample(range(len(passages)), 30)
    questions = [" ".join(rng.sample(passages[i].text.rstrip(".").split(), 12)) for i in asked]
    builders, _ = peers.builders()
    del builders["summit-qa"]
    for name, builder in builders.items():
        for way, ask in builder(passages).items():
            found = sum(_best(ask(q)) == i for q, i in zip(questions, asked, strict=True))
            assert found >= 27, f"{name} ({way}) found {found} of 30"
            assert ask("the of and") is None  # stopwords only: nothing to ask


def test_benchmark_runs_and_writes_its_tables_only_when_asked(bench, tmp_path, monkeypatch):
    module, _, _ = bench
    monkeypatch.setattr(module, "HERE", tmp_path)
    cache = ["--cache", str(tmp_path / "cache"), "--rounds", "1", "--cold-runs", "1"]
    assert module.main(["--corpora", "zipf", "--sizes", "100", *cache]) == 0
    assert not (tmp_path / "RESULTS.md").exists()
    assert module.main(["--corpora", "worst", "zipf", "--sizes", "150", "300", *cache, "--write"]) == 0
    text = (tmp_path / "RESULTS.md").read_text(encoding="utf-8")
    for row in [
        "summit-qa ask()",
        "bm25s as installed (tokenize + retrieve)",
        "bm25s, top-k by argpartition(-scores, k-1)",
        "tantivy (BM25, top five)",
        "summit-qa ask(), each question the first time",
        "### Bundled knowledge by language",
        "summit-qa ask(), Russian questions (ru-dev.yaml)",
        "summit-qa ask(), Chinese questions (zh-dev.yaml)",
        "summit-qa ask (index cached)",
        "### Growth with size: every word common",
        "### Goals (issue 11)",
        "worst, 300",
        "### Character n-grams: every word common (20–60 words drawn from 1,900 everyday English words), 300",
    ]:
        assert row in text
    assert "### Zipf-distributed pseudo-words: 150 passages" in text


def test_forget_empties_every_memory_of_past_questions(bench):
    module, _, _ = bench
    import qa.text

    engine = module.qa.load()
    engine.ask("What treaty was signed in Astana?")
    assert qa.text.term.cache_info().currsize > 0
    module.forget(engine)
    assert qa.text.term.cache_info().currsize == 0


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (["--sizes", "0"], "--sizes: must be at least 10, got 0"),
        (["--rounds", "x"], "--rounds: expected a whole number, got 'x'"),
        (["--cold-runs", "0"], "--cold-runs: must be at least 1, got 0"),
        (["--corpora", "wiki"], "invalid choice: 'wiki'"),
    ],
)
def test_bad_options_are_refused_before_anything_runs(bench, capsys, option, message):
    module, _, _ = bench
    with pytest.raises(SystemExit) as exit:
        module.main(option)
    assert exit.value.code == 2
    captured = capsys.readouterr()
    assert message in captured.err
    assert captured.out == ""  # nothing measured
