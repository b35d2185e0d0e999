"""The unit of knowledge: a self-contained answer with its source."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from .errors import KnowledgeError

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LANGUAGES = {"ru": "Russian", "zh": "Chinese"}
"""The languages a passage may carry a translation in (its own fields are English)."""
TRANSLATED = ("title", "text", "questions", "keywords")
"""A translation's fields: ``title`` and ``text`` required, ``questions`` and ``keywords`` searched."""


@dataclass(frozen=True)
class Source:
    """Where a passage's facts come from: an http(s) URL, and the page's title."""

    url: str
    title: str = ""

    def __post_init__(self) -> None:
        url = checked_text(self.url, "source.url")
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc or " " in url:
            raise KnowledgeError(f"expected an http(s) URL, got {url!r}", field="source.url")
        object.__setattr__(self, "url", url)
        object.__setattr__(self, "title", checked_text(self.title, "source.title", required=False))

    def __str__(self) -> str:
        return f"{self.title} — {self.url}" if self.title else self.url


def checked_text(value: Any, name: str, *, required: bool = True) -> str:
    """``value`` as a text, stripped; else a ``KnowledgeError`` for the field ``name``."""
    if not isinstance(value, str):
        hint = " (put it in quotes)" if isinstance(value, (int, float)) else ""
        raise KnowledgeError(f"expected text, got {type(value).__name__}{hint}", field=name)
    text = value.strip()
    if required and not text:
        raise KnowledgeError("must not be empty", field=name)
    return text


def checked_texts(value: Any, name: str) -> tuple[str, ...]:
    """``value`` as a list of texts (None: none); else a ``KnowledgeError`` for ``name``."""
    if value is None:
        return ()
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise KnowledgeError(f"expected a list of texts, got {type(value).__name__}", field=name)
    return tuple(checked_text(item, name) for item in value)


def _sources(value: Any) -> tuple[Source, ...]:
    """One source or a list of them: each a URL, a mapping with url and title, or a Source."""
    if value is None:
        return ()
    if isinstance(value, (list, tuple)):
        if not value:
            raise KnowledgeError("the list of sources is empty", field="source")
        return tuple(_one_source(item) for item in value)
    return (_one_source(value),)


def _one_source(value: Any) -> Source:
    if isinstance(value, Source):
        return value
    if isinstance(value, str):
        try:
            return Source(url=value)
        except KnowledgeError as error:  # the source is the URL itself: name the field as written
            raise KnowledgeError(error.problem, field="source") from None
    if isinstance(value, Mapping):
        unknown = set(value) - {"url", "title"}
        if unknown:
            raise KnowledgeError(
                f"unknown key {sorted(map(str, unknown))[0]!r} (expected url, title)", field="source"
            )
        if "url" not in value:
            raise KnowledgeError("missing 'url'", field="source")
        return Source(url=value["url"], title=value.get("title", ""))
    raise KnowledgeError(
        f"expected a URL, a mapping with url and title, or a list of them, got {type(value).__name__}",
        field="source",
    )


@dataclass(frozen=True)
class Translation:
    """A passage in another language: what a user reading it is shown, and what is searched."""

    title: str
    text: str
    questions: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()

    @classmethod
    def of(cls, value: Any, language: str) -> Translation:
        """A translation from a mapping (as a knowledge file gives it), checked."""
        if isinstance(value, Translation):
            return value
        if not isinstance(value, Mapping):
            raise KnowledgeError(
                f"expected a mapping with {', '.join(TRANSLATED)}, got {type(value).__name__}", field=language
            )
        unknown = sorted(map(str, set(value) - set(TRANSLATED)))
        if unknown:
            close = difflib.get_close_matches(unknown[0], TRANSLATED, n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"expected {', '.join(TRANSLATED)}"
            raise KnowledgeError(f"unknown key ({hint})", field=f"{language}.{unknown[0]}")
        for key in ("title", "text"):
            if key not in value:
                raise KnowledgeError("missing required field", field=f"{language}.{key}")
        return cls(
            checked_text(value["title"], f"{language}.title"),
            checked_text(value["text"], f"{language}.text"),
            checked_texts(value.get("questions"), f"{language}.questions"),
            checked_texts(value.get("keywords"), f"{language}.keywords"),
        )

    @property
    def searchable(self) -> str:
        return " \n".join((self.title, self.text, *self.questions, *self.keywords))


def _translations(value: Any) -> tuple[tuple[str, Translation], ...]:
    if value is None:
        return ()
    if not isinstance(value, Mapping):
        raise KnowledgeError("expected a mapping of language to translation", field="translations")
    for language in value:
        if language not in LANGUAGES:
            raise KnowledgeError(
                f"unknown language {language!r} (expected one of {', '.join(LANGUAGES)})", field=str(language)
            )
    return tuple(
        (language, Translation.of(value[language], language)) for language in LANGUAGES if language in value
    )


@dataclass(frozen=True, init=False)
class Passage:
    """One curated answer.

    Build it from keyword arguments; ``source`` may be a URL, a mapping with ``url`` and
    ``title``, a :class:`Source`, or a list of these when the text rests on several pages (the
    first is the main one). Invalid values raise :class:`KnowledgeError`.
    """

    id: str
    title: str
    text: str
    sources: tuple[Source, ...]
    questions: tuple[str, ...]
    keywords: tuple[str, ...]
    weight: float
    """Multiplies the passage's score: below 1 for background that should lose a near-tie."""
    topic: str
    """The group a passage belongs to; the loader sets it to the file's name (``economy``)."""
    translations: tuple[tuple[str, Translation], ...]
    """Its translations, by language code (``LANGUAGES``): ``(("ru", Translation(...)), ...)``."""

    def __init__(
        self,
        id: str,
        title: str,
        text: str,
        source: Source | str | Mapping[str, str] | Iterable[Source | str | Mapping[str, str]] | None = None,
        questions: Iterable[str] = (),
        keywords: Iterable[str] = (),
        weight: float = 1.0,
        topic: str = "",
        translations: Mapping[str, Translation | Mapping[str, Any]] | None = None,
    ) -> None:
        given = {"id": id, "title": title, "text": text, "source": source, "questions": questions}
        more = {"keywords": keywords, "weight": weight, "topic": topic, "translations": translations}
        fields, problems = _checked({**given, **more})
        if problems:
            raise problems[0]
        for name, value in fields.items():
            object.__setattr__(self, name, value)

    @classmethod
    def checked(cls, **values: Any) -> tuple[Passage | None, list[KnowledgeError]]:
        """A passage from ``values`` and every problem they hold, one per field: (None, problems)
        when there is any. Fields not given take their defaults; ``source`` may be missing."""
        _, problems = _checked({**_DEFAULTS, **values})
        return (None, problems) if problems else (cls(**values), [])

    @property
    def source(self) -> Source | None:
        """The main source (the first one given)."""
        return self.sources[0] if self.sources else None

    @property
    def searchable(self) -> str:
        """All the text the index sees for this passage."""
        return " \n".join((self.title, self.text, *self.questions, *self.keywords))

    def translation(self, language: str) -> Translation | None:
        """The passage in ``language`` (a code of ``LANGUAGES``), None when it has none."""
        for code, translation in self.translations:  # a loop: no generator to make for one or two
            if code == language:
                return translation
        return None

    def title_in(self, language: str) -> str:
        """The title in ``language``, or the English one when it has no translation there."""
        translation = self.translation(language)
        return translation.title if translation else self.title

    def text_in(self, language: str) -> str:
        """The text in ``language``, or the English one when it has no translation there."""
        translation = self.translation(language)
        return translation.text if translation else self.text

    def searchable_in(self, language: str) -> str:
        """What a question in ``language`` is searched against: the translation and the English
        keywords that are names (as written in Latin script: "Xi Jinping", "SCO", "AI"), or the
        English."""
        translation = self.translation(language)
        if translation is None:
            return self.searchable
        names = [k for k in self.keywords if all(w[:1].isupper() or w[:1].isdigit() for w in k.split())]
        return " \n".join((translation.searchable, *names))


def _id(value: Any) -> str:
    ident = checked_text(value, "id")
    if not _ID.match(ident):
        raise KnowledgeError(
            f"{ident!r} is not a valid id (lowercase letters, digits and single hyphens)", field="id"
        )
    return ident


def _weight(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 10:
        raise KnowledgeError(f"expected a number above 0 and at most 10, got {value!r}", field="weight")
    return float(value)


_FIELDS: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "id": ("id", _id),
    "title": ("title", lambda value: checked_text(value, "title")),
    "text": ("text", lambda value: checked_text(value, "text")),
    "source": ("sources", _sources),
    "questions": ("questions", lambda value: checked_texts(value, "questions")),
    "keywords": ("keywords", lambda value: checked_texts(value, "keywords")),
    "weight": ("weight", _weight),
    "topic": ("topic", lambda value: checked_text(value, "topic", required=False)),
    "translations": ("translations", _translations),
}
"""Each argument of ``Passage``: the attribute it sets and the check that makes its value."""
_DEFAULTS: dict[str, Any] = {
    "source": None,
    "questions": (),
    "keywords": (),
    "weight": 1.0,
    "topic": "",
    "translations": None,
}


def _checked(values: Mapping[str, Any]) -> tuple[dict[str, Any], list[KnowledgeError]]:
    """Each field's checked value, and each field's problem (all of them, not the first)."""
    fields: dict[str, Any] = {}
    problems: list[KnowledgeError] = []
    for name, (attribute, check) in _FIELDS.items():
        try:
            fields[attribute] = check(values[name])
        except KnowledgeError as error:
            problems.append(error)
    return fields, problems
