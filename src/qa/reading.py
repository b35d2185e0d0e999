"""Reading a question: what the engine searches for, as one :class:`Query`.

A question is cleaned (control characters dropped, whitespace folded, cut at MAX_QUESTION
characters), normalized into terms (``qa.text``), its typos corrected against the knowledge's
vocabulary, and read for what weighs in its score: its content terms, the names it gives (a
capitalized word, a country, a year), the attribute it asks for (``focus``), and how much its
terms the knowledge lacks say (their rarity in English, ``qa.lexicon``).
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from . import languages
from .memo import Memo
from .spelling import Speller
from .text import YEAR

if TYPE_CHECKING:
    from .languages import Language
    from .lexicon import Lexicon

MAX_QUESTION = 1000
"""Characters of a question that are read; the rest is cut at a word boundary."""
REMEMBERED = 10_000
"""Questions, and chunks of questions, whose reading a reader remembers (questions repeat, and
repeat their words)."""
WRITTEN_CUTOFF = 0.85
"""How close a typo must be to a word as the knowledge writes it (difflib's ratio) to become it:
words written whole share their endings ("-ing"), so the bar is above the speller's own."""
LONG = 5
"""Content terms from which a question of several clauses is long: it is read by its clauses that
ask, and its last, as well as whole (``Query.parts``). A long question's context ("I'm writing a
report on …", "我是在新疆做外贸的，…") otherwise weighs on every passage's coverage."""
_CLAUSE = re.compile(r"(?<=[!?;，。！？；：\n])|(?<=[.:])(?!\d)|(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")
"""Where a clause ends: after its punctuation, which stays with it (a question mark asks), but not
at a decimal point or in a time ("1.5 billion", "10:30"), and at a space between Chinese
characters, which Chinese writes no other way ("有啥意义啊 感觉就是开个会")."""
_WORD = re.compile(r"[^\W_]+")
"""A run of letters or digits."""
SHOUTED = 3
"""The fewest words of a question in capitals throughout that is shouted, its words no acronyms."""
OPINION = 2.0
"""What a question asking the bot's own opinion weighs in the unknown-word penalty: as much as two
names the knowledge lacks (``Language.opinion``)."""
_BY_SCRIPT = re.compile(r"[A-Za-z\u00c0-\u024f][A-Za-z\u00c0-\u024f\d]*|\d+|[^\W\dA-Za-z\u00c0-\u024f_]+")
"""A run of Latin letters (and the digits after them: G20, C5), of digits, or of other letters."""


def clean(question: str) -> str:
    """Drop control and format characters, fold whitespace, cap the length."""
    if len(question) <= MAX_QUESTION and question.isprintable():  # the common case: nothing to drop
        return " ".join(question.split())
    text = _folded(question)
    if len(text) > MAX_QUESTION:  # cut at a word boundary, not inside a word
        text = text[: MAX_QUESTION + 1].rsplit(" ", 1)[0]
    return text


def _folded(question: str) -> str:
    """Control and format characters dropped and whitespace folded, in the question's start."""
    text = "".join(
        " " if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") else ch
        for ch in question[: MAX_QUESTION * 4]
    )
    return " ".join(text.split())


def is_cut(question: str) -> bool:
    """Whether ``clean`` keeps only the first ``MAX_QUESTION`` characters of ``question``."""
    return len(question) > MAX_QUESTION and len(_folded(question)) > MAX_QUESTION


def has_word(text: str) -> bool:
    """Whether ``text`` holds a run of letters or digits."""
    return _WORD.search(text) is not None


@dataclass(frozen=True)
class Query:
    """A question as the engine searches it.

    terms: its normalized terms, typos corrected, in order.
    content: those that carry a topic (not ``FUNCTION_WORDS``).
    unknown: the content terms no passage holds.
    names: terms it gives as names (capitalized, in capitals, a year, a country).
    focus: the attribute it asks for, which an answer must hold ("how long", "the X of").
    penalized: what its unknown terms weigh in the unknown-word penalty (their rarity; a name or
        the focus weighs 2).
    uncovered: what they weigh in coverage (their rarity; a name or the focus weighs 1).
    words: each term's word as the question wrote it, for showing the query to a person.
    figures: the kinds of figure it asks for (an amount: "how many"; a time of day: "what
        time"): an answer must state them (``Language.figures``).
    parts: a long question's clauses that ask, and its last, each read alone (see ``LONG``): a
        passage scores the best of what the question and each part give it.
    language: the code of the language it was read in.
    """

    terms: tuple[str, ...] = ()
    content: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()
    names: frozenset[str] = frozenset()
    focus: frozenset[str] = frozenset()
    penalized: float = 0.0
    uncovered: float = 0.0
    words: dict[str, str] = field(default_factory=dict, compare=False, hash=False, repr=False)
    figures: frozenset[str] = frozenset()
    language: str = "en"
    """The language it was read in (``qa.languages``)."""
    parts: tuple[Query, ...] = field(default=(), compare=False, repr=False)

    @functools.cached_property
    def text(self) -> str:
        """The terms searched, each once, space-joined: repetition is no emphasis."""
        return " ".join(dict.fromkeys(self.terms))

    def readable(self) -> str:
        """The content searched, in the question's own words (lowercase), each once."""
        return " ".join(dict.fromkeys(self.words.get(t, t) for t in self.content))


TITLE_RARITY = 0.5
"""A capitalized word before a name, commoner than this rarity (``Lexicon.rarity``: as common in
English as "president", "minister", "development"), is read as a title or a part of the name, not
as a name of its own."""


def _capitalized(word: str) -> bool:
    """A word of letters written with a capital and the rest lowercase ("President", not "G7" or "SCO")."""
    return word.isalpha() and word[:1].isupper() and word[1:].islower()


def _is_name(word: str, first: bool) -> bool:
    """Capitalized (unless it starts the question), in capitals (G7, ASEAN), letters then digits (g20,
    c5; not a number's ending, 24м), or a year."""
    return (
        (not first and word[0].isupper())
        or (len(word) > 1 and word.isupper())
        or (word[0] in "12" and bool(YEAR.fullmatch(word)))  # a year starts 19 or 20
        or (word[0].isalpha() and not word.isalpha() and any(c.isdigit() for c in word))  # all letters: none
    )


def _names(
    words: list[str], tokenize: Callable[[str], list[str]], whole: list[str] | None = None
) -> tuple[frozenset[str], frozenset[str], bool]:
    """The terms a chunk of a question (no spaces), found as ``words``, writes as names.

    Whether a capital marks a name depends on the word's place, so a chunk has two answers:
    its names later in the question, and its names when it holds the question's first word.
    The third value says whether the chunk holds a word at all. In a language without case
    (Chinese), a chunk runs on without spaces: its words are its runs of one script, and only
    its Latin-script words and years can be names ("SCO的上海精神" names SCO, not the rest).
    ``whole``: the chunk's terms, when the chunk is its one word (they are not read again).
    """
    named = [i for i, w in enumerate(words) if _is_name(w, first=False)]
    if not named:
        return frozenset(), frozenset(), bool(words)
    terms = [whole] if whole is not None else [tokenize(words[i]) for i in named]  # each name's, once
    later = frozenset(t for found in terms for t in found)
    if named[0] == 0 and not _is_name(words[0], first=True):  # the first word, a name by its capital alone
        return later, frozenset(t for found in terms[1:] for t in found), True
    return later, later, True


_Chunk = tuple[
    tuple[str, ...], tuple[str, ...], tuple[str, ...], frozenset[str], frozenset[str], bool, tuple[str, ...]
]
"""A chunk of a question as read: its corrected terms, those that are content words, those the
knowledge lacks, its names later in the question and first in it, whether it holds a word, and
its words as written (lowercase), one per term."""


def _beside_places(subject: set[str], places: set[str]) -> set[str]:
    """A segmented question's words that are no place's: not a longer word holding a place
    (中亚五国) nor a piece of one (五国), nor a character alone (年)."""
    placed = places | {t for t in subject if any(p in t for p in places)}
    return {t for t in subject - placed if len(t) > 1 and not any(t in p for p in placed)}


class Reader:
    """Reads questions against a knowledge's vocabulary (see the module's docstring)."""

    def __init__(
        self,
        vocabulary: Collection[str],
        lexicon: Callable[[], Lexicon] | None = None,
        language: Language | None = None,
        tokenize: Callable[[str], list[str]] | None = None,
        texts: Callable[[], Iterable[str]] | None = None,
        respell: Callable[[str], str] | None = None,
    ) -> None:
        self.vocabulary = vocabulary
        self._respell = respell
        """How a question's misspelt words are respelled before it is read (Chinese's: see
        ``qa.chinese.Homophones``), when the language has such a rule."""
        self._texts = texts
        """The knowledge's texts (when given): a typo is corrected to a word as they write it
        ("treay" → "treaty", not the stem "treat"), which is then read into its term."""
        self.language = language or languages.get(languages.DEFAULT)
        self.tokenize = tokenize or self.language.tokens
        """How the language's text becomes terms, as this knowledge was read."""
        self._function_words = self.language.function_words
        self._lexicon_of = lexicon
        self._chunk = functools.lru_cache(maxsize=REMEMBERED)(self._read_chunk)
        self._readings: Memo[str, Query] = Memo(self._read, REMEMBERED)
        """Each question's reading: a question asked again is not read again."""

    @functools.cached_property
    def lexicon(self) -> Lexicon:
        """General English: rarity and country names (loaded when first needed)."""
        from .lexicon import Lexicon

        return self._lexicon_of() if self._lexicon_of is not None else Lexicon.load(None, self.language)

    @functools.cached_property
    def _written(self) -> dict[str, str]:
        """Each word the knowledge's texts write whose term differs from it, and its term
        ("treaty": "treati"), made when a typo is first corrected."""
        written: dict[str, str] = {}
        seen: set[str] = set()
        for text in self._texts() if self._texts is not None else ():
            for word in _WORD.findall(text.lower()):
                if word in seen:
                    continue
                seen.add(word)
                terms = self.tokenize(word)
                if len(terms) == 1 and terms[0] != word and terms[0] in self.vocabulary:
                    written[word] = terms[0]
        return written

    @functools.cached_property
    def _speller(self) -> Speller:
        """Corrects against the knowledge's terms (made when a typo is first corrected; a typo in
        the first letter, or in a large vocabulary the first two, is not corrected)."""
        return Speller(frozenset(self.vocabulary) | self._function_words, remembered=REMEMBERED)

    @functools.cached_property
    def _written_speller(self) -> Speller:
        """Corrects against the words the knowledge's texts write (made when first needed)."""
        return Speller(self._written.keys() | self._function_words, remembered=REMEMBERED)

    def forget(self) -> None:
        """Empty the remembered readings and corrections."""
        self._readings.clear()
        self._chunk.cache_clear()
        for speller in ("_speller", "_written_speller"):
            if speller in self.__dict__:
                self.__dict__[speller].forget()

    def read(self, question: str) -> Query:
        """A question (cleaned or not) as the engine searches it."""
        return self._readings[clean(question)]

    def _read(self, cleaned: str) -> Query:
        """``read`` of a cleaned question, the first time it is asked."""
        names: set[str] = set()
        terms: list[str] = []
        content: list[str] = []
        unknown: list[str] = []
        words: dict[str, str] = {}
        first = True
        cleaned = self._unframed(cleaned)
        # In capitals throughout, and more than an acronym or two ("BRICS?"): no word is an acronym.
        shouted = cleaned.isupper() and len(_WORD.findall(cleaned)) >= SHOUTED
        for chunk in cleaned.split():
            chunk_terms, chunk_content, chunk_unknown, later, at_first, holds_word, written = self._chunk(
                chunk, shouted
            )
            terms += chunk_terms
            content += chunk_content
            unknown += chunk_unknown
            words.update(zip(chunk_terms, written, strict=True))
            if first and holds_word:
                names |= at_first
                first = False
            elif later:
                names |= later
        names -= self._titles(cleaned, terms, names, words)
        asked = self._focus(terms) - names  # the attribute asked for (a name is required anyway)
        detail = self.language.detail(terms)
        if countries := self.lexicon.country_terms(content):  # a country is a name, lowercase too
            names |= countries
        asked |= self._of_the_year(content, names)
        query = self._weighed(frozenset(names), asked, terms, content, unknown, words, detail)
        opinion = self.language.opinion.search(cleaned) is not None
        if opinion:  # no passage holds an opinion of ours
            query = replace(query, penalized=query.penalized + OPINION)
        if len(content) >= LONG and (parts := self._parts(cleaned, opinion)):
            query = replace(query, parts=parts)
        return query

    def _unframed(self, cleaned: str) -> str:
        """A cleaned question without the words that frame a claim to check
        (``Language.framing``), unless they are all it says."""
        framing = self.language.framing
        if not framing.search(cleaned):  # most questions: no claim to check
            return cleaned
        claim = " ".join(framing.sub(" ", cleaned).split())
        return claim if has_word(claim) else cleaned

    def _of_the_year(self, content: list[str], names: set[str]) -> frozenset[str]:
        """What a question naming a year asks of it, when that is one word the knowledge knows
        besides places ("china central asia trade 2022?": trade): an answer must hold it, or it only
        shares the year ("the mechanism began in 2022" is no trade figure)."""
        if not any(YEAR.fullmatch(t) for t in names):
            return frozenset()
        places = {t for t in content if t in names or self.lexicon.is_place(t)}
        subject = {t for t in content if t not in places and t in self.vocabulary}
        if self.language.segmented:
            subject = _beside_places(subject, places)
        if self._words(subject) != 1:
            return frozenset()
        return frozenset({min(subject, key=len)})  # of a segmented word's pieces, the word itself (贸易)

    def _titles(self, cleaned: str, terms: list[str], names: set[str], words: dict[str, str]) -> set[str]:
        """The names that are an everyday word written with a capital before another name: a title
        or a common word of a longer name ("President Xi", "Education Exchange Center"), which
        says less than the name after it. ``words``: each term's word, as ``Query.words``."""
        before = [t for t, after in zip(terms, terms[1:], strict=False) if t in names and after in names]
        if not before:  # most questions: no two names in a row, and no second pass over the question
            return set()
        written = {w.lower() for w in _WORD.findall(cleaned) if _capitalized(w)}
        rarity = self.lexicon.rarity
        return {t for t in before if words.get(t) in written and rarity(t) < TITLE_RARITY}

    def _parts(self, cleaned: str, opinion: bool = False) -> tuple[Query, ...]:
        """A cleaned question's clauses that ask, and its last, each read alone: those of two
        words or more, when the question has two clauses or more. ``opinion``: the question asks
        ours, which weighs on every part ("What will trade be in 2030? Give us your forecast.")."""
        clauses = [c for c in _CLAUSE.split(cleaned) if c.strip()]
        if len(clauses) < 2:
            return ()
        asking = [c for c in clauses if self.language.asks.search(c)]
        parts = []
        for clause in dict.fromkeys([*asking, clauses[-1]]):
            part = self.read(clause)
            if opinion and not self.language.opinion.search(clause):
                part = replace(part, penalized=part.penalized + OPINION)
            if self._words(part.content) >= 2:
                parts.append(part)
        return tuple(parts)

    def _words(self, content: Iterable[str]) -> int:
        """How many words content terms are: in a segmented language (Chinese), the pieces of a
        word that jieba's search mode also gives are no words of their own (托卡, 卡耶夫 and
        托卡耶夫 are one word)."""
        terms = set(content)
        if not self.language.segmented:
            return len(terms)
        return sum(not any(t != other and t in other for other in terms) for t in terms)

    def of_terms(self, terms: Iterable[str]) -> Query:
        """A query of terms already normalized (another query's), taken as they are: normalizing
        them again could cut them further ("propos" → "propo"). Its names are its years and
        countries (capitals are gone)."""
        terms = list(dict.fromkeys(terms))
        content = [t for t in terms if t not in self._function_words]
        unknown = [t for t in content if t not in self.vocabulary]
        names = frozenset({t for t in content if YEAR.fullmatch(t)} | self.lexicon.country_terms(content))
        return self._weighed(
            names, self._focus(terms) - names, terms, content, unknown, {}, self.language.detail(terms)
        )

    def _focus(self, terms: list[str]) -> frozenset[str]:
        """The attribute asked for, as the language tells it (``Language.focus``)."""
        return self.language.focus(terms)

    def _weighed(
        self,
        names: frozenset[str],
        asked: frozenset[str],
        terms: list[str],
        content: list[str],
        unknown: list[str],
        words: dict[str, str],
        detail: frozenset[str] = frozenset(),
    ) -> Query:
        """The query, with what its unknown terms weigh: a name, the asked attribute or a word of
        the detail asked about 1 in coverage and 2 in the penalty, another word its rarity in both.
        Where the language requires it, a known word of the detail is a name: a passage without
        it does not give the amount asked for ("how much did China invest": "invest")."""
        if detail and self.language.segmented:  # a piece that is no word says nothing, asked or not
            detail = frozenset(w for w in detail if len(w) > 1 and self.lexicon.zipf(w))
        if detail and self.language.requires_detail:
            names = names | {t for t in detail if t in self.vocabulary}
        penalized, uncovered = self._unknown_weights(unknown, names | asked | detail)
        return Query(
            tuple(terms),
            tuple(content),
            tuple(unknown),
            names,
            asked,
            penalized,
            uncovered,
            words,
            self.language.figures(terms),
            self.language.code,
        )

    def _unknown_weights(self, unknown: list[str], named: frozenset[str]) -> tuple[float, float]:
        """What the unknown terms weigh in the penalty and in coverage: one of ``named`` 2 and
        1, another its rarity in both."""
        penalized = uncovered = 0.0
        for word in unknown:
            if word in named or self.lexicon.is_city(word):  # "washington", "тяньцзинь": a name
                uncovered += 1.0
                penalized += 2.0
            else:
                weight = self.lexicon.rarity(word)
                uncovered += weight
                penalized += weight
        return penalized, uncovered

    def _read_chunk(self, chunk: str, shouted: bool = False) -> _Chunk:
        """One chunk's corrected terms, content and unknown terms, names (see ``_names``), and
        its words as written. A word in capitals is an acronym, unless the question is
        ``shouted`` in capitals throughout."""
        if self._respell is not None:
            chunk = self._respell(chunk)
        words = _WORD.findall(chunk)
        written = tuple(w.lower() for w in words)
        tokenized = self.tokenize(chunk)
        read = self._kept(chunk, tokenized)
        acronyms = frozenset(w.lower() for w in words if len(w) > 1 and w.isupper() and not shouted)
        terms, content, unknown = self._correct(read, written if len(written) == len(read) else (), acronyms)
        if len(written) != len(terms):  # normalization split or joined words: show the terms
            written = terms
        found = words if self.language.cased else _BY_SCRIPT.findall(chunk)
        whole = tokenized if len(found) == 1 and found[0] == chunk else None
        return (terms, content, unknown, *_names(found, self.tokenize, whole), written)

    def _kept(self, chunk: str, terms: list[str]) -> list[str]:
        """A chunk's terms, of each word also read joined ("Wi-Fi": "wi fi wifi") the form the
        knowledge has: the joined term without the parts it lacks, or else the parts alone."""
        for parts, whole in self.language.joined(chunk):
            known = self.vocabulary
            dropped = {p for p in parts if p not in known} if whole in known else {whole}
            terms = [t for t in terms if t not in dropped]
        return terms

    def _correct(
        self, terms: list[str], written: tuple[str, ...] = (), acronyms: frozenset[str] = frozenset()
    ) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
        """Fix typos against the vocabulary (each term's word as written, when given, against
        the words the knowledge writes; a word written in capitals, "BRICS", is an acronym and no
        typo): the terms, those that are content words, and those still unknown."""
        known = self.vocabulary
        corrected: list[str] = []
        content: list[str] = []
        unknown: list[str] = []
        for i, word in enumerate(terms):
            as_written = written[i] if written else word
            if as_written not in acronyms and self._may_be_a_typo(word):
                word = self._corrected(word, as_written)
            if word not in self._function_words:
                content.append(word)
                if word not in known:
                    unknown.append(word)
            corrected.append(word)
        return tuple(corrected), tuple(content), tuple(unknown)

    def _corrected(self, term: str, word: str) -> str:
        """The term of the known word closest to ``word`` as written, when it is closer than
        inflections alone make words ("boiling" is no typo of "building"); else the known term
        closest to ``term``."""
        if (swapped := self._transposed(word)) is not None:
            return swapped
        fixed = self._written_speller.correct(word) if self._texts is not None else word
        if fixed != word and difflib.SequenceMatcher(None, word, fixed).ratio() >= WRITTEN_CUTOFF:
            return self._written.get(fixed, fixed)
        return self._speller.correct(term)

    def _transposed(self, word: str) -> str | None:
        """The term of a known word that ``word`` is with two neighbouring letters swapped
        ("tarde": "trade"), which difflib's ratio rates no closer than any other two edits."""
        for i in range(len(word) - 1):
            swapped = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
            if swapped in self._written:
                return self._written[swapped]
            if swapped in self.vocabulary:
                return swapped
        return None

    def _may_be_a_typo(self, word: str) -> bool:
        """An unknown word of letters that general usage does not know ("wondering" is none), and
        that names no place or large city."""
        return (
            self.language.spelled
            and word not in self.vocabulary
            and word not in self._function_words
            and len(word) >= 3
            and word.isalpha()
            and not self.lexicon.zipf(word)
            and not self.lexicon.is_place(word)  # "монголия" is no typo of a word it resembles
            and not self.lexicon.is_city(word)  # nor "lahore" of "labor"
        )
