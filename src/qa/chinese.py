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
from collections.abc import Iterable, Sequence

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
    "中方": "中国",
    "我国": "中国",
    "习主席": "习近平",
    "习大大": "习近平",
}


class Segmenter:
    """jieba's segmenter (its own instance: words taught to one engine's do not reach another's)."""

    def __init__(self, words: Iterable[str] = ()) -> None:
        import jieba

        jieba.setLogLevel(logging.WARNING)
        self._jieba = jieba.Tokenizer()
        for word in words:
            if _HAN.search(word) and " " not in word:
                self._jieba.add_word(word)
        self._term = functools.lru_cache(maxsize=1 << 16)(self._term_uncached)

    def tokens(self, text: str) -> list[str]:
        """Canonical terms of a Chinese text, in order."""
        text = unicodedata.normalize("NFKC", text).lower()
        terms = []
        for piece in self._jieba.lcut_for_search(text):  # a long word, and the words within it
            for word in _WORD.findall(piece):
                terms.append(self._term(word))
        return terms

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
    """The attribute asked for: the word before "是谁", "是多少" and the like ("主任是谁", "人口是多少")."""
    found = set()
    for i, word in enumerate(terms):
        if word in _ASKING:
            j = i - 1 - (i > 0 and terms[i - 1] in _LINKING)
            if j >= 0 and terms[j] not in FUNCTION_WORDS:
                found.add(terms[j])
    return frozenset(found)


_AMOUNT_OR_TIME = frozenset("多少 几 什么时候 啥时候 何时 哪年 哪天 多少钱".split())
"""Words that ask for an amount or a time ("多少", "几", "什么时候")."""


def detail(terms: Sequence[str]) -> frozenset[str]:
    """What an amount or a time is asked about: every content word of a question that asks
    "多少", "几" or "什么时候" ("中吉乌铁路哪年能通车": 铁路, 通车). A word of it no passage holds
    weighs as a name does (see ``qa.english.detail``)."""
    if _AMOUNT_OR_TIME.isdisjoint(terms):
        return frozenset()
    return frozenset(t for t in terms if t not in FUNCTION_WORDS and t not in _AMOUNT_OR_TIME)


_HOW_MUCH = frozenset("多少 多少钱".split())
_NOT_HOW_MANY = frozenset("号点月时乎届")
"""What after 几 asks no amount: a date or a time (几号, 几点), a rank (几届); 几乎 is "almost"."""
_WHICH_OR_RANK = frozenset("哪几 第几".split())


def amount(terms: Sequence[str]) -> bool:
    """Whether the question asks "多少", or "几" with its measure word (几个, 几架) for an amount:
    an answer must state one. "哪几" asks which, "第几" a rank."""
    if not _HOW_MUCH.isdisjoint(terms):
        return True
    many = any(t[0] == "几" and len(t) <= 2 and t[1:] not in _NOT_HOW_MANY for t in terms if t)
    return many and _WHICH_OR_RANK.isdisjoint(terms)


_NO_AMOUNT = re.compile(r"\d{4}|\d+\s*[年月日号]|第[一二三四五六七八九十\d]+")
"""Numbers that are no amount: years, dates and ranks (第二届)."""
_AMOUNT = re.compile(r"(?<![A-Za-z])\d|[两二三四五六七八九十百千]\s*[个项次份位名条种倍座大国]|[万亿]")


def states_amount(text: str) -> bool:
    """Whether ``text`` states an amount: a figure, a numeral with its measure word (三个), or
    万 or 亿 — but no year, date or rank."""
    return _AMOUNT.search(_NO_AMOUNT.sub(" ", text)) is not None


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
    amount=amount,
    states_amount=states_amount,
    spelled=False,
    cased=False,
    segmented=True,
)
