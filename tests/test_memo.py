"""The bounded memo, and the index's public way of emptying what it remembers."""

from __future__ import annotations

import qa
from qa.memo import Memo
from qa.space import _word_grams


def test_a_memo_computes_each_key_once_and_starts_afresh_when_full():
    calls: list[str] = []

    def shout(word: str) -> str:
        calls.append(word)
        return word.upper()

    memo: Memo[str, str] = Memo(shout, 3)
    assert [memo["a"], memo["b"], memo["a"]] == ["A", "B", "A"]
    assert calls == ["a", "b"]  # "a" the second time was remembered
    memo["c"]
    memo["d"]  # the fourth key: the memo was full, and started afresh
    assert len(memo) == 1 and "d" in memo
    memo["a"]
    assert calls == ["a", "b", "c", "d", "a"]
    memo.clear()
    assert len(memo) == 0


def test_forget_empties_what_the_index_remembers(tiny):
    """The engine's forget() empties its indexes' memories too (the benchmark relies on it)."""
    engine = qa.load(tiny)
    before = engine.rank("capital of kazakhstan")
    index = engine.index_
    assert len(index.encoder.tokens) and len(_word_grams)
    engine.forget()
    assert not len(index.encoder.tokens) and not len(_word_grams)
    assert engine.rank("capital of kazakhstan") == before  # and answers alike afterwards
