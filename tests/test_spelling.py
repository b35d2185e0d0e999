"""The speller corrects exactly as difflib does over the same candidates, only faster."""

from __future__ import annotations

import difflib
import random
import string

import pytest

from qa.spelling import BUCKET, Speller


def by_difflib(word: str, vocabulary: list[str]) -> str:
    """The rule, checked candidate by candidate in difflib."""
    bucket = [w for w in vocabulary if w[:1] == word[:1]]
    if len(bucket) > BUCKET:
        bucket = [w for w in vocabulary if w[:2] == word[:2]]
    candidates = [w for w in bucket if abs(len(w) - len(word)) <= 2 and word != w + "th"]
    close = difflib.get_close_matches(word, candidates, n=1, cutoff=0.8 if len(word) > 3 else 0.85)
    return close[0] if close else word


def typos(vocabulary: list[str], n: int, seed: int) -> list[str]:
    """Words with one or two slips each: a letter dropped, doubled, swapped or replaced (with
    accented letters and letters no known word has among the replacements)."""
    rng = random.Random(seed)
    letters = string.ascii_lowercase + "éüøßж"
    made = []
    for _ in range(n):
        word = list(rng.choice(vocabulary))
        for _ in range(rng.choice((1, 1, 2))):
            i = rng.randrange(len(word))
            slip = rng.randrange(4)
            if slip == 0 and len(word) > 1:
                del word[i]
            elif slip == 1:
                word.insert(i, word[i])
            elif slip == 2 and i + 1 < len(word):
                word[i], word[i + 1] = word[i + 1], word[i]
            else:
                word[i] = rng.choice(letters)
        made.append("".join(word))
    return made


def test_corrects_as_difflib_does(engine):
    vocabulary = sorted(engine.index_.vocabulary_)
    speller = Speller(vocabulary)
    words = typos(vocabulary, 1500, seed=1) + ["fourth", "zzzz", "éclat", "a", "kazakstan"]
    corrected = [speller.correct(w) for w in words]
    assert corrected == [by_difflib(w, vocabulary) for w in words]
    assert sum(c != w for c, w in zip(corrected, words, strict=True)) > 500  # many were fixed
    assert sum(c == w for c, w in zip(corrected, words, strict=True)) > 100  # and many were not


def test_a_large_vocabulary_compares_the_first_two_letters():
    rng = random.Random(2)
    vocabulary = sorted(
        {"s" + "".join(rng.choices(string.ascii_lowercase, k=rng.randint(3, 9))) for _ in range(900)}
    )
    vocabulary += ["treaty", "trade"]
    speller = Speller(vocabulary)
    words = typos(vocabulary, 800, seed=3)
    assert [speller.correct(w) for w in words] == [by_difflib(w, vocabulary) for w in words]


@pytest.mark.parametrize("limit", [1, 3])
def test_remembers_a_bounded_number_of_corrections(limit):
    speller = Speller(["summit", "treaty", "trade"], remembered=limit)
    for word in ["sumit", "traety", "trdae", "summmit", "treatyy"]:
        speller.correct(word)
        assert 0 < len(speller) <= limit
    assert speller.correct("sumit") == "summit" and speller.correct("xyz") == "xyz"


def test_the_rule_s_limits_hold():
    speller = Speller(["four", "internationalization", "summit"])
    assert speller.correct("fourth") == "fourth"  # no typo of "four"
    assert speller.correct("internationalizat") == "internationalizat"  # three letters short
    assert speller.correct("internationalizaton") == "internationalization"
    assert speller.correct("ummit") == "ummit"  # a slip in the first letter is not corrected
    assert speller.correct("") == "" and speller.correct("\U0010ffffab") == "\U0010ffffab"


def test_the_words_under_a_prefix_are_found_whatever_the_characters():
    vocabulary = ["zebra", "zeta", "\U0010ffffzz", "éclair", "éclat", "ßtraße"]
    speller = Speller(vocabulary)
    for word in ["zebar", "éclar", "ßtrase", "\U0010ffffzy"]:
        assert speller.correct(word) == by_difflib(word, sorted(vocabulary)), word
