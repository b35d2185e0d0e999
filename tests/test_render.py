"""Rendering (src/qa/render.py) on its own: what a person reads for each kind of answer."""

from __future__ import annotations

import pytest

import qa
from qa.render import CUT, answer_text, readable, topics, why
from qa.text import tokens


@pytest.fixture(scope="module")
def cafe() -> qa.Engine:
    return qa.load(
        [
            qa.Passage(
                id="hours",
                title="Opening hours",
                text="The cafe opens at nine and closes at six.",
                source={"url": "https://example.org/hours", "title": "Our hours"},
            ),
            qa.Passage(
                id="wifi",
                title="Wi-Fi",
                text="The cafe has free Wi-Fi for its customers.",
                source=["https://example.org/wifi", {"url": "https://example.org/faq", "title": "FAQ"}],
            ),
            qa.Passage(
                id="cake", title="Cakes", text="Carrot cake is baked every morning.", source="https://x.org"
            ),
        ]
    )


def test_an_answer_shows_its_source(cafe):
    answer = cafe.ask("when does the cafe open")
    assert answer_text(answer) == f"{answer.text}\nSource: Our hours — https://example.org/hours"


def test_several_sources_are_listed_one_a_line(cafe):
    text = answer_text(cafe.ask("is there free wifi for customers"))
    assert text.endswith("\nSources:\n  https://example.org/wifi\n  FAQ — https://example.org/faq")


@pytest.mark.parametrize("question", ["hello", "who won the world cup", ""])
def test_no_source_line_without_an_answer(cafe, question):
    answer = cafe.ask(question)
    assert answer_text(answer) == answer.text and "Source" not in answer_text(answer)


def test_a_cut_question_is_said_to_be_cut(cafe):
    long = "when does the cafe open " * 60
    assert answer_text(cafe.ask(long)).startswith(CUT + "\n")
    assert not answer_text(cafe.ask("🙂" * 1200)).startswith(CUT)  # no words: nothing was searched


def test_why_before_anything_and_for_small_talk(cafe):
    assert why(None) == "Nothing asked yet."
    assert why(cafe.ask("hello")) == "'hello' was answered as smalltalk, without searching."


def test_why_lists_each_passage_with_its_score_and_matched_words(cafe):
    lines = why(cafe.ask("When does the café open in the mornings?"), cafe).splitlines()
    assert lines[0] == "searched: when does the café open in mornings"  # as written, each word once
    assert lines[1] == "decision: answered"
    first = lines[2]
    assert first.startswith("  1. ") and " hours  (Opening hours)  matched: café, open" in first
    assert any("cake" in line and "matched: mornings" in line for line in lines[3:])


def test_why_writes_a_tiny_score_in_scientific_notation_not_as_zero(cafe):
    answer = cafe.ask("cafe Mongolia Russia France Peru Chile Brazil Japan 1999 2001")  # names it lacks
    scores = [line.split()[1] for line in why(answer, cafe).splitlines()[2:]]
    assert scores and all(s != "0.000" for s in scores)
    assert any("e-" in s for s in scores)


def test_readable_takes_the_first_word_whose_term_it_is_and_reads_no_further():
    def texts():
        yield "The Centres opened"
        yield "centers"
        raise AssertionError("read past what was needed")

    assert readable(["center", "open"], texts(), tokens) == {"center": "centres", "open": "opened"}
    assert readable(["absent"], ["no such word here"], tokens) == {}


def test_why_reads_a_russian_question_in_its_own_words(engine):
    lines = why(engine.ask("Какой договор подписали в Астане?"), engine).splitlines()
    assert lines[0].startswith("searched: какой договор подписали")
    assert "matched: " in lines[2] and "договор" in lines[2]


def test_topics_lists_every_passage_with_its_id(cafe):
    assert topics(cafe).splitlines() == [f"  {p.id:<26} {p.title}" for p in cafe.passages]
