"""`summit-qa report`: what the question log says a keeper should look at.

Counts per day and decision; the questions most often left unanswered (grouped by their
normalized text); the answers most often marked wrong, with their passages; near-misses
(answered with a small lead over the runner-up); and an evaluation file skeleton of the
unanswered and wrongly answered questions, for the loop report → passage → check → eval.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from .passage import Passage
from .record import DECISIONS, UNANSWERED
from .store import Store
from .text import normalize

NEAR_MISS_LEAD = 0.2
"""An answer whose best passage led the runner-up by less than this share of its score."""
PLACEHOLDER = "FILL-IN"
"""What the evaluation skeleton's ``expect`` holds until the keeper names a passage."""


@dataclass
class Unanswered:
    question: str
    """One way it was asked (the group's first, alphabetically)."""
    normalized: str
    count: int
    best: str | None
    """The passage that came closest, the last time."""
    score: float


@dataclass
class Wrong:
    passage_id: str
    wrong: int
    helpful: int
    title: str | None
    """From the knowledge in use; None when the passage is no longer there."""
    text: str | None
    questions: list[str] = field(default_factory=list)
    """The questions it was marked wrong for."""


@dataclass
class NearMiss:
    question: str
    passage_id: str
    score: float
    runner_up_id: str
    runner_up_score: float

    @property
    def lead(self) -> float:
        return (self.score - self.runner_up_score) / self.score if self.score else 0.0


@dataclass
class LogReport:
    since_days: float | None
    days: list[dict[str, Any]]
    """Per day: ``day``, a count per decision, and ``askers`` (distinct, as far as the daily hash tells)."""
    unanswered: list[Unanswered]
    wrong: list[Wrong]
    near_misses: list[NearMiss]

    @property
    def total(self) -> int:
        return sum(sum(day[d] for d in DECISIONS) for day in self.days)

    def as_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["total"] = self.total
        for miss, near in zip(out["near_misses"], self.near_misses, strict=True):
            miss["lead"] = round(near.lead, 4)
        return out


def build(
    store: Store,
    *,
    since_days: float | None = None,
    passages: Iterable[Passage] = (),
    limit: int | None = 10,
    now: float | None = None,
) -> LogReport:
    """The report over the log's rows since ``since_days`` ago (None: all of them)."""
    since = 0.0 if since_days is None else (now or time.time()) - since_days * 86400
    known = {p.id: p for p in passages}
    return LogReport(
        since_days=since_days,
        days=_days(store, since),
        unanswered=_unanswered(store, since, limit),
        wrong=_wrong(store, since, limit, known),
        near_misses=_near_misses(store, since, limit),
    )


def _limit(limit: int | None) -> str:
    return "" if limit is None else f" LIMIT {int(limit)}"


def _days(store: Store, since: float) -> list[dict[str, Any]]:
    days: dict[str, dict[str, Any]] = {}
    for day, decision, count in store.fetch(
        "SELECT day, decision, COUNT(*) FROM questions WHERE asked_at >= ? GROUP BY day, decision", (since,)
    ):
        days.setdefault(day, {"day": day, **dict.fromkeys(DECISIONS, 0), "askers": 0})[decision] = int(count)
    for day, askers in store.fetch(
        "SELECT day, COUNT(DISTINCT asker) FROM questions WHERE asked_at >= ? GROUP BY day", (since,)
    ):
        days[day]["askers"] = int(askers)
    return [days[day] for day in sorted(days)]


def _unanswered(store: Store, since: float, limit: int | None) -> list[Unanswered]:
    """The unanswered questions grouped by their text as the engine normalizes it (case, accents,
    punctuation, stems): "Who won the World Cup?" and "who won the world cup" are one."""
    groups: dict[str, list[tuple[str, str | None, float]]] = {}
    marks = ", ".join("?" * len(UNANSWERED))
    for question, passage_id, score in store.fetch(
        f"SELECT question, passage_id, score FROM questions WHERE decision IN ({marks}) "
        "AND asked_at >= ? ORDER BY asked_at",
        (*UNANSWERED, since),
    ):
        groups.setdefault(normalize(question), []).append((question, passage_id, float(score)))
    found = [
        Unanswered(min(q for q, _, _ in asked), normalized, len(asked), asked[-1][1], asked[-1][2])
        for normalized, asked in groups.items()
    ]
    found.sort(key=lambda u: (-u.count, u.question))
    return found if limit is None else found[:limit]


def _wrong(store: Store, since: float, limit: int | None, known: dict[str, Passage]) -> list[Wrong]:
    joined = "FROM verdicts v JOIN questions q ON q.id = v.question_id WHERE q.asked_at >= ?"
    counted = store.fetch(
        "SELECT q.passage_id, SUM(CASE WHEN v.verdict = 'wrong' THEN 1 ELSE 0 END) AS wrong, "
        f"SUM(CASE WHEN v.verdict = 'helpful' THEN 1 ELSE 0 END) {joined} AND q.passage_id IS NOT NULL "
        "GROUP BY q.passage_id HAVING SUM(CASE WHEN v.verdict = 'wrong' THEN 1 ELSE 0 END) > 0 "
        "ORDER BY wrong DESC, q.passage_id" + _limit(limit),
        (since,),
    )
    asked: dict[str, list[str]] = {}
    for passage_id, question in store.fetch(
        f"SELECT DISTINCT q.passage_id, q.question {joined} AND v.verdict = 'wrong' ORDER BY q.question",
        (since,),
    ):
        asked.setdefault(passage_id, []).append(question)
    out = []
    for passage_id, wrong, helpful in counted:
        passage = known.get(passage_id)
        out.append(
            Wrong(
                passage_id,
                int(wrong),
                int(helpful),
                passage.title if passage else None,
                passage.text if passage else None,
                asked.get(passage_id, []),
            )
        )
    return out


def _near_misses(store: Store, since: float, limit: int | None) -> list[NearMiss]:
    found = store.fetch(
        "SELECT question, passage_id, score, runner_up_id, runner_up_score FROM questions "
        "WHERE decision = 'answer' AND runner_up_score IS NOT NULL AND asked_at >= ? "
        "AND score - runner_up_score < ? * score "
        "ORDER BY (score - runner_up_score) / score, question" + _limit(limit),
        (since, NEAR_MISS_LEAD),
    )
    return [NearMiss(q, p, float(s), r, float(rs)) for q, p, s, r, rs in found]


# --- output ------------------------------------------------------------------------------------


def to_json(report: LogReport) -> str:
    return json.dumps(report.as_json(), ensure_ascii=False, indent=2)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def format_text(report: LogReport, where: str) -> str:
    span = "all of it" if report.since_days is None else f"the last {report.since_days:g} days"
    lines = [f"Question log {where} ({span}): {report.total} questions"]
    if not report.days:
        return lines[0] + "\nNothing was logged in that time."
    lines += ["", *_day_table(report.days)]
    sections = [
        ("Most often unanswered (grouped by normalized text):", _unanswered_lines(report.unanswered)),
        ("Answers most often marked wrong:", _wrong_lines(report.wrong)),
        (
            f"Near-misses (answered with a lead under {NEAR_MISS_LEAD:.0%} of the score over the runner-up):",
            _near_miss_lines(report.near_misses),
        ),
    ]
    for heading, rows in sections:
        lines += ["", heading, *(rows or ["  none"])]
    return "\n".join(lines)


def _day_table(days: list[dict[str, Any]]) -> list[str]:
    """A header, then a row for each day: its count of each decision, and of askers."""
    header = ["day", *DECISIONS, "askers"]

    def row(cells: Iterable[object]) -> str:
        return "  ".join(f"{cell:>10}" for cell in cells)

    return [row(header), *(row(day[h] for h in header) for day in days)]


def _unanswered_lines(unanswered: list[Unanswered]) -> list[str]:
    return [
        f"  {u.count:>4}×  {_clip(u.question, 90)}"
        + (f"  (closest: {u.best}, {u.score:.3f})" if u.best else "")
        for u in unanswered
    ]


def _wrong_lines(wrong: list[Wrong]) -> list[str]:
    """For each answer marked wrong: its counts and passage, the passage's text, what was asked."""
    lines = []
    for w in wrong:
        title = w.title if w.title is not None else "(no longer in the knowledge)"
        lines.append(f"  {w.wrong:>4} wrong, {w.helpful} helpful  {w.passage_id}: {title}")
        if w.text:
            lines.append(f"        passage: {_clip(w.text, 200)}")
        lines.append("        asked: " + "; ".join(_clip(q, 80) for q in w.questions[:5]))
    return lines


def _near_miss_lines(near_misses: list[NearMiss]) -> list[str]:
    return [
        f"  lead {n.lead:.0%}  {_clip(n.question, 70)}  → {n.passage_id} ({n.score:.3f}), "
        f"then {n.runner_up_id} ({n.runner_up_score:.3f})"
        for n in near_misses
    ]


def eval_skeleton(report: LogReport, where: str, *, today: dt.date | None = None) -> str:
    """An evaluation file of the unanswered and wrongly answered questions, each ``expect`` to fill."""
    today = today or dt.datetime.now(dt.UTC).date()
    lines = [
        f"# Written by `summit-qa report` on {today.isoformat()} from the question log {where}.",
        f"# Replace each {PLACEHOLDER} with the id of the passage that should answer (a list when several",
        "# do), writing that passage first when none does yet (then `summit-qa check`), or move the",
        "# question under an off_topic: list when no passage should answer it. Then: summit-qa eval FILE",
        "questions:",
    ]
    seen: set[str] = set()
    for u in report.unanswered:
        seen.add(u.question)
        closest = f" (closest: {u.best}, {u.score:.3f})" if u.best else ""
        lines += [f"  # unanswered, asked {u.count} time(s){closest}", *_case(u.question)]
    for w in report.wrong:
        for question in w.questions:
            if question not in seen:
                seen.add(question)
                lines += [f"  # answered with {w.passage_id}, marked wrong", *_case(question)]
    if not seen:
        lines[-1] = "questions: []"
    return "\n".join(lines) + "\n"


def _case(question: str) -> list[str]:
    # A JSON string is a YAML double-quoted scalar: any question, quotes and all, reads back as typed.
    return [f"  - q: {json.dumps(question, ensure_ascii=False)}", f"    expect: {PLACEHOLDER}"]
