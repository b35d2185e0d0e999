"""Russian: words folded (case, compatibility forms, ё → е; й is kept, the stemmer needs it),
stemmed with Snowball's Russian stemmer (PyStemmer, in C); a Latin-script word in a Russian
question ("AI", "SCO") is read as English. Country adjectives become the country, as in English
("казахстанский" → Казахстан).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence

import Stemmer

from . import languages
from .languages import Language
from .text import expanded, term

_STEMMER = Stemmer.Stemmer("russian")
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*%?|[^\W\d_]+|\d+")
_CYRILLIC = re.compile(r"[\u0400-\u052f]")
_SPACE_PUNCT = re.compile(r"[-–—/_]+")

_STANS = frozenset(
    "казахстан кыргызстан киргизстан таджикистан туркменистан узбекистан афганистан пакистан".split()
)
"""Countries in -стан: the stemmer cuts some of their forms to -ста ("Казахстан" → "казахста",
"Казахстаном" → "казахстан"); each form becomes the whole name."""
_COUNTRIES = {  # adjective and short forms, stemmed, → the country
    "казахск": "казахстан",
    "казахстанск": "казахстан",
    "казах": "казахстан",
    "кыргызск": "кыргызстан",
    "киргизск": "кыргызстан",
    "киргиз": "кыргызстан",
    "киргизстан": "кыргызстан",
    "кыргыз": "кыргызстан",
    "таджикск": "таджикистан",
    "таджик": "таджикистан",
    "туркменск": "туркменистан",
    "туркмен": "туркменистан",
    "узбекск": "узбекистан",
    "узбек": "узбекистан",
    "китайск": "кита",
    "кит": "кита",  # "Китая" (the stemmer cuts it further than "Китай")
    "кнр": "кита",
    "среднеазиатск": "центральн",
}


_HUNDRED = "сто"
_COST = "стоимост"
"""The stemmer cuts every form of "стоить" (to cost) to "сто", the number 100; they become
"стоимость" (cost), as its own forms stem."""


@functools.lru_cache(maxsize=1 << 16)
def _term(word: str) -> str:
    if word[0].isdigit():
        return word.replace(",", ".")  # 94,8 and 94.8 are one number
    if not _CYRILLIC.search(word):
        return term(word)
    stem: str = _STEMMER.stemWord(word.replace("ё", "е"))
    if stem + "н" in _STANS:
        stem += "н"
    if stem == _HUNDRED and word != _HUNDRED:  # "стоит", "стоило": what it costs, not "сто" (100)
        return _COST
    return _COUNTRIES.get(stem, stem)


_EXPANSIONS = {  # abbreviations people type, → the words they stand for
    "ии": "ai",  # artificial intelligence, not the conjunction "и" twice
    "ца": "центральная азия",
    "рк": "казахстан",
    "кр": "кыргызстан",
    "ру": "узбекистан",
    "рт": "таджикистан",
    "шос": "шос шанхайская организация сотрудничества",
    "сша": "сша америка",  # CLDR's name is two words ("Соединенные Штаты"), never typed for it
    "рф": "россия",
}


_LOOK_ALIKE = str.maketrans("aceopxykmthb", "асеорхукмтнв")
"""Latin letters that look like Cyrillic ones, as a keyboard left in the other layout types them."""
_MIXED = re.compile(r"[^\W\d_]*(?:[a-z][а-я]|[а-я][a-z])[^\W\d_]*")
"""A word of Cyrillic and Latin letters together ("цa" with a Latin "a")."""
_ORDINAL = re.compile(r"(\d+)-?(?:м|й|го|х|е|ом|ым|ая|ой|ую)(?![а-я])")
"""A number with a case ending ("в 24м", "2024-го"): the number."""


def _folded(word: re.Match[str]) -> str:
    """A word of both scripts in Cyrillic, when its Latin letters all have Cyrillic look-alikes."""
    text = word.group()
    cyrillic = text.translate(_LOOK_ALIKE)
    return cyrillic if not re.search(r"[a-z]", cyrillic) else text


def tokens(text: str) -> list[str]:
    """Canonical terms of a Russian text, in order."""
    folded = unicodedata.normalize("NFKC", text).lower().replace("ё", "е").replace("'", "")
    folded = _ORDINAL.sub(r"\1", _MIXED.sub(_folded, folded))
    return list(map(_term, expanded(_TOKEN.findall(_SPACE_PUNCT.sub(" ", folded)), _EXPANSIONS)))


_RAW_FUNCTION_WORDS = """
    а и или но да нет не ни же ли бы вот ну то это этот эта эти тот та те так как какой какая какое
    какие каков какова каковы какую каким каких каком кто кого кому кем что чего чему чем где куда
    откуда когда сколько почему зачем ли в во на с со к ко по о об обо у от до за из изо для при про
    через над под без между я ты вы он она оно они мы мне меня тебе тебя вас вам нам нас его ее её
    их им ей ему был была было были быть есть будет будут там тут здесь еще ещё уже тоже также
    очень просто вообще именно можно нужно надо пожалуйста подскажите скажите скажи расскажи
    расскажите объясни объясните привет здравствуйте слышал слышала читал читала интересно
    хочу хотел хотела знать узнать подробнее поподробнее вкратце кратко коротко ли какой-то
    всё все весь вся который которая которое которые свой своя свои чтобы если потом тогда
    инфа информация информацию ассалому ассаламу алейкум салам салям
    слушай слушайте видел видела видели новости новостях новостей мельком понял поняла понять
    непонятно попроще простому добрый доброе доброго говорят пишут написано
    уважаемый уважаемая уважаемые бот можешь можете напомни напомните напомнить рассказать штуки штука
    плз плиз пжл пж пжлст помоги помогите помочь
    мой моя мое моё мои моего моей моих наш наша наше наши нашего нашей наших нашим нашу ваш ваша
    ваше ваши вашего вашей ваших твой твоя твое твоё твои че чё чет чето чёт
    прошу просим сообщите сообщить уточните уточнить поясните пояснить будьте добры сведения
    интересует интересуют хотелось бы является являются являлся являлась являлось являлись
""".split()
_RAW_PRONOUNS = """
    он она оно они его ее их ему ей им него нее них нем ней этот эта это эти этого этой этом тот та то
    те того там туда
""".split()
PRONOUNS = frozenset(_term(w) for w in _RAW_PRONOUNS)
"""Words that point back at the previous answer ("в нём", "их"); they carry no topic either."""
FUNCTION_WORDS = frozenset(_RAW_FUNCTION_WORDS) | {_term(w) for w in _RAW_FUNCTION_WORDS} | PRONOUNS


def focus(terms: Sequence[str]) -> frozenset[str]:
    """The attribute asked for: the word after "кто" ("кто возглавляет", "кто подписал"; not a
    verdict, "кто прав", which no answer words so), and the cost in "сколько стоит" (an answer
    must say what something costs)."""
    found = {
        after
        for word, after in zip(terms, terms[1:], strict=False)
        if word == _WHO and after not in FUNCTION_WORDS and after not in _VERDICTS
    }
    if _COST in terms and _HOW_MUCH in terms:
        found.add(_COST)
    return frozenset(found)


_WHO = _term("кто")
_VERDICTS = frozenset(_term(w) for w in "прав права правы виноват виновата виноваты".split())
"""What "кто" asks of a dispute ("кто прав", "кто виноват"): a judgement, not an attribute."""
_HOW_MUCH = _term("сколько")
_WHEN = _term("когда")
_TO_COME = frozenset(
    _term(w)
    for w in "будет будут станет станут планируется планируют собираются достроят построят запустят "
    "завершат закончат откроют начнут".split()
)


def detail(terms: Sequence[str]) -> frozenset[str]:
    """What an amount or a time to come is asked about: every content word of a question asking
    "сколько", or "когда" with "будет" and the like ("сколько стоило проведение саммита",
    "когда будет построена дорога"). A word of it no passage holds weighs as a name does (see
    ``qa.english.detail``)."""
    if _HOW_MUCH in terms or (_WHEN in terms and not _TO_COME.isdisjoint(terms)):
        return frozenset(t for t in terms if t not in FUNCTION_WORDS)
    return frozenset()


def figures(terms: Sequence[str]) -> frozenset[str]:
    """The kinds of figure the question asks for: an amount ("сколько"), a time of day ("во
    сколько", "в котором часу", "в какое время"). An answer must state them."""
    pairs = list(zip(terms, terms[1:], strict=False))
    if (_IN, _HOW_MUCH) in pairs or _HOUR in terms or (_WHICH, _TIME) in pairs:
        return frozenset({"clock"})
    return frozenset({"amount"}) if _HOW_MUCH in terms else frozenset()


_IN, _HOUR, _WHICH, _TIME = _term("во"), _term("часу"), _term("какое"), _term("время")


_MONTHS = "января февраля марта апреля мая июня июля августа сентября октября ноября декабря"
_NO_AMOUNT = re.compile(rf"\b(?:1[89]|20)\d\d\b|\b\d{{1,2}} (?:{'|'.join(_MONTHS.split())})")
"""Numbers that are no amount: years and the days of dates."""
_FIGURE = re.compile(r"(?<!\w)\d")
_NUMBER_WORDS = frozenset(
    """два две двух двум три трёх трех четыре четырёх четырех пять пяти шесть шести семь семи восемь
    восьми девять девяти десять десяти сто сотни тысяча тысячи тысяч миллион миллиона миллионов
    миллиард миллиарда миллиардов млрд млн трлн половина половину вдвое""".split()
)


_CLOCK = re.compile(
    r"(?<!\d)\d{1,2}[:.]\d{2}(?!\d)|(?<!\w)(?:утр|днем|днём|вечер|полдень|полночь|после обеда)"
)
"""A time of day: "в 10:30", "утром", "днём", "вечером"."""


def stated(text: str) -> frozenset[str]:
    """The kinds of figure ``text`` states: an amount (a number, in figures or words, that is no
    year or date), a time of day."""
    lowered = text.lower()
    plain = _NO_AMOUNT.sub(" ", lowered)
    amount = _FIGURE.search(plain) is not None or not _NUMBER_WORDS.isdisjoint(_CYRILLIC_WORDS.findall(plain))
    return languages.stated(amount=amount, clock=_CLOCK.search(lowered) is not None)


_CYRILLIC_WORDS = re.compile(r"[а-яё]+")


LANGUAGE = Language(
    code="ru",
    name="Russian",
    module=__name__,
    tokens=tokens,
    function_words=FUNCTION_WORDS,
    follow_up=re.compile(
        r"^\s*(?:а|и|также|ещё|еще|тогда|как насч[её]т|что насч[её]т|а что|а как)(?!\w)", re.I
    ),
    pronouns=PRONOUNS,
    focus=focus,
    detail=detail,
    asks=re.compile(
        r"\?|(?<!\w)(?:что|кто|как|какой|какая|какие|каков|сколько|когда|где|куда|почему|зачем|ли)(?!\w)",
        re.I,
    ),
    figures=figures,
    stated=stated,
    back_then=re.compile(r"(?<!\w)(?:тогда же|в тот раз|в тот год|на тот момент|в то время)(?!\w)", re.I),
    framing=re.compile(
        r"^\s*(?:правда ли|верно ли|так ли|действительно ли|говорят|пишут)\s*,?\s*(?:что\b)?"
        r"|[,.;:\s\-–—]*(?<!\w)(?:это так|это правда|так ли это|правильно|верно|да)\s*[?!.]*\s*$"
        r"|(?<!\w)для (?:моей |нашей |школьной )?(?:курсовой|эссе|семинара|доклада|реферата|диплома|урока"
        r"|презентации|отч[её]та|лекции|статьи)(?!\w)",
        re.I,
    ),
    opinion=re.compile(
        r"(?<!\w)(?:как |что )?(?:ты|вы) (?:думаешь|думаете|считаешь|считаете)(?!\w)"
        r"|(?<!\w)по[- ]?(?:твоему|вашему)(?!\w)|(?<!\w)(?:тво[её]|ваше) (?:личное )?мнение(?!\w)"
        r"|(?<!\w)(?:дайте|дай|ваш|твой)[,\s]+(?:пожалуйста[,\s]+)?прогноз(?!\w)|(?<!\w)спрогнозируй(?:те)?(?!\w)",
        re.I,
    ),
)
