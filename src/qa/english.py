"""English, as ``qa.text`` reads it, and how an English follow-up reads."""

from __future__ import annotations

import re
from collections.abc import Sequence

from . import languages
from .languages import Language
from .text import FUNCTION_WORDS, hyphenated, tokens

_ASKING = frozenset({"what", "which", "who"})
_ASKING_WORDS = _ASKING | {"how"}
_BEING = frozenset({"is", "was", "are", "were"})
_CLASSIFIERS = frozenset({"kind", "type", "sort", "part", "some", "any", "all", "one", "rest"})
"""Words before "of" that classify, not ask ("what kind of relations")."""


def focus(terms: Sequence[str]) -> frozenset[str]:
    """The attribute a question asks for, which the answer must hold: the word after "how"
    ("how long", "how old") or "who" ("who won", "who designed"), the head before "of" in
    "what is the X of" ("the population of", "the prime minister of"), and X in "what was the X
    like" ("the weather"). Normalized terms in,
    terms out; "how much" and "how many" ask for an amount of whatever follows, and give no
    focus of their own.
    """
    if _ASKING_WORDS.isdisjoint(terms):  # most questions: no "how", "who", "what" or "which"
        return frozenset()
    words = list(terms)
    found = {_asked(words, i) for i, word in enumerate(words[:-1]) if word in _ASKING_WORDS}
    return frozenset(found - {None})  # type: ignore[arg-type]


_AMOUNT = frozenset({"much", "mani"})
_FUTURE = frozenset({"will", "would", "can", "could", "is", "are", "shall"})

_AUXILIARIES = frozenset(
    _BEING | {"will", "would", "doe", "do", "did", "can", "could", "has", "have", "had", "be"}
)


def detail(terms: Sequence[str]) -> frozenset[str]:
    """What an amount or a time to come is asked about, which the knowledge must know of for
    the question to be answerable: the head of "how much (gas)", "how many (staff)", and every
    word after "how much will", "how many did" or "when will" ("the plant cost", "the railway be
    finished"). Unlike ``focus`` it asks nothing of an answer: it only makes a word no passage
    holds count in full, as a name does. (A past time is not asked about this way: "when did
    the festival begin" is answered by "began", a form the knowledge may lack.)
    """
    if "how" not in terms and "when" not in terms:
        return frozenset()
    words = list(terms)
    return frozenset(
        t for i in range(len(words) - 1) for t in _detailed(words[i], words[i + 1], words[i + 2 :])
    )


def _detailed(word: str, after: str, rest: list[str]) -> list[str]:
    """The words of ``rest`` that ``word after`` asks about ("when will", "how much"), if it asks."""
    if word == "when" and after in _FUTURE:  # "when will …": every word that follows
        return _content(rest)
    if word != "how" or after not in _AMOUNT or not rest:
        return []
    if rest[0] in _AUXILIARIES:  # "how much will …": every word that follows
        return _content(rest)
    return _content(rest[:1])  # "how many staff", "how much gas": the head, unless a function word


_FIGURE_ASKING = frozenset({"how", "what", "which"})
"""The words that start a question asking for a figure ("how many", "what time", "which hour")."""


_EACH = frozenset({"each", "per", "everi"})
_SPLIT = frozenset({"split", "divid", "share", "breakdown"})
_AMONG = frozenset({"between", "among", "amongst"})
_COUNTRY = frozenset({"countri", "nation", "state", "member"})
_EACH_REACH = 3
"""How many terms after "each" its country may come ("each central asian country")."""


def _breakdown(terms: Sequence[str], pairs: set[tuple[str, str]]) -> bool:
    """Whether the question (one asking how, what or which) asks for a breakdown by country:
    "how much goes to each country", "how is it split between the five", "what breakdown"."""
    if "breakdown" in terms:
        return True
    each = [i for i, t in enumerate(terms) if t in _EACH]  # "each (central asian) country"
    if any(_COUNTRY.intersection(terms[i + 1 : i + 1 + _EACH_REACH]) for i in each):
        return True
    return any(a in _SPLIT and b in _AMONG for a, b in pairs)


_EXACT = frozenset({"exact", "precis", "specif", "local"})


def _exact_time(terms: Sequence[str]) -> bool:
    """Whether the question asks "what exact time" or "which precise hour"."""
    return any(
        a in ("what", "which") and b in _EXACT and c in ("time", "hour")
        for a, b, c in zip(terms, terms[1:], terms[2:], strict=False)
    )


def figures(terms: Sequence[str]) -> frozenset[str]:
    """The kinds of figure the question asks for: an amount ("how much", "how many"), a time
    of day ("what time", "at what hour"), a breakdown by country ("each country"). An answer
    must state them."""
    if _FIGURE_ASKING.isdisjoint(terms):  # most questions: no "how", "what" or "which"
        return frozenset()
    pairs = set(zip(terms, terms[1:], strict=False))
    asked = {"breakdown"} if _breakdown(terms, pairs) else set()
    if ("how", "much") in pairs or ("how", "mani") in pairs:
        asked.add("amount")
    if (
        ("what", "time") in pairs
        or ("what", "hour") in pairs
        or ("which", "hour") in pairs
        or _exact_time(terms)
    ):
        asked.add("clock")
    return frozenset(asked)


_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
_NO_AMOUNT = re.compile(
    rf"\b(?:1[89]|20)\d\d(?:s)?\b|\b\d{{1,2}}(?:st|nd|rd|th)? (?:{_MONTHS})\b|\b(?:{_MONTHS}) \d{{1,2}}\b",
    re.IGNORECASE,
)
"""Numbers that are no amount: years and the days of dates."""
_AMOUNT_WORDS = re.compile(
    r"(?=[\dtfsenhmbd])\b(?:\d[\d,.]*|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|"
    r"thirty|forty|fifty|hundred|thousand|million|billion|trillion|dozen|half|twice)\b",
    re.IGNORECASE,
)
"""A number in figures or in words ("one" is left out: "one of the …" states no amount). It starts
with a digit or one of its words' first letters, which the search skips to (the lookahead)."""


_CLOCK = re.compile(
    r"(?=[\domaen])(?:\b\d{1,2}[:.]\d{2}\b|\b\d{1,2} ?(?:a\.?m\.?|p\.?m\.?)(?!\w)|\bo'clock\b"
    r"|\b(?:morning|afternoon|evening|noon|midnight)\b)",
    re.IGNORECASE,
)
"""A time of day: "10:30", "3 pm", "in the afternoon" (the lookahead: what each starts with)."""


def stated(text: str) -> frozenset[str]:
    """The kinds of figure ``text`` states: an amount (a number that is no year or date), a
    time of day."""
    # Taking out years and dates makes no number (each is a whole word): a text without one
    # before has none after, and most texts have none.
    amount = (
        _AMOUNT_WORDS.search(text) is not None and _AMOUNT_WORDS.search(_NO_AMOUNT.sub(" ", text)) is not None
    )
    breakdown = len({m.lower() for m in _CENTRAL_ASIAN.findall(text)}) >= BREAKDOWN
    return languages.stated(amount=amount, clock=_CLOCK.search(text) is not None, breakdown=breakdown)


BREAKDOWN = 3
"""How many of the five Central Asian countries a text names to state a breakdown by country."""
_CENTRAL_ASIAN = re.compile(r"\b(kazakh|kyrgyz|tajik|turkmen|uzbek)", re.IGNORECASE)
"""The start of a Central Asian country's name or adjective ("Kazakhstan", "Kazakh")."""


def _content(terms: list[str]) -> list[str]:
    return [t for t in terms if t not in FUNCTION_WORDS]


def _asked(terms: list[str], i: int) -> str | None:
    """The attribute asked by the asking word at ``terms[i]``, if any."""
    word, after = terms[i], terms[i + 1]
    if word in ("how", "who") and after not in FUNCTION_WORDS:
        return after  # "how long", "who won": the measure, or the deed of the one asked for
    if word not in _ASKING:
        return None
    j = i + 1 + (after in _BEING)  # what (is|was) the X [Y] of, what (is|was) the X like
    if j >= len(terms) or terms[j] != "the":
        return None
    return _head(terms, j)


def _head(terms: list[str], j: int) -> str | None:
    """The X of "the X like" or the head of "the X [Y] of", "the" being ``terms[j]``."""
    if j + 2 < len(terms) and terms[j + 2] == "like" and terms[j + 1] not in FUNCTION_WORDS:
        return terms[j + 1]
    for k in (j + 2, j + 3):
        if k < len(terms) and terms[k] == "of":
            head = terms[k - 1]
            return None if head in FUNCTION_WORDS or head in _CLASSIFIERS else head
    return None


LANGUAGE = Language(
    code="en",
    name="English",
    module=__name__,
    tokens=tokens,
    function_words=FUNCTION_WORDS,
    follow_up=re.compile(r"^\s*(?:and|also|what about|how about|what of|same for|then|so)\b", re.IGNORECASE),
    pronouns=frozenset("it its they them their that this he him she his her there those these one".split()),
    focus=focus,
    detail=detail,
    requires_detail=True,
    asks=re.compile(
        r"\?|\b(?:what|whats|who|whom|whose|how|when|where|which|why|did|does|is|are|was|were|can|could)\b",
        re.IGNORECASE,
    ),
    figures=figures,
    stated=stated,
    joined=hyphenated,
    back_then=re.compile(r"\b(?:back then|at the time|at that time|that time|that year|by then)\b", re.I),
    framing=re.compile(
        r"^\s*(?:fact[- ]?check(?:ing)?|quick check|sanity check|true or false)\s*[:,\-–—]?"
        r"|^\s*(?:is it true|is it correct|is it right)(?: that)?\b"
        r"|\b(?:our|my|the|a) (?:draft|piece|story|copy|script|factbox|wire|headline|notes?)"
        r" (?:says|said|has|had|states|claims|reads|puts it)(?: that)?\b"
        r"|\b(?:a |my |our )?(?:colleague|editor|desk|source|reader)s?"
        r" (?:says|said|insists|claims|thinks)(?: that)?\b"
        r"|[,.;:\s\-–—]*\b(?:is (?:that|this|it) (?:right|true|correct|accurate|so)"
        r"|(?:right|correct|true|accurate)\s*\?|true or false|or not)\s*[?.!]*\s*$"
        r"|[,;\s\-–—]*\b(?:we|i) need (?:it|this|that|them) for (?:the |a |my |our )?\w+\s*[?.!]*\s*$"
        r"|\bfor (?:a|an|my|our|the) (?:factbox|piece|story|draft|essay|report|homework|assignment"
        r"|briefing|background|explainer|thesis|dissertation|presentation|newsletter|podcast|blog post"
        r"|class|course|seminar|lecture)\b",
        re.IGNORECASE,
    ),
    opinion=re.compile(  # the lookahead: the search skips to the letters these start with
        r"(?=[dwypfg])(?:\b(?:do|would|don't) you (?:think|believe|reckon|feel)\b|\bwhat do you think\b"
        r"|\byour (?:own |personal |honest )?(?:opinion|view|take|prediction|forecast|guess)\b"
        r"|\byou personally\b|^(?:please )?(?:predict|forecast|guess)\b)",
        re.I,
    ),
)
