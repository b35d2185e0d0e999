"""Fit the answer/abstain rule, and compare it with the hand rule (min_score and margin).

    python benchmarks/decision.py           # compare; prints a table and the coefficients
    python benchmarks/decision.py --write   # and write them to src/qa/decision.json

The learned rule (``qa.decision``) is a logistic regression over two features of a question's
ranking: the log of the best score and its lead over the runner-up. Its C is chosen by 5-fold
cross-validation on the sets we tune on (dev, dev2, dev3, dev4, summit, holdout); then it is fitted
on all of them.
It is compared with the hand rule twice: by cross-validation on those sets, and on the frozen test
set, which is measured and never tuned on. A richer model (coverage, similarity, unknown words,
missing names) is measured too, to show what more features would buy.

A question counts as right when an in-scope one is answered with an expected passage, and an
off-topic one gets "I don't know".
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_predict

import qa
from qa.decision import FITTED
from qa.evaluation import EvalSet, markdown_table, read
from qa.policy import HAND_RULE
from qa.text import FUNCTION_WORDS

EVAL = Path(__file__).resolve().parent.parent / "tests" / "eval"
TUNABLE = ("dev", "dev2", "dev3", "dev4", "summit", "holdout")
FROZEN = "frozen"


def features(engine: qa.Engine, question: str) -> tuple[list[float], str | None]:
    """The ranking's features for one question, and the best passage's id."""
    query = engine.read(question)
    ranked = engine.rank(query)
    if not ranked:
        return [math.log(1e-4), 0.0, query.penalized, len(query.content), *[math.log(1e-4)] * 2, 0.0], None
    best, runner_up = ranked[0].score, ranked[1].score if len(ranked) > 1 else 0.0
    index = engine.index_of(query.language)
    match = index.match(query.text, query.content, query.names - FUNCTION_WORDS, 0.0, query.uncovered)
    at = engine.passages.index(ranked[0].passage)
    return [
        math.log(best + 1e-4),
        (best - runner_up) / best,
        query.penalized,
        len(query.content),
        math.log(float(match.coverage[at]) + 1e-4),
        math.log(float(match.similarity[at]) + 1e-4),
        float(match.missing[at]),
    ], ranked[0].passage.id


def table(engine: qa.Engine, cases: EvalSet) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Features, whether the best passage is right, whether the case is in scope, and whether the
    hand rule gets it right."""
    x, top_right, in_scope, rule = [], [], [], []
    for case in cases.questions:
        if not case.expect:  # a fact no passage states
            continue
        row, top = features(engine, case.question)
        answer = engine.ask(case.question)
        x.append(row)
        top_right.append(top in case.expect)
        in_scope.append(True)
        rule.append(answer.found and answer.passage is not None and answer.passage.id in case.expect)
    for case in cases.off_topic:
        row, _ = features(engine, case.question)
        answer = engine.ask(case.question)
        x.append(row)
        top_right.append(False)
        in_scope.append(False)
        rule.append(not answer.found or (answer.passage is not None and answer.passage.id in case.expect))
    return np.array(x), np.array(top_right), np.array(in_scope), np.array(rule)


def rates(right: np.ndarray, in_scope: np.ndarray) -> list[str]:
    return [f"{right[in_scope].mean():.1%}", f"{right[~in_scope].mean():.1%}", f"{right.mean():.1%}"]


def learned_right(answers: np.ndarray, top_right: np.ndarray, in_scope: np.ndarray) -> np.ndarray:
    return np.where(in_scope, answers & top_right, ~answers)


TWO = [0, 1]
"""The learned rule's features: log best score, lead."""
ALL = list(range(7))


def main() -> None:
    engine = qa.load(None, **HAND_RULE)  # features do not depend on the rule; the hand rule's answers do
    parts = [table(engine, read(EVAL / f"{name}.yaml")) for name in TUNABLE]
    x, top_right, in_scope, rule = (np.concatenate(column) for column in zip(*parts, strict=True))
    fx, ftop, fin, frule = table(engine, read(EVAL / f"{FROZEN}.yaml"))
    rows = [["hand rule (min_score 0.13, margin 0.2)", "tunable sets", *rates(rule, in_scope)]]
    rows.append(["hand rule (min_score 0.13, margin 0.2)", "frozen set", *rates(frule, fin)])
    folds = StratifiedKFold(5, shuffle=True, random_state=0)
    chosen: dict[str, LogisticRegression] = {}
    for name, columns in (("learned: score, lead", TWO), ("learned: 7 features", ALL)):
        best: tuple[float, float, np.ndarray] | None = None
        for c in (0.01, 0.1, 1.0, 10.0, 100.0):
            model = LogisticRegression(C=c, max_iter=5000)
            p = cross_val_predict(model, x[:, columns], top_right, cv=folds, method="predict_proba")[:, 1]
            right = learned_right(p >= 0.5, top_right, in_scope)
            if best is None or right.mean() > best[0]:
                best = (float(right.mean()), c, right)
        assert best is not None
        _, c, right = best
        rows.append([f"{name} (C={c:g})", "tunable, 5-fold CV", *rates(right, in_scope)])
        model = LogisticRegression(C=c, max_iter=5000).fit(x[:, columns], top_right)
        answers = model.predict_proba(fx[:, columns])[:, 1] >= 0.5
        rows.append([f"{name} (C={c:g})", "frozen set", *rates(learned_right(answers, ftop, fin), fin)])
        chosen[name] = model
    print(markdown_table(["decision", "measured on", "in-scope right", "abstention", "all"], rows))
    model = chosen["learned: score, lead"]
    fitted = {
        "intercept": round(float(model.intercept_[0]), 6),
        "score_weight": round(float(model.coef_[0][0]), 6),
        "lead_weight": round(float(model.coef_[0][1]), 6),
    }
    print("\nlearned rule:", json.dumps(fitted))
    if "--write" in sys.argv[1:]:
        FITTED.write_text(json.dumps(fitted, indent=2) + "\n", encoding="utf-8")
        print(f"written to {FITTED}")


if __name__ == "__main__":
    main()
