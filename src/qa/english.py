"""English, as ``qa.text`` reads it, and how an English follow-up reads."""

from __future__ import annotations

import re
from collections.abc import Sequence

from .languages import Language
from .text import FUNCTION_WORDS, hyphenated, tokens

_ASKING = frozenset({"what", "which", "who"})
_ASKING_WORDS = _ASKING | {"how"}
_BEING = frozenset({"is", "was", "are", "were"})
_CLASSIFIERS = frozenset({"kind", "type", "sort", "part", "some", "any", "all", "one", "rest"})
"""Words before "of" that classify, not ask ("what kind of relations")."""


def focus(terms: Sequence[str]) -> frozenset[str]:
    """The attribute a question asks for, which the answer must hold: the word after "how"
    ("how long", "how old") or "who" ("who won", "who designed"), and the head before "of" in
    "what is the X of" ("the population of", "the prime minister of"). Normalized terms in,
    terms out; "how much" and "how many" ask for an amount of whatever follows, and give no
    focus of their own.
    """
    if _ASKING_WORDS.isdisjoint(terms):  # most questions: no "how", "who", "what" or "which"
        return frozenset()
    words = list(terms)
    found = {_asked(words, i) for i, word in enumerate(words[:-1]) if word in _ASKING_WORDS}
    return frozenset(found - {None})  # type: ignore[arg-type]


def _asked(terms: list[str], i: int) -> str | None:
    """The attribute asked by the asking word at ``terms[i]``, if any."""
    word, after = terms[i], terms[i + 1]
    if word in ("how", "who") and after not in FUNCTION_WORDS:
        return after  # "how long", "who won": the measure, or the deed of the one asked for
    if word not in _ASKING:
        return None
    j = i + 1 + (after in _BEING)  # what (is|was) the X [Y] of
    if j >= len(terms) or terms[j] != "the":
        return None
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
    joined=hyphenated,
)
