"""General English: how much a word says (wordfreq), and which words name countries (CLDR)."""

from __future__ import annotations

import json

import pytest

import qa
from qa.lexicon import COMMON, RARE, Lexicon
from qa.text import term, tokens


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return Lexicon.build()


@pytest.mark.parametrize(
    "word", ["role", "exactly", "idea", "created", "population", "supposed", "wondering"]
)
def test_everyday_words_say_little(lexicon, word):
    assert lexicon.rarity(term(word)) <= 0.4  # the unknown-word penalty: 0.5 ** 0.4 = 0.76 at most


@pytest.mark.parametrize("word", ["encapsulate", "asean", "g20", "dushanbe", "mongolia", "russia", "zzqx"])
def test_rare_words_and_countries_say_as_much_as_a_name(lexicon, word):
    assert lexicon.rarity(term(word)) == 1.0


def test_rarity_grows_as_a_word_gets_rarer(lexicon):
    """Between COMMON and RARE the weight falls with the word's frequency."""
    ordered = sorted(["wondering", "urged", "putin", "treaty"], key=lambda w: -lexicon.zipf(term(w)))
    weights = [lexicon.rarity(term(w)) for w in ordered]
    assert weights == sorted(weights) and 0 < weights[0] < weights[-1] <= 1
    assert all(RARE < lexicon.zipf(term(w)) < COMMON for w in ordered)


def test_a_term_takes_its_commonest_word(lexicon):
    """'created' and 'create' share the term 'creat'; the term is as common as the commoner."""
    assert term("created") == term("create") == "creat"
    assert lexicon.rarity("creat") <= 0.4


def test_countries_are_country_names(lexicon):
    assert {"russia", "mongolia", "afghanistan", "kazakhstan", "china"} <= lexicon.countries
    assert not {"world", "asia", "europe", "summit"} & lexicon.countries
    terms = tokens("who is the president of the united states and of mongolia")
    assert lexicon.country_terms(terms) == {term("united"), term("states"), "mongolia"}
    assert lexicon.country_terms(tokens("the states united")) == set()
    assert lexicon.country_terms(tokens("summit in africa or latin america")) == set(
        tokens("africa latin america")
    )


def test_the_table_is_kept_in_the_cache_and_read_back(tmp_path, lexicon):
    made = Lexicon.load(tmp_path)
    (kept,) = tmp_path.glob("lexicon-*.json")
    assert ["russia"] in json.loads(kept.read_text())["countries"]
    again = Lexicon.load(tmp_path)
    for word in ("role", "putin", "encapsulate", "mongolia"):
        assert again.rarity(term(word)) == made.rarity(term(word)) == lexicon.rarity(term(word))
    assert again.countries == lexicon.countries


def test_an_unreadable_table_is_made_again(tmp_path):
    made = Lexicon.load(tmp_path)
    (kept,) = tmp_path.glob("lexicon-*.json")
    kept.write_text("[1, 2")  # cut short
    assert Lexicon.load(tmp_path).countries == made.countries
    assert tokens("united states") in json.loads(kept.read_text())["countries"]


def test_an_everyday_word_costs_a_passage_little_and_a_rare_one_much(tiny):
    """The penalty follows the word's rarity: 'wondering' barely moves the score, 'mongolia' halves it
    (and more: it also counts in coverage)."""
    engine = qa.Engine(tiny)
    plain = engine.rank("capital of kazakhstan")[0]
    chatty = engine.rank("i was wondering about the capital of kazakhstan")[0]
    foreign = engine.rank("capital of kazakhstan mongolia")[0]
    assert plain.passage.id == chatty.passage.id == foreign.passage.id == "capital"
    assert chatty.score > 0.7 * plain.score
    assert foreign.score < 0.5 * plain.score


def test_the_table_agrees_with_wordfreq(lexicon):
    """The word list is read from wordfreq's data file; its values are wordfreq's own."""
    wordfreq = pytest.importorskip("wordfreq")
    for word in "role idea exactly treaty summit population putin wondering commerce urged".split():
        expected = wordfreq.zipf_frequency(word, "en")
        # a term takes its commonest word's value ("urged" shares "urg" with "urge")
        assert lexicon.zipf(term(word)) >= expected - 0.01, word
    for word in ("role", "treaty", "summit", "idea"):
        assert lexicon.zipf(term(word)) == pytest.approx(wordfreq.zipf_frequency(word, "en"), abs=0.01)


def test_without_the_data_file_wordfreq_itself_gives_the_table(monkeypatch, lexicon):
    """Another layout of wordfreq's files falls back to its API, with the same values."""
    monkeypatch.setattr("qa.lexicon.importlib.util.find_spec", lambda name: None)
    fallback = Lexicon.build()
    for word in ("role", "treaty", "wondering", "olympics"):
        assert fallback.rarity(term(word)) == pytest.approx(lexicon.rarity(term(word)), abs=0.02), word
    assert fallback.countries == lexicon.countries


def test_without_a_cache_frequencies_are_read_when_first_needed(lexicon):
    """An engine without a cache directory reads the places at once and wordfreq's list only for a
    question with a word the knowledge lacks (a start without the cache stays cheap)."""
    fresh = Lexicon.load(None)
    assert fresh.country_terms(tokens("trade with mongolia")) == {"mongolia"}
    assert "_zipf" not in vars(fresh)
    assert fresh.rarity(term("role")) == lexicon.rarity(term("role"))
    assert "_zipf" in vars(fresh)


def test_chinese_place_names_of_its_own_dictionary_weigh_as_names_unless_everyday():
    """Chinese has no capitals to tell a name: the places jieba's dictionary knows are names,
    except words as common as COMMON (城市 "city", 东西 "thing", 北京)."""
    from qa import languages
    from qa.lexicon import Lexicon

    chinese = Lexicon.places(languages.get("zh"))
    assert chinese.is_place("天津") and chinese.is_place("杭州")
    assert not {w for w in ("城市", "东西", "北京", "来", "大") if chinese.is_place(w)}
    assert not Lexicon.places(languages.get("en")).is_place("tianjin")  # English: capitals tell


def test_a_summit_in_a_city_the_knowledge_never_names_is_not_answered_in_chinese(engine):
    query = engine.read("上合组织天津峰会签了什么文件")
    assert "天津" in query.names
    assert not engine.ask("上合组织天津峰会签了什么文件").found
