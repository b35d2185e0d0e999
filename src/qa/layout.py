"""A Russian question typed with the keyboard left in the Latin layout ("ult ghj[jlbk cfvvbn" for
"где проходил саммит"): each run of Latin keys read as the Cyrillic letters on the same keys.

The standard Russian layout (ЙЦУКЕН) puts a Cyrillic letter on every Latin letter key and on six
punctuation keys ([ ] ; ' , . and `), so a word typed in the wrong layout can hold punctuation.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_LATIN = "qwertyuiop[]asdfghjkl;'zxcvbnm,.`"
_CYRILLIC = "йцукенгшщзхъфывапролджэячсмитьбюё"
_KEYS = str.maketrans(
    _LATIN + _LATIN.upper().replace("[]", "{}").replace(";'", ':"').replace(",.", "<>").replace("`", "~"),
    _CYRILLIC + _CYRILLIC.upper(),
)
RUN = re.compile(r"[A-Za-z\[\]{};:'\",.<>`~]*[A-Za-z][A-Za-z\[\]{};:'\",.<>`~]*")
"""A run of Latin keys: letters, and the punctuation keys that hold Russian letters."""
SHORTEST = 3
"""Keys a run needs to count towards telling the layout (one or two keys are too often both)."""


def cyrillic(run: str) -> str:
    """What ``run`` types in the Russian layout."""
    return run.translate(_KEYS)


def retyped(text: str, is_russian: Callable[[str], bool]) -> str | None:
    """``text`` with its runs of Latin keys in Cyrillic, when most of its runs of ``SHORTEST``
    keys or more are Russian words so read (``is_russian``, of a word); None when they are not.
    A run's closing punctuation stays punctuation when the run reads as a word without it."""
    runs = RUN.findall(text)
    long = [r for r in runs if len(r) >= SHORTEST]
    if not long:
        return None
    read = {r: _word(r, is_russian) for r in dict.fromkeys(runs)}
    if 2 * sum(read[r] is not None for r in long) <= len(long):
        return None
    return RUN.sub(lambda m: read.get(m.group()) or m.group(), text)


def _word(run: str, is_russian: Callable[[str], bool]) -> str | None:
    """The Russian word ``run`` types (its closing punctuation kept as such if that reads better)."""
    whole = cyrillic(run)
    if is_russian(whole):
        return whole
    stripped = run.rstrip(",.;:'\"")
    if stripped != run and stripped and is_russian(cyrillic(stripped)):
        return cyrillic(stripped) + run[len(stripped) :]
    return None
