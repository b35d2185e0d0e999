"""Spelling correction: the known word closest to one the knowledge lacks.

Closeness is difflib's: ``get_close_matches`` with its ratio cutoff. A typo is compared only
with the known words that share its first letter (its first two letters when there are more
than BUCKET of those) and whose length is within two of its own.

difflib checks each candidate in Python, and most fail its cheap bound (``quick_ratio``: the
characters two words share, as multisets). Here that bound is computed for a whole bucket at
once, from a matrix of character counts, and only the words that pass it go to difflib. They
are the words difflib would have kept, so the correction is the one difflib gives, in about a
third of the time.
"""

from __future__ import annotations

import bisect
import difflib
import functools
from collections.abc import Iterable

import numpy as np

BUCKET = 300
"""Above this many known words under a first letter, candidates share the first two letters."""


class Speller:
    """Corrects words against a vocabulary, and remembers the last ``remembered`` corrections."""

    def __init__(self, vocabulary: Iterable[str], *, remembered: int = 10_000) -> None:
        self._words = sorted(vocabulary)  # the words under a prefix lie side by side
        self._lengths = np.array([len(w) for w in self._words], dtype=np.int64)
        # Each word's count of each character (one row a word), made in one pass of NumPy.
        codes = np.frombuffer("".join(self._words).encode("utf-32-le"), dtype=np.uint32)
        characters, places = np.unique(codes, return_inverse=True)
        owners = np.repeat(np.arange(len(self._words)), self._lengths)
        self._counts = np.bincount(
            owners * len(characters) + places, minlength=len(self._words) * len(characters)
        ).reshape(len(self._words), len(characters))
        self._alphabet = {chr(code): i for i, code in enumerate(characters.tolist())}
        self._correct = functools.lru_cache(maxsize=remembered)(self._closest)

    def __len__(self) -> int:
        """How many corrections are remembered."""
        return self._correct.cache_info().currsize

    def correct(self, word: str) -> str:
        """The known word closest to ``word`` (remembered), or ``word`` when none is close."""
        return self._correct(word)

    def forget(self) -> None:
        """Empty the remembered corrections."""
        self._correct.cache_clear()

    def _under(self, prefix: str) -> tuple[int, int]:
        """Where the words that start with ``prefix`` lie in the sorted vocabulary."""
        words = self._words
        if ord(prefix[-1]) == 0x10FFFF:  # the last character there is: nothing sorts past it
            return bisect.bisect_left(words, prefix), len(words)
        following = prefix[:-1] + chr(ord(prefix[-1]) + 1)  # the first string past the prefix
        return bisect.bisect_left(words, prefix), bisect.bisect_left(words, following)

    def _closest(self, word: str) -> str:
        if not word:
            return word
        first, last = self._under(word[:1])
        if last - first > BUCKET:
            first, last = self._under(word[:2])
        if first == last:
            return word
        cutoff = 0.8 if len(word) > 3 else 0.85
        # difflib's quick_ratio for each word of the bucket at once: 2 × shared characters / lengths.
        alphabet = self._alphabet  # a character no known word has is shared with none
        counts = np.bincount([alphabet[ch] for ch in word if ch in alphabet], minlength=len(alphabet))
        lengths = self._lengths[first:last]
        shared = np.minimum(self._counts[first:last], counts).sum(axis=1)
        ratio = 2.0 * shared / (lengths + len(word))  # difflib's _calculate_ratio, to the same float
        passing = (ratio >= cutoff) & (np.abs(lengths - len(word)) <= 2)
        candidates = [
            self._words[first + i]
            for i in np.flatnonzero(passing).tolist()
            if word != self._words[first + i] + "th"  # "fourth" is no typo of "four"
        ]
        close = difflib.get_close_matches(word, candidates, n=1, cutoff=cutoff)
        return close[0] if close else word
