"""A bounded memo: what a function gave for a key, remembered until the memo is full."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Memo(dict[K, V], Generic[K, V]):
    """``memo[key]`` is ``compute(key)``, computed once and remembered.

    When ``size`` keys are remembered the memo starts afresh: questions repeat their words, so
    the words of the moment come back at once, and no key's age is kept on every look-up (a hit
    is a plain dict look-up). ``clear()`` empties it.
    """

    __slots__ = ("_compute", "_size")

    def __init__(self, compute: Callable[[K], V], size: int) -> None:
        super().__init__()
        self._compute = compute
        self._size = size

    def __missing__(self, key: K) -> V:
        if len(self) >= self._size:
            self.clear()
        value = self[key] = self._compute(key)
        return value
