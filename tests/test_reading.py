"""Reading a question into a Query: terms, names, focus, what unknown words weigh."""

from __future__ import annotations

import pytest

import qa
from qa.reading import MAX_QUESTION, clean


def test_a_query_keeps_the_questions_words_for_people(engine):
    query = engine.read("Where were the cooperation centres announced?")
    assert "centr" in query.content or "center" in query.content  # stems, as searched
    assert query.readable() == "cooperation centres announced"  # as the question wrote them
    assert query.text.split() == list(dict.fromkeys(query.terms))


def test_names_countries_years_and_focus(engine):
    query = engine.read("how long is the railway to Mongolia in 2024")
    assert {"mongolia", "2024"} <= query.names
    assert query.focus == {"long"}
    assert "mongolia" in query.unknown and query.penalized >= 2  # a name the knowledge lacks weighs 2


def test_an_everyday_unknown_word_weighs_less_than_a_rare_one(engine):
    everyday = engine.read("what does the treaty say about the weather")
    rare = engine.read("what does the treaty say about the archipelago")
    assert everyday.unknown == ("weather",) and rare.unknown == ("archipelago",)
    assert 0 < everyday.penalized < rare.penalized


def test_of_terms_takes_normalized_terms_as_they_stand(engine):
    query = engine.reader.of_terms(["trade", "kyrgyzstan", "2024", "trade"])
    assert query.terms == ("trade", "kyrgyzstan", "2024")  # each once
    assert query.names == {"kyrgyzstan", "2024"}


@pytest.mark.parametrize("question", ["", "   ", "\x00\x07", "?!"])
def test_a_question_without_words_reads_as_no_content(engine, question):
    assert engine.read(question).content == ()


def test_a_long_question_is_cut_at_a_word_boundary():
    cut = clean("word " * 1000)
    assert len(cut) <= MAX_QUESTION and cut.endswith("word")


def test_queries_are_values(tiny):
    engine = qa.Engine(tiny)
    assert engine.read("capital of Kazakhstan") == engine.read("capital  of   Kazakhstan")
    assert hash(engine.read("capital of Kazakhstan")) == hash(engine.read("capital of Kazakhstan"))


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("who signed the treay", "treati"),  # "treaty" as written; the stem "treat" is closer to "treay"
        ("how many cooperaton centres", "cooper"),  # "cooperation", whose stem is far from the typo
        ("tarde china 2024", "trade"),  # two letters swapped: no closer by difflib than two edits
    ],
)
def test_a_typo_is_corrected_to_a_word_as_the_knowledge_writes_it(engine, question, term):
    assert term in engine.read(question).content


def test_a_word_is_no_typo_of_another_that_shares_only_its_ending(engine):
    """ "boiling" and "building" share "-ing", which makes them look closer written whole than
    they are: the written form must be closer than the speller's own bar."""
    assert "build" not in engine.read("What is the boiling point of water?").terms
    assert not engine.ask("What is the boiling point of water?").found


def test_a_reader_without_texts_corrects_against_its_terms():
    reader = qa.reading.Reader(frozenset({"treati", "treat", "sign"}))
    assert reader.read("who signed the treay").content == ("sign", "treat")
