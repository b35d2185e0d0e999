"""Chinese: segmented into words with jieba (its search mode: a long word, and the shorter words
within it, so "中国中亚精神" meets "中国—中亚精神"), full-width forms folded (NFKC); a Latin-script word
("AI", "SCO") is read as English. Short forms of the countries become the country ("哈方" →
哈萨克斯坦). jieba loads its dictionary when a Chinese text is first segmented.

An engine can teach its segmenter the knowledge's own words (names, terms from the passages'
keywords) so they stay whole: ``segmenter(words)``.
"""

from __future__ import annotations

import functools
import logging
import re
import unicodedata
from collections.abc import Callable, Collection, Iterable, Sequence
from typing import Any

from . import languages
from .languages import Language
from .text import term

_PARTICLES = frozenset("了个")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"\d+(?:[.,]\d+)*%?|[^\W_]+")

_ALIASES = {  # short forms → the country
    "哈方": "哈萨克斯坦",
    "哈国": "哈萨克斯坦",
    "吉方": "吉尔吉斯斯坦",
    "吉国": "吉尔吉斯斯坦",
    "塔方": "塔吉克斯坦",
    "塔国": "塔吉克斯坦",
    "土方": "土库曼斯坦",
    "乌方": "乌兹别克斯坦",
    # a country's people (塔吉克人, 塔吉克族) is the country
    "哈萨克人": "哈萨克斯坦",
    "哈萨克族": "哈萨克斯坦",
    "吉尔吉斯人": "吉尔吉斯斯坦",
    "塔吉克人": "塔吉克斯坦",
    "塔吉克族": "塔吉克斯坦",
    "土库曼人": "土库曼斯坦",
    "乌兹别克人": "乌兹别克斯坦",
    "乌兹别克族": "乌兹别克斯坦",
    "中方": "中国",
    "我国": "中国",
    "习主席": "习近平",
    "习大大": "习近平",
    # China and another country, as Chinese news pairs them (中俄贸易): the other country, since
    # every question here is about China
    "中哈": "哈萨克斯坦",
    "中吉": "吉尔吉斯斯坦",
    "中塔": "塔吉克斯坦",
    "中土": "土库曼斯坦",
    "中乌": "乌兹别克斯坦",
    "中俄": "俄罗斯",
    "俄方": "俄罗斯",
    "俄": "俄罗斯",
    "中美": "美国",
    "美方": "美国",
    "中蒙": "蒙古",
    "蒙方": "蒙古",
    "中日": "日本",
    "中韩": "韩国",
    "中印": "印度",
}


_PEOPLES = tuple(word for word, country in _ALIASES.items() if word[-1] in "人族" and word[:-1] in country)
"""The peoples among the aliases, taught to the segmenter so that each stays one word."""


class Segmenter:
    """jieba's segmenter (its own instance: words taught to one engine's do not reach another's)."""

    def __init__(self, words: Iterable[str] = ()) -> None:
        import jieba

        jieba.setLogLevel(logging.WARNING)
        self._jieba = jieba.Tokenizer()
        self._taught: list[str] = []
        self._held: set[str] = set()
        """The words taught that jieba's own dictionary holds (names such as 吉尔吉斯斯坦)."""
        for word in [*words, *_PEOPLES]:
            if _HAN.search(word) and " " not in word:
                if self._holds(word):
                    self._held.add(word)
                self._jieba.add_word(word)
                self._taught.append(word)
        self._term = functools.lru_cache(maxsize=1 << 16)(self._term_uncached)

    def tokens(self, text: str) -> list[str]:
        """Canonical terms of a Chinese text, in order."""
        text = unicodedata.normalize("NFKC", text).lower()
        terms = []
        for piece in self._jieba.lcut_for_search(text):  # a long word, and the words within it
            for word in _WORD.findall(piece):
                terms.append(self._term(word))
        return terms

    def _holds(self, word: str) -> bool:
        """Whether jieba's dictionary holds ``word`` (loading it): its own words, and those taught
        so far (asked before a word is taught, whether jieba's own words hold it)."""
        self._jieba.check_initialized()
        return bool(self._jieba.FREQ.get(word, 0) > 0)

    @functools.cached_property
    def homophones(self) -> Homophones:
        """The misspelt forms of the words taught (made when a question first needs them)."""
        return Homophones(self._taught, self._holds, self._held)

    def respelled(self, text: str) -> str:
        """``text`` with misspelt forms of the words taught respelled (see ``Homophones``)."""
        return self.homophones.respelled(text) if _HAN.search(text) else text

    @staticmethod
    def _term_uncached(word: str) -> str:
        if _HAN.search(word):
            # An aspect or measure particle closing a piece is grammar: "签了" is "签", "开了个" "开".
            while len(word) > 1 and word[-1] in _PARTICLES:
                word = word[:-1]
            return _ALIASES.get(word, word)
        if word[0].isdigit():
            return word.replace(",", "")
        return term(word)


def places() -> list[str]:
    """The words jieba's dictionary tags as place names (ns: 天津, 杭州, 东西 and 城市 too, which
    their everyday use leaves out: see ``qa.lexicon.Lexicon.places``)."""
    import jieba

    with jieba.get_dict_file() as handle:
        rows = (line.decode("utf-8").split() for line in handle)
        return [row[0] for row in rows if len(row) == 3 and row[2] == "ns" and len(row[0]) >= 2]


@functools.cache
def _sound(character: str) -> str:
    """How a character is typed with a pinyin input method: its toneless pinyin (itself, if it
    has none)."""
    from pypinyin import lazy_pinyin

    return lazy_pinyin(character)[0] if _HAN.match(character) else character


SHORTEST_GAP = 5
"""Words from this many characters on are also known with one character left out, if the
dictionary holds them as one word (a country's name, not a phrase of the keywords)."""
_ANY = "\0"
"""Stands for the one wrong character of a misspelt form (塔吉克斯担: 塔吉克斯坦)."""
SHORTEST_SOUND = 4
"""Words from this many characters on are also known by their sound: two or three characters
typed alike are as often two words that meet by chance (是在, 设在)."""


class Homophones:
    """Misspelt forms of a knowledge's Chinese words, as a pinyin input method makes them: a run of
    characters that is no word, but is typed as a knowledge word is (toneless pinyin: 中国中亚经神 →
    中国中亚精神, 乌兹别可斯坦 → 乌兹别克斯坦), or, for a name of ``SHORTEST_GAP`` characters or more,
    is the name with one character left out or wrong (吉尔吉斯坦, 塔吉克斯担). Two words typed alike
    are neither one's misspelling. A knowledge word written right stays as it is, and so does what
    overlaps it, and so does a pronoun or demonstrative (``PRONOUNS``): 那篇文章 ("that article") is
    meant as written, not as the knowledge's 哪篇文章 ("which article").
    """

    def __init__(
        self, words: Iterable[str], is_word: Callable[[str], bool], held: Collection[str] = ()
    ) -> None:
        """words: the knowledge's words; is_word: whether a piece is a word in general usage;
        held: the words a dictionary holds as one word, which alone are known with one left out."""
        han = sorted({w for w in words if len(w) >= 2 and all(_HAN.match(ch) for ch in w)})
        self._words = frozenset(han)
        self._is_word = is_word
        self._by_sound: dict[tuple[str, ...], str | None] = {}
        self._by_gap: dict[str, str | None] = {}
        for word in han:
            if len(word) >= SHORTEST_SOUND:
                _add(self._by_sound, tuple(map(_sound, word)), word)
            if len(word) >= SHORTEST_GAP and word in held:
                for i in range(len(word)):
                    _add(self._by_gap, word[:i] + word[i + 1 :], word)
                    _add(self._by_gap, word[:i] + _ANY + word[i + 1 :], word)
        self._lengths = sorted({len(w) for w in han}, reverse=True)

    def respelled(self, text: str) -> str:
        """``text`` with each misspelt form respelled, from the left, the longest first."""
        out: list[str] = []
        i = 0
        while i < len(text):
            word, length = self._at(text, i)
            out.append(word)
            i += length
        return "".join(out)

    def _at(self, text: str, i: int) -> tuple[str, int]:
        """What ``text`` holds at ``i``: the word a misspelt form stands for (and the form's
        length), else the longest knowledge word written there, else its one character. A form
        must be longer than the word written there ("哈萨克斯坦" is no "哈萨克斯" with one left out)."""
        if not _HAN.match(text[i]):
            return text[i], 1
        written = next((n for n in self._lengths if text[i : i + n] in self._words), 1)
        for n in self._lengths:
            piece = text[i : i + n]
            if len(piece) == n > written and (word := self._misspelt(piece)) and _keeps_pronouns(piece, word):
                return word, n
            gap = piece[:-1]  # a name of n characters, one left out
            if n >= SHORTEST_GAP and len(gap) == n - 1 > written and (word := self._left_out(gap)):
                return word, n - 1
        return text[i : i + written], written

    def _misspelt(self, piece: str) -> str | None:
        """The knowledge word ``piece`` misspells with one character wrong (a name) or typed alike."""
        if self._known(piece):
            return None
        if len(piece) >= SHORTEST_GAP:
            for j in range(len(piece)):
                if word := self._by_gap.get(piece[:j] + _ANY + piece[j + 1 :]):
                    return word
        return self._by_sound.get(tuple(map(_sound, piece))) if len(piece) >= SHORTEST_SOUND else None

    def _left_out(self, gap: str) -> str | None:
        """The name ``gap`` is with one character left out."""
        return None if self._known(gap) else self._by_gap.get(gap)

    def _known(self, piece: str) -> bool:
        """Whether ``piece`` is a word: one of the knowledge's, or one the dictionary holds."""
        return piece in self._words or self._is_word(piece)


def _keeps_pronouns(piece: str, word: str) -> bool:
    """Whether respelling ``piece`` as ``word`` (as long) leaves its pronouns and demonstratives as
    they are: 那 and 哪 are typed alike, and mean "that" and "which"."""
    return all(a == b or a not in PRONOUNS for a, b in zip(piece, word, strict=True))


def _add(table: dict[Any, str | None], key: Any, word: str) -> None:
    """``word`` under ``key``; a key two words share stands for neither (None)."""
    table[key] = word if table.get(key, word) == word else None


@functools.cache
def _plain() -> Segmenter:
    return Segmenter()


def tokens(text: str) -> list[str]:
    """Canonical terms of a Chinese text, with jieba's own dictionary only."""
    return _plain().tokens(text)


_RAW_FUNCTION_WORDS = """
    的 了 吗 呢 吧 啊 呀 嘛 哦 哈 么 是 在 有 和 与 跟 同 及 以及 或 或者 而 但 就 也 都 还 又 再 被 把
    给 对 从 到 为 于 之 其 这 那 这个 那个 这些 那些 这次 那次 什么 啥 哪 哪里 哪儿 哪个 哪些 哪位
    怎么 怎样 怎么样 如何 为什么 为啥 多少 几 几个 谁 我 你 您 他 她 它 我们 你们 他们 她们 它们 咱们
    一下 请问 请 告诉 知道 想 想问 问 问下 一个 能 会 要 说 讲 了解 听说 一些 有关 关于 具体 到底 究竟
    个 呗 啦 咯 没 没有 不 是不是 有没有 多 怎 咋 干嘛 来着 过 着 上 下 里 中 时 时候 当时 的话 大概 一般
    主要 都有 分别 各 各自 第 第几 几届 哪几 哪些 是否 还是 呢 啥样 样 个 些 在哪 在哪里 在哪儿
""".split()
PRONOUNS = frozenset("它 它们 他 她 他们 她们 其 该 此 这 那 这个 那个 这些 那些".split())
"""Words that point back at the previous answer; they carry no topic either."""
FUNCTION_WORDS = frozenset(_RAW_FUNCTION_WORDS) | PRONOUNS

_ASKING = frozenset("谁 多长 多大 多高 多远 多久".split())
"""Words that ask for an attribute ("多少" and "几" ask for an amount of what follows, and give none)."""
_LINKING = frozenset("是 有 为".split())


def focus(terms: Sequence[str]) -> frozenset[str]:
    """The attribute asked for: the word before "是谁", "是多少" and the like ("主任是谁", "人口是多少"),
    and the deed after a 谁 that opens the question ("谁提出的": 提出, as English "who proposed")."""
    found = set()
    for i, word in enumerate(terms):
        if word in _ASKING:
            j = i - 1 - (i > 0 and terms[i - 1] in _LINKING)
            if j >= 0 and terms[j] not in FUNCTION_WORDS:
                found.add(terms[j])
    if len(terms) > 1 and terms[0] == _WHO and terms[1] not in FUNCTION_WORDS:
        found.add(terms[1])
    return frozenset(found)


_WHO = "谁"


_TIME = frozenset("什么时候 啥时候 何时 哪年 哪天".split())
"""Words that ask for a time ("什么时候", "哪年")."""


def detail(terms: Sequence[str]) -> frozenset[str]:
    """What an amount or a time is asked about: every content word of a question that asks for
    an amount (see ``figures``: 多少, 几 with its measure word, 几台 and 多少钱 as jieba joins them)
    or for a time ("什么时候", "哪年": "中吉乌铁路哪年能通车": 铁路, 通车), the asking words left
    out. A word of it no passage holds weighs as a name does (see ``qa.english.detail``)."""
    if not _asks_amount(terms) and _TIME.isdisjoint(terms):
        return frozenset()
    return frozenset(t for t in terms if t not in FUNCTION_WORDS and t not in _TIME and not _amount_word(t))


_HOW_MUCH = "多少"
_NOT_HOW_MANY = frozenset("号点月时乎届")
"""What after 几 asks no amount: a date or a time (几号, 几点), a rank (几届); 几乎 is "almost"."""
_WHICH_OR_RANK = frozenset("哪几 第几".split())


def _amount_word(term: str) -> bool:
    """Whether a term asks for an amount: 多少 and what jieba joins to it (多少钱, 多少项), 几 with
    its measure word (几个, 几台, 几项), not a date, a time or a rank (几号, 几点, 几届)."""
    return _HOW_MUCH in term or (term[:1] == "几" and len(term) <= 2 and term[1:] not in _NOT_HOW_MANY)


def _asks_amount(terms: Sequence[str]) -> bool:
    """Whether a question asks for an amount (not which ones, 哪几, nor a rank, 第几, by 几)."""
    return any(_HOW_MUCH in t for t in terms) or (
        _WHICH_OR_RANK.isdisjoint(terms) and any(_amount_word(t) for t in terms)
    )


def figures(terms: Sequence[str]) -> frozenset[str]:
    """The kinds of figure the question asks for: an amount ("多少", or "几" with its measure word:
    几个, 几架; "哪几" asks which, "第几" a rank), a time of day ("几点"). An answer must state them."""
    asked = set()
    if _asks_amount(terms):
        asked.add("amount")
    if "几点" in terms or "几点钟" in terms:
        asked.add("clock")
    return frozenset(asked)


_NO_AMOUNT = re.compile(r"\d{4}|\d+\s*[年月日号]|第[一二三四五六七八九十\d]+")
"""Numbers that are no amount: years, dates and ranks (第二届)."""
_AMOUNT = re.compile(r"(?<![A-Za-z])\d|[两二三四五六七八九十百千]\s*[个项次份位名条种倍座大国天年周]|[万亿]")


_CLOCK = re.compile(r"\d{1,2}[:：]\d{2}|[\d一二三四五六七八九十两]+点|上午|下午|晚上|中午|凌晨|早上")
"""A time of day: "10:30", "三点", "下午"."""


def stated(text: str) -> frozenset[str]:
    """The kinds of figure ``text`` states: an amount (a figure, a numeral with its measure word:
    三个, or 万 or 亿, but no year, date or rank), a time of day."""
    amount = _AMOUNT.search(_NO_AMOUNT.sub(" ", text)) is not None
    return languages.stated(amount=amount, clock=_CLOCK.search(text) is not None)


LANGUAGE = Language(
    code="zh",
    name="Chinese",
    module=__name__,
    tokens=tokens,
    function_words=FUNCTION_WORDS,
    follow_up=re.compile(r"^\s*(?:那|那么|还有|另外|再问|而|和)|呢[?？!！。\s]*$"),
    pronouns=PRONOUNS,
    focus=focus,
    detail=detail,
    asks=re.compile(r"[?？]|什么|啥|谁|哪|几|多少|吗|是否|怎么|如何|为什么|为啥|有没有|是不是"),
    figures=figures,
    stated=stated,
    places=places,
    spelled=False,
    cased=False,
    segmented=True,
    framing=re.compile(
        r"^\s*(?:听说|有人说|网上说|群里有人说|据说|请问)[，,：:\s]*"
        r"|[，,。\s]*(?:是真的吗|是不是真的|对吗|对不对|是吗|没错吧|是这样吗)[?？!！。\s]*$"
    ),
    opinion=re.compile(r"[你您](?:个人)?(?:觉得|认为|怎么看|咋看|的看法|的观点|预测|猜)|预测一下|^预测"),
    back_then=re.compile(r"那次|那届|那一次|那一届|当时|那时|那年"),
)
