"""Plain-text rendering of answers, shared by the CLI and the REPL."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Sequence

from .answer import Answer
from .engine import Engine
from .phrases import phrases
from .reading import MAX_QUESTION, has_word, is_cut

CUT = f"(I read only the first {MAX_QUESTION:,} characters of that question; ask one thing at a time.)"


def answer_text(answer: Answer) -> str:
    """The answer as a person reads it: the text, then where it comes from (labelled in the
    answer's language), after a note when the question was cut."""
    text = answer.text
    if answer.found and answer.sources:
        said = phrases(answer.language)
        if len(answer.sources) == 1:
            text = f"{answer.text}\n{said.source}: {answer.source}"
        else:
            text = f"{answer.text}\n{said.sources}:\n" + "\n".join(f"  {s}" for s in answer.sources)
    if answer.kind in ("answer", "unknown") and is_cut(answer.question):
        return f"{CUT}\n{text}"
    return text


def why(answer: Answer | None, engine: Engine | None = None, earlier: Sequence[str] = ()) -> str:
    """The ranking behind an answer: what was searched, in the question's own words, and how
    each passage scored, with the words of the search it holds.

    ``earlier`` are the questions asked before it in the conversation, newest first (a
    follow-up searches their words too); ``engine`` reads words as the answer's language does,
    and its passages give the words no question wrote (a corrected typo). Without it, the terms
    are shown as searched.
    """
    if answer is None:
        return "Nothing asked yet."
    if answer.kind in ("smalltalk", "invalid"):
        return f"{answer.question!r} was answered as {answer.kind}, without searching."
    searched = list(dict.fromkeys(answer.query.split()))
    tokenize, function_words = _reading(engine, answer.language)
    passages = [a.passage.searchable_in(answer.language) for a in answer.ranking]
    everything = (p.searchable_in(answer.language) for p in (engine.passages if engine else ()))
    texts = itertools.chain([answer.question], earlier, passages, everything)
    word = readable(searched, texts, tokenize)
    content = [t for t in searched if t not in function_words]
    ranked = _ranked(answer, passages, content, word, tokenize) or [
        "  no passage holds a content word of the question (what, is, the… do not count)"
    ]
    return "\n".join([*_searched(answer, searched, word), *ranked])


def _searched(answer: Answer, searched: list[str], word: dict[str, str]) -> list[str]:
    """What was searched, each term as a person wrote it, and what was decided."""
    lines = [f"searched: {' '.join(word.get(t, t) for t in searched)}"]
    if is_cut(answer.question):
        lines.append(f"  (the first {MAX_QUESTION:,} characters of the question)")
    lines.append(f"decision: {'answered' if answer.found else 'abstained'}")
    return lines


def _reading(engine: Engine | None, language: str) -> tuple[Callable[[str], list[str]], frozenset[str]]:
    """How ``engine`` reads ``language``: its tokenizer and its function words (without an
    engine: the terms as searched, split on spaces, none a function word)."""
    if engine is None:
        return str.split, frozenset()
    reader = engine.reader_of(language)
    return reader.tokenize, reader.language.function_words


def _ranked(
    answer: Answer,
    passages: list[str],
    content: list[str],
    word: dict[str, str],
    tokenize: Callable[[str], list[str]],
) -> list[str]:
    """A line for each passage of the ranking: its rank, score, id and title, and the content
    words of the search its text (``passages``, in the same order) holds."""
    lines = []
    for rank, (alt, text) in enumerate(zip(answer.ranking, passages, strict=True), 1):
        held = set(tokenize(text))
        matched = ", ".join(word.get(t, t) for t in content if t in held) or "none"
        passage, title = alt.passage, alt.passage.title_in(answer.language)
        lines.append(f"  {rank}. {_score(alt.score)}  {passage.id}  ({title})  matched: {matched}")
    return lines


def readable(
    terms: Iterable[str], texts: Iterable[str], tokenize: Callable[[str], list[str]]
) -> dict[str, str]:
    """Each term as a word a person reads: the first word of ``texts`` (lowercase, as written)
    that ``tokenize`` makes that term. A term that no text writes is left out; ``texts`` is read
    only as far as needed."""
    wanted = set(terms)
    found: dict[str, str] = {}
    for text in texts:
        for written in text.lower().split():
            written = written.strip(".,;:!?()[]{}\"'«»“”‘’`…")
            if not has_word(written) or len(read := tokenize(written)) != 1:
                continue  # punctuation, or a word read as several terms ("wi-fi", "中国中亚")
            if read[0] in wanted and read[0] not in found:
                found[read[0]] = written
        if len(found) == len(wanted):
            break
    return found


def _score(score: float) -> str:
    """A score with three decimals; a tiny one in scientific notation, not as 0.000."""
    return f"{score:.3f}" if score == 0 or score >= 0.001 else f"{score:.1e}"


def topics(engine: Engine) -> str:
    """Every passage title, one a line, with its id."""
    return "\n".join(f"  {p.id:<26} {p.title}" for p in engine.passages)
