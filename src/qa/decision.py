"""Answer or abstain: the rule fitted on our labelled questions, or the hand rule.

The learned rule is a logistic regression over two features of a question's ranking: the log of
the best passage's score, and its lead over the runner-up ((best - runner-up) / best). It gives
the probability that the best passage answers the question, and the engine answers when that is
at least one half. It was fitted with scikit-learn (C chosen by 5-fold cross-validation) on the
evaluation sets we tune on, never on the frozen test set; ``benchmarks/decision.py`` refits it,
compares it with the hand rule and rewrites ``decision.json``. Applying it needs no scikit-learn.

The hand rule answers when the best score is at least ``min_score`` and, under ``confident``,
leads the runner-up by at least ``margin``; an engine uses it when given either option.
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass
from pathlib import Path

FITTED = Path(__file__).with_name("decision.json")
"""The fitted coefficients: intercept, log-score weight, lead weight."""


@dataclass(frozen=True)
class Learned:
    """p(right) = 1 / (1 + exp(-(intercept + score_weight * ln(best) + lead_weight * lead)))."""

    intercept: float
    score_weight: float
    lead_weight: float

    @classmethod
    def fitted(cls) -> Learned:
        values = json.loads(FITTED.read_text(encoding="utf-8"))
        return cls(float(values["intercept"]), float(values["score_weight"]), float(values["lead_weight"]))

    def logit(self, best: float, runner_up: float) -> float:
        if best <= 0:
            return -math.inf
        lead = (best - runner_up) / best
        return self.intercept + self.score_weight * math.log(best) + self.lead_weight * lead

    def answers(self, best: float, runner_up: float) -> bool:
        """Whether the best passage more likely than not answers the question."""
        return self.logit(best, runner_up) >= 0

    @functools.cached_property
    def floor(self) -> float:
        """The lowest best score it can answer with (with the runner-up at 0, the widest lead)."""
        if self.score_weight <= 0:
            return 0.0
        return math.exp(-(self.intercept + max(self.lead_weight, 0.0)) / self.score_weight)
