"""Answering: rank passages for a question, answer with the best, or abstain."""

from __future__ import annotations

import contextlib
import copy
import functools
import hashlib
import json
import math
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from . import index as index_module
from . import smalltalk
from . import text as text_module
from .answer import Alternative, Answer
from .decision import Learned
from .index import ANALYZERS, FORMAT, TfidfIndex
from .knowledge import check_unique
from .lexicon import Lexicon
from .passage import Passage
from .spelling import Speller
from .text import FUNCTION_WORDS, YEAR, term, tokens

if TYPE_CHECKING:
    from .conversation import Conversation

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"(])")
_WORD = re.compile(r"[^\W_]+")
"""A run of letters or digits."""
CHAR_NGRAMS_UP_TO = 20_000
"""Character n-grams (typo robustness) are used by default up to this many passages; above it
they cost too much (at 100,000 passages, 5–5.5× the build time and 18–22× the query time of words alone,
see benchmarks/RESULTS.md), and spelling correction carries typos alone."""
_SPELLINGS_REMEMBERED = 10_000
"""Corrections, and readings of words, an engine remembers (questions repeat their words, and
a typo is often made again); then it starts afresh."""
MAX_QUESTION = 1000
"""Characters of a question that are read; the rest is ignored."""


_Read = tuple[frozenset[str], list[str], list[str], float, float, frozenset[str]]
"""A question as read (see ``Engine._read``): names, terms, content terms, what its unknown
terms weigh in the penalty and in coverage, and the attribute it asks for (``_focus``)."""
_Reading = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], frozenset[str], frozenset[str], bool]
"""A chunk of a question as read: its corrected terms, those that are content words, those the
knowledge lacks, and its names later in the question and first in it, and whether it holds a word."""


def _clean(question: str) -> str:
    """Drop control and format characters, fold whitespace, cap the length."""
    if len(question) <= MAX_QUESTION and question.isprintable():  # the common case: nothing to drop
        return " ".join(question.split())
    text = "".join(
        " " if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") else ch
        for ch in question[: MAX_QUESTION * 4]
    )
    text = " ".join(text.split())
    if len(text) > MAX_QUESTION:  # cut at a word boundary, not inside a word
        text = text[: MAX_QUESTION + 1].rsplit(" ", 1)[0]
    return text


def _build_index(
    documents: list[str], analyzers: Sequence[str], weights: Sequence[float] | None, cache: str | Path | None
) -> TfidfIndex:
    """Fit the index, or load it from ``cache`` when the same documents were fitted before."""
    if cache is None:
        return TfidfIndex(analyzers=analyzers, weights=weights).fit(documents)
    code = b"".join(Path(module.__file__ or "").read_bytes() for module in (index_module, text_module))
    key = hashlib.sha256(
        json.dumps([FORMAT, list(analyzers), weights and list(weights), documents]).encode() + code
    ).hexdigest()[:32]
    path = Path(cache) / f"index-{key}.npz"
    try:
        return TfidfIndex.load(path, analyzers=analyzers, weights=weights)
    except (OSError, ValueError, KeyError, zipfile.BadZipFile):
        pass  # not cached yet, or unreadable: fit again
    index = TfidfIndex(analyzers=analyzers, weights=weights).fit(documents)
    with contextlib.suppress(OSError):  # a read-only cache is no reason to fail
        index.save(path)
    return index


def _number(name: str, value: object, low: float, high: float, *, above: bool = False) -> float:
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


def _is_name(word: str, first: bool) -> bool:
    """Capitalized (unless it starts the question), in capitals (G7, ASEAN), or a year."""
    return (
        (not first and word[0].isupper()) or (len(word) > 1 and word.isupper()) or bool(YEAR.fullmatch(word))
    )


def _names(chunk: str) -> tuple[frozenset[str], frozenset[str], bool]:
    """The terms a chunk of a question (no spaces) writes as names.

    Whether a capital marks a name depends on the word's place, so a chunk has two answers:
    its names later in the question, and its names when it holds the question's first word.
    The third value says whether the chunk holds a word at all.
    """
    words = _WORD.findall(chunk)
    later = frozenset(term(w.lower()) for w in words if _is_name(w, first=False))
    first = frozenset(term(w.lower()) for i, w in enumerate(words) if _is_name(w, first=i == 0))
    return later, first, bool(words)


_ASKING = frozenset({"what", "which", "who"})
_ASKING_WORDS = _ASKING | {"how"}
_BEING = frozenset({"is", "was", "are", "were"})
_CLASSIFIERS = frozenset({"kind", "type", "sort", "part", "some", "any", "all", "one", "rest"})
"""Words before "of" that classify, not ask ("what kind of relations")."""


def _focus(terms: list[str]) -> frozenset[str]:
    """The attribute a question asks for, which the answer must hold: the word after "how"
    ("how long", "how old") or "who" ("who won", "who designed"), and the head before "of" in
    "what is the X of" ("the population of", "the prime minister of"). Normalized terms in,
    terms out; "how much" and "how many" ask for an amount of whatever follows, and give no
    focus of their own.
    """
    if _ASKING_WORDS.isdisjoint(terms):  # most questions: no "how", "who", "what" or "which"
        return frozenset()
    focus = set()
    n = len(terms)
    for i, word in enumerate(terms):
        if word not in _ASKING_WORDS or i + 1 == n:
            continue
        after = terms[i + 1]
        if word in ("how", "who") and after not in FUNCTION_WORDS:
            focus.add(after)  # "how long", "who won": the measure, or the deed of the one asked for
        elif word in _ASKING:
            # what (is|was) the X [Y] of
            j = i + 1 + (after in _BEING)
            if j < n and terms[j] == "the":
                for k in (j + 2, j + 3):
                    if k < n and terms[k] == "of":
                        head = terms[k - 1]
                        if head not in FUNCTION_WORDS and head not in _CLASSIFIERS:
                            focus.add(head)
                        break
    return frozenset(focus)


HAND_RULE = {"min_score": 0.13, "margin": 0.2, "confident": 0.15}
"""The hand rule's defaults, chosen on the tunable evaluation sets."""


class Engine:
    """Answers questions from a fixed set of passages.

    Parameters are keyword-only; the index is built once, here, and nothing a user asks
    changes it.

    Whether to answer: by default the rule fitted on our labelled questions (``qa.decision``:
    the best score and its lead over the runner-up). Giving ``min_score``, ``margin`` or
    ``confident`` uses the hand rule instead:
    min_score: below this score the engine says it does not know (default 0.13).
    margin: when the best passage leads the runner-up by less than this (relative to its
        score) and the score is below ``confident``, the engine asks which was meant (0.2, 0.15).
    unknown_penalty: each content word of the question that the knowledge never uses
        multiplies the score by this factor raised to the word's rarity in English (0 for
        "wondering", 1 for "encapsulate", 2 for a name or the attribute asked for: another
        country, summit or year pulls it down hard), as does a distinctive name a passage lacks.
    analyzers: "word" (unigrams and bigrams) and "char" (character 3–5-grams); None chooses both
        up to CHAR_NGRAMS_UP_TO passages and words alone above.
    cache: a directory for the fitted index, keyed by the passages' content (None: no cache).
    max_answer_chars: a passage longer than this is answered with its sentence that best
        matches the question (``answer.passage.text`` keeps the whole passage).

    A passage's score is its TF-IDF similarity to the question (the mean of the word and the
    character n-gram cosines; the latter weighs n-grams word by word), times the IDF-weighted
    share of the question's content words it contains, times the unknown-word penalty, times
    the same penalty for each distinctive name or year of the question the passage lacks.
    """

    def __init__(
        self,
        passages: Iterable[Passage],
        *,
        min_score: float | None = None,
        margin: float | None = None,
        confident: float | None = None,
        unknown_penalty: float = 0.5,
        analyzers: Sequence[str] | None = None,
        weights: Sequence[float] | None = None,
        cache: str | Path | None = None,
        max_answer_chars: int = 600,
    ) -> None:
        self._passages = tuple(passages)
        if not self._passages:
            raise ValueError("an engine needs at least one passage")
        for passage in self._passages:
            if not isinstance(passage, Passage):
                raise TypeError(f"expected qa.Passage objects, got {type(passage).__name__}")
        check_unique(self._passages)
        if analyzers is None:
            analyzers = ANALYZERS if len(self._passages) <= CHAR_NGRAMS_UP_TO else ("word",)
        self.analyzers = tuple(analyzers)
        if "word" not in analyzers:
            raise ValueError("analyzers must include 'word' (spelling, coverage and names rest on it)")
        by_hand = min_score is not None or margin is not None or confident is not None
        self.min_score = _number(
            "min_score", HAND_RULE["min_score"] if min_score is None else min_score, 0.0, 1.0
        )
        self.margin = _number("margin", HAND_RULE["margin"] if margin is None else margin, 0.0, 1.0)
        self.confident = _number(
            "confident", HAND_RULE["confident"] if confident is None else confident, 0.0, 1.0
        )
        self.learned: Learned | None = None if by_hand else Learned.fitted()
        """The fitted answer/abstain rule, or None when the hand rule decides."""
        self.unknown_penalty = _number("unknown_penalty", unknown_penalty, 0.0, 1.0, above=True)
        self.max_answer_chars = int(_number("max_answer_chars", max_answer_chars, 40, math.inf))
        self._cache = cache
        self.index_ = _build_index([p.searchable for p in self._passages], analyzers, weights, cache)
        self._weights = np.array([p.weight for p in self._passages])
        self._max_weight = float(self._weights.max())
        self._weighted = bool((self._weights != 1.0).any())
        # A typo is corrected against the words the engine knows (a typo in the first letter,
        # or in a large vocabulary the first two, is not).
        self._speller = Speller(self.index_.vocabulary_ | FUNCTION_WORDS, remembered=_SPELLINGS_REMEMBERED)
        self._readings: dict[str, _Reading] = {}

    def with_threshold(self, min_score: float, margin: float) -> Engine:
        """The same engine (sharing its index), deciding by the hand rule with these settings."""
        trial = copy.copy(self)
        trial.min_score = _number("min_score", min_score, 0.0, 1.0)
        trial.margin = _number("margin", margin, 0.0, 1.0)
        trial.learned = None
        return trial

    @property
    def floor(self) -> float:
        """The lowest best score the engine can answer with."""
        return self.learned.floor if self.learned is not None else self.min_score

    @property
    def passages(self) -> tuple[Passage, ...]:
        """Everything the engine knows, in load order."""
        return self._passages

    def conversation(self) -> Conversation:
        """A conversation that keeps context between questions, for follow-ups."""
        from .conversation import Conversation

        return Conversation(self)

    # --- ranking -------------------------------------------------------------------------

    def _correct(self, terms: list[str]) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
        """Fix typos against the vocabulary: the terms, those that are content words, and those
        still unknown."""
        known = self.index_.vocabulary_
        corrected: list[str] = []
        content: list[str] = []
        unknown: list[str] = []
        for word in terms:
            if (
                word not in known
                and word not in FUNCTION_WORDS
                and len(word) >= 3
                and word.isalpha()
                and not self.lexicon.zipf(word)  # an English word ("wondering", "pls") is no typo
            ):
                word = self._speller.correct(word)
            if word not in FUNCTION_WORDS:
                content.append(word)
                if word not in known:
                    unknown.append(word)
            corrected.append(word)
        return tuple(corrected), tuple(content), tuple(unknown)

    def _read(self, cleaned: str) -> _Read:
        """A cleaned question's names, its corrected terms, its content terms, and what its
        unknown content terms weigh: in the unknown-word penalty, and in coverage.

        An unknown term weighs its rarity in English (``qa.lexicon``): "wondering" next to
        nothing, "encapsulate" 1. One written as a name weighs 1 in coverage and 2 in the
        penalty: it is most likely a place, body or event we know nothing of. The question is
        read a chunk (between spaces) at a time, and each chunk's reading is remembered:
        questions repeat their words.
        """
        names: set[str] = set()
        terms: list[str] = []
        content: list[str] = []
        unknown_terms: list[str] = []
        first = True
        for chunk in cleaned.split():
            reading = self._readings.get(chunk) or self._read_chunk(chunk)
            chunk_terms, chunk_content, chunk_unknown, later, at_first, has_word = reading
            terms += chunk_terms
            content += chunk_content
            unknown_terms += chunk_unknown
            if first and has_word:
                names |= at_first
                first = False
            elif later:
                names |= later
        focus = _focus(terms) - names  # the attribute asked for (a name is required anyway)
        if countries := self.lexicon.country_terms(content):  # a country is a name, lowercase too
            names |= countries
        return self._weighed(frozenset(names), focus, terms, content, unknown_terms)

    def _weighed(
        self,
        names: frozenset[str],
        focus: frozenset[str],
        terms: list[str],
        content: list[str],
        unknown: list[str],
    ) -> _Read:
        """A reading with what its unknown terms weigh (see ``_read``): a name or the asked
        attribute 1 in coverage and 2 in the penalty, another word its rarity in both."""
        if not unknown:
            return names, terms, content, 0.0, 0.0, focus
        rarity = self.lexicon.rarity
        penalized = uncovered = 0.0
        for word in unknown:
            if word in names or word in focus:
                uncovered += 1.0
                penalized += 2.0
            else:
                weight = rarity(word)
                uncovered += weight
                penalized += weight
        return names, terms, content, penalized, uncovered, focus

    def _read_chunk(self, chunk: str) -> _Reading:
        """One chunk's corrected terms, content and unknown terms, and names (see ``_names``)."""
        if len(self._readings) >= _SPELLINGS_REMEMBERED:
            self._readings.clear()
        reading = self._readings[chunk] = (*self._correct(tokens(chunk)), *_names(chunk))
        return reading

    @functools.cached_property
    def lexicon(self) -> Lexicon:
        """General English: how much each unknown word says, and the names of countries (read
        when first needed)."""
        return Lexicon.load(self._cache)

    def query(self, question: str) -> str:
        """The question as the engine searches it: normalized, typos corrected."""
        return " ".join(dict.fromkeys(self._read(_clean(question))[1]))

    def scores(self, question: str, *, searched: bool = False) -> tuple[np.ndarray, str]:
        """A score per passage (in load order) and the query as searched.

        All zeros when the question has no content word. ``searched``: the question is
        already a query as the engine searches it (an answer's ``query``), so its terms are
        taken as they are; normalizing them again could cut them further ("propos" → "propo").
        Its names are then its years and countries (capitals are gone).
        """
        if searched:
            terms = question.split()
            content = [t for t in terms if t not in FUNCTION_WORDS]
            unknown = [t for t in content if t not in self.index_.vocabulary_]
            names = frozenset({t for t in content if YEAR.fullmatch(t)} | self.lexicon.country_terms(content))
            read = self._weighed(names, _focus(terms) - names, terms, content, unknown)
        else:
            read = self._read(_clean(question))
        rows, values, query = self._scored(read)
        scores = np.zeros(len(self._passages))
        scores[rows] = values
        return scores, query

    def _scored(self, read: _Read, floor: float = 0.0) -> tuple[np.ndarray, np.ndarray, str]:
        """The passages that can score (row numbers), their scores, and the query as searched.

        ``read`` is what ``_read`` made of the question. Passages that provably score under
        ``floor`` may be left out (a large index prunes them).
        """
        names, terms, content, unknown, uncovered, focus = read
        query = " ".join(dict.fromkeys(terms))  # each term once: repetition is no emphasis
        if not content:
            return np.zeros(0, dtype=np.int64), np.zeros(0), query
        factor = self._max_weight * self.unknown_penalty**unknown
        # A distinctive name the question gives (a country, a person, a year) that a passage
        # lacks: that passage is about something else ("What treaty did China sign with Russia?").
        # Names most passages share (China, Central Asia) say nothing; the index skips them.
        match = self.index_.match(
            query,
            content,
            names - FUNCTION_WORDS if names else names,
            floor / factor if factor > 0 else math.inf,  # the index bounds similarity × coverage
            uncovered,
        )
        values = match.similarity * match.coverage
        if unknown:
            values *= self.unknown_penalty**unknown
        if self._weighted:
            values *= self._weights if len(match.rows) == len(self._weights) else self._weights[match.rows]
        if names and np.count_nonzero(match.missing):  # any(), without a reduction's overhead
            values *= self.unknown_penalty**match.missing
        for word in focus:
            # The attribute asked for ("how long", "the population of"): a passage without it
            # does not give it, and weighs as if it lacked two names.
            if word in self.index_.vocabulary_:
                values[~self.index_.holds(word, match.rows)] *= self.unknown_penalty**2
        return match.rows, values, query

    def rank(self, question: str, k: int = 5) -> list[Alternative]:
        """The ``k`` best passages with their scores, best first."""
        return self._top(*self._scored(self._read(_clean(question)))[:2], k=k)

    def _top(self, rows: np.ndarray, scores: np.ndarray, k: int = 5) -> list[Alternative]:
        """The ``k`` best of ``scores`` (those of passages ``rows``), best first; ties by load order."""
        if len(scores) <= 256:
            best = (-scores).argsort(kind="stable")[:k]
        else:
            if len(scores) > 1000:  # most passages of a large corpus share no term with the question
                scoring = np.flatnonzero(scores)
                rows, scores = rows[scoring], scores[scoring]
            k = min(k, len(scores))
            if not k:
                return []
            # Partition first: O(n), not a full sort of a large corpus.
            top = np.argpartition(-scores, k - 1)[:k]
            best = top[np.lexsort((top, -scores[top]))]
        passages = self._passages
        chosen = best.tolist() if len(rows) == len(passages) else rows.take(best).tolist()  # all: 0..n-1
        values = scores.take(best).tolist()
        while values and values[-1] <= 0:  # no score is negative: those of passages sharing nothing
            values.pop()
        return list(map(Alternative, map(passages.__getitem__, chosen), values))

    # --- answering -----------------------------------------------------------------------

    def ask(self, question: str) -> Answer:
        """Answer one question, without context.

        On a large index, an answer's ``alternatives`` may leave out passages scoring under
        half the lowest score it can answer with (``floor``; by the hand rule,
        ``(1 - margin) * min_score``): too weak to change the answer, and not worth the time.
        """
        if not isinstance(question, str):
            raise TypeError(f"question must be a string, got {type(question).__name__}")
        cleaned = _clean(question)
        if not cleaned:
            return Answer(question, False, "Please type a question. " + smalltalk.ABOUT, kind="invalid")
        if (reply := smalltalk.reply(cleaned)) is not None:
            return Answer(question, False, reply, kind="smalltalk")
        # Passages under this floor cannot change whether or what it answers (the learned rule:
        # a runner-up under half the floor leaves a lead it treats alike).
        read = self._read(cleaned)
        pruned = self.floor / 2 if self.learned is not None else self.min_score * (1 - self.margin)
        rows, scores, query = self._scored(read, floor=pruned)
        ranked = self._top(rows, scores)
        if not ranked and not _WORD.search(cleaned):  # nothing scored, and no word to score
            text = "I can only read questions written in words. " + smalltalk.ABOUT
            return Answer(question, False, text, kind="invalid", query=query)
        answer = self._decide(question, ranked, query)
        if not answer.found and len(rows) < len(self._passages):
            # Pruned, and the suggestions may lie under that floor. A passage under the fifth
            # best score found so far cannot be among the five best.
            floor = max(self.floor / 4, ranked[-1].score if len(ranked) == 5 else 0.0)
            rows, scores, query = self._scored(read, floor=floor)
            ranked = self._top(rows, scores)
            if not ranked or ranked[0].score < floor:  # nothing to suggest: the best, whatever it is
                rows, scores, query = self._scored(read)
                ranked = self._top(rows, scores)
            answer = self._decide(question, ranked, query)
        return answer

    def decide(self, question: str, scores: np.ndarray, query: str) -> Answer:
        """Answer with the best-scoring passage, or abstain when it is weak or ambiguous.

        ``scores`` holds one score per passage, in load order (as ``scores()`` gives them).
        """
        return self._decide(question, self._top(np.arange(len(scores)), scores), query)

    def _decide(self, question: str, ranked: list[Alternative], query: str) -> Answer:
        if not ranked:
            return self._unknown(question, ranked, query)
        best = ranked[0]
        runner_up = ranked[1].score if len(ranked) > 1 else 0.0
        if self.learned is not None:
            if not self.learned.answers(best.score, runner_up):
                return self._unknown(question, ranked, query)
        else:
            lead = (best.score - runner_up) / best.score
            if best.score < self.min_score or (best.score < self.confident and lead < self.margin):
                return self._unknown(question, ranked, query)
        text = best.passage.text
        return Answer(
            question,
            True,
            text if len(text) <= self.max_answer_chars else self._concise(text, query),
            passage=best.passage,
            score=best.score,
            alternatives=tuple(ranked),
            query=query,
        )

    def _concise(self, text: str, query: str) -> str:
        """A long passage's sentence sharing most content words with the query."""
        wanted = {t for t in query.split() if t not in FUNCTION_WORDS}
        sentences = _SENTENCE.split(text)
        # Most shared words first; among equals, the earliest sentence.
        _, _, best = max((len(wanted & set(tokens(s))), -i, s) for i, s in enumerate(sentences))
        return (
            best if len(best) <= self.max_answer_chars else best[: self.max_answer_chars - 1].rstrip() + "…"
        )

    def _unknown(self, question: str, ranked: list[Alternative], query: str) -> Answer:
        near = [a for a in ranked[:3] if a.score >= self.floor / 4]
        suggestions = tuple(a.passage.title for a in near)
        text = "I don't know that from my notes on the China–Central Asia Summit."
        if suggestions:
            text += " Did you mean: " + "; ".join(suggestions) + "?"
        text += " " + smalltalk.HINT
        return Answer(
            question,
            False,
            text,
            score=ranked[0].score if ranked else 0.0,
            alternatives=tuple(ranked),
            kind="unknown",
            suggestions=suggestions,
            query=query,
        )
