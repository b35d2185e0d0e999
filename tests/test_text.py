"""Normalization (src/qa/text.py) on its own: a change of stemming or folding shows here by name,
not only as "wrong passage" somewhere else."""

from __future__ import annotations

import pytest

from qa.text import FUNCTION_WORDS, fold, hyphenated, normalize, term, tokens


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ASTANA Astana astana", ["astana"] * 3),  # case
        ("Türkmenistan ﬁnance", ["turkmenistan", "financ"]),  # accents and a ligature
        ("Xi’s speech", ["xi", "speech"]),  # a possessive, with a typographic apostrophe
        ("Centres and programmes", ["center", "and", "program"]),  # British spellings
        ("organised, colour", ["organiz", "color"]),
        ("the Kyrgyz president", ["the", "kyrgyzstan", "presid"]),  # a country adjective
        ("Uzbek and Tajik", ["uzbekistan", "and", "tajikistan"]),
        ("17th June", ["17", "june"]),  # a day: the number, as the passages write dates
        ("the 2nd summit", ["the", "second", "summit"]),  # a rank: the word
        ("94.8bn", ["94.8", "billion"]),
        ("2,000 km", ["2000", "km"]),
        ("co-operation", ["cooper"]),
    ],
)
def test_tokens_fold_spelling_variants_together(text, expected):
    assert tokens(text) == expected


@pytest.mark.parametrize(("a", "b"), [("urged", "urge"), ("countries", "country"), ("signing", "signed")])
def test_stemming_makes_word_forms_meet(a, b):
    assert term(a) == term(b)


def test_stemming_keeps_words_apart_that_only_look_alike():
    assert term("news") == "news" and term("new") != term("news")


@pytest.mark.parametrize("written", ["Wi-Fi", "wi-fi", "WIFI", "wifi", "Wi\u2011Fi"])
def test_a_hyphenated_word_also_reads_joined(written):
    assert "wifi" in tokens(written)


def test_a_hyphenated_word_keeps_its_parts_first():
    assert tokens("free Wi-Fi here") == ["free", "wi", "fi", "wifi", "here"]
    assert tokens("non-aggression") == ["non", "aggress", "nonaggress"]
    assert hyphenated("free Wi-Fi here, e-mail") == [(("wi", "fi"), "wifi"), (("e", "mail"), "email")]


@pytest.mark.parametrize("text", ["China–Central Asia", "China-Kazakhstan trade", "2024-2025", "long-term"])
def test_names_ranges_and_two_whole_words_are_not_joined(text):
    assert hyphenated(text) == []
    assert not any(len(t) > 11 for t in tokens(text))


def test_fold_and_tokens_and_normalize_agree():
    assert fold("The Kyrgyz Centres, Wi-Fi") == "the kyrgyz centres, wi fi wifi"
    assert tokens("The Kyrgyz Centres") == ["the", "kyrgyzstan", "center"]
    assert normalize("The Kyrgyz Centres") == "the kyrgyzstan center"


def test_function_words_hold_both_the_word_and_its_term():
    assert {"the", "what", "please", "wondering"} <= FUNCTION_WORDS
    assert term("wondering") in FUNCTION_WORDS
    assert "treaty" not in FUNCTION_WORDS and term("treaty") not in FUNCTION_WORDS


@pytest.mark.parametrize("word", ["yo", "btw", "asap", "nah", "idk"])
def test_chat_s_markers_carry_no_topic(engine, word):
    """The words of chat ("yo", "asap") say nothing of a topic: a question holding one is penalized
    for none of them, and is answered as it would be without it."""
    question = f"{word} whats the china-central asia spirit"
    assert word not in engine.read(question).unknown
    assert engine.ask(question).passage.id == "spirit-definition"


@pytest.mark.parametrize("written", ["I'm", "I've", "they're", "don't", "isn't", "you're"])
def test_a_contraction_carries_no_topic(engine, written):
    """A contraction loses its apostrophe ("I'm": "im") and stays a function word: it is no
    content term a passage must cover."""
    query = engine.read(f"{written} asking: when was the second summit held")
    assert not set(query.content) & {"im", "ive", "theyr", "dont", "isnt", "your", "youre"}


def test_abbreviations_people_type_are_the_words_they_stand_for():
    assert tokens("china CA trade 2024 in USD bn") == tokens(
        "china central asia trade 2024 in us dollars billion"
    )
    assert tokens("BRI role") == ["bri", "belt", "and", "road", "role"]
    assert tokens("uz and tj") == tokens("uzbekistan and tajikistan")
