"""Follow-up questions: a conversation carries the topic of the last answer forward."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np

from . import languages
from .answer import Answer
from .text import YEAR

if TYPE_CHECKING:
    from .engine import Engine
    from .passage import Passage
    from .reading import Query, Reader

_HOME = {"en": "china", "ru": "кита", "zh": "中国"}
"""China, in each language's terms: every question here is about it, so it fills no slot."""

CONTEXT_WEIGHT = 1.0
"""How much the previous question can lift a passage: up to (1 + weight) times its score."""
TOPIC_SHARE = 0.5
"""A swap is asked among the topics of the last answer and of the passages it ranked that scored
at least this share of the answer's score: a figure that two files give ("trade with Kazakhstan in
2024": economy, bilateral) can be swapped for another country's in either."""
CONTEXT_TERMS = 40
"""The most terms a conversation keeps as context, newest first: a long chain of follow-ups
does not make every question slower than the last."""


_EDITIONS = frozenset({"first", "second", "third", "перв", "втор", "трет"})
"""The ordinals that name a summit's edition, as terms: "and the first one?" after the second
summit asks its question of the first."""


_CARRIED = frozenset({"country", "year"})
"""The slots that swap the context's ("and with russia?") and that a follow-up naming none of its
own takes from the context into its words ("and the railway?" after Kyrgyzstan asks of
Kyrgyzstan's); an edition only reranks ("where" after the Belt and Road's first proposal is not
asked of the first summit)."""


def _slot(term: str, countries: frozenset[str], home: str = _HOME["en"]) -> str | None:
    """The slot a term fills in a question: a country (any country but China, which every
    question here is about), a year, an edition, or none."""
    if term in countries and term != home:
        return "country"
    if YEAR.fullmatch(term):
        return "year"
    if term in _EDITIONS:
        return "edition"
    return None


def _slots(terms: Sequence[str], countries: frozenset[str], home: str, segmented: bool) -> list[str | None]:
    """Each term's slot (see ``_slot``). In a segmented language the pieces a segmenter finds
    inside a country's name (别克 in 乌兹别克斯坦) fill the country's slot with it."""
    slots = [_slot(t, countries, home) for t in terms]
    if segmented:
        named = [t for t, slot in zip(terms, slots, strict=True) if slot == "country"]
        slots = [
            slot or ("country" if any(t in n for n in named) else None)
            for t, slot in zip(terms, slots, strict=True)
        ]
    return slots


def _swaps(
    question: str, language: str, terms: list[str], slots: set[str | None], old: set[str | None]
) -> bool:
    """A swap: a short follow-up naming a country or year ("and with russia?") asks the last
    question of it, whether or not that question named one of the same kind."""
    short = bool(languages.get(language).follow_up.search(question) or len(terms) <= 3)
    return bool(slots) and short and (bool(slots & old) or len(terms) <= 4)


def _topics(answer: Answer) -> frozenset[str]:
    """The topics of an answer's passage and of the passages it ranked at least ``TOPIC_SHARE``
    of its score."""
    if answer.passage is None:
        return frozenset()
    least = answer.score * TOPIC_SHARE
    return frozenset({answer.passage.topic} | {a.passage.topic for a in answer.ranking if a.score >= least})


def _editions(
    slots: set[str | None], context_slots: list[tuple[str, str | None]]
) -> tuple[set[str | None], list[tuple[str, str | None]]]:
    """The question's slots and the context's terms and slots, for a follow-up naming a summit's
    edition ("and the first one?"): the context's edition is the one it replaces, else its year
    ("after the 2025 summit"); with neither, the ordinal fills no slot ("the first one" of the
    centers)."""
    old = {slot for _, slot in context_slots}
    if "edition" in slots and "edition" not in old and "year" in old:
        return slots, [(t, "edition" if slot == "year" else slot) for t, slot in context_slots]
    if "edition" not in old:
        return slots - {"edition"}, context_slots
    return slots, context_slots


def _has_a_known_word(query: Query) -> bool:
    """Whether a question can ask of the context: it holds no content word (nothing but pronouns
    and the like: "what does it mean?"), or a content word the knowledge knows. One whose own
    words the knowledge never uses ("what about his father?") asks of something else."""
    return not query.content or len(query.unknown) < len(query.content)


def _persons_as_countries(
    slots: list[tuple[str, str | None]], reader: Reader
) -> list[tuple[str, str | None]]:
    """The context's terms and slots, a name as rare as a person's ("japarov") in a country's
    slot: it stands where a country would, so "and uzbekistan?" swaps it."""
    return [(t, "country" if slot is None and _is_person(t, reader) else slot) for t, slot in slots]


def _is_person(term: str, reader: Reader) -> bool:
    """Whether a term the knowledge holds is as rare as a person's name and names no place: a
    place is no person ("china central asia trade", then "and kazakhstan?", keeps China and Asia)."""
    lexicon = reader.lexicon
    return term in reader.vocabulary and lexicon.rarity(term) >= 1.0 and not lexicon.is_place(term)


class Conversation:
    """Asks an engine with the context of the previous answered question.

    A question that reads as a follow-up ("And with Uzbekistan?", "Who proposed it?",
    "uzbekistan"), or that the engine cannot answer alone, is scored together with the previous
    question; a country or a year named in the new question replaces the one in the old, and one
    it does not name is carried over. A question that stands on its own changes the topic.

    A follow-up that swaps the country or year ("and mongolia?", "and in 2019?") asks the
    previous question of another one: the two are scored as one question, with the new name as
    a name, among the passages of the previous answer's topics (its knowledge file, and those of
    the passages it ranked close behind: ``TOPIC_SHARE``); what that cannot answer gets "I don't
    know", never the previous answer.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.context: Query | None = None
        """The query of the last answer, each term once (at most CONTEXT_TERMS)."""
        self.topics: frozenset[str] = frozenset()
        """The groups (knowledge files) of the last answer and of the passages it ranked close
        behind (``TOPIC_SHARE``)."""
        self.language: str | None = None
        """The language of the last question: it decides for one whose script leaves it open."""
        self.passage: str | None = None
        """The id of the last answer's passage."""

    @functools.cached_property
    def _topics(self) -> np.ndarray:
        """Each passage's topic, in load order."""
        return np.array([p.topic for p in self.engine.passages])

    def reset(self) -> None:
        """Forget the topic."""
        self.context = None
        self.topics = frozenset()
        self.language = None
        self.passage = None

    def rebased(self, engine: Engine) -> Conversation:
        """This conversation on another engine (reloaded knowledge): its context goes along when
        the passage it was about is still there; otherwise it starts afresh."""
        moved = Conversation(engine)
        if self.passage is not None and any(p.id == self.passage for p in engine.passages):
            moved.context, moved.topics, moved.passage = self.context, self.topics, self.passage
        return moved

    def ask(self, question: str, language: str | None = None) -> Answer:
        """Answer ``question`` in its language (``language`` decides when its script leaves it
        open, as in ``Engine.ask``; else the conversation's language so far), with the context of
        the last answer."""
        language = language or self.language
        answer = self.engine.ask(question, language)
        if answer.kind == "invalid":
            return answer
        query = self.engine.read(question, language)
        self.language = query.language
        if answer.kind == "smalltalk":
            return answer
        if self.context and self._asks_of_context(question, query, answer):
            answer = self._followed(question, query, answer, self.context)
        if answer.found:
            self._remember(answer)
        return answer

    def _asks_of_context(self, question: str, query: Query, answer: Answer) -> bool:
        """Whether a question asks of the last answer: it reads as a follow-up, or cannot be
        answered alone, and holds a word the knowledge knows (or none at all)."""
        return _has_a_known_word(query) and (self._reads_as_follow_up(question, query) or not answer.found)

    def _followed(self, question: str, query: Query, answer: Answer, context: Query) -> Answer:
        """The answer with the context, when it swaps the country or year, or finds another
        passage than the question alone; else the answer alone."""
        followed, swapped = self._with_context(question, query, context)
        if swapped or (followed.found and (not answer.found or followed.passage != answer.passage)):
            return followed
        return answer

    def _remember(self, answer: Answer) -> None:
        """Keep an answer's query as the context, each term once: a follow-up's query holds the
        context it was asked in, and a chain of follow-ups would otherwise repeat it, doubling it
        at each pronoun-only question."""
        terms = list(dict.fromkeys(answer.query.split()))[:CONTEXT_TERMS]
        self.context = self.engine.reader_of(answer.language).of_terms(terms)
        self.topics = _topics(answer)
        self.passage = answer.passage.id if answer.passage else None

    def _reads_as_follow_up(self, question: str, query: Query) -> bool:
        language = languages.get(query.language)
        if language.follow_up.search(question) or language.back_then.search(question):
            return True
        reader = self.engine.reader_of(query.language)
        words = reader.tokenize(question)
        if len(words) <= 8 and any(w in language.pronouns for w in words):
            return True
        # Nothing but a country or a year ("uzbekistan", "2023?"): the last question, of it.
        countries, home = reader.lexicon.countries, _HOME.get(query.language, "")
        return bool(query.content) and all(_slots(query.content, countries, home, language.segmented))

    def _with_context(self, question: str, query: Query, context: Query) -> tuple[Answer, bool]:
        """The answer to ``question`` (read as ``query``) re-ranked by ``context``, and whether
        the question swapped the context's country or year for another."""
        reader = self.engine.reader_of(query.language)
        countries, home = reader.lexicon.countries, _HOME.get(query.language, "")
        segmented = reader.language.segmented
        slots = set(_slots(query.terms, countries, home, segmented)) - {None}
        context_slots = list(
            zip(context.terms, _slots(context.terms, countries, home, segmented), strict=True)
        )
        slots, context_slots = _editions(slots, context_slots)
        old = {slot for _, slot in context_slots} - {None}
        if "country" in slots and "country" not in old and not segmented:
            context_slots = _persons_as_countries(context_slots, reader)
            old = {slot for _, slot in context_slots} - {None}
        terms = list(dict.fromkeys(query.terms))
        swapped = _swaps(question, query.language, terms, slots & _CARRIED, old)
        # The new question's country or year replaces the old one; one it lacks is carried over.
        kept = [t for t, slot in context_slots if slot not in slots]
        if swapped:
            answer = self._swapped(question, reader.of_terms([*terms, *kept]))
        else:
            carried = [t for t, slot in context_slots if slot in _CARRIED and slot not in slots]
            carried += self._then(question, reader, slots | old)
            # The question's own focus: a year carried over asks nothing of the question's words.
            asked = replace(reader.read(" ".join([question, *carried])), focus=query.focus)
            answer = self._reranked(question, terms, asked, kept)
        return replace(answer, question=question), swapped

    def _swapped(self, question: str, asked: Query) -> Answer:
        """The old question asked of the new country or year (every term of it counts), among
        the passages of the last answer's topic: a trade figure's swap is answered by a trade
        figure, or not at all."""
        scores = self.engine.scores(asked)
        if self.topics:
            scores[~np.isin(self._topics, list(self.topics))] = 0.0
        return self.engine.decide(question, scores, asked)

    def _reranked(self, question: str, terms: list[str], asked: Query, kept: list[str]) -> Answer:
        """The question (with the context's country or year it lacks) re-ranked by the context."""
        reader = self.engine.reader_of(asked.language)
        scores = self.engine.scores(asked)
        kept_query = reader.of_terms(kept)
        context_scores = self.engine.scores(kept_query)
        language = reader.language
        if all(t in language.function_words or t in language.pronouns for t in terms) and not scores.any():
            # Nothing but pronouns and the like ("What does it mean?", "where are they?"): asked
            # of the last answer's subject, else of the topic itself. A question with words of its
            # own that match nothing ("What is the weather in Paris?") is not about the topic,
            # and gets no answer from it.
            scores, asked = self._of_subject(reader, terms, kept) or (context_scores, kept_query)
        if context_scores.any():
            # The context reranks what the question itself matches; it adds no score of its own,
            # so an off-topic question stays off-topic.
            scores = scores * (1 + CONTEXT_WEIGHT * context_scores / context_scores.max())
        searched = reader.of_terms([*asked.terms, *kept])  # what was searched: each term once
        return self.engine.decide(question, scores, searched)

    def _last_passage(self) -> Passage | None:
        """The passage of the last answer, if any."""
        return next((p for p in self.engine.passages if p.id == self.passage), None)

    def _of_subject(
        self, reader: Reader, terms: list[str], kept: list[str]
    ) -> tuple[np.ndarray, Query] | None:
        """The scores of a question of pronouns alone asked of the last answer's subject, the
        context's words that its passage's title holds ("where are they?" after the three
        cooperation centers asks where the centers are, which that passage does not say), when
        that finds an answer; else None."""
        passage = self._last_passage()
        if passage is None:
            return None
        title = set(reader.read(passage.title_in(reader.language.code)).terms)
        subject = [t for t in kept if t in title]
        if not subject:
            return None
        asked = reader.of_terms([*terms, *subject])
        scores = self.engine.scores(asked)
        return (scores, asked) if self.engine.decide("", scores, asked).found else None

    def _then(self, question: str, reader: Reader, slots: set[str | None]) -> list[str]:
        """The year of the last answer's passage, as its title (else its text) gives one, for a
        follow-up that points back at its time ("how much did China pledge that time?" after the
        first summit, "(Xi'an, 2023)") and names no year, nor did the context; nothing when the
        passage gives none or several."""
        if "year" in slots or not reader.language.back_then.search(question):
            return []
        passage = self._last_passage()
        if passage is None:
            return []
        code = reader.language.code
        for said in (passage.title_in(code), passage.text_in(code)):
            if years := set(YEAR.findall(said)):
                return list(years) if len(years) == 1 else []
        return []
