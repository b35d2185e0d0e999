"""Whether to answer: a :class:`Policy` and the pure ``decide(ranked, policy)``.

By default the rule fitted on our labelled questions decides (``qa.decision.Learned``: the best
score and its lead over the runner-up). A policy given ``min_score``, ``margin`` or ``confident``
(or ``learned=None``) decides by the hand rule: answer when the best score is at least
``min_score`` and, under ``confident``, leads the runner-up by at least ``margin`` (relative to
its score).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from .answer import Alternative
from .decision import Learned

HAND_RULE = {"min_score": 0.13, "margin": 0.2, "confident": 0.15}
"""The hand rule's defaults, chosen on the tunable evaluation sets."""


def number(name: str, value: object, low: float, high: float, *, above: bool = False) -> float:
    """An option's value, checked: a number from ``low`` (or above it, when ``above``) to ``high``."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value):
        raise TypeError(f"{name} must be a number, got {value!r}")
    if value < low or (above and value == low) or value > high:
        if high == math.inf:
            allowed = f"at least {low:g}"
        else:
            allowed = f"above {low:g} and at most {high:g}" if above else f"from {low:g} to {high:g}"
        raise ValueError(f"{name} must be {allowed}, got {value!r}")
    return float(value)


@dataclass(frozen=True)
class Policy:
    """How the engine decides, and what it suggests when it does not know.

    learned: the fitted rule (None: the hand rule, ``min_score``/``margin``/``confident``).
    suggestions: how many titles an "I don't know" suggests, at most.
    suggest_share: a suggestion scores at least this share of ``floor``.
    """

    min_score: float = HAND_RULE["min_score"]
    margin: float = HAND_RULE["margin"]
    confident: float = HAND_RULE["confident"]
    learned: Learned | None = field(default_factory=Learned.fitted)
    suggestions: int = 3
    suggest_share: float = 0.25

    def __post_init__(self) -> None:
        for name in ("min_score", "margin", "confident", "suggest_share"):
            number(name, getattr(self, name), 0.0, 1.0)
        if (
            isinstance(self.suggestions, bool)
            or not isinstance(self.suggestions, int)
            or self.suggestions < 0
        ):
            raise ValueError(f"suggestions must be a whole number from 0, got {self.suggestions!r}")

    @classmethod
    def hand(
        cls, min_score: float | None = None, margin: float | None = None, confident: float | None = None
    ) -> Policy:
        """The hand rule, with the defaults for what is not given."""
        return cls(
            min_score=HAND_RULE["min_score"] if min_score is None else min_score,
            margin=HAND_RULE["margin"] if margin is None else margin,
            confident=HAND_RULE["confident"] if confident is None else confident,
            learned=None,
        )

    @property
    def floor(self) -> float:
        """The lowest best score the policy can answer with."""
        return self.learned.floor if self.learned is not None else self.min_score

    def answers(self, best: float, runner_up: float) -> bool:
        """Whether a best score ``best`` leading ``runner_up`` is an answer."""
        if self.learned is not None:
            return self.learned.answers(best, runner_up)
        if best <= 0:
            return False
        lead = (best - runner_up) / best
        return best >= self.min_score and (best >= self.confident or lead >= self.margin)


class Decision(NamedTuple):
    """What ``decide`` made of a ranking: the passage that answers (None: it does not know),
    and the passages to suggest when it does not."""

    answer: Alternative | None
    suggested: tuple[Alternative, ...]


def decide(ranked: Sequence[Alternative], policy: Policy) -> Decision:
    """Answer with the best of ``ranked`` (best first), or abstain when it is weak or ambiguous."""
    if ranked:
        runner_up = ranked[1].score if len(ranked) > 1 else 0.0
        if policy.answers(ranked[0].score, runner_up):
            return Decision(ranked[0], ())
    least = policy.floor * policy.suggest_share
    return Decision(None, tuple(a for a in ranked[: policy.suggestions] if a.score >= least))
