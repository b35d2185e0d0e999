"""The bounded memo, and the index's public way of emptying what it remembers."""

from __future__ import annotations

import qa
from qa.memo import Memo
from qa.reading import Reader
from qa.space import Encoder, _word_grams


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


def test_a_forgotten_engine_reads_encodes_and_retypes_again(tiny, monkeypatch):
    """A question asked again is neither read, encoded nor retyped again, in any language; after
    forget() it is, and answers alike."""
    calls: list[str] = []

    def counted(name: str, method):
        def call(self, key):
            calls.append(name)
            return method(self, key)

        return call

    monkeypatch.setattr(Reader, "_read", counted("read", Reader._read))
    monkeypatch.setattr(Encoder, "_vector", counted("vector", Encoder._vector))
    monkeypatch.setattr(qa.Engine, "_retype", counted("retype", qa.Engine._retype))
    engine = qa.load(tiny)
    questions = ["capital of kazakhstan", "столица казахстана", "ult cnjkbwf rfpf[cnfyf"]
    first = [engine.ask(q) for q in questions]
    once = sorted(calls)
    assert {"read", "vector", "retype"} <= set(once)
    assert [engine.ask(q) for q in questions] == first
    assert sorted(calls) == once  # asked again: nothing computed again
    engine.forget()
    assert [engine.ask(q) for q in questions] == first
    assert sorted(calls) == sorted(once + once)  # forgotten: each computed once more
