"""Plain-text rendering of answers, shared by the CLI and the REPL."""

from __future__ import annotations

from .answer import Answer
from .engine import Engine
from .phrases import phrases


def answer_text(answer: Answer) -> str:
    """The answer as a person reads it: the text, then where it comes from (labelled in the
    answer's language)."""
    if answer.found and answer.sources:
        said = phrases(answer.language)
        if len(answer.sources) == 1:
            return f"{answer.text}\n{said.source}: {answer.source}"
        return f"{answer.text}\n{said.sources}:\n" + "\n".join(f"  {s}" for s in answer.sources)
    return answer.text


def why(answer: Answer | None) -> str:
    """The ranking behind an answer: what was searched and how each passage scored."""
    if answer is None:
        return "Nothing asked yet."
    if answer.kind in ("smalltalk", "invalid"):
        return f"{answer.question!r} was answered as {answer.kind}, without searching."
    lines = [f"searched: {answer.query!r}", f"decision: {'answered' if answer.found else 'abstained'}"]
    for rank, alt in enumerate(answer.ranking, 1):
        lines.append(f"  {rank}. {alt.score:.3f}  {alt.passage.id}  ({alt.passage.title})")
    if not answer.ranking:
        lines.append("  no passage holds a content word of the question (what, is, the… do not count)")
    return "\n".join(lines)


def topics(engine: Engine) -> str:
    """Every passage title, one a line, with its id."""
    return "\n".join(f"  {p.id:<26} {p.title}" for p in engine.passages)
