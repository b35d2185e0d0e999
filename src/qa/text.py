"""Text normalization shared by passages and questions.

Both sides go through the same steps, so spelling variants meet in the middle: case, accents and
punctuation are folded, British spellings become American, country adjectives become the country
("Kyrgyz" → "kyrgyzstan"), and words are stemmed with the Snowball English stemmer ("urged" and
"urge" → "urg", "countries" → "countri"; snowballstemmer, in C through PyStemmer when installed).
"""

from __future__ import annotations

import functools
import re
import unicodedata

import snowballstemmer

_STEMMER = snowballstemmer.stemmer("english")
"""Porter2, the Snowball English stemmer: a real stemmer, not a suffix list of our own."""

_COUNTRIES = {
    "kazakh": "kazakhstan",
    "kazak": "kazakhstan",
    "kazakhstani": "kazakhstan",
    "qazaqstan": "kazakhstan",
    "kyrgyz": "kyrgyzstan",
    "kirghiz": "kyrgyzstan",
    "kirgiz": "kyrgyzstan",
    "kyrgyzstani": "kyrgyzstan",
    "kirgizia": "kyrgyzstan",
    "kirghizia": "kyrgyzstan",
    "tajik": "tajikistan",
    "tadjik": "tajikistan",
    "tajikistani": "tajikistan",
    "tadjikistan": "tajikistan",
    "turkmen": "turkmenistan",
    "turkmenian": "turkmenistan",
    "uzbek": "uzbekistan",
    "uzbekistani": "uzbekistan",
    "asian": "asia",
}
YEAR = re.compile(r"(?:19|20)\d\d")
"""A year, as a whole term (``YEAR.fullmatch``)."""

_WORDS = {
    "centre": "center",
    "centres": "centers",
    "programme": "program",
    "programmes": "programs",
    "defence": "defense",
    "licence": "license",
    "offence": "offense",
    "ageing": "aging",
    "travelled": "traveled",
    "travelling": "traveling",
    "neighbourly": "neighborly",
    "aeroplane": "airplane",
    "bn": "billion",  # "94.8bn"
    "bln": "billion",
}
_ISE = re.compile(r"^(\w{3,})is(e|es|ed|ing|ation|ations)$")
_OUR = re.compile(r"^(\w{3,})our(s|ed|ing|hood|hoods|ly|liness|ring)?$")
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*%?|[^\W\d_]+|\d+")
_SPACE_PUNCT = re.compile(r"[-–—/_]+")
_COOP = re.compile(r"\bco-op")
_POSSESSIVE = re.compile(r"'s\b")
_ORDINAL = re.compile(r"\b(\d+)(?:st|nd|rd|th)\b")
_ORDINAL_WORDS = {"1": "first", "2": "second", "3": "third"}
"""1st, 2nd, 3rd rank things ("the 2nd summit") and become words; 17th and the like are days
("June 17th") and become the number, as the passages write dates ("17 June")."""


def fold(text: str) -> str:
    """Case, compatibility forms, apostrophes and accents folded; dashes and slashes become spaces."""
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("’", "'").replace("‘", "'").replace("`", "'")
    text = text.lower()
    text = _COOP.sub("coop", text)
    text = _POSSESSIVE.sub("", text)
    text = _ORDINAL.sub(lambda m: _ORDINAL_WORDS.get(m[1], m[1]), text)
    text = text.replace("'", "")
    text = _SPACE_PUNCT.sub(" ", text)
    if text.isascii():
        return text
    # Strip accents (ö → o) but keep non-Latin scripts as they are.
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _american(word: str) -> str:
    if word in _WORDS:
        return _WORDS[word]
    if match := _ISE.match(word):
        return f"{match[1]}iz{match[2]}"
    if match := _OUR.match(word):
        return f"{match[1]}or{match[2] or ''}"
    return word


@functools.lru_cache(maxsize=1 << 17)
def term(word: str) -> str:
    """The canonical form of one lowercase word (cached: a corpus repeats its words)."""
    if word[0].isdigit():
        return word.replace(",", "")
    word = _american(word)
    word = _COUNTRIES.get(word, word)
    stem: str = _STEMMER.stemWord(word)
    return stem


def tokens(text: str) -> list[str]:
    """Canonical terms of a text, in order."""
    return list(map(term, _TOKEN.findall(fold(text))))


def normalize(text: str) -> str:
    """The text as the index sees it: canonical terms joined by spaces."""
    return " ".join(tokens(text))


_RAW_FUNCTION_WORDS = """
    a about above after again against all also am an and any are as at be because been before being
    between both but by can could did do doe does doing done during each either else ever for from
    further get got had ha has have having he her here hers him his how i if in into is it its just
    know let like me might more most much must my no nor not now of off on once one only or other
    our out over own please same say said she should so some such tell than that the their them
    then there these they thi this those through to too under until up very wa was we were what
    when where which while who whom whose why will with would you your yours happen happened
    exactly actually really anything something thing everything any info information
    detail details explain give way ok okay hi hello hey thanks thank many
    take took make made get mention mentioned wonder wondering wondered curious hear heard read news
    pls please kindly
""".split()
FUNCTION_WORDS = frozenset(_RAW_FUNCTION_WORDS) | {term(w) for w in _RAW_FUNCTION_WORDS}
"""Words that carry no topic, as written and as normalized: their absence from the knowledge says
nothing, and a question of nothing else asks about the topic at hand."""
