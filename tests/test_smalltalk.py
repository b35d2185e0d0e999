"""Small talk (src/qa/smalltalk.py) on its own, and the replies the about texts make of it."""

from __future__ import annotations

import pytest

import qa
from qa import smalltalk
from qa.phrases import PHRASES


@pytest.mark.parametrize(
    ("message", "kind"),
    [
        ("hi", "greeting"),
        ("Hello there!", "greeting"),
        ("good morning", "greeting"),
        ("thanks a lot", "thanks"),
        ("Thank you!", "thanks"),
        ("bye", "bye"),
        ("Goodbye!", "bye"),
        ("quit", "bye"),
        ("exit", "bye"),
        ("q", "bye"),
        ("/quit", "bye"),
        ("how are you?", "how_are_you"),
    ],
)
def test_each_kind_is_recognized(message, kind):
    assert smalltalk.kind(message) == kind


@pytest.mark.parametrize(
    "message",
    [
        "help",
        "Help!",
        "/help",
        "!help",
        "help me",
        "help me please",
        "please help",
        "can you help me?",
        "I need help",
        "?",
        "what can you do?",
        "how does this work?",
        "how do I use this",
        "what can I ask?",
        "commands",
    ],
)
def test_help_in_its_common_forms(message):
    assert smalltalk.kind(message) == "help"


@pytest.mark.parametrize(
    "message",
    [
        "did China help Kyrgyzstan?",
        "help with the railway",
        "what is the exit of the pipeline",
        "quit the SCO?",
        "hi, what treaty was signed?",
        "what is the spirit",
    ],
)
def test_a_question_that_holds_such_a_word_is_no_small_talk(message):
    assert smalltalk.kind(message) is None


def test_replies_come_from_the_about_texts(engine):
    about = engine.said("en")
    assert engine.ask("help").text == f"{about.intro} For example: {' · '.join(about.examples)}"
    assert engine.ask("hello").text == f"Hello! {about.intro} Try: {about.examples[0]}"
    assert engine.ask("thanks").text == about.thanks and engine.ask("quit").text == about.bye
    assert engine.ask("how are you").text.endswith(about.intro)


def test_own_passages_get_neutral_texts_and_their_own_examples():
    own = qa.load(
        [
            qa.Passage(
                id="net",
                title="Wi-Fi at the cafe",
                text="The cafe has free Wi-Fi.",
                source="https://example.org/net",
                questions=["Is there wifi?"],
            ),
            qa.Passage(id="hours", title="Opening hours", text="We open at nine.", source="https://x.org"),
        ]
    )
    for question in ["hello", "help", "thanks", "bye", "who won the world cup", "", "🙂"]:
        text = own.ask(question).text
        assert "Summit" not in text and "summit" not in text, (question, text)
    assert "Is there wifi?" in own.ask("help").text
    unknown = own.ask("what is the capital of France")
    assert unknown.text.startswith(PHRASES["en"].unknown)


def test_own_texts_can_be_given_in_code():
    passage = qa.Passage(id="hours", title="Opening hours", text="We open at nine.", source="https://x.org")
    own = qa.load([passage], about={"unknown": "No idea, sorry.", "examples": ["When do you open?"]})
    assert own.ask("who won the world cup").text.startswith("No idea, sorry.")
    assert own.ask("help").text.endswith("For example: When do you open?")
    with pytest.raises(qa.KnowledgeError, match="about.nmae"):
        qa.load([passage], about={"nmae": "x"})
    with pytest.raises(TypeError, match="about must be"):
        qa.load([passage], about="cafe")  # type: ignore[arg-type]
