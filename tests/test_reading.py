"""Reading a question into a Query: terms, names, focus, what unknown words weigh."""

from __future__ import annotations

import numpy as np
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


def test_a_long_question_is_read_by_its_clauses_that_ask_and_its_last(engine):
    """The context a person gives first ("I'm writing a report on …") is left out of the parts;
    a short question, or a long one of a single sentence, has none."""
    query = engine.read(
        "I'm writing a report on China and its neighbours for my class. Could you list the key "
        "principles of the China-Central Asia Spirit? I need them for an essay."
    )
    assert [part.text for part in query.parts] == [
        "could you list the key principl of china central asia spirit",
    ]  # "I need them for an essay" frames the question (Language.framing): it is not read
    assert not engine.read("Could you list the key principles of the China-Central Asia Spirit?").parts
    listed = "what did china, kazakhstan, kyrgyzstan, tajikistan, turkmenistan and uzbekistan sign"
    assert not engine.read(listed).parts  # a comma lists; it ends no clause
    chinese = engine.read("我在新疆做外贸，客户说中亚市场起来了，想问下2024年中国跟中亚的贸易额有多少")
    assert len(chinese.parts) == 1 and "贸易额" in chinese.parts[0].terms


def test_two_short_sentences_are_read_by_the_one_that_asks(engine):
    answer = engine.ask("I'm writing a report for school. What did the treaty say about security?")
    assert answer.found and answer.passage is not None and answer.passage.id == "treaty-content"


def test_a_passage_scores_the_best_of_a_long_question_and_its_parts(engine):
    from dataclasses import replace

    question = "I'm doing a school project on the region. Could you list the key principles of the Spirit?"
    query = engine.read(question)
    assert query.parts
    alone = engine.scores(replace(query, parts=()))
    best = np.maximum.reduce([alone, *(engine.scores(part) for part in query.parts)])
    assert np.array_equal(engine.scores(query), best)
    assert (best > alone).any()
    ranked = engine.rank(query)
    assert [a.score for a in ranked] == sorted(best, reverse=True)[: len(ranked)]
    answer = engine.ask(question)
    assert answer.found and answer.passage is not None and answer.passage.id == "spirit-definition"


def test_a_part_is_two_words_not_the_pieces_of_one(engine):
    """jieba's search mode reads 托卡耶夫 as 托卡, 卡耶夫 and the name: one word, no part of its own,
    so the tail "托卡耶夫吗" does not outscore the question it ends."""
    query = engine.read("谁主持的峰会 托卡耶夫吗")
    assert [part.text for part in query.parts] == [engine.read("谁主持的峰会").text]
    answer = engine.ask("谁主持的峰会 托卡耶夫吗")
    assert answer.found and answer.passage is not None and answer.passage.id == "summit-date-venue"


def test_a_space_between_chinese_characters_ends_a_clause(engine):
    query = engine.read("这次峰会到底有啥意义啊 感觉就是开个会 我看新闻说了好多合作项目")
    assert [p.text for p in query.parts][:1] == [engine.read("这次峰会到底有啥意义啊").text]


@pytest.mark.parametrize("question", ["2025年G20峰会在哪开的", "2025年g20峰会在哪开的"])
def test_latin_letters_then_digits_are_a_name_in_a_chinese_question(engine, question):
    """G20 is one word in a Chinese question (its letters and digits were two runs, neither a
    name), and a name in lowercase too; a number's ending is not (24м: "in '24")."""
    assert "g20" in engine.read(question, "zh").names
    assert not engine.ask(question).found
    assert "24" not in engine.read("а узбекистан сколько наторговал с китаем в 24м", "ru").names


def test_a_word_in_capitals_is_an_acronym_and_no_typo(engine):
    """BRICS was "corrected" to the knowledge's BRI, and the question answered with the summit's
    outcomes."""
    query = engine.read("BRICS summit 2025 key outcomes?")
    assert "bri" not in query.terms and query.unknown == ("bric",)  # stemmed, not corrected
    assert not engine.ask("BRICS summit 2025 key outcomes?").found
    assert (
        "treati" in engine.read("what does the treety say").terms
        or engine.ask("what does the treety say").found
    )


def test_a_question_in_capitals_throughout_still_has_its_typos_corrected(engine):
    assert engine.ask("WHAT DOES THE TREETY SAY").passage.id in {"treaty", "treaty-content"}


@pytest.mark.parametrize("question", ["BRICS?", "BRICS summit"])
def test_an_acronym_alone_is_no_shouting(engine, question):
    assert "bri" not in engine.read(question).terms
    assert not engine.ask(question).found


@pytest.mark.parametrize(
    ("question", "subject"),
    [("china central asia trade 2022?", "trade"), ("what was china central asia trade in 2024", "trade")],
)
def test_what_a_question_asks_of_a_year_is_its_focus(engine, question, subject):
    """A year and one known word besides places: the answer must hold that word."""
    assert subject in engine.read(question).focus


def test_a_year_alone_does_not_answer_what_is_asked_of_it(engine):
    """The mechanism's 2022 milestone is no trade figure for 2022, and no passage gives one."""
    assert not engine.ask("china central asia trade 2022?").found
    assert engine.ask("what was china central asia trade in 2024").passage.id == "trade-2024"
    assert not engine.read("china central asia trade and investment in 2024").focus  # two: no one subject


def test_in_chinese_the_subject_of_a_year_is_no_place_s_word_nor_a_character(engine):
    """2022年…中亚五国贸易额: 年 is the year's, 中亚五国 and its piece 五国 the place's; 贸易 is asked."""
    assert engine.read("2022年中国和中亚五国贸易额是多少").focus == {"贸易"}
    assert not engine.ask("2022年中国和中亚五国贸易额是多少").found


@pytest.mark.parametrize(
    ("question", "claim"),
    [
        ("our draft says xi launched four centres. correct?", "xi launched four centres."),
        ("fact check: the treaty has 15 articles. is that right?", "the treaty has 15 articles."),
        ("Is it true that the summit was held in Astana?", "the summit was held in Astana?"),
        ("was it represented by berdimuhamedov, right?", "was it represented by berdimuhamedov"),
        ("when was the first summit held, we need it for background", "when was the first summit held"),
        ("name the three centres, for a factbox", "name the three centres,"),
        ("Правда ли, что договор подписали шесть стран?", "договор подписали шесть стран?"),
        ("саммит прошёл в астане, это так?", "саммит прошёл в астане"),
        ("听说峰会在阿斯塔纳开的，是真的吗", "峰会在阿斯塔纳开的"),
    ],
)
def test_the_words_framing_a_claim_to_check_are_not_read(engine, question, claim):
    """A fact-checker's frame ("our draft says", "is that right?") is no content a passage must
    cover: the question reads as the claim alone."""
    framed, alone = engine.read(question), engine.read(claim)
    assert framed.terms == alone.terms
    assert not {"draft", "correct", "right", "true", "check", "правда", "так", "真的"} & set(framed.terms)


def test_a_frame_alone_is_read_as_it_stands(engine):
    assert engine.read("is that right?").terms == ("is", "that", "right")


def test_a_decimal_point_ends_no_clause(engine):
    """ "1.5 billion" is one number: a long question is read by its clauses, and "5 billion yuan
    …" is none of them."""
    query = engine.read("I'm writing about the grants. How much of the 1.5 billion yuan went to each one?")
    parts = [part.text for part in query.parts]
    assert parts and not any(text.startswith("5 ") for text in parts)
    assert any("1.5" in text.split() for text in parts)


@pytest.mark.parametrize(
    "question",
    [
        "predict china-central asia trade for 2030",
        "Каким будет товарооборот Китая и Центральной Азии к 2030 году? Дайте, пожалуйста, прогноз.",
        "预测一下2030年中国和中亚贸易额",
    ],
)
def test_a_forecast_asked_of_us_is_an_opinion_in_every_part(engine, question):
    """A forecast asked of the bot ("predict …", "дайте прогноз", 预测一下) is an opinion of ours,
    which no passage holds; it weighs on a long question's every part too, not only the clause
    that asks it."""
    query = engine.read(question)
    assert query.penalized >= 2
    assert all(part.penalized >= 2 for part in query.parts)
    assert not engine.ask(question).found
