"""Answering: rank passages for a question, answer with the best, or abstain.

A question is read into a :class:`~qa.reading.Query` (``qa.reading``), scored against every
passage the index can score (``qa.index``), ranked, and decided on by a
:class:`~qa.policy.Policy` (``qa.policy``).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import math
import re
import sys
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from . import index as index_module
from . import languages, layout, smalltalk
from . import space as space_module
from . import text as text_module
from .about import About
from .answer import Alternative, Answer
from .index import ANALYZERS, FORMAT, TfidfIndex
from .knowledge import check_unique
from .languages import Language
from .lexicon import Lexicon
from .memo import Memo
from .passage import Passage
from .phrases import Phrases
from .policy import Policy, decide, number
from .reading import REMEMBERED, Query, Reader, clean, has_word

if TYPE_CHECKING:
    from .conversation import Conversation

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"(])")
CHAR_NGRAMS_UP_TO = 20_000
"""Character n-grams (typo robustness) are used by default up to this many passages; above it
they cost many times the build and query time of words alone (benchmarks/RESULTS.md), and
spelling correction carries typos alone."""
RANKED = 5
"""How many passages an answer ranks."""


def _build_index(
    documents: list[str],
    analyzers: Sequence[str],
    weights: Sequence[float] | None,
    cache: str | Path | None,
    language: Language,
    tokenize: Callable[[str], list[str]],
) -> TfidfIndex:
    """Fit the index, or load it from ``cache`` when the same documents were fitted before."""
    if cache is None:
        return TfidfIndex(analyzers=analyzers, weights=weights).fit(documents, tokenize)
    # What the fitted index is made by: the index and its row space, the text rules, the language.
    modules = (
        index_module.__file__,
        space_module.__file__,
        text_module.__file__,
        sys.modules[language.module].__file__,
    )
    code = b"".join(Path(module or "").read_bytes() for module in modules)
    key = hashlib.sha256(
        json.dumps([FORMAT, language.code, list(analyzers), weights and list(weights), documents]).encode()
        + code
    ).hexdigest()[:32]
    path = Path(cache) / f"index-{key}.npz"
    try:
        return TfidfIndex.load(path, analyzers=analyzers, weights=weights)
    except (OSError, ValueError, KeyError, zipfile.BadZipFile):
        pass  # not cached yet, or unreadable: fit again
    index = TfidfIndex(analyzers=analyzers, weights=weights).fit(documents, tokenize)
    with contextlib.suppress(OSError):  # a read-only cache is no reason to fail
        index.save(path)
    return index


_ENGLISH_GRAMMAR = languages.get(languages.DEFAULT).function_words
"""English's function words: a question holding one is English, whatever else it holds."""


def _may_be_in_the_wrong_layout(query: Query) -> bool:
    """Whether a question may be Russian typed in the Latin layout: read as English, the knowledge
    knows few of its words and it holds no English function word; read as Russian, it holds a
    Latin word the knowledge does not know ("xnj nfrjt le[ китай-ца")."""
    if query.language == "ru":
        return any(t.isascii() and t.isalpha() for t in query.unknown)
    if query.language != "en" or not query.unknown or 2 * len(query.unknown) < len(query.content):
        return False
    return _ENGLISH_GRAMMAR.isdisjoint(query.terms)  # "how", "the", "is": English, only not the knowledge's


@dataclass(frozen=True)
class _Space:
    """What a language's questions are searched in: the passages as that language reads them."""

    index: TfidfIndex
    reader: Reader
    lacking: dict[str, np.ndarray | None]
    """Per kind of figure (``qa.languages.FIGURES``), what each passage weighs when a question
    asks for one: 1 where its text, in this language, states one (``Language.stated``), the
    unknown-word penalty squared where it does not (None: every passage states one)."""


class Engine:
    """Answers questions from a fixed set of passages.

    Parameters are keyword-only; the index is built once, here, and nothing a user asks
    changes it.

    policy: how to decide whether to answer (``qa.policy.Policy``). By default the rule fitted on
        our labelled questions decides. Giving ``min_score``, ``margin`` or ``confident`` instead
        selects the hand rule with them (``Policy.hand``):
    min_score: below this score the engine says it does not know (default 0.13).
    margin: when the best passage leads the runner-up by less than this (relative to its
        score) and the score is below ``confident``, the engine asks which was meant (0.2, 0.15).
    unknown_penalty: each content word of the question that the knowledge never uses
        multiplies the score by this factor raised to the word's rarity in English (0 for
        "wondering", 1 for "encapsulate", 2 for a name or the attribute asked for: another
        country, summit or year pulls it down hard), as does a distinctive name a passage lacks.
    analyzers: "word" (unigrams and bigrams) and "char" (character 3–5-grams); None chooses both
        up to CHAR_NGRAMS_UP_TO passages and words alone above.
    analyzer_weights: how much each analyzer's cosine weighs in the similarity, one number per
        analyzer (default: equal).
    cache: a directory for the fitted index, keyed by the passages' content (None: no cache).
    max_answer_chars: a passage longer than this is answered with its sentence that best
        matches the question (``answer.passage.text`` keeps the whole passage).
    about: what the bot says of itself (``qa.About``, or a mapping as a knowledge's ``about:``
        block holds it): its name, subject, examples, "I don't know"; None: the neutral texts of
        ``qa.phrases``, with examples from the passages. ``qa.load`` gives the knowledge's own.

    A passage's score is its TF-IDF similarity to the question (the weighted mean of the word
    and the character n-gram cosines; the latter weighs n-grams word by word), times the
    IDF-weighted share of the question's content words it contains, times the unknown-word
    penalty, times the same penalty for each distinctive name or year of the question the
    passage lacks (squared for the attribute asked for), times its weight.
    """

    def __init__(
        self,
        passages: Iterable[Passage],
        *,
        policy: Policy | None = None,
        min_score: float | None = None,
        margin: float | None = None,
        confident: float | None = None,
        unknown_penalty: float = 0.5,
        analyzers: Sequence[str] | None = None,
        analyzer_weights: Sequence[float] | None = None,
        cache: str | Path | None = None,
        max_answer_chars: int = 600,
        about: About | Mapping[str, Any] | None = None,
    ) -> None:
        self._passages = tuple(passages)
        if not self._passages:
            raise ValueError("an engine needs at least one passage")
        for passage in self._passages:
            if not isinstance(passage, Passage):
                raise TypeError(f"expected qa.Passage objects, got {type(passage).__name__}")
        check_unique(self._passages)
        self.policy = _policy(policy, min_score, margin, confident)
        if analyzers is None:
            analyzers = ANALYZERS if len(self._passages) <= CHAR_NGRAMS_UP_TO else ("word",)
        self.analyzers = tuple(analyzers)
        if "word" not in analyzers:
            raise ValueError("analyzers must include 'word' (spelling, coverage and names rest on it)")
        self.unknown_penalty = number("unknown_penalty", unknown_penalty, 0.0, 1.0, above=True)
        self.max_answer_chars = int(number("max_answer_chars", max_answer_chars, 40, math.inf))
        if cache is not None and not isinstance(cache, (str, Path)):
            raise TypeError(f"cache must be a directory (a str or Path) or None, got {cache!r}")
        self._cache = cache
        self.about = _about(about)
        """What the engine says of itself (``said`` gives it in a language)."""
        self._said: dict[str, Phrases] = {}
        self._analyzer_weights = analyzer_weights
        self._weights = np.array([p.weight for p in self._passages])
        self._weighted = bool((self._weights != 1.0).any())
        self._spaces: dict[str, _Space] = {}
        self._retyped: Memo[str, str | None] = Memo(self._retype, REMEMBERED)
        """Each cleaned question that may be Russian in the Latin layout, as the Russian it types
        (None: it types none)."""
        english = self._space(languages.DEFAULT)
        self.index_ = english.index
        self.reader = english.reader
        """Reads English questions into queries against this knowledge's vocabulary."""

    def _space(self, code: str) -> _Space:
        """The index and reader of a language's questions, built when first needed: each passage
        in that language (its translation, or its English where it has none)."""
        space = self._spaces.get(code)
        if space is None:
            language = languages.get(code)
            documents = [p.searchable_in(code) for p in self._passages]
            tokenize, respell = self._analysis(language)
            index = _build_index(
                documents, self.analyzers, self._analyzer_weights, self._cache, language, tokenize
            )
            lexicon = functools.partial(Lexicon.load, self._cache, language)
            texts = functools.partial(self._texts_in, code)  # read again when a typo needs them
            reader = Reader(index.vocabulary_, lexicon, language, tokenize, texts, respell)
            space = self._spaces[code] = _Space(index, reader, self._lacking(language, code))
        return space

    def _lacking(self, language: Language, code: str) -> dict[str, np.ndarray | None]:
        """Per kind of figure, each passage's weight when a question asks for one (``_Space``)."""
        kinds = [language.stated(p.text_in(code)) for p in self._passages]
        lacking: dict[str, np.ndarray | None] = {}
        for figure in languages.FIGURES:
            states = np.array([figure in k for k in kinds])
            lacking[figure] = None if states.all() else np.where(states, 1.0, self.unknown_penalty**2)
        return lacking

    def _texts_in(self, code: str) -> Iterable[str]:
        """Each passage's searchable text in a language, one by one."""
        return (p.searchable_in(code) for p in self._passages)

    def _analysis(self, language: Language) -> tuple[Callable[[str], list[str]], Callable[[str], str] | None]:
        """How the language's text becomes terms, and how a question's misspelt words are
        respelled before (None: as typos, after, if at all). Chinese is segmented knowing the
        knowledge's own words (its keywords and titles), so that names stay whole, and a misspelt
        form of them (经神, 吉尔吉斯坦) is respelled first: ``qa.chinese.Homophones``."""
        if language.code != "zh":
            return language.tokens, None
        from .chinese import Segmenter

        words = {w for p in self._passages if (t := p.translation("zh")) for w in (*t.keywords, t.title)}
        segmenter = Segmenter(sorted(words))
        return segmenter.tokens, segmenter.respelled

    def said(self, language: str) -> Phrases:
        """What the engine says in a language around its passages: small talk, help, "I don't
        know", its name and subject (the about texts over the neutral phrases)."""
        if (said := self._said.get(language)) is None:
            said = self._said[language] = self.about.phrases(language, self._passages)
        return said

    def reader_of(self, language: str) -> Reader:
        """The reader of a language's questions (a code of ``qa.languages.CODES``)."""
        return self._space(language).reader

    def index_of(self, language: str) -> TfidfIndex:
        """The index a language's questions are searched in."""
        return self._space(language).index

    @property
    def languages(self) -> tuple[str, ...]:
        """The codes of the languages the knowledge is written in: English, and every language
        some passage has a translation in."""
        found = {code for p in self._passages for code, _ in p.translations}
        return (languages.DEFAULT, *sorted(found))

    @property
    def floor(self) -> float:
        """The lowest best score the engine can answer with."""
        return self.policy.floor

    @property
    def passages(self) -> tuple[Passage, ...]:
        """Everything the engine knows, in load order."""
        return self._passages

    @property
    def lexicon(self) -> Lexicon:
        """General English: how much each unknown word says, and the names of countries."""
        return self.reader.lexicon

    def conversation(self) -> Conversation:
        """A conversation that keeps context between questions, for follow-ups."""
        from .conversation import Conversation

        return Conversation(self)

    def forget(self) -> None:
        """Empty what the engine remembers of past questions (in every language: readings,
        corrections, retypings, each index's look-ups of words and queries)."""
        self._retyped.clear()
        for space in self._spaces.values():
            space.reader.forget()
            space.index.forget()

    # --- ranking -------------------------------------------------------------------------

    def read(self, question: str, language: str | None = None) -> Query:
        """The question as the engine searches it: normalized, typos corrected, names found, in
        its language (told from its script; ``language`` decides when the script leaves it open,
        as a question of digits does)."""
        return self._read(clean(question), languages.detect(question, hint=language))

    def _read(self, question: str, code: str) -> Query:
        """The cleaned question read in the language of ``code``; or, when the knowledge knows few
        of its words and they are Russian typed in the Latin layout ("ult ghj[jlbk cfvvbn"), read
        as the Russian it types (``qa.layout``)."""
        reader = self._space(code).reader
        query = reader.read(question)
        if not _may_be_in_the_wrong_layout(query):
            return query
        retyped = self._retyped[question]
        return self._space("ru").reader.read(retyped) if retyped is not None else query

    def _retype(self, question: str) -> str | None:
        """A cleaned question retyped from the Latin layout into Russian, if it types Russian
        (``qa.layout``)."""
        return layout.retyped(question, self._is_russian)

    def _is_russian(self, word: str) -> bool:
        """Whether ``word`` is a Russian word: one the knowledge's Russian uses, or general usage."""
        reader = self._space("ru").reader
        terms = reader.tokenize(word)  # an abbreviation may stand for several ("ца")
        return bool(terms) and all(t in reader.vocabulary or reader.lexicon.zipf(t) > 0 for t in terms)

    def scores(self, question: str | Query) -> np.ndarray:
        """Every passage's score for a question (or a query), in load order.

        All zeros when the question has no content word.
        """
        query = question if isinstance(question, Query) else self.read(question)
        rows, values = self._scored(query)
        scores = np.zeros(len(self._passages))
        scores[rows] = values
        for part in query.parts:  # a long question: each passage scores its best part's score
            rows, values = self._scored(part)
            scores[rows] = np.maximum(scores[rows], values)
        return scores

    def rank(self, question: str | Query, k: int = RANKED) -> list[Alternative]:
        """The ``k`` best passages with their scores, best first."""
        query = question if isinstance(question, Query) else self.read(question)
        return self._ranked(query, k)

    def _scored(self, query: Query) -> tuple[np.ndarray, np.ndarray]:
        """The passages that can score (row numbers) and their scores."""
        if not query.content:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        penalty = self.unknown_penalty
        # A distinctive name the question gives (a country, a person, a year) that a passage
        # lacks: that passage is about something else ("What treaty did China sign with Russia?").
        # Names most passages share (China, Central Asia) say nothing; the index skips them.
        space = self._space(query.language)
        index = space.index
        names = query.names - space.reader.language.function_words if query.names else query.names
        match = index.match(query.text, query.content, names, unknown_weight=query.uncovered)
        values = match.similarity * match.coverage
        if query.penalized:
            values *= penalty**query.penalized
        weights = self._weights_for(query, space)
        if weights is not None:
            values *= weights if len(match.rows) == len(weights) else weights[match.rows]
        if names and np.count_nonzero(match.missing):  # any(), without a reduction's overhead
            values *= penalty**match.missing
        for word in query.focus:
            # The attribute asked for ("how long", "the population of"): a passage without it
            # does not give it, and weighs as if it lacked two names.
            if word in index.vocabulary_:
                values[~index.holds(word, match.rows)] *= penalty**2
        return match.rows, values

    def _weights_for(self, query: Query, space: _Space) -> np.ndarray | None:
        """Each passage's weight for ``query`` (None: all 1): its own weight, times the penalty
        squared for each kind of figure the question asks for (an amount, a time of day) that the
        passage states none of; as for the attribute asked for, a passage without it does not
        answer."""
        weights = self._weights if self._weighted else None
        for figure in query.figures:
            if (lacking := space.lacking[figure]) is not None:
                weights = lacking if weights is None else weights * lacking
        return weights

    def _top(self, rows: np.ndarray, scores: np.ndarray, k: int = RANKED) -> list[Alternative]:
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

    def ask(self, question: str, language: str | None = None) -> Answer:
        """Answer one question, without context, in the question's language (told from its
        script; ``language``, a code of ``qa.languages.CODES``, decides when the script leaves it
        open).
        """
        if not isinstance(question, str):
            raise TypeError(f"question must be a string, got {type(question).__name__}")
        cleaned = clean(question)
        code = languages.detect(cleaned, hint=language)
        said = self.said(code)
        if not cleaned:
            return Answer(question, False, f"{said.please_type} {said.intro}", kind="invalid", language=code)
        if (talk := smalltalk.kind(cleaned, code)) is not None:
            return Answer(question, False, smalltalk.reply(talk, said), kind="smalltalk", language=code)
        query = self._read(cleaned, code)
        ranked = self._ranked(query)
        if not ranked and not has_word(cleaned):  # nothing scored, and no word to score
            text = f"{said.only_words} {said.intro}"
            return Answer(question, False, text, kind="invalid", query=query.text, language=code)
        answer = self.answer(question, ranked, query)
        if not answer.found and (other := languages.other_reading(cleaned, code)) is not None:
            # In two scripts ("Yang Cheng是谁"): what one language's reading cannot answer, the
            # other's may, as its index holds the names in that script; the answer stays in the
            # question's language.
            read = self._read(cleaned, other)
            if (again := self.answer(question, self._ranked(read), replace(read, language=code))).found:
                return again
        return answer

    def _ranked(self, query: Query, k: int = RANKED) -> list[Alternative]:
        """The ``k`` best passages for ``query``: ``_scored``'s scores, from the index's own top k."""
        if not query.content:
            return []
        if query.parts:  # rare (long questions): their best, from every passage's score
            return self._top(np.arange(len(self._passages)), self.scores(query), k)
        space = self._space(query.language)
        names = query.names - space.reader.language.function_words if query.names else query.names
        rows, values = space.index.top(
            query.text,
            query.content,
            names,
            k,
            focus=query.focus,
            unknown_weight=query.uncovered,
            factor=self.unknown_penalty**query.penalized,
            penalty=self.unknown_penalty,
            weights=self._weights_for(query, space),
        )
        passages = self._passages
        return list(map(Alternative, map(passages.__getitem__, rows.tolist()), values.tolist()))

    def decide(
        self, question: str, scores: np.ndarray, query: Query, *, policy: Policy | None = None
    ) -> Answer:
        """The answer, from every passage's score (in load order, as ``scores()`` gives them):
        the best-scoring passage, or "I don't know" when it is weak or ambiguous."""
        ranked = self._top(np.arange(len(scores)), scores)
        return self.answer(question, ranked, query, policy=policy)

    def answer(
        self, question: str, ranked: Sequence[Alternative], query: Query, *, policy: Policy | None = None
    ) -> Answer:
        """The answer from a ranking (best first), decided by ``policy`` (the engine's own)."""
        decision = decide(ranked, policy or self.policy)
        if decision.answer is None:
            titles = tuple(a.passage.title_in(query.language) for a in decision.suggested)
            return self._unknown(question, ranked, query, titles)
        best = decision.answer
        translation = best.passage.translation(query.language)
        text = translation.text if translation else best.passage.text
        if len(text) > self.max_answer_chars:
            text = self._concise(text, query)
        note = self.said(query.language).untranslated if not translation else ""
        return Answer(
            question,
            True,
            f"{note} {text}" if note else text,
            passage=best.passage,
            score=best.score,
            ranking=tuple(ranked),
            query=query.text,
            language=query.language if translation or not note else languages.DEFAULT,
        )

    def _concise(self, text: str, query: Query) -> str:
        """A long passage's sentence sharing most content words with the query."""
        wanted = set(query.content)
        tokenize = self._space(query.language).reader.tokenize
        sentences = _SENTENCE.split(text)
        # Most shared words first; among equals, the earliest sentence.
        _, _, best = max((len(wanted & set(tokenize(s))), -i, s) for i, s in enumerate(sentences))
        return (
            best if len(best) <= self.max_answer_chars else best[: self.max_answer_chars - 1].rstrip() + "…"
        )

    def _unknown(
        self, question: str, ranked: Sequence[Alternative], query: Query, suggestions: tuple[str, ...]
    ) -> Answer:
        said = self.said(query.language)
        text = said.unknown
        if suggestions:
            text += " " + said.did_you_mean.format(said.separator.join(suggestions))
        text += " " + said.hint
        return Answer(
            question,
            False,
            text,
            score=ranked[0].score if ranked else 0.0,
            ranking=tuple(ranked),
            kind="unknown",
            suggestions=suggestions,
            query=query.text,
            language=query.language,
        )


def _about(value: About | Mapping[str, Any] | None) -> About:
    """The ``about`` option: texts, a mapping of them as an about block holds them, or None."""
    if value is None or isinstance(value, About):
        return value or About()
    if isinstance(value, Mapping):
        return About.of(value)
    raise TypeError(f"about must be a qa.About, a mapping of its texts or None, got {value!r}")


def _policy(
    policy: Policy | None, min_score: float | None, margin: float | None, confident: float | None
) -> Policy:
    """The engine's policy: the one given, the hand rule with the thresholds given, or the default."""
    by_hand = min_score is not None or margin is not None or confident is not None
    if policy is not None:
        if by_hand:
            raise ValueError("give either policy or min_score/margin/confident, not both")
        if not isinstance(policy, Policy):
            raise TypeError(f"policy must be a qa.Policy, got {type(policy).__name__}")
        return policy
    return Policy.hand(min_score, margin, confident) if by_hand else Policy()
