"""Text normalization shared by passages and questions.

Both sides go through the same steps, so spelling variants meet in the middle: case, accents and
punctuation are folded (a hyphenated word is also read joined: "Wi-Fi" holds "wifi"), British
spellings become American, country adjectives become the country ("Kyrgyz" → "kyrgyzstan"), and
words are stemmed with the Snowball English stemmer ("urged" and "urge" → "urg", "countries" →
"countri"; snowballstemmer, in C through PyStemmer when installed).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Mapping

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
_HYPHENATED = re.compile(r"(?<![^\W\d_])[^\W\d_]++(?:[-\u2010][^\W\d_]++)+")
"""Letters joined by hyphens (NFKC makes U+2011 U+2010). The en dash joins names ("China–Central
Asia") and is no hyphen. A match starts at a word's first letter and takes its letters without
giving any back: tried inside a word, or backing off letter by letter, the search would cost
the square of each word's length."""
_HYPHEN = re.compile(r"[-\u2010]")
_COOP = re.compile(r"\bco-op")
_POSSESSIVE = re.compile(r"'s\b")
_ORDINAL = re.compile(r"(?=\d)\b(\d+)(?:st|nd|rd|th)\b")  # the lookahead: the search skips to digits
_ORDINAL_WORDS = {"1": "first", "2": "second", "3": "third"}
"""1st, 2nd, 3rd rank things ("the 2nd summit") and become words; 17th and the like are days
("June 17th") and become the number, as the passages write dates ("17 June")."""


def _marks(text: str) -> str:
    """Case, compatibility forms, apostrophes and ordinals folded; hyphens and accents not yet."""
    if not text.isascii():  # ASCII is its own NFKC form
        text = unicodedata.normalize("NFKC", text)
    text = text.replace("’", "'").replace("‘", "'").replace("`", "'")
    text = text.lower()
    if text.isalpha():  # a word alone (most of a question's chunks): no pattern below can match
        return text
    if "co-op" in text:
        text = _COOP.sub("coop", text)
    if "'" in text:
        text = _POSSESSIVE.sub("", text)
    text = _ORDINAL.sub(lambda m: _ORDINAL_WORDS.get(m[1], m[1]), text)
    return text.replace("'", "")


def fold(text: str) -> str:
    """Case, compatibility forms, apostrophes and accents folded; a hyphenated word with a short
    part also joined; dashes and slashes become spaces."""
    text = _marks(text)
    if not text.isalnum():  # else no hyphen, dash, slash or underscore to read
        if "-" in text or "\u2010" in text:  # else no hyphenated word to read
            text = _HYPHENATED.sub(_with_joined, text)
        text = _SPACE_PUNCT.sub(" ", text)
    if text.isascii():
        return text
    # Strip accents (ö → o) but keep non-Latin scripts as they are.
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


JOINED_PART = 3
"""A hyphenated word with a part this short is also read joined: the part is a prefix or a
fragment ("wi-fi", "e-mail", "non-aggression"), not a word of its own ("China-Kazakhstan")."""


def _joinable(word: str) -> list[str] | None:
    """The parts of a hyphenated word that is also read joined, else None."""
    parts = _HYPHEN.split(word)
    return parts if min(map(len, parts)) <= JOINED_PART else None


def _with_joined(match: re.Match[str]) -> str:
    """A hyphenated word as its parts, then, when a part is short, joined: "wi-fi" → "wi fi
    wifi", so "Wi-Fi", "wi fi" and "wifi" meet (the parts first: the word's bigrams stay)."""
    parts = _HYPHEN.split(match[0])
    return " ".join(parts) + (" " + "".join(parts) if _joinable(match[0]) else "")


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
    # A country's people, one or many ("the Tajiks"), is the country.
    word = _COUNTRIES.get(word) or _COUNTRIES.get(word[:-1] if word[-1] == "s" else "") or word
    stem: str = _STEMMER.stemWord(word)
    return stem


_EXPANSIONS = {  # abbreviations people type, → the words they stand for ("kz" is not: the sources'
    # addresses hold ".kz", which would make every passage citing Orda.kz name Kazakhstan)
    "ca": "central asia",
    "kg": "kyrgyzstan",
    "tj": "tajikistan",
    "tm": "turkmenistan",
    "uz": "uzbekistan",
    "prc": "china",
    "bri": "bri belt and road",
    "bn": "billion",
    "mln": "million",
    "usd": "us dollars",
}


def expanded(words: list[str], expansions: Mapping[str, str]) -> list[str]:
    """``words`` with each abbreviation of ``expansions`` as the words it stands for."""
    if expansions.keys().isdisjoint(words):  # most texts: no abbreviation
        return words
    return [w for word in words for w in expansions.get(word, word).split()]


def tokens(text: str) -> list[str]:
    """Canonical terms of a text, in order; an abbreviation people type ("china CA trade", "tj",
    "bn") as the words it stands for."""
    return list(map(term, expanded(_TOKEN.findall(fold(text)), _EXPANSIONS)))


def hyphenated(text: str) -> list[tuple[tuple[str, ...], str]]:
    """Each word of a text that is also read joined: its parts' terms and the joined term
    ("Wi-Fi" → (("wi", "fi"), "wifi")). A reader keeps whichever the knowledge uses."""
    if "-" not in text and "\u2010" not in text and "\u2011" not in text:  # most texts: no hyphen at all
        return []
    found = []
    for match in _HYPHENATED.finditer(_marks(text)):
        if parts := _joinable(match[0]):
            found.append((tuple(tokens(" ".join(parts))), tokens("".join(parts))[0]))
    return found


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
    yo btw lol lmao idk plz thx ty tbh imo imho ngl lmk asap u ur ya yeah yep nah hmm um uh guys folks
    im ive youre youve youll youd dont doesnt didnt isnt arent wasnt werent thats theres theyre theyve
    hes shes wont cant couldnt wouldnt shouldnt weve havent hasnt hadnt aint gonna wanna gotta dunno
""".split()
FUNCTION_WORDS = frozenset(_RAW_FUNCTION_WORDS) | {term(w) for w in _RAW_FUNCTION_WORDS}
"""Words that carry no topic, as written and as normalized: their absence from the knowledge says
nothing, and a question of nothing else asks about the topic at hand."""
