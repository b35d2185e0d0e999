"""The languages questions are read in, and how a question's language is told.

A language is told from the question's own script: Cyrillic is Russian, Han is Chinese, Latin is
English; mixed input goes by its majority of letters. Input without letters ("2024?") leaves it
open: the caller's hint decides (a Discord user's locale), else English.

Each language brings its analysis (how text becomes terms), its function words, and how a
follow-up reads. English's is ``qa.text``; Russian's ``qa.russian`` (Snowball's Russian stemmer);
Chinese's ``qa.chinese`` (jieba's segmenter). The Russian and Chinese modules load their stemmer
or segmenter when first used: English-only use pays nothing for them.
"""

from __future__ import annotations

import functools
import importlib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

DEFAULT = "en"
CODES = ("en", "ru", "zh")


_NEVER = re.compile(r"(?!)")
"""A pattern that matches nothing: a language without the words a pattern looks for."""


def _nothing(terms: Sequence[str]) -> frozenset[str]:
    return frozenset()


def stated(**kinds: bool) -> frozenset[str]:
    """The kinds of figure (``FIGURES``) a text states, from whether it states each one."""
    return frozenset(kind for kind, states in kinds.items() if states)


FIGURES = ("amount", "clock", "breakdown")
"""The kinds of figure a question can ask for, which its answer must state: an amount ("how many"),
a time of day ("what time"), and a breakdown by country ("how much goes to each country": an
answer naming three Central Asian countries or more)."""


@dataclass(frozen=True)
class Language:
    """What reading questions in one language needs.

    tokens: text → normalized terms (passages and questions alike).
    function_words: terms that carry no topic, as written and as normalized.
    follow_up: the start (or end) of a question that reads as a follow-up ("and …?", "а …?", "…呢").
    pronouns: words that point back at the previous answer.
    focus: the attribute a question asks for, which an answer must hold ("how long", "who heads":
        see ``qa.english.focus``), from its normalized terms.
    detail: what an amount or a time to come is asked about ("how much gas", "when will the
        railway be finished"): a term of it that no passage holds weighs as a name does.
    requires_detail: whether an answer must hold the known words of ``detail``, as it must hold
        a name (English, whose detail is the head of "how many X" or the words after "how much
        will"; not Russian or Chinese, whose detail is every content word of the question).
    asks: a clause that asks (a question mark or a question word: "what", "сколько", "多少"): a
        long question is also read by its clauses that ask (``qa.reading.LONG``).
    figures: the kinds of figure (``FIGURES``) a question asks for, from its normalized terms: an
        amount ("how many", "сколько", "多少"), a time of day ("what time", "во сколько", "几点"),
        a breakdown by country ("each country", "split between the five"). An answer must state them.
    stated: the kinds of figure a text states: an amount (a number that is no year, date or
        rank), a time of day ("at 10:30", "in the afternoon"), a breakdown by country.
    places: the names of places (beyond CLDR's countries and regions, which every language has)
        that the language's own dictionary knows; those not in everyday use weigh as names do
        (Chinese, which has no capitals to tell a name: jieba's place words, 天津, 杭州).
    spelled: whether typos are corrected against the knowledge's words (not for Chinese).
    cased: whether a capital marks a name (not in Chinese).
    segmented: whether words are made by a segmenter (Chinese): an unknown piece that general
        usage does not know as a word is an artifact of segmenting, and says nothing.
    opinion: the words that ask the bot's own opinion ("do you think", "по-твоему", "你觉得"): the
        knowledge states facts and what its sources say, no opinion of ours, so such a question
        weighs as if it named two things the knowledge lacks (``qa.reading.OPINION``).
    back_then: words that point back at the time of the previous answer ("back then", "в тот раз",
        "那次"): a follow-up holding them is asked in that answer's year.
    framing: the words that frame a claim to check ("our draft says …, is that right?", "fact
        check: …", "…, correct?"): they ask whether what they frame is so, and are not read (the
        claim is), so a fact-checker's question weighs as the claim alone would.
    joined: the words of a text its analysis also reads joined, each as its parts' terms and the
        joined term (English: "Wi-Fi" → (("wi", "fi"), "wifi")); a reader keeps the form the
        knowledge uses.
    """

    code: str
    name: str
    module: str
    tokens: Callable[[str], list[str]] = field(compare=False, repr=False)
    function_words: frozenset[str] = field(compare=False, repr=False)
    follow_up: re.Pattern[str] = field(compare=False, repr=False)
    pronouns: frozenset[str] = field(compare=False, repr=False)
    focus: Callable[[Sequence[str]], frozenset[str]] = field(default=_nothing, compare=False)
    detail: Callable[[Sequence[str]], frozenset[str]] = field(default=_nothing, compare=False)
    requires_detail: bool = False
    asks: re.Pattern[str] = field(default=re.compile(r"[?？]"), compare=False, repr=False)
    figures: Callable[[Sequence[str]], frozenset[str]] = field(default=_nothing, compare=False)
    stated: Callable[[str], frozenset[str]] = field(default=_nothing, compare=False)
    places: Callable[[], Iterable[str]] = field(default=lambda: (), compare=False, repr=False)
    spelled: bool = True
    cased: bool = True
    segmented: bool = False
    joined: Callable[[str], list[tuple[tuple[str, ...], str]]] = field(default=lambda text: [], compare=False)
    opinion: re.Pattern[str] = field(default=_NEVER, compare=False, repr=False)
    framing: re.Pattern[str] = field(default=_NEVER, compare=False, repr=False)
    back_then: re.Pattern[str] = field(default=_NEVER, compare=False, repr=False)


@functools.cache
def get(code: str) -> Language:
    """The language of a code of ``CODES`` (its analysis module is imported now)."""
    if code not in CODES:
        raise ValueError(f"unknown language {code!r} (expected one of {', '.join(CODES)})")
    module: object = importlib.import_module(f"qa.{_MODULES[code]}")
    return module.LANGUAGE  # type: ignore[attr-defined,no-any-return]


_MODULES = {"en": "english", "ru": "russian", "zh": "chinese"}


_SCRIPTS = {
    "ru": re.compile(r"[\u0400-\u052f]+"),
    "zh": re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff]+"),
    "en": re.compile(r"[A-Za-z\u00aa\u00b5\u00ba\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff]+"),
}
"""Each language's runs of letters: Cyrillic; Han; the Latin letters (those below U+0250, and Latin
Extended Additional)."""


def detect(text: str, hint: str | None = None) -> str:
    """The language of ``text`` by its script's majority of letters (Latin and Cyrillic together:
    by whose function words it holds more); ``hint`` (or English) when it has no letters of these
    scripts. Ties go to the non-Latin script."""
    if text.isascii():  # the common case, told in C: English, or no letters at all
        return DEFAULT if _SCRIPTS["en"].search(text) or hint not in CODES else hint
    counts = _letters(text)
    if not any(counts.values()):
        return hint if hint in CODES else DEFAULT
    if by_grammar := _of_two_scripts(text, counts):
        return by_grammar
    # Han characters are words or syllables, not letters: one weighs about as much as two.
    weighed = {"en": counts["en"], "ru": counts["ru"], "zh": counts["zh"] * 2}
    return max(("ru", "zh", "en"), key=lambda code: weighed[code])


def _of_two_scripts(text: str, counts: dict[str, int]) -> str | None:
    """The language of a question in Latin letters and one other script, by its grammar (Latin
    and Cyrillic: the script's majority on a tie); None for any other question, or a tie."""
    if counts["en"] and counts["ru"] and not counts["zh"]:
        return _by_grammar(text) or ("ru" if counts["ru"] >= counts["en"] else "en")
    if counts["en"] and counts["zh"] and not counts["ru"]:
        return _chinese_or_english(text)
    return None


def _letters(text: str) -> dict[str, int]:
    """How many letters of ``text`` each language's script holds."""
    return {code: sum(map(len, letters.findall(text))) for code, letters in _SCRIPTS.items()}


_LATIN_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")


def other_reading(text: str, code: str) -> str | None:
    """For a question in Latin letters and Han characters together, the language it was not read
    in (English or Chinese); None for any other question."""
    if code not in ("en", "zh") or text.isascii() or not _SCRIPTS["zh"].search(text):
        return None
    if not _SCRIPTS["en"].search(text) or _SCRIPTS["ru"].search(text):
        return None
    return "zh" if code == "en" else "en"


_CHINESE_GRAMMAR = re.compile(r"[是的了吗呢哪谁啥么吧呀啊在有和]")
"""Characters of Chinese grammar (particles, the copula, question words) rather than of names."""


def _chinese_or_english(text: str) -> str | None:
    """Chinese or English, for a question in both scripts, by whose grammar it holds more: English
    function words against Chinese particles and question words ("China-Central Asia Spirit
    是哪年提出的" is Chinese; "what does 永久 mean" English). None on a tie."""
    en = _english_grammar(text.lower())
    zh = len(_CHINESE_GRAMMAR.findall(text))
    return None if en == zh else ("zh" if zh > en else "en")


def _english_grammar(lowered: str) -> int:
    """How many of a lowercased text's Latin words are English function words."""
    english = get("en").function_words
    return sum(w in english for w in _LATIN_WORD.findall(lowered))


def _by_grammar(text: str) -> str | None:
    """Russian or English, for a question in both scripts, by whose function words it holds
    more: a name or a term in the other script ("Belt and Road тут при чем", "Xi с Mirziyoyev")
    leaves the grammar in the asker's own. None on a tie."""
    text = text.lower()
    russian = get("ru").function_words
    ru = sum(w in russian for w in _SCRIPTS["ru"].findall(text))
    en = _english_grammar(text)
    return None if ru == en else ("ru" if ru > en else "en")
