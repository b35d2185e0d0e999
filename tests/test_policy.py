"""The decision, on its own: ``decide(ranked, policy)`` and ``Policy``."""

from __future__ import annotations

import dataclasses

import pytest

import qa
from qa.answer import Alternative
from qa.policy import Policy, decide


def _ranked(*scores: float) -> list[Alternative]:
    return [
        Alternative(qa.Passage(id=f"p{i}", title=f"Title {i}", text="x", source="https://x.org"), s)
        for i, s in enumerate(scores)
    ]


def test_the_hand_rule_answers_a_clear_lead_and_abstains_on_a_weak_or_tied_best():
    hand = Policy.hand()
    assert decide(_ranked(0.5, 0.1), hand).answer is not None
    assert decide(_ranked(0.10, 0.01), hand).answer is None  # under min_score 0.13
    assert decide(_ranked(0.14, 0.13), hand).answer is None  # under confident, lead under the margin
    assert decide(_ranked(0.20, 0.19), hand).answer is not None  # confident: the lead does not matter
    assert decide([], hand) == (None, ())


def test_suggestions_are_the_best_titles_above_a_share_of_the_floor():
    hand = Policy.hand()  # floor 0.13: suggestions score at least 0.0325
    ranked = _ranked(0.10, 0.05, 0.04, 0.035, 0.02)
    decision = decide(ranked, hand)
    assert decision.answer is None and decision.suggested == tuple(ranked[:3])
    fewer = dataclasses.replace(hand, suggestions=1)
    assert decide(ranked, fewer).suggested == (ranked[0],)
    strict = dataclasses.replace(hand, suggest_share=0.5)
    assert decide(ranked, strict).suggested == (ranked[0],)


def test_the_learned_rule_is_the_default_and_its_floor_bounds_what_it_answers():
    policy = Policy()
    assert policy.learned is not None and policy.floor > 0
    assert decide(_ranked(policy.floor * 0.99), policy).answer is None
    assert decide(_ranked(0.9, 0.01), policy).answer is not None


@pytest.mark.parametrize(
    ("options", "error"),
    [({"min_score": 2.0}, ValueError), ({"margin": "a lot"}, TypeError), ({"suggestions": -1}, ValueError)],
)
def test_a_bad_policy_is_refused_naming_the_option(options, error):
    with pytest.raises(error, match=next(iter(options))):
        Policy(**options)


def test_an_engine_takes_a_policy_or_thresholds_not_both(tiny):
    engine = qa.Engine(tiny, policy=Policy.hand(min_score=0.99))
    assert engine.policy.learned is None and not engine.ask("What is the capital of Kazakhstan?").found
    with pytest.raises(ValueError, match="policy"):
        qa.Engine(tiny, policy=Policy(), min_score=0.1)
    with pytest.raises(TypeError, match="cache"):
        qa.Engine(tiny, cache=123)  # type: ignore[arg-type]


def test_a_replayed_policy_decides_as_an_engine_built_with_it(engine):
    """The sweep replays decisions with another policy instead of building engines."""
    strict = Policy.hand(min_score=0.3, margin=0.1)
    built = qa.Engine(engine.passages, policy=strict)
    for question in ["Which treaty was signed?", "who is tokayev", "what is the weather in paris"]:
        query = engine.read(question)
        replayed = engine.answer(question, engine.rank(query), query, policy=strict)
        assert (replayed.found, replayed.passage, replayed.suggestions) == (
            (a := built.ask(question)).found,
            a.passage,
            a.suggestions,
        )
