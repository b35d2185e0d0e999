"""Follow-up questions."""

from __future__ import annotations

import pytest

from qa.conversation import CONTEXT_TERMS


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ("What did Xi discuss with Kyrgyzstan?", "And with Uzbekistan?", "bilateral-uzbekistan"),
        ("What is the China-Central Asia Spirit?", "Who proposed it?", "spirit-definition"),
        ("Tell me about Xi's meeting with Turkmenistan", "what about tajikistan?", "bilateral-tajikistan"),
        ("what did xi discuss with turkmenistan", "and the tajiks?", "bilateral-tajikistan"),  # a people
        ("What was trade in 2024?", "and in 2025?", "trade-2025"),
        ("Who is the president of Kyrgyzstan?", "What did Xi talk about with him?", "bilateral-kyrgyzstan"),
        ("Who proposed the China-Central Asia Spirit?", "what does it mean", "spirit-definition"),
    ],
)
def test_follow_up_uses_the_previous_question(engine, first, second, expected):
    chat = engine.conversation()
    assert chat.ask(first).found
    answer = chat.ask(second)
    assert answer.found, answer.text
    assert answer.passage is not None and answer.passage.id == expected
    assert answer.question == second


def test_a_new_topic_drops_the_context(engine):
    chat = engine.conversation()
    chat.ask("What did Xi discuss with Kyrgyzstan?")
    answer = chat.ask("When was the SCO founded?")
    assert answer.passage is not None and answer.passage.id == "sco"


def test_off_topic_follow_up_still_abstains(engine):
    chat = engine.conversation()
    chat.ask("What did Xi discuss with Kyrgyzstan?")
    assert not chat.ask("What is the capital of France?").found


def test_reset_forgets(engine):
    """After a reset a follow-up is asked as a question of its own, as in a new conversation."""
    chat = engine.conversation()
    chat.ask("What is the China-Central Asia Spirit?")
    followed = chat.ask("Who proposed it?")
    assert followed.passage is not None and followed.passage.id == "spirit-definition"
    chat.ask("What is the China-Central Asia Spirit?")
    chat.reset()
    after = chat.ask("Who proposed it?")
    fresh = engine.conversation().ask("Who proposed it?")
    assert (after.kind, after.passage, after.query) == (fresh.kind, fresh.passage, fresh.query)
    assert after.passage != followed.passage  # the Spirit was the context, and is forgotten


def test_a_follow_up_with_nothing_before_it_is_a_question_of_its_own(engine):
    """A follow-up ("And with Uzbekistan?") that opens a conversation is answered as it reads
    alone: no context is made up for it."""
    alone = engine.ask("And with Uzbekistan?")
    answer = engine.conversation().ask("And with Uzbekistan?")
    assert (answer.kind, answer.passage, answer.query) == (alone.kind, alone.passage, alone.query)
    assert answer.query == "and with uzbekistan"


@pytest.mark.parametrize(
    "turns",
    [
        ["how much trade in 2024", "and kazakhstan"],
        ["When was the SCO founded?", "by who"],
        ["What did Xi discuss with Kyrgyzstan?", "What did Xi talk about with him?"],
    ],
)
def test_a_follow_ups_searched_text_holds_each_term_once(engine, turns):
    chat = engine.conversation()
    for question in turns:
        answer = chat.ask(question)
    terms = answer.query.split()
    assert len(terms) > len(turns[-1].split()) and len(terms) == len(set(terms)), answer.query


def test_a_chain_of_follow_ups_keeps_the_context_bounded(engine):
    """A pronoun-only follow-up is answered from the context itself; it must not double it."""
    chat = engine.conversation()
    assert chat.ask("What is the China-Central Asia Spirit?").found
    for _ in range(12):
        assert chat.ask("What does it mean?").found
    assert chat.context is not None
    terms = chat.context.terms
    assert len(terms) == len(set(terms)) <= CONTEXT_TERMS


@pytest.mark.parametrize("second", ["What is the weather in Paris?", "how tall is it?"])
def test_words_of_its_own_that_match_nothing_get_no_answer_from_the_topic(engine, second):
    """Only a question of pronouns and the like ("What does it mean?") is answered with the topic."""
    chat = engine.conversation()
    assert chat.ask("What is the China-Central Asia Spirit?").found
    answer = chat.ask(second)
    assert not answer.found and answer.kind == "unknown"


def test_a_swap_is_asked_among_the_topics_the_last_question_ranked_close(engine):
    """Kazakhstan's 2024 trade is given by a bilateral passage (Tokayev's) and by the economy
    file's country-by-country figures; the first answers, and "那吉尔吉斯斯坦呢" (and Kyrgyzstan?)
    is still the country-by-country figure, from the file ranked close behind."""
    chat = engine.conversation()
    first = chat.ask("哈萨克斯坦和中国2024年贸易多少")
    assert first.found
    assert {"bilateral", "economy"} <= chat.topics
    answer = chat.ask("那吉尔吉斯斯坦呢")
    assert answer.found and answer.passage is not None and answer.passage.id == "trade-by-country"


def test_the_topics_of_an_answer_are_its_own_and_those_ranked_close_behind(engine):
    from qa.answer import Alternative, Answer
    from qa.conversation import TOPIC_SHARE, _topics

    by_id = {p.id: p for p in engine.passages}
    best, close, far = by_id["kazakhstan-relations"], by_id["trade-by-country"], by_id["belt-and-road"]
    ranking = (Alternative(best, 0.4), Alternative(close, 0.4 * TOPIC_SHARE), Alternative(far, 0.1))
    answer = Answer("q", True, best.text, best, 0.4, ranking)
    assert _topics(answer) == {best.topic, close.topic} and far.topic not in _topics(answer)
    assert _topics(Answer("q", False, "I don't know", ranking=ranking)) == frozenset()


def test_a_follow_up_whose_own_words_the_knowledge_never_uses_gets_no_answer_from_the_context(engine):
    """ "what about his father?" after the Turkmen talks asks of someone the knowledge never
    mentions: the context (Turkmenistan) must not answer it."""
    chat = engine.conversation()
    assert chat.ask("who was the turkmen leader there").found
    assert chat.ask("what did he and xi agree on").found
    assert not chat.ask("what about his father").found
    assert chat.ask("and with uzbekistan?").found  # a word it knows: a follow-up as before


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ("where was the second china central asia summit", "and the first one?", "first-summit"),
        ("who hosted the 2025 china central asia summit", "and the first one?", "first-summit"),
        ("где прошел второй саммит", "а первый?", "first-summit"),
    ],
)
def test_an_edition_replaces_the_context_s_edition_or_year(engine, first, second, expected):
    """ "and the first one?" after the second (or the 2025) summit asks its question of the first."""
    chat = engine.conversation()
    assert chat.ask(first).passage.id == "summit-date-venue"
    answer = chat.ask(second)
    assert answer.found and answer.passage is not None and answer.passage.id == expected


def test_an_edition_fills_no_slot_the_context_lacks(engine):
    """ "the first one" after the centers is no summit; and after the first summit's pledge, "the
    third summit, where will that be" is asked of the third summit, not of the pledge's topic."""
    from qa.conversation import _editions

    assert _editions({"edition"}, [("center", None)]) == (set(), [("center", None)])
    chat = engine.conversation()
    chat.ask("where was the first summit")
    assert chat.ask("how much money did xi promise there").passage.id == "xian-pledge"
    assert chat.ask("and the third summit, where will that be").passage.id == "next-summit"


def test_a_country_swapped_for_a_person_the_context_named(engine):
    """ "and uzbekistan?" after a question about Japarov (Kyrgyzstan's president) asks the same of
    Uzbekistan: a name as rare as a person's stands where the country would."""
    chat = engine.conversation()
    assert chat.ask("what did xi and japarov agree").passage.id == "bilateral-kyrgyzstan"
    answer = chat.ask("and uzbekistan?")
    assert answer.found and answer.passage is not None and answer.passage.id == "bilateral-uzbekistan"


def test_a_place_in_the_context_is_no_person_to_swap(engine):
    """ "and kazakhstan?" after a question about China and Central Asia's trade swaps no place
    for the country: China and Asia stay in what is searched (as rare as names, but places)."""
    chat = engine.conversation()
    assert chat.ask("china central asia trade").found
    answer = chat.ask("and kazakhstan?")
    assert {"kazakhstan", "china", "asia", "trade"} <= set(answer.query.split())
    assert answer.passage is not None and answer.passage.id == "trade-tokayev-share"


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("what centers did xi announce", "where are they"),
        ("какие центры объявил си", "а где они"),
    ],
)
def test_a_question_of_pronouns_asks_of_the_last_answers_subject(engine, first, second):
    """The three centers' passage does not say where they are: "where are they?" asks where the
    centers (its title's word) are, and gets a passage that says it."""
    chat = engine.conversation()
    assert chat.ask(first).passage.id == "three-centers"
    answer = chat.ask(second)
    assert answer.found and answer.passage is not None
    assert answer.passage.id in {"centers-unveiled", "centers-xinjiang", "desertification-center"}


def test_a_follow_up_pointing_back_at_that_time_is_asked_in_the_last_answers_year(engine):
    """ "那次" (that time) after the first summit, "(Xi'an, 2023)", asks of 2023: the pledge made
    there, not the one of 2025."""
    chat = engine.conversation()
    assert chat.ask("首届峰会在哪开的").passage.id == "first-summit"
    answer = chat.ask("那次中国承诺了多少钱")
    assert answer.found and answer.passage is not None and answer.passage.id == "xian-pledge"


def test_a_year_carried_over_asks_nothing_of_the_follow_up_s_words(engine):
    """ "其中乌兹别克斯坦占多少" (and Uzbekistan's share?) after 2024's trade carries the year, and
    is still asked of Uzbekistan's figure: the year's subject is the first question's, not 其中."""
    chat = engine.conversation()
    assert chat.ask("2024年中国和中亚贸易额多少").passage.id == "trade-2024"
    answer = chat.ask("其中乌兹别克斯坦占多少")
    assert answer.found and answer.passage is not None and answer.passage.id == "trade-by-country"
