"""Measuring the engine on an evaluation file: accuracy, ranking quality, abstention."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .answer import Answer
from .engine import Engine
from .errors import KnowledgeError


@dataclass(frozen=True)
class Case:
    """One question and the passage ids that answer it (empty: must abstain)."""

    question: str
    expect: tuple[str, ...]
    conversation: int | None = None


@dataclass(frozen=True)
class EvalSet:
    questions: tuple[Case, ...]
    off_topic: tuple[Case, ...]
    conversations: tuple[tuple[Case, ...], ...]


@dataclass
class Failure:
    case: Case
    got: str
    score: float
    category: str


@dataclass
class Report:
    in_scope: int = 0
    top1: int = 0
    reciprocal_ranks: float = 0.0
    recall3: int = 0
    off_topic: int = 0
    abstained_off_topic: int = 0
    abstained_in_scope: int = 0
    turns: int = 0
    turns_right: int = 0
    failures: list[Failure] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.top1 / self.in_scope if self.in_scope else 0.0

    @property
    def mrr(self) -> float:
        return self.reciprocal_ranks / self.in_scope if self.in_scope else 0.0

    @property
    def recall_at_3(self) -> float:
        return self.recall3 / self.in_scope if self.in_scope else 0.0

    @property
    def abstention_recall(self) -> float:
        """Share of off-topic questions that got "I don't know"."""
        return self.abstained_off_topic / self.off_topic if self.off_topic else 0.0

    @property
    def abstention_precision(self) -> float:
        """Share of "I don't know" replies that were right to abstain."""
        total = self.abstained_off_topic + self.abstained_in_scope
        return self.abstained_off_topic / total if total else 1.0

    @property
    def follow_up_accuracy(self) -> float:
        return self.turns_right / self.turns if self.turns else 0.0

    def rows(self) -> list[tuple[str, str]]:
        return [
            ("in-scope top-1", f"{self.accuracy:.1%} ({self.top1}/{self.in_scope})"),
            ("MRR", f"{self.mrr:.3f}"),
            ("recall@3", f"{self.recall_at_3:.1%}"),
            (
                "off-topic abstention",
                f"{self.abstention_recall:.1%} ({self.abstained_off_topic}/{self.off_topic})",
            ),
            ("abstention precision", f"{self.abstention_precision:.1%}"),
            ("follow-up turns", f"{self.follow_up_accuracy:.1%} ({self.turns_right}/{self.turns})"),
        ]


def _cases(items: Any, path: Path, section: str) -> tuple[Case, ...]:
    if not isinstance(items, list):
        raise KnowledgeError("expected a list", path=path, field=section)
    cases = []
    for item in items:
        if isinstance(item, str):
            cases.append(Case(item, ()))
        elif isinstance(item, dict) and isinstance(item.get("q"), str) and "expect" in item:
            expect = item["expect"]
            cases.append(Case(item["q"], tuple(expect) if isinstance(expect, list) else (str(expect),)))
        else:
            raise KnowledgeError(f"expected {{q: ..., expect: ...}}, got {item!r}", path=path, field=section)
    return tuple(cases)


def read(path: str | Path) -> EvalSet:
    """Read an evaluation file: ``questions``, ``off_topic`` and ``conversations``."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise KnowledgeError(f"cannot read the evaluation file: {error}", path=path) from None
    if not isinstance(data, dict):
        raise KnowledgeError("expected a mapping with questions, off_topic, conversations", path=path)
    return EvalSet(
        questions=_cases(data.get("questions", []), path, "questions"),
        off_topic=_cases(data.get("off_topic", []), path, "off_topic"),
        conversations=tuple(_cases(c, path, "conversations") for c in data.get("conversations", [])),
    )


def _got(answer: Answer) -> str:
    return answer.passage.id if answer.passage else f"({answer.kind})"


def evaluate(engine: Engine, cases: EvalSet, *, ask: Callable[[str], Answer] | None = None) -> Report:
    """Run every case through ``engine`` and count."""
    ask = ask or engine.ask
    report = Report()
    for case in cases.questions:
        answer = ask(case.question)
        report.in_scope += 1
        ranked = [a.passage.id for a in answer.alternatives]
        rank = next((i for i, pid in enumerate(ranked, 1) if pid in case.expect), None)
        report.reciprocal_ranks += 1 / rank if rank else 0.0
        report.recall3 += bool(rank and rank <= 3)
        if answer.found and answer.passage and answer.passage.id in case.expect:
            report.top1 += 1
        else:
            report.abstained_in_scope += not answer.found
            report.failures.append(Failure(case, _got(answer), answer.score, "in-scope"))
    for case in cases.off_topic:
        answer = ask(case.question)
        report.off_topic += 1
        if answer.found:
            report.failures.append(Failure(case, _got(answer), answer.score, "off-topic"))
        else:
            report.abstained_off_topic += 1
    for chain in cases.conversations:
        conversation = engine.conversation()
        for case in chain:
            answer = conversation.ask(case.question)
            report.turns += 1
            if answer.found and answer.passage and answer.passage.id in case.expect:
                report.turns_right += 1
            else:
                report.failures.append(Failure(case, _got(answer), answer.score, "follow-up"))
    return report


def format_report(report: Report, *, failures: bool = True) -> str:
    width = max(len(name) for name, _ in report.rows())
    lines = [f"{name:<{width}}  {value}" for name, value in report.rows()]
    if failures and report.failures:
        lines.append("")
        lines.append(f"failures ({len(report.failures)}):")
        for f in report.failures:
            want = ", ".join(f.case.expect) or "I don't know"
            lines.append(
                f"  [{f.category}] {f.case.question!r}: expected {want}; got {f.got} ({f.score:.3f})"
            )
    return "\n".join(lines)


def sweep_values(scores: Sequence[float]) -> list[float]:
    return sorted(set(round(s, 2) for s in scores))
