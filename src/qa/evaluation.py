"""Measuring the engine on an evaluation file: accuracy, ranking quality, abstention."""

from __future__ import annotations

import dataclasses
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import yaml

from . import languages
from .answer import Answer
from .engine import Engine
from .errors import KnowledgeError, MissingPackage
from .knowledge import decoded, line_of, parsed_yaml
from .passage import Passage
from .policy import Policy


@dataclass(frozen=True)
class Case:
    """One question and the passage ids that answer it (empty: must abstain)."""

    question: str
    expect: tuple[str, ...]
    conversation: int | None = None
    line: int | None = None
    """Where the case is written in its file."""
    label: str | None = None
    """Its group in the report, when the file gives one (``source: seed``, ``kind: near-topic``)."""


@dataclass(frozen=True)
class EvalSet:
    questions: tuple[Case, ...]
    off_topic: tuple[Case, ...]
    conversations: tuple[tuple[Case, ...], ...]
    path: Path | None = None


@dataclass
class Failure:
    case: Case
    got: str
    score: float
    category: str


@dataclass
class Report:
    name: str = "summit-qa"
    in_scope: int = 0
    top1: int = 0
    reciprocal_ranks: float = 0.0
    recall3: int = 0
    off_topic: int = 0
    abstained_off_topic: int = 0
    abstained_in_scope: int = 0
    turns: int = 0
    turns_right: int = 0
    answer_lengths: list[int] = field(default_factory=list)
    """Characters of each answer given (to in-scope questions and follow-ups)."""
    failures: list[Failure] = field(default_factory=list)
    categories: dict[str, list[int]] = field(default_factory=dict)
    """category → [questions, answered right]"""

    def _count(self, category: str, right: bool) -> None:
        counts = self.categories.setdefault(category, [0, 0])
        counts[0] += 1
        counts[1] += right

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

    @property
    def median_answer(self) -> float:
        return statistics.median(self.answer_lengths) if self.answer_lengths else 0.0

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
            ("median answer", f"{self.median_answer:.0f} characters"),
        ]


_CASE_KEYS = {"q", "expect", "fact", "source", "kind", "nopassage", "answered_by"}
"""A case's keys: the question, the passages that answer it (none: abstain), and optionally the
fact it asks for in its writer's words, its group (``source`` or ``kind``), ``nopassage: true``
(an in-scope fact no passage states: always a miss) and, for an off-topic question some passage
answers after all, ``answered_by`` (that answer is right too)."""


def _cases(node: yaml.Node | None, loader: Any, path: Path, section: str) -> tuple[Case, ...]:
    if node is None:  # the section is not there
        return ()
    if not isinstance(node, yaml.SequenceNode):
        raise KnowledgeError("expected a list", path=path, line=line_of(node), field=section)
    return tuple(
        _case(loader.construct_object(item, deep=True), line_of(item), path, section) for item in node.value
    )


def _case(item: Any, line: int, path: Path, section: str) -> Case:
    """One case: a question alone, or ``{q: ..., expect: ...}`` with its optional keys."""
    if isinstance(item, str):
        return Case(item, (), line=line)
    if (
        isinstance(item, dict)
        and isinstance(item.get("q"), str)
        and ("expect" in item or section == "off_topic")
        and not set(item) - _CASE_KEYS
    ):
        expect = item.get("expect") or item.get("answered_by") or []
        expected = tuple(map(str, expect)) if isinstance(expect, list) else (str(expect),)
        label = item.get("source") or item.get("kind")
        return Case(item["q"], expected, line=line, label=None if label is None else str(label))
    raise KnowledgeError(
        f"expected {{q: ..., expect: ...}} or a question, got {item!r}", path=path, line=line, field=section
    )


def _turns(node: yaml.Node) -> yaml.Node:
    """A conversation's list of turns: the node itself, or its ``turns`` when it is a mapping."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == "turns":
                turns: yaml.Node = value
                return turns
    return node


def read(path: str | Path) -> EvalSet:
    """Read an evaluation file: ``questions``, ``off_topic`` and ``conversations``.

    A turn or an off-topic question written as a plain string expects no answer. Raises
    ``KnowledgeError`` with the file and line of a problem.
    """
    path = Path(path)
    try:
        text = decoded(path)
    except OSError as error:
        raise KnowledgeError(f"cannot read the evaluation file: {error}", path=path) from None
    with parsed_yaml(text, path) as (loader, root):
        sections: dict[str, yaml.Node] = {}
        if root is not None:
            if not isinstance(root, yaml.MappingNode):
                raise KnowledgeError(
                    "expected a mapping with questions, off_topic, conversations", path=path, line=1
                )
            for key, value in root.value:
                if key.value not in ("questions", "off_topic", "conversations"):
                    raise KnowledgeError(
                        "unknown section (expected questions, off_topic or conversations)",
                        path=path,
                        line=line_of(key),
                        field=str(key.value),
                    )
                sections[key.value] = value
        chains: list[yaml.Node] = []
        if (node := sections.get("conversations")) is not None:
            if not isinstance(node, yaml.SequenceNode):
                raise KnowledgeError("expected a list of conversations", path=path, line=line_of(node))
            # A conversation is a list of turns, or a mapping that holds them under ``turns``.
            chains = [_turns(chain) for chain in node.value]
        return EvalSet(
            questions=_cases(sections.get("questions"), loader, path, "questions"),
            off_topic=_cases(sections.get("off_topic"), loader, path, "off_topic"),
            conversations=tuple(_cases(chain, loader, path, "conversations") for chain in chains),
            path=path,
        )


def unknown_ids(cases: EvalSet, passages: Sequence[Passage]) -> list[KnowledgeError]:
    """A problem for each expected passage id that no passage has (a typo would count as a miss)."""
    ids = {p.id for p in passages}
    every = [*cases.questions, *(case for chain in cases.conversations for case in chain)]
    return [
        KnowledgeError(
            f"no passage has the id {pid!r} (for {case.question!r})",
            path=cases.path,
            line=case.line,
            field="expect",
        )
        for case in every
        for pid in case.expect
        if pid not in ids
    ]


def _right(answer: Answer, case: Case) -> bool:
    """Whether the answer is one of the passages the case expects (no answer, when it expects none),
    and in the question's language when the passage has a translation in it."""
    if not case.expect:
        return not answer.found
    if not (answer.found and answer.passage and answer.passage.id in case.expect):
        return False
    asked_in = languages.detect(case.question)
    return answer.language == asked_in or answer.passage.translation(asked_in) is None


def _abstained_rightly(answer: Answer, case: Case) -> bool:
    """An off-topic case: no answer is right, and so is a passage it names as answering it."""
    return not answer.found or _right(answer, case)


def _got(answer: Answer) -> str:
    return answer.passage.id if answer.passage else f"({answer.kind})"


class Answerer(Protocol):
    """What can be evaluated: our engine, or a baseline."""

    def ask(self, question: str) -> Answer: ...

    def conversation(self) -> Any: ...


def evaluate(engine: Answerer, cases: EvalSet, *, name: str = "summit-qa") -> Report:
    """Run every case through ``engine`` and count."""
    topics = {p.id: p.topic for p in getattr(engine, "passages", ())}
    report = Report(name=name)
    for case in cases.questions:
        _in_scope(report, case, engine.ask(case.question), topics)
    for case in cases.off_topic:
        _off_topic(report, case, engine.ask(case.question))
    for chain in cases.conversations:
        conversation = engine.conversation()
        for case in chain:
            _turn(report, case, conversation.ask(case.question))
    return report


def _in_scope(report: Report, case: Case, answer: Answer, topics: dict[str, str]) -> None:
    report.in_scope += 1
    if not case.expect:  # a fact no passage states: a miss, however the engine replies
        report._count(case.label or "in-scope", False)
        report.failures.append(Failure(case, _got(answer), answer.score, "no passage"))
        return
    _rank(report, case, answer)
    if answer.found:
        report.answer_lengths.append(len(answer.text))
    right = _right(answer, case)
    report._count(case.label or topics.get(case.expect[0]) or "in-scope", right)
    if (asked_in := languages.detect(case.question)) != languages.DEFAULT:
        report._count(f"in scope, asked in {languages.get(asked_in).name}", right)
    if right:
        report.top1 += 1
    else:
        report.abstained_in_scope += not answer.found
        report.failures.append(Failure(case, _got(answer), answer.score, "in-scope"))


def _rank(report: Report, case: Case, answer: Answer) -> None:
    """Count where the expected passage ranks (reciprocal rank, and whether in the top three)."""
    ranked = [a.passage.id for a in answer.ranking]
    rank = next((i for i, pid in enumerate(ranked, 1) if pid in case.expect), None)
    report.reciprocal_ranks += 1 / rank if rank else 0.0
    report.recall3 += bool(rank and rank <= 3)


def _off_topic(report: Report, case: Case, answer: Answer) -> None:
    report.off_topic += 1
    rightly = _abstained_rightly(answer, case)
    report._count(case.label or "off-topic", rightly)
    if rightly:
        report.abstained_off_topic += 1
    else:
        report.failures.append(Failure(case, _got(answer), answer.score, "off-topic"))


def _turn(report: Report, case: Case, answer: Answer) -> None:
    report.turns += 1
    if answer.found:
        report.answer_lengths.append(len(answer.text))
    right = _right(answer, case)
    report._count("follow-up", right)
    if right:
        report.turns_right += 1
    else:
        report.failures.append(Failure(case, _got(answer), answer.score, "follow-up"))


def format_report(report: Report, *, failures: bool = True) -> str:
    width = max(len(name) for name, _ in report.rows())
    lines = [f"{name:<{width}}  {value}" for name, value in report.rows()]
    if report.categories:
        lines += ["", "by category:"]
        for category, (total, right) in sorted(report.categories.items()):
            lines.append(f"  {category:<18} {right / total:6.1%} ({right}/{total})")
    if failures and report.failures:
        lines.append("")
        lines.append(f"failures ({len(report.failures)}):")
        for f in report.failures:
            want = ", ".join(f.case.expect) or "I don't know"
            lines.append(
                f"  [{f.category}] {f.case.question!r}: expected {want}; got {f.got} ({f.score:.3f})"
            )
    return "\n".join(lines)


def format_comparison(reports: Sequence[Report]) -> str:
    """One row per engine: the quality figures side by side."""
    header = ["engine", "top-1", "MRR", "recall@3", "abstention", "abst. precision", "follow-ups"]
    rows = [
        [
            r.name,
            f"{r.accuracy:.1%}",
            f"{r.mrr:.3f}",
            f"{r.recall_at_3:.1%}",
            f"{r.abstention_recall:.1%}",
            f"{r.abstention_precision:.1%}" if r.abstained_off_topic + r.abstained_in_scope else "n/a",
            f"{r.follow_up_accuracy:.1%}",
        ]
        for r in reports
    ]
    return markdown_table(header, rows)


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    """A Markdown table with its columns padded to line up."""
    widths = [max(len(str(x)) for x in column) for column in zip(header, *rows, strict=False)]
    line = "| " + " | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)) + " |"
    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    body = [
        "| " + " | ".join(str(x).ljust(w) for x, w in zip(row, widths, strict=True)) + " |" for row in rows
    ]
    return "\n".join([line, rule, *body])


@dataclass(frozen=True)
class SweepPoint:
    min_score: float
    margin: float
    accuracy: float
    abstention: float

    @property
    def balance(self) -> float:
        """The worse of the two rates: a setting is as good as its weaker side."""
        return min(self.accuracy, self.abstention)


def sweep(
    engine: Engine,
    cases: EvalSet,
    *,
    min_scores: Sequence[float] = (0.02, 0.04, 0.06, 0.08, 0.10, 0.12, 0.15, 0.20, 0.25),
    margins: Sequence[float] = (0.0, 0.1, 0.2, 0.3, 0.5),
) -> list[SweepPoint]:
    """In-scope top-1 and off-topic abstention for each threshold and margin.

    Each question is scored once; only the decision is replayed per setting.
    """
    scored = []
    for cases_of, in_scope in ((cases.questions, True), (cases.off_topic, False)):
        for case in cases_of:
            query = engine.read(case.question)
            scored.append((case, in_scope, query, engine.rank(query)))
    hand = Policy.hand(confident=engine.policy.confident)
    points = []
    for min_score in min_scores:
        for margin in margins:
            policy = dataclasses.replace(hand, min_score=min_score, margin=margin)
            right = abstained = 0
            for case, in_scope, query, ranked in scored:
                answer = engine.answer(case.question, ranked, query, policy=policy)
                if in_scope:
                    right += bool(case.expect) and _right(answer, case)
                else:
                    abstained += _abstained_rightly(answer, case)
            points.append(
                SweepPoint(
                    min_score,
                    margin,
                    right / max(1, len(cases.questions)),
                    abstained / max(1, len(cases.off_topic)),
                )
            )
    return points


def best(points: Sequence[SweepPoint]) -> SweepPoint:
    return max(points, key=lambda p: (p.balance, p.accuracy + p.abstention, -p.margin))


def format_sweep(points: Sequence[SweepPoint], current: tuple[float, float] | None) -> str:
    """The sweep's table; ``current`` marks the engine's hand-rule setting (None: the learned rule
    decides, and no row is the engine's)."""
    chosen = best(points)
    rows = []
    for p in points:
        mark = " ← best" if p == chosen else (" ← current" if (p.min_score, p.margin) == current else "")
        rows.append(
            [f"{p.min_score:.2f}", f"{p.margin:.2f}", f"{p.accuracy:.1%}", f"{p.abstention:.1%}" + mark]
        )
    table = markdown_table(["min score", "margin", "in-scope top-1", "off-topic abstention"], rows)
    return (
        f"{table}\n\nbest: min_score={chosen.min_score:.2f} margin={chosen.margin:.2f} "
        f"(top-1 {chosen.accuracy:.1%}, abstention {chosen.abstention:.1%})"
    )


def pyplot() -> Any:
    """matplotlib's pyplot, drawing to files; ``MissingPackage`` when it is not installed."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise MissingPackage("matplotlib", extra="plot", feature="--plot") from None
    return plt


def plot_sweep(points: Sequence[SweepPoint], path: Path) -> None:
    """Draw accuracy against abstention, one line per margin (needs matplotlib)."""
    plt = pyplot()
    figure, axes = plt.subplots(figsize=(6, 4.5))
    for margin in sorted({p.margin for p in points}):
        line = [p for p in points if p.margin == margin]
        axes.plot(
            [p.abstention for p in line], [p.accuracy for p in line], marker="o", label=f"margin {margin:.2f}"
        )
    chosen = best(points)
    axes.scatter(
        [chosen.abstention], [chosen.accuracy], s=160, facecolors="none", edgecolors="black", label="best"
    )
    axes.set_xlabel("off-topic abstention")
    axes.set_ylabel("in-scope top-1")
    axes.set_title("summit-qa: accuracy against abstention by min score")
    axes.grid(alpha=0.3)
    axes.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=120)
    plt.close(figure)
