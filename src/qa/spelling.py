"""Spelling correction: the known word closest to one the knowledge lacks.

Closeness is difflib's: ``get_close_matches`` with its ratio cutoff. A typo is compared only
with the known words that share its first letter (its first two letters when there are more
than BUCKET of those) and whose length is within two of its own.

difflib checks each candidate in Python, and most fail its cheap bound (``quick_ratio``: the
characters two words share, as multisets). Here that bound is computed for a whole bucket at
once, from a matrix of character counts, and only the words that pass it go to difflib. They
are the words difflib would have kept, so the correction is the one difflib gives: about a
tenth of the time per new typo.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

import numpy as np

BUCKET = 300
"""Above this many known words under a first letter, candidates share the first two letters."""


class _Bucket:
    """The known words under one prefix, with their lengths and character counts."""

    def __init__(self, words: list[str], alphabet: dict[str, int]) -> None:
        self.words = words
        self.lengths = np.array([len(w) for w in words])
        places = [i * len(alphabet) + alphabet[ch] for i, w in enumerate(words) for ch in w]
        self.counts = np.bincount(places, minlength=len(words) * len(alphabet)).reshape(len(words), -1)

    def passing(self, word: str, counts: np.ndarray, cutoff: float) -> list[str]:
        """The words within two letters of ``word``'s length whose ``quick_ratio`` with it
        reaches ``cutoff``; ``counts`` are ``word``'s character counts."""
        shared = np.minimum(self.counts, counts).sum(axis=1)
        length = self.lengths + len(word)
        ratio = 2.0 * shared / length  # difflib's _calculate_ratio, to the same float
        keep = (ratio >= cutoff) & (np.abs(self.lengths - len(word)) <= 2)
        return [self.words[i] for i in np.flatnonzero(keep).tolist()]


class Speller:
    """Corrects words against a vocabulary, and remembers up to ``remembered`` corrections."""

    def __init__(self, vocabulary: Iterable[str], *, remembered: int = 10_000) -> None:
        words = sorted(vocabulary)
        self._prefixes: dict[str, list[str]] = {}
        for word in words:
            self._prefixes.setdefault(word[:1], []).append(word)
            self._prefixes.setdefault(word[:2], []).append(word)
        self._alphabet = {ch: i for i, ch in enumerate(sorted(set("".join(words))))}
        self._buckets: dict[str, _Bucket] = {}
        self._remembered = remembered
        self._spelled_as: dict[str, str] = {}

    def __len__(self) -> int:
        """How many corrections are remembered."""
        return len(self._spelled_as)

    def correct(self, word: str) -> str:
        """The known word closest to ``word`` (remembered), or ``word`` when none is close."""
        spelled = self._spelled_as.get(word)
        if spelled is None:
            spelled = self._closest(word)
            if len(self._spelled_as) >= self._remembered:
                self._spelled_as.clear()
            self._spelled_as[word] = spelled
        return spelled

    def _closest(self, word: str) -> str:
        prefix = word[:1]
        if len(self._prefixes.get(prefix, ())) > BUCKET:
            prefix = word[:2]
        words = self._prefixes.get(prefix)
        if not words:
            return word
        bucket = self._buckets.get(prefix)
        if bucket is None:
            bucket = self._buckets[prefix] = _Bucket(words, self._alphabet)
        # A character no known word has is shared with none: it only adds to the length.
        alphabet = self._alphabet
        counts = np.bincount([alphabet[ch] for ch in word if ch in alphabet], minlength=len(alphabet))
        cutoff = 0.8 if len(word) > 3 else 0.85
        candidates = [
            w
            for w in bucket.passing(word, counts, cutoff)
            if word != w + "th"  # "fourth" is no typo of "four"
        ]
        close = difflib.get_close_matches(word, candidates, n=1, cutoff=cutoff)
        return close[0] if close else word
