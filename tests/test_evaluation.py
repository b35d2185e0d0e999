"""The engine held to its figures on our own evaluation sets."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.evaluation import evaluate, read

HERE = Path(__file__).parent / "eval"


@pytest.fixture(scope="module")
def tuned(engine):
    return evaluate(engine, read(HERE / "summit.yaml"))


def test_evaluation_set_is_large_enough():
    cases = read(HERE / "summit.yaml")
    assert len(cases.questions) >= 120
    assert len(cases.off_topic) >= 30
    assert len(cases.conversations) >= 5


def test_our_set_covers_every_passage(engine):
    cases = read(HERE / "summit.yaml")
    asked = {pid for case in cases.questions for pid in case.expect}
    assert {p.id for p in engine.passages} <= asked


def test_every_expected_id_exists(engine):
    ids = {p.id for p in engine.passages}
    for name in ("summit.yaml", "holdout.yaml"):
        cases = read(HERE / name)
        for case in [*cases.questions, *(c for chain in cases.conversations for c in chain)]:
            assert set(case.expect) <= ids, (name, case)


def test_in_scope_top1_at_least_95_percent(tuned):
    assert tuned.accuracy >= 0.95, [f.case.question for f in tuned.failures]


def test_off_topic_abstention_at_least_95_percent(tuned):
    assert tuned.abstention_recall >= 0.95, [f.case.question for f in tuned.failures]


def test_off_topic_typed_in_lowercase_still_abstains(engine):
    """People type names in lowercase ("olympics", "china-africa"): abstention must not rest on capitals."""
    questions = [
        c.question.lower() for name in ("summit.yaml", "holdout.yaml") for c in read(HERE / name).off_topic
    ]
    answered = [q for q in questions if engine.ask(q).found]
    assert len(answered) <= 0.05 * len(questions), answered


def test_follow_ups(tuned):
    assert tuned.follow_up_accuracy >= 0.85


def test_held_out_set_does_not_regress(engine):
    """Questions written after tuning: a floor under the honest figures (see README)."""
    report = evaluate(engine, read(HERE / "holdout.yaml"))
    assert report.accuracy >= 0.75
    assert report.abstention_recall >= 0.9


def test_every_seed_fact_is_answerable(engine):
    """One question per fact of the seed article."""
    seed_facts = {
        "When was the second China-Central Asia Summit?": "summit-date-venue",
        "Who introduced the China-Central Asia Spirit?": "spirit-definition",
        "What treaty did China sign with the five Central Asian countries?": "treaty",
        "What three cooperation centers did Xi announce?": "three-centers",
        "Are the centers meant to facilitate trade?": "three-centers",
        "What did Yang Cheng compare the spirit to?": "spirit-yang-cheng",
        "Can countries with different political systems find common ground?": "spirit-yang-cheng",
        "What did Xi discuss with Kyrgyzstan?": "bilateral-kyrgyzstan",
        "What did Xi say to Tajikistan about national security?": "bilateral-tajikistan",
        "Did Xi promote gas cooperation with Turkmenistan?": "bilateral-turkmenistan",
        "What did Xi ask of Uzbekistan on trade liberalization?": "bilateral-uzbekistan",
        "Is cooperation moving beyond resource trading to high-tech?": "beyond-resources",
        "Does Central Asia have a young workforce?": "beyond-resources",
        "How much was China-Central Asia trade in 2024?": "trade-2024",
        "What does the Belt and Road have to do with Central Asia?": "belt-and-road",
        "What is the Shanghai Cooperation Organization?": "sco",
    }
    for question, expected in seed_facts.items():
        answer = engine.ask(question)
        assert answer.found and answer.passage is not None, question
        assert answer.passage.id == expected, (question, answer.passage.id)


def test_a_conversation_turn_without_expect_must_abstain(engine, tmp_path):
    path = tmp_path / "chat.yaml"
    path.write_text(
        "conversations:\n"
        "  - - {q: 'What was trade in 2024?', expect: trade-2024}\n"
        "    - 'Who won the 2022 World Cup?'\n"
        "    - 'and in 2025?'\n",  # answered: a plain turn that gets an answer is wrong
        encoding="utf-8",
    )
    report = evaluate(engine, read(path))
    assert (report.turns, report.turns_right) == (3, 2)
    assert [f.case.question for f in report.failures] == ["and in 2025?"]
