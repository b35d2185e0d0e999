"""Ranking, abstention, small talk, odd input and the public API."""

from __future__ import annotations

import dataclasses
import re

import pytest

import qa
from qa.english import detail as asked_about
from qa.english import focus as asked_for
from qa.reading import SHOUTED, TITLE_RARITY
from qa.text import term, tokens


def test_public_api_is_declared():
    assert set(qa.__all__) >= {"load", "Passage", "Answer", "Engine", "KnowledgeError", "Conversation"}
    for name in qa.__all__:
        assert hasattr(qa, name), name


def test_load_from_passages_and_from_path(tiny, tmp_path):
    engine = qa.load(tiny)
    assert [p.id for p in engine.passages] == ["capital", "river", "gas"]
    answer = engine.ask("What is the capital of Kazakhstan?")
    assert answer.found and answer.passage is not None and answer.passage.id == "capital"
    assert answer.source == qa.Source("https://example.org/astana")
    (tmp_path / "k.yaml").write_text(
        "passages:\n  - {id: a, title: A, text: Bananas are yellow., source: https://x.org}\n",
        encoding="utf-8",
    )
    assert qa.load(tmp_path).ask("what colour are bananas").found


def test_engine_rejects_bad_passages(tiny):
    with pytest.raises(qa.KnowledgeError, match="duplicate id 'capital'"):
        qa.load([*tiny, tiny[0]])
    with pytest.raises(TypeError, match="qa.Passage"):
        qa.load([{"id": "x"}])  # type: ignore[list-item]
    with pytest.raises(ValueError, match="at least one passage"):
        qa.load([])
    with pytest.raises(ValueError, match="must include 'word'"):
        qa.load(tiny, analyzers=["char"])


def test_tiny_corpus_of_two_passages_still_ranks():
    """Small corpora break TF-IDF tools (zero IDF); ours keeps smoothed IDF."""
    engine = qa.load(
        [
            qa.Passage(id="a", title="Gas", text="Turkmenistan sells gas."),
            qa.Passage(id="b", title="Rail", text="A railway links China and Uzbekistan."),
        ]
    )
    answer = engine.ask("railway to uzbekistan")
    assert answer.found and answer.passage is not None and answer.passage.id == "b"


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("What is the China-Central Asia Spirit?", "spirit-definition"),
        ("WHAT IS THE CHINA CENTRAL ASIA SPIRIT", "spirit-definition"),
        ("what is the chna centrl asia sprit", "spirit-definition"),  # typos
        ("Which centres did Xi announce?", "three-centers"),  # British spelling, plural
        ("which center did xi announce", "three-centers"),
        ("what did xi discuss with the kyrgyz president", "bilateral-kyrgyzstan"),  # adjective
        ("Uzbek trade liberalisation", "bilateral-uzbekistan"),
        ("treaty on good-neighbourliness", "treaty"),
        ("trade 2024???!!!", "trade-2024"),
        ("94.8 billion", "trade-2024"),
        ("what happened on june 17th?", "summit-date-venue"),  # a day: the number
        ("where was the 1st summit held?", "first-summit"),  # a rank: the word
        ("What new institutions did President Xi say would be established?", "three-centers"),  # a title
    ],
)
def test_robust_to_case_typos_spelling_and_forms(engine, question, expected):
    answer = engine.ask(question)
    assert answer.found, answer.text
    assert answer.passage is not None and answer.passage.id == expected


@pytest.mark.parametrize(
    "question",
    [
        "What did Xi discuss with the Kazakh President in 2025?",
        "— Who hosted the G7, ASEAN or the SCO?",  # the first word is in the second chunk
        "2024 trade; china's co-op with Tajikistan...",
        "Türkmenistan's ﬁnance ¨minister, Ａstana",  # accents, ligatures, a spacing diaeresis
        "what's the spirt of xian and the TREATY",
        "12,5% of 94.8 billion!!",
        "What did President Xi and the Education Exchange Center say?",  # titles before names
    ],
)
def test_reading_by_chunks_is_reading_the_whole_question(engine, question):
    """Chunks between spaces are read (and remembered) one by one: the same as reading it whole."""
    cleaned = " ".join(question.split())
    words = re.findall(r"[^\W_]+", cleaned)
    names = {  # a name's terms, read as the question's terms are ("G7" → "g", "7")
        t
        for i, w in enumerate(words)
        if (i > 0 and w[0].isupper()) or (len(w) > 1 and w.isupper()) or re.fullmatch(r"(?:19|20)\d\d", w)
        for t in tokens(w)
    }
    shouted = cleaned.isupper() and len(words) >= SHOUTED
    acronyms = frozenset(w.lower() for w in words if len(w) > 1 and w.isupper() and not shouted)  # no typos
    terms, content, unknown = engine.reader._correct(tokens(cleaned), (), acronyms)
    rarity = engine.lexicon.rarity
    capitalized = {t for w in words if w.isalpha() and w[0].isupper() and w[1:].islower() for t in tokens(w)}
    names -= {  # an everyday word with a capital before a name is a title ("President Xi")
        t
        for t, after in zip(terms, terms[1:], strict=False)
        if t in capitalized and after in names and rarity(t) < TITLE_RARITY
    }
    names |= engine.lexicon.country_terms(content)  # a country is a name, however written
    focus = asked_for(list(terms)) - names | engine.reader._of_the_year(list(content), names)  # its own test
    required = names | focus | asked_about(list(terms))
    for _ in range(2):  # read, then remembered
        query = engine.read(cleaned)
        assert (query.names, query.terms, query.content, query.unknown, query.focus) == (
            frozenset(names),
            terms,
            content,
            unknown,
            focus,
        )
        assert query.penalized == sum(2 if t in required else rarity(t) for t in unknown)
        assert query.uncovered == sum(1 if t in required else rarity(t) for t in unknown)


@pytest.mark.parametrize(
    ("question", "focus"),
    [
        ("how long is the railway", {"long"}),
        ("What is the population of Kazakhstan?", {"population"}),
        ("who is the prime minister of kazakhstan", {"minister"}),
        ("what was the result of the vote", {"result"}),
        ("what kind of relations does the treaty reinforce", set()),  # "kind of" classifies
        ("how much trade", set()),  # an amount of trade: no attribute of its own
        ("what is the spirit", set()),
        ("what was the weather like in astana on 17 june", {"weather"}),
        ("what's the spirit like", {"spirit"}),
        ("what is it like", set()),
    ],
)
def test_the_attribute_a_question_asks_for(question, focus):
    assert asked_for(tokens(question)) == {term(w) for w in focus}


@pytest.mark.parametrize(
    ("question", "detail"),
    [
        ("how many staff work at the secretariat", {"staff"}),
        ("how much gas does turkmenistan sell", {"gas"}),
        ("how much will the nuclear plant cost", {"nuclear", "plant", "cost"}),
        ("when will the railway be finished", {"railway", "finished"}),
        ("when did the festival begin", set()),  # a past time: "began" answers it
        ("how did the talks go", set()),  # no amount
        ("what was the weather like", set()),  # no amount and no time to come
        ("tell me about the treaty", set()),
    ],
)
def test_the_detail_a_question_asks_about(question, detail):
    assert asked_about(tokens(question)) == {term(w) for w in detail}


def test_a_detail_no_passage_holds_weighs_as_a_name(engine):
    """ "how many staff" asks about staff: a word the knowledge never uses counts in full, where
    the same word in passing counts its rarity."""
    asked = engine.read("how many staff work at the secretariat")
    passing = engine.read("the secretariat and its staff")
    assert "staff" in asked.unknown and "staff" in passing.unknown
    assert asked.penalized == 2.0 and asked.uncovered == 1.0
    assert passing.penalized == engine.lexicon.rarity("staff") < 1.0
    assert engine.ask("how many staff work at the secretariat").passage is None


def test_an_attribute_the_passage_lacks_weighs_as_a_name(tiny):
    """'how long is the amu darya' asks for a length the passage does not give."""
    engine = qa.Engine(tiny)
    plain = engine.rank("amu darya river tajikistan")[0]
    length = engine.rank("how deep is the amu darya river in tajikistan")[0]
    assert plain.passage.id == length.passage.id == "river"
    assert length.score < 0.5 * plain.score


def test_a_searched_query_is_scored_as_it_stands(engine):
    """An answer's query (a conversation's context) is not normalized a second time."""
    query = engine.read("who proposed the chinese idea of the spirit")
    scores = engine.scores(query)
    assert "chines" in query.terms
    again = engine.reader.of_terms(query.terms)
    assert again.text == query.text and list(engine.scores(again)) == list(scores)
    assert term("chines") == "chine"  # normalizing twice would cut further


def test_scores_are_one_per_passage_in_load_order(engine):
    scores = engine.scores("Which treaty was signed?")
    assert scores.shape == (len(engine.passages),)
    best = engine.rank("Which treaty was signed?")[0]
    assert engine.passages[int(scores.argmax())] == best.passage and scores.max() == best.score


def test_remembered_corrections_answer_alike_and_stay_bounded(tiny, monkeypatch):
    monkeypatch.setattr("qa.reading.REMEMBERED", 5)
    engine = qa.Engine(tiny)
    first = engine.ask("capitl of kazakstan")
    again = engine.ask("capitl of kazakstan")  # now from memory
    assert first.found and first.passage is not None and first.passage.id == "capital"
    assert (again.passage, again.score, again.query) == (first.passage, first.score, first.query)
    for word in ["zorblat", "quindle", "fermox", "plintaro", "vexmund", "drapple", "snorvik"]:
        engine.ask(f"what about {word}")
    assert 0 < len(engine.reader._speller) <= 5
    assert 0 < engine.reader._chunk.cache_info().currsize <= 5
    engine.forget()
    assert len(engine.reader._speller) == engine.reader._chunk.cache_info().currsize == 0
    assert engine.ask("capitl of kazakstan") == first  # forgetting changes no answer


def test_answer_carries_score_ranking_runners_up_and_source(engine):
    answer = engine.ask("How much did China and Central Asia trade in 2024?")
    assert answer.found and answer.kind == "answer"
    assert answer.ranking[0].passage == answer.passage
    assert answer.score == answer.ranking[0].score
    assert answer.alternatives == answer.ranking[1:]  # the runners-up
    assert answer.passage not in [a.passage for a in answer.alternatives]
    assert [a.score for a in answer.ranking] == sorted((a.score for a in answer.ranking), reverse=True)
    unknown = engine.ask("Who won the 2022 World Cup?")
    assert not unknown.found and unknown.alternatives == unknown.ranking  # no answer: all runners-up
    assert answer.source is not None and answer.source.url.startswith("http")
    assert answer.text == answer.passage.text


def test_an_answer_is_frozen_and_its_ranking_holds_pairs(engine):
    answer = engine.ask("Which treaty was signed?")
    assert answer == dataclasses.replace(answer) and hash(answer) == hash(dataclasses.replace(answer))
    with pytest.raises(dataclasses.FrozenInstanceError):
        answer.score = 1.0  # type: ignore[misc]
    passage, score = answer.ranking[0]  # a ranked passage is a (passage, score) pair
    assert (passage, score) == (answer.passage, answer.score)


@pytest.mark.parametrize(
    "question",
    [
        "Who won the 2022 World Cup?",
        "What was agreed at the G7 summit?",
        "What is the capital of France?",
        "How do I bake bread?",
        "Who attended the ASEAN summit?",
    ],
)
def test_abstains_off_topic_with_a_hint(engine, question):
    answer = engine.ask(question)
    assert not answer.found
    assert answer.kind == "unknown"
    assert answer.passage is None
    assert "I don't know" in answer.text
    assert "China–Central Asia Spirit" in answer.text  # what it can answer


def test_near_miss_suggests_titles(engine):
    answer = engine.ask("what did the summit say about sand dunes")
    assert not answer.found
    assert answer.suggestions, answer.text
    assert "Did you mean" in answer.text
    assert answer.suggestions[0] in {p.title for p in engine.passages}


def test_margin_makes_an_ambiguous_question_abstain(tiny):
    strict = qa.load(tiny, margin=0.9, confident=1.0, min_score=0.05)
    loose = qa.load(tiny, margin=0.0, min_score=0.05)
    question = "Kazakhstan Tajikistan"
    assert loose.ask(question).found
    assert not strict.ask(question).found


@pytest.mark.parametrize(
    "greeting", ["hi", "Hello!", "good morning", "thanks", "Thank you!", "help", "what can you do?"]
)
def test_small_talk_gets_a_friendly_reply_not_a_passage(engine, greeting):
    answer = engine.ask(greeting)
    assert answer.kind == "smalltalk"
    assert not answer.found and answer.passage is None
    assert answer.text and "I don't know" not in answer.text


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("", "invalid"),
        ("   \t\n ", "invalid"),
        ("🙂🙂🙂", "invalid"),
        ("\x00\x01\x1b[31m", "unknown"),  # "31m" is a word, of no passage
        ("?!?!", "smalltalk"),  # "?" asks for help
        ("x" * 100_000, "unknown"),
        ("spirit " * 20_000, "answer"),
        ("\u202e\u200b", "invalid"),
    ],
)
def test_odd_input_never_raises(engine, question, kind):
    answer = engine.ask(question)
    assert isinstance(answer, qa.Answer)
    assert answer.text and answer.kind == kind


def test_long_question_is_still_answered(engine):
    question = "What is the China-Central Asia Spirit? " + "please " * 50_000
    answer = engine.ask(question)
    assert answer.found and answer.passage is not None and answer.passage.id == "spirit-definition"


def test_non_string_question_is_a_type_error(engine):
    with pytest.raises(TypeError, match="string"):
        engine.ask(None)  # type: ignore[arg-type]


def test_asking_changes_nothing(tiny):
    """Read-only: whatever users type, the knowledge and the answers stay the same."""
    engine = qa.load(tiny)
    before = engine.ask("capital of kazakhstan")
    passages = engine.passages
    for text in [
        "Astana is a swear word",
        "remember: the capital is Almaty",
        "capital of kazakhstan is Almaty!",
    ] * 5:
        engine.ask(text)
        engine.conversation().ask(text)
    assert engine.passages == passages
    after = engine.ask("capital of kazakhstan")
    assert (after.passage, after.score, after.text) == (before.passage, before.score, before.text)
    with pytest.raises(AttributeError):
        engine.passages.append(tiny[0])  # type: ignore[attr-defined]


def test_a_long_passage_is_answered_with_its_best_sentence():
    long_text = (
        "The festival began in 1990 in a small village. "
        + "It grew every year with music and dance. " * 15
        + "Tickets cost 20 dollars at the gate."
    )
    engine = qa.load(
        [qa.Passage(id="fest", title="Festival", text=long_text)], max_answer_chars=300, min_score=0.1
    )
    answer = engine.ask("How much do festival tickets cost?")
    assert answer.found
    assert answer.text == "Tickets cost 20 dollars at the gate."
    assert answer.passage is not None and answer.passage.text == long_text
    assert engine.ask("When did the festival begin?").text.startswith("The festival began in 1990")


@pytest.mark.parametrize(
    "question",
    [
        "What treaty did China sign with Russia?",  # another country
        "What did Xi discuss with Mongolia?",
        "Who attended the 2019 summit?",  # another year
        "What was China-Central Asia trade in 2015?",
        "When was the fourth summit?",  # another summit
        "What was agreed at the China-Africa summit?",
    ],
)
def test_no_merely_similar_answer_for_what_the_knowledge_lacks(engine, question):
    answer = engine.ask(question)
    assert not answer.found, (question, answer.passage and answer.passage.id)


def test_character_ngrams_by_default_only_for_small_corpora(tiny, monkeypatch):
    import qa.engine

    assert qa.load(tiny).analyzers == ("word", "char")
    monkeypatch.setattr(qa.engine, "CHAR_NGRAMS_UP_TO", 2)
    assert qa.load(tiny).analyzers == ("word",)
    assert qa.load(tiny, analyzers=["word", "char"]).analyzers == ("word", "char")


def test_weight_settles_a_near_tie():
    text = "China pledged grants to Central Asia."
    first = qa.load(
        [qa.Passage(id="now", title="P", text=text), qa.Passage(id="then", title="P", text=text, weight=0.9)]
    )
    assert first.ask("what grants did china pledge").passage.id == "now"
    second = qa.load(
        [qa.Passage(id="now", title="P", text=text, weight=0.9), qa.Passage(id="then", title="P", text=text)]
    )
    assert second.ask("what grants did china pledge").passage.id == "then"
    # On our knowledge: a question that fits the 2025 pledge and the 2023 one alike gets 2025.
    assert qa.load().ask("how much did china pledge in grants").passage.id == "grants-pledge"


@pytest.mark.parametrize(
    ("option", "value", "error", "words"),
    [
        ("min_score", "high", TypeError, "min_score must be a number, got 'high'"),
        ("min_score", -0.1, ValueError, "min_score must be from 0 to 1, got -0.1"),
        ("margin", 2, ValueError, "margin must be from 0 to 1"),
        ("unknown_penalty", 0, ValueError, "unknown_penalty must be above 0 and at most 1"),
        ("max_answer_chars", 0, ValueError, "max_answer_chars must be at least 40"),
        ("confident", True, TypeError, "confident must be a number"),
    ],
)
def test_an_option_out_of_range_is_refused_by_name(tiny, option, value, error, words):
    with pytest.raises(error, match=re.escape(words)):
        qa.load(tiny, **{option: value})


def test_wifi_finds_wi_fi_and_wi_fi_finds_wifi():
    def engine_with(text: str) -> qa.Engine:
        return qa.load(
            [
                qa.Passage(id="net", title="Internet", text=text, source="https://example.org/net"),
                qa.Passage(
                    id="hours", title="Opening hours", text="We open at nine.", source="https://x.org"
                ),
            ]
        )

    hyphenated, joined = engine_with("The cafe has free Wi-Fi."), engine_with("The cafe has free wifi.")
    for engine, question in [(hyphenated, "is there wifi"), (joined, "is there Wi-Fi?")]:
        answer = engine.ask(question)
        assert answer.found and answer.passage is not None and answer.passage.id == "net", question


def test_a_joined_form_the_knowledge_lacks_costs_nothing(tiny):
    """ "x-ray" is read joined too, but no passage says "xray": the question scores as "x ray"."""
    engine = qa.load(tiny)
    hyphenated = engine.scores("an x-ray of the capital of Kazakhstan")
    spaced = engine.scores("an x ray of the capital of Kazakhstan")
    assert hyphenated.max() > 0 and list(hyphenated) == list(spaced)


@pytest.mark.parametrize("cache", [123, ["dir"], b"dir"])
def test_a_cache_that_is_no_path_is_refused_by_name(tiny, cache):
    with pytest.raises(TypeError, match=r"^cache must be a directory .*, got "):
        qa.load(tiny, cache=cache)


def test_a_known_word_of_the_detail_asked_about_is_required_in_english(engine):
    """ "how much did China invest" asks an amount of investment: the trade figures hold China,
    Kyrgyzstan and 2024 but not "invest", and do not answer. Russian and Chinese read every
    content word of such a question as its detail, too many to require."""
    query = engine.read("how much did china invest in kyrgyzstan in 2024")
    assert "invest" in query.names and "invest" not in query.unknown
    answer = engine.ask("how much did china invest in kyrgyzstan in 2024")
    assert answer.passage is None or answer.passage.id not in {"trade-by-country", "trade-2024"}
    russian = engine.read("сколько Китай инвестировал в Кыргызстан в 2024 году")
    assert not {t for t in russian.names if t.startswith("инвест")}
    assert engine.ask("how much trade did china and kyrgyzstan do in 2024").passage.id == "trade-by-country"


def test_a_breakdown_by_country_must_be_stated(engine):
    """ "how much of the grant goes to each country" asks for a split that no passage gives: the
    grants passage states the total only, so the engine does not answer with it; a passage that
    names the countries with their figures still answers a breakdown of trade."""
    asked = engine.read("how much of the 1.5 billion yuan grant goes to each country")
    assert "breakdown" in asked.figures
    assert not engine.ask("how much of the 1.5 billion yuan grant goes to each country").found
    trade = engine.ask("how much did china trade with each central asian country in 2024")
    assert trade.found and trade.passage is not None and trade.passage.id == "trade-by-country"


def test_an_exact_time_asked_is_a_time_of_day(engine):
    """ "what exact time" asks for a time of day as "what time" does: the treaty's passage states
    none, so the engine does not answer with it."""
    assert engine.read("what exact time was the treaty signed").figures == {"clock"}
    assert not engine.ask("what exact time was the treaty signed").found
