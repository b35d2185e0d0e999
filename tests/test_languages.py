"""Russian and Chinese: telling a question's language, reading it, answering in it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import qa
from qa import languages
from qa.chinese import Homophones, Segmenter
from qa.knowledge import read_checked
from qa.russian import tokens as russian


@pytest.mark.parametrize(
    ("text", "hint", "code"),
    [
        ("What treaty was signed?", None, "en"),
        ("Какой договор подписали?", None, "ru"),
        ("签了什么条约", None, "zh"),
        ("Токаев и AI", None, "ru"),  # mixed: the grammar's script
        ("Belt and Road тут при чем", None, "ru"),  # more Latin letters, Russian grammar
        ("Astana Declaration что это", None, "ru"),
        ("what does Токаев think of the treaty", None, "en"),
        ("SCO的上海精神", None, "zh"),  # a Han character weighs about two letters
        ("2024?", "ru", "ru"),  # no letters: the hint decides
        ("2024?", None, "en"),
    ],
)
def test_the_script_and_in_mixed_russian_and_english_the_grammar_tell_the_language(text, hint, code):
    assert languages.detect(text, hint=hint) == code


def test_russian_forms_of_a_country_meet():
    assert len(set(russian("Казахстан Казахстана Казахстаном казахстанский"))) == 1
    assert russian("ЦА") == russian("Центральная Азия")  # an abbreviation, expanded
    assert russian("AI") == ["ai"]  # a Latin word in a Russian question is read as English


def test_chinese_is_segmented_knowing_the_knowledges_words():
    taught = Segmenter(["扎帕罗夫"])
    assert "扎帕罗夫" in taught.tokens("习近平和扎帕罗夫会谈")
    assert taught.tokens("哈方") == ["哈萨克斯坦"]  # a short form, the country
    assert taught.tokens("ＳＣＯ") == ["sco"]  # full-width folded


@pytest.mark.parametrize(
    ("question", "code", "passage"),
    [
        ("какой договор подписали в астане", "ru", "treaty"),
        ("товарооборот Китая и Центральной Азии в 2024", "ru", "trade-2024"),
        ("峰会在哪开的", "zh", "summit-date-venue"),
        ("习近平和扎帕罗夫谈了什么", "zh", "bilateral-kyrgyzstan"),
    ],
)
def test_a_question_is_answered_in_its_language(engine, question, code, passage):
    answer = engine.ask(question)
    assert answer.found and answer.passage is not None and answer.passage.id == passage
    translation = answer.passage.translation(code)
    assert answer.language == code and translation is not None and answer.text == translation.text


@pytest.mark.parametrize(
    ("question", "code", "words"),
    [
        ("как приготовить борщ", "ru", "Этого нет"),
        ("今天北京天气怎么样", "zh", "没有"),
        ("привет", "ru", "Здравствуйте"),
        ("你好", "zh", "您好"),
        ("помощь", "ru", "Например"),
    ],
)
def test_i_dont_know_and_small_talk_come_in_the_questions_language(engine, question, code, words):
    answer = engine.ask(question)
    assert not answer.found and answer.language == code and words in answer.text


def test_another_country_gets_i_dont_know_in_russian_and_chinese(engine):
    assert not engine.ask("какие соглашения Китай подписал с Монголией").found
    assert not engine.ask("中国和蒙古签了什么协议").found


def test_a_passage_without_a_translation_is_answered_in_english_saying_so(tiny):
    passages = [
        *tiny,
        qa.Passage(id="x", title="X", text="x.", translations={"ru": {"title": "Икс", "text": "икс"}}),
    ]
    engine = qa.Engine(passages)
    answer = engine.ask("что такое Astana capital, скажите пожалуйста")
    assert answer.found and answer.passage is not None and answer.passage.id == "capital"
    assert answer.language == "en" and answer.text.startswith("Перевода") and "Astana is" in answer.text


def test_a_russian_follow_up_swaps_the_country(engine):
    chat = engine.conversation()
    first = chat.ask("о чем Си Цзиньпин говорил с Жапаровым")
    assert first.found and first.passage is not None and first.passage.id == "bilateral-kyrgyzstan"
    second = chat.ask("а с Мирзиёевым?")
    assert second.found and second.passage is not None and second.passage.id == "bilateral-uzbekistan"


def test_a_follow_up_of_nothing_but_pronouns_is_answered_from_the_topic(engine):
    """ "а что в нем" ("and what is in it"): "нем" is a pronoun, not a function word, and still
    points back at the treaty."""
    alone = engine.ask("а что в нем")
    assert not alone.found
    chat = engine.conversation()
    assert chat.ask("что за договор подписали").passage.topic == "documents"
    again = chat.ask("а что в нем")
    assert again.found and again.language == "ru" and again.passage.topic == "documents"


def test_check_reports_a_missing_or_broken_translation_with_file_line_and_field(tmp_path: Path):
    (tmp_path / "k.yaml").write_text(
        "passages:\n"
        "  - id: a\n    title: A\n    text: Bananas are yellow.\n    source: https://x.org\n"
        "    ru: {title: А, text: Бананы жёлтые.}\n"
        "  - id: b\n    title: B\n    text: Apples are red.\n    source: https://x.org\n",
        encoding="utf-8",
    )
    passages, problems, gaps = read_checked(tmp_path)
    assert len(passages) == 2 and not problems
    assert [(g.line, g.field) for g in gaps] == [(7, "ru")] and "Russian" in str(gaps[0])
    (tmp_path / "k.yaml").write_text(
        "passages:\n  - id: a\n    title: A\n    text: Bananas.\n    source: https://x.org\n"
        "    ru: {title: А}\n",
        encoding="utf-8",
    )
    _, problems, _ = read_checked(tmp_path)
    assert [(p.line, p.field) for p in problems] == [(6, "ru.text")]


def test_english_use_loads_no_russian_stemmer_or_chinese_segmenter(tmp_path):
    code = (
        "import sys, qa; e = qa.load(); assert e.ask('What treaty was signed?').found; "
        "assert not e.ask('how do i bake sourdough bread').found; "  # off the topic: no wrong layout
        "print(sorted(m for m in ('jieba', 'pypinyin', 'qa.chinese', 'qa.russian') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_terminal_labels_the_source_in_the_answers_language(engine):
    from qa.render import answer_text

    russian_answer = engine.ask("какой договор подписали в астане")
    assert "\nИсточник" in answer_text(russian_answer) and "Source" not in answer_text(russian_answer)
    assert "\n来源" in answer_text(engine.ask("峰会在哪开的"))


def test_a_question_without_letters_continues_in_the_conversations_language(engine):
    chat = engine.conversation()
    assert chat.ask("中国和中亚2024年贸易额多少").language == "zh"
    follow_up = chat.ask("2023?")
    assert follow_up.found and follow_up.language == "zh"
    assert engine.conversation().ask("2023?").language == "en"  # a new conversation: English


def test_a_misspelt_translation_key_gets_a_did_you_mean(tmp_path: Path):
    (tmp_path / "k.yaml").write_text(
        "passages:\n  - id: a\n    title: A\n    text: Bananas.\n    source: https://x.org\n"
        "    ru: {titel: А, text: Бананы.}\n",
        encoding="utf-8",
    )
    _, problems, _ = read_checked(tmp_path)
    assert [(p.line, p.field) for p in problems] == [(6, "ru.titel")] and "did you mean 'title'?" in str(
        problems[0]
    )


@pytest.mark.parametrize(
    ("question", "detail"),
    [
        ("中吉乌铁路哪年能通车", {"中吉乌", "铁路", "通车"}),
        ("三个中心是什么", set()),  # asks for no amount or time
        ("建了几台机组", {"建", "机组"}),  # jieba joins 几 and its measure word: 几台
        ("协议有几项", {"协议"}),
        ("哪几个国家签了条约", set()),  # which countries: no amount (as ``figures`` reads it)
        ("сколько стоило проведение саммита", {"стоимост", "проведен", "саммит"}),
        ("когда будет построена дорога", {"постро", "дорог"}),
        ("когда был саммит", set()),  # a past time
    ],
)
def test_the_detail_an_amount_or_a_time_to_come_is_asked_about(question, detail):
    code = languages.detect(question)
    language = languages.get(code)
    assert language.detail(language.tokens(question)) == detail


def test_a_chinese_detail_no_passage_holds_weighs_as_a_name_and_a_piece_that_is_no_word_not(engine):
    """ "通车" (opening to traffic) is a word the knowledge lacks: asked about, it counts in full and
    the question is not answered; "作" (a piece of 和作 where no knowledge word is typed alike)
    says nothing, asked about or not."""
    railway = engine.read("中吉乌铁路哪年能通车")
    assert "通车" in railway.unknown and railway.penalized >= 2.0
    assert not engine.ask("中吉乌铁路哪年能通车").found
    units = engine.read("中核要在哈萨克斯坦建几台机组")  # how many reactor units: 机组 asked about
    assert "机组" in units.unknown and units.penalized >= 2.0
    typo = engine.read("和作的中心一共几个")
    assert "作" in typo.unknown and typo.penalized < 1.0
    assert engine.read("和作中心一共几个").terms == engine.read("合作中心一共几个").terms  # typed alike


def test_a_chinese_follow_up_swaps_the_country_and_the_pieces_of_its_name(engine):
    """jieba's search mode reads 土库曼斯坦 as 土库, 库曼, 曼斯, 土库曼 and the word: the country is the
    word, and its pieces go with it when another country takes its place."""
    assert {"土库曼斯坦", "乌兹别克斯坦"} <= engine.reader_of("zh").lexicon.countries
    chat = engine.conversation()
    assert chat.ask("习主席跟土库曼斯坦谈了啥").passage.id == "bilateral-turkmenistan"
    swapped = chat.ask("那乌兹别克斯坦呢")
    assert swapped.found and swapped.passage.id == "bilateral-uzbekistan"
    assert "库曼" not in swapped.query.split()


@pytest.mark.parametrize(("people", "country"), [("塔吉克人", "塔吉克斯坦"), ("乌兹别克族", "乌兹别克斯坦")])
def test_a_country_s_people_is_the_country_in_chinese(engine, people, country):
    """塔吉克人 ("the Tajiks") is one word, the country's, as "the Tajiks" is in English: "那塔吉克人呢"
    swaps the country of the last question."""
    assert country in engine.read(f"那{people}呢").terms
    chat = engine.conversation()
    chat.ask("习主席跟土库曼斯坦谈了啥")
    swapped = chat.ask(f"那{people}呢")
    assert (
        swapped.found
        and swapped.passage.id
        == "bilateral-" + {"塔吉克斯坦": "tajikistan", "乌兹别克斯坦": "uzbekistan"}[country]
    )


def test_russian_cost_is_not_the_number_a_hundred(engine):
    """Snowball cuts "стоит", "стоило" to "сто" (100): they read as "стоимость", and "сколько
    стоит" asks for a cost, which an answer must hold."""
    assert russian("сколько стоило сто стоимость") == ["скольк", "стоимост", "сто", "стоимост"]
    assert engine.ask("сколько стоили сделки форума").found  # the forum's deals give their worth
    assert not engine.ask("сколько стоило проведение саммита").found
    assert not engine.ask("сколько будет стоить железная дорога китай кыргызстан узбекистан").found


def test_russian_usa_is_a_country(engine):
    """США and РФ are how Russian types the United States and Russia (CLDR writes them in full): a
    treaty with the USA is none the knowledge holds."""
    assert "америк" in engine.read("какой договор подписали с сша").names
    assert "росс" in engine.read("что подписали китай и рф").terms
    assert not engine.ask("какой договор подписали с сша").found


@pytest.mark.parametrize(
    ("question", "focus"),
    [
        ("秘书处主任是谁", {"主任"}),  # the word before 是谁
        ("谁提出的中国中亚精神", {"提出"}),  # the deed after a 谁 that opens the question
        ("谁主持的峰会", {"主持"}),
        ("峰会在哪开的", set()),
    ],
)
def test_the_attribute_a_chinese_question_asks_for(engine, question, focus):
    assert engine.read(question).focus == focus


def test_a_chinese_who_first_asks_for_the_deed(engine):
    """ "谁提出的中国中亚精神" (who proposed the Spirit): a passage on the Spirit that names no
    proposing weighs as if it lacked two names, as in English "who proposed"."""
    ranked = {a.passage.id: a.score for a in engine.rank("谁提出的中国中亚精神", 10)}
    assert max(ranked, key=ranked.__getitem__) == "spirit-definition"
    assert ranked.get("spirit-chinese", 0) < 0.06


def test_who_is_right_asks_no_attribute_of_the_answer(engine):
    """ "кто подписал" asks who signed, which the answer must say; "кто прав" (who is right) asks
    for a verdict, and "прав" is no word an answer must hold."""
    assert engine.read("кто подписал договор").focus == {russian("подписал")[0]}
    disputed = engine.read("говорят там четыре центра а не три, кто прав")
    assert not disputed.focus
    scores = dict((a.passage.id, a.score) for a in engine.rank(disputed, 10))
    assert scores.get("three-centers", 0) > 0.03  # no longer weighs as if it lacked two names


def test_russian_framing_is_no_content(engine):
    """ "слушай", "видел", "в новостях мельком": how a Russian asker frames a question, as "I heard
    in the news" is in English."""
    query = engine.read("слушай а что за договор там в астане подписали? в новостях мельком видел")
    assert set(query.content) == {"договор", "астан", "подписа"}


def test_russian_formal_requests_and_what_the_answer_is_for_are_no_content(engine):
    """ "Прошу сообщить сведения", "поясните", "для доклада": how a formal letter asks, and what the
    answer is for, are no topic a passage must cover."""
    query = engine.read("Прошу сообщить сведения о дате проведения второго саммита")
    assert set(query.content) == {"дат", "проведен", "втор", "саммит"}
    assert (
        engine.ask("Прошу сообщить сведения о дате проведения второго саммита").passage.id
        == "summit-date-venue"
    )
    framed = engine.read("Поясните, пожалуйста, для доклада, что такое дух Китай — Центральная Азия")
    assert "доклад" not in framed.terms and "поясн" not in framed.content


def test_the_russian_copula_is_no_attribute_asked(engine):
    """ "Кто является …" asks who holds a role: "является" ("is") is no deed an answer must word."""
    question = "Кто является исполнительным директором секретариата?"
    assert not engine.read(question).focus
    assert engine.ask(question).passage.id == "secretariat"


def test_russian_possessives_and_slang_for_what_are_no_content(engine):
    """ "наши", "мой", "чет" (colloquial "что-то"): as "our" and "my" are function words in English."""
    query = engine.read("будут ли наши языки в китайских вузах, чет я не понял")
    assert not {"наш", "наши", "чет"} & set(query.content)
    assert "язык" in query.content


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("how many centers were set up", True),
        ("how much did china pledge", True),
        ("how did the talks go", False),
        ("what was agreed on trade", False),
        ("сколько стран подписали договор", True),
        ("кто подписал договор", False),
        ("合作中心有几个", True),
        ("贸易额是多少", True),
        ("条约是哪几个国家签的", False),  # which countries, not how many
        ("习主席第几次去哈萨克斯坦", False),  # a rank
        ("峰会几号开的", False),  # a date
    ],
)
def test_whether_a_question_asks_for_an_amount(question, asks):
    language = languages.get(languages.detect(question))
    assert ("amount" in language.figures(language.tokens(question))) is asks


@pytest.mark.parametrize(
    ("code", "text", "states"),
    [
        ("en", "Trade reached US$94.8 billion in 2024.", True),
        ("en", "Three cooperation centers were set up.", True),
        ("en", "The summit was held in Astana on 17 June 2025.", False),  # a date and a year
        ("en", "Xi met the president in the 1990s and on June 17.", False),
        ("en", "One of the leaders spoke first.", False),
        ("ru", "Товарооборот составил 94,8 млрд долларов.", True),
        ("ru", "Все шесть стран подписали договор.", True),
        ("ru", "Саммит прошёл в Астане 17 июня 2025 года; стороны договорились.", False),
        ("zh", "贸易额达948亿美元。", True),
        ("zh", "峰会决定设立三个合作中心。", True),
        ("zh", "2025年6月17日，第二届峰会在阿斯塔纳举行。", False),  # a date and a rank
        ("zh", "一带一路合作，C5机制。", False),
        ("zh", "习近平在哈萨克斯坦共待了三天，两年内提供培训。", True),  # durations
        ("zh", "六月在阿斯塔纳举行。", False),  # a month, no amount
    ],
)
def test_whether_a_text_states_an_amount(code, text, states):
    assert ("amount" in languages.get(code).stated(text)) is states


@pytest.mark.parametrize(
    ("question", "figures"),
    [
        ("what time was the treaty signed", {"clock"}),
        ("at what hour did xi land", {"clock"}),
        ("how many centers", {"amount"}),
        ("when was the treaty signed", set()),  # a date, which a day answers
        ("во сколько подписали договор", {"clock"}),
        ("сколько стран подписали договор", {"amount"}),
        ("条约几点签的", {"clock"}),
    ],
)
def test_the_kinds_of_figure_a_question_asks_for(question, figures):
    language = languages.get(languages.detect(question))
    assert language.figures(language.tokens(question)) == figures


@pytest.mark.parametrize(
    ("code", "text", "clock"),
    [
        ("en", "The leaders signed it in the afternoon of 17 June.", True),
        ("en", "Xi landed at 10:30.", True),
        ("en", "The treaty was signed on 17 June 2025.", False),
        ("ru", "Договор подписали днём 17 июня.", True),
        ("ru", "Договор подписали 17 июня 2025 года.", False),
        ("zh", "条约于6月17日下午签署。", True),
        ("zh", "重点和观点。", False),  # 点 in words, no hour
    ],
)
def test_whether_a_text_states_a_time_of_day(code, text, clock):
    assert ("clock" in languages.get(code).stated(text)) is clock


@pytest.mark.parametrize(
    ("asked", "plain"),
    [
        ("how many fighter jets escorted Xi's plane", "fighter jets escorted Xi's plane"),
        ("сколько истребителей сопровождали самолёт Си", "истребители сопровождали самолёт Си"),
        ("几架战斗机为习近平专机护航", "战斗机为习近平专机护航"),
    ],
)
def test_an_amount_asked_of_a_passage_that_states_none_weighs_as_a_missing_name(engine, asked, plain):
    """The arrival passage tells of fighter jets and gives no number: asked "how many", it
    scores the penalty squared (a quarter) of what the same words score without."""

    def arrival(question: str) -> float:
        return next(a.score for a in engine.rank(question) if a.passage.id == "xi-arrival")

    assert "amount" in engine.read(asked).figures and not engine.read(plain).figures
    assert arrival(asked) == pytest.approx(arrival(plain) * engine.unknown_penalty**2, rel=0.2)


def test_an_amount_asked_is_answered_by_a_passage_that_states_one(engine):
    for question in ("how many cooperation centers were set up", "сколько центров сотрудничества создали"):
        answer = engine.ask(question)
        assert answer.found and answer.passage.id == "three-centers", question


@pytest.mark.parametrize("code", languages.CODES)
def test_every_pronoun_is_a_function_word(code):
    """A pronoun points back at the last answer and carries no topic: "в нём" is no word the
    knowledge should hold, and asked about ("сколько в нём статей") it would weigh as a name."""
    language = languages.get(code)
    assert language.pronouns <= language.function_words


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ("как называется договор", "сколько в нем статей", {"treaty-content"}),
        ("峰会上签的条约叫什么", "它有多少条", {"treaty-content"}),
    ],
)
def test_a_follow_up_with_a_pronoun_or_a_filler_asks_of_the_last_answer(engine, first, second, expected):
    chat = engine.conversation()
    assert chat.ask(first).found
    answer = chat.ask(second)
    assert answer.found and answer.passage is not None and answer.passage.id in expected


@pytest.mark.parametrize(
    ("text", "same_as"),
    [
        ("дух китая и цa", "дух китая и ца"),  # a Latin "a" typed in a Cyrillic word
        ("cаммит в астане", "саммит в астане"),  # a Latin "c"
        ("товарооборот в 24м году", "товарооборот в 24 году"),  # a number's case ending
        ("итоги 2024-го года", "итоги 2024 года"),
    ],
)
def test_russian_reads_look_alike_letters_and_case_endings_of_numbers(text, same_as):
    russian = languages.get("ru")
    assert russian.tokens(text) == russian.tokens(same_as)


def test_russian_keeps_latin_words_and_names_as_they_are():
    russian = languages.get("ru")
    assert russian.tokens("Xi с Mirziyoyev про AI") == ["xi", "с", "mirziyoyev", "про", "ai"]


def test_russian_polite_framing_carries_no_topic(engine):
    plain = engine.read("в каком городе состоялся второй саммит")
    polite = engine.read("Уважаемый бот, можешь напомнить, в каком городе состоялся второй саммит")
    assert polite.content == plain.content


def _homophones(words: list[str], dictionary: set[str]) -> Homophones:
    return Homophones(words, dictionary.__contains__, held=[w for w in words if w in dictionary])


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("中国中亚经神是啥", "中国中亚精神是啥"),  # typed alike (jing shen)
        ("乌兹别可斯坦总统叫什么", "乌兹别克斯坦总统叫什么"),
        ("吉尔吉斯坦总统叫啥", "吉尔吉斯斯坦总统叫啥"),  # a name with one character left out
        ("塔吉克斯担会谈内容", "塔吉克斯坦会谈内容"),  # one wrong
        ("吉尔吉斯斯坦总统叫啥", "吉尔吉斯斯坦总统叫啥"),  # written right: as it is
        ("哈萨克斯坦和中国", "哈萨克斯坦和中国"),  # not 哈萨克斯 with a character left out
        ("峰会是在哪开的", "峰会是在哪开的"),  # a phrase taught is no name: nothing is added to it
    ],
)
def test_misspelt_forms_of_the_knowledge_words_are_respelled(typed, meant):
    words = ["中国中亚精神", "乌兹别克斯坦", "吉尔吉斯斯坦", "塔吉克斯坦", "哈萨克斯坦", "峰会设在哪", "中国"]
    dictionary = {"乌兹别克斯坦", "吉尔吉斯斯坦", "塔吉克斯坦", "哈萨克斯坦", "中国", "总统", "峰会"}
    assert _homophones(words, dictionary).respelled(typed) == meant


def test_two_words_typed_alike_are_neither_ones_misspelling():
    homophones = _homophones(["合作中心", "和作中心"], set())
    assert homophones.respelled("禾作中心") == "禾作中心"


def test_a_demonstrative_is_never_respelled_into_a_question_word(engine):
    """那 ("that") and 哪 ("which") are typed alike (na): 那篇文章 is no misspelt 哪篇文章."""
    homophones = _homophones(["哪篇文章", "乌兹别克斯坦"], set())
    assert homophones.respelled("那篇文章说了啥") == "那篇文章说了啥"
    assert homophones.respelled("哪片文章说了啥") == "哪篇文章说了啥"  # a typo beside it still is one
    assert "哪篇文章" not in engine.read("中亚年轻人多不多 那篇文章有提吗").terms


def test_a_chinese_question_with_a_misspelt_name_reads_as_written_right(engine):
    assert engine.read("吉尔吉斯坦总统叫啥").terms == engine.read("吉尔吉斯斯坦总统叫啥").terms
    assert engine.ask("乌兹别可斯坦总统叫什么").found


@pytest.mark.parametrize(
    ("paired", "country"),
    [("中俄贸易额", "俄罗斯"), ("中蒙关系", "蒙古"), ("中哈关系", "哈萨克斯坦"), ("俄方的看法", "俄罗斯")],
)
def test_a_chinese_pair_of_china_and_a_country_reads_as_that_country(engine, paired, country):
    assert country in engine.read(paired).names


def test_another_countrys_trade_with_china_is_not_answered_in_chinese(engine):
    assert not engine.ask("2024年中俄贸易额多少").found
    assert engine.ask("2024年中哈贸易额多少").found


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("ult ghj[jlbk cfvvbn", "где проходил саммит"),
        ("njdfhjj,jhjn", "товарооборот"),  # a comma key holds "б"
        ("crf;b", "скажи"),
    ],
)
def test_a_run_of_latin_keys_reads_as_the_russian_letters_on_them(typed, meant):
    from qa.layout import cyrillic

    assert cyrillic(typed) == meant


def test_a_question_typed_in_the_wrong_layout_is_read_as_the_russian_it_types(engine):
    answer = engine.ask("ult ghj[jlbk cfvvbn")  # где проходил саммит
    assert answer.found and answer.language == "ru" and answer.passage.id == "summit-date-venue"
    mixed = engine.read("j xtv cb ujdjhbk с Токаевым")  # о чём Си говорил с Токаевым
    assert mixed.language == "ru" and "токаев" in mixed.terms


def test_english_is_never_read_as_a_wrong_layout(engine):
    """An English question the knowledge cannot answer holds English grammar ("how", "do"), and
    a name typed in Latin letters inside a Russian question stays a name."""
    assert engine.read("how do i bake sourdough bread").language == "en"
    assert "ai" in engine.read("сотрудничество в сфере AI").terms


def test_wrong_layout_words_inside_a_russian_question_are_retyped(engine):
    query = engine.read("xnj nfrjt le[ китай-ца")  # что такое дух китай-ца
    assert "дух" in query.terms and not any(t.isascii() for t in query.unknown)
    assert "ai" in engine.read("AI сотрудничество с китаем").terms  # a Latin name stays a name


def test_a_russian_time_to_come_asks_about_its_words():
    russian = languages.get("ru")
    assert "достро" in "".join(russian.detail(russian.tokens("когда достроят железную дорогу")))


@pytest.mark.parametrize(
    "question",
    ["what did washington say about the china–central asia treaty", "чем закончился саммит шос в тяньцзине"],
)
def test_a_city_the_knowledge_never_names_weighs_as_a_name(engine, question):
    """A large city the knowledge never names is a name, lowercase too: the question is about
    somewhere else, and gets "I don't know"."""
    query = engine.read(question)
    city = next(t for t in query.unknown if engine.reader_of(query.language).lexicon.is_city(t))
    assert city in {"washington", "тяньцзин"} and query.penalized >= 2.0
    assert not engine.ask(question).found


def test_a_large_city_is_no_typo_of_a_known_word(engine):
    """ "lahore" is a city, not a misspelt "labor": it stays as written, unknown, and weighs as a name."""
    query = engine.read("what was agreed in lahore")
    assert "labor" not in query.terms and any(t.startswith("lahor") for t in query.unknown)
    assert not engine.ask("what was agreed in lahore").found


def test_an_everyday_word_is_no_city(engine):
    """ "тока" ("only", as people type it) stems to "ток", a small town's name: too short to be a city."""
    lexicon = engine.reader_of("ru").lexicon
    assert not lexicon.is_city("ток") and lexicon.is_city("тяньцзин")


@pytest.mark.parametrize(
    ("question", "passage"),
    [
        ("China-Central Asia Spirit 是哪年提出的", "spirit-definition"),  # the grammar is Chinese
        ("Yang Cheng是谁", "spirit-yang-cheng"),  # Chinese, with a name only the English index holds
    ],
)
def test_a_question_in_latin_and_han_is_answered_in_the_language_of_its_grammar(engine, question, passage):
    """A question of Latin letters and Han characters is Chinese when its particles and question
    words are (是, 哪, 的, 谁), English when its function words are; what one reading cannot answer
    the other may, and the answer is in the question's language."""
    assert languages.detect(question) == "zh"
    answer = engine.ask(question)
    assert answer.found and answer.passage is not None and answer.passage.id == passage
    assert answer.language == "zh"
    assert languages.detect("what does 永久 mean in the treaty name") == "en"
