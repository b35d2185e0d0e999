"""The unit of knowledge: a self-contained answer with its source."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .errors import KnowledgeError

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LANGUAGES = {"ru": "Russian", "zh": "Chinese"}
"""The languages a passage may carry a translation in (its own fields are English)."""
TRANSLATED = ("title", "text", "questions", "keywords")
"""A translation's fields: ``title`` and ``text`` required, ``questions`` and ``keywords`` searched."""


@dataclass(frozen=True)
class Source:
    """Where a passage's facts come from."""

    url: str
    title: str = ""

    def __str__(self) -> str:
        return f"{self.title} — {self.url}" if self.title else self.url


def _text(value: Any, name: str, *, required: bool = True) -> str:
    if not isinstance(value, str):
        hint = " (put it in quotes)" if isinstance(value, (int, float)) else ""
        raise KnowledgeError(f"expected text, got {type(value).__name__}{hint}", field=name)
    text = value.strip()
    if required and not text:
        raise KnowledgeError("must not be empty", field=name)
    return text


def _texts(value: Any, name: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise KnowledgeError(f"expected a list of texts, got {type(value).__name__}", field=name)
    return tuple(_text(item, name) for item in value)


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
        return Source(url=_text(value, "source"))
    if isinstance(value, Mapping):
        unknown = set(value) - {"url", "title"}
        if unknown:
            raise KnowledgeError(
                f"unknown key {sorted(map(str, unknown))[0]!r} (expected url, title)", field="source"
            )
        if "url" not in value:
            raise KnowledgeError("missing 'url'", field="source")
        return Source(
            url=_text(value["url"], "source.url"),
            title=_text(value.get("title", ""), "source.title", required=False),
        )
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
            raise KnowledgeError(
                f"unknown key (expected {', '.join(TRANSLATED)})", field=f"{language}.{unknown[0]}"
            )
        for key in ("title", "text"):
            if key not in value:
                raise KnowledgeError("missing required field", field=f"{language}.{key}")
        return cls(
            _text(value["title"], f"{language}.title"),
            _text(value["text"], f"{language}.text"),
            _texts(value.get("questions"), f"{language}.questions"),
            _texts(value.get("keywords"), f"{language}.keywords"),
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
        ident = _text(id, "id")
        if not _ID.match(ident):
            raise KnowledgeError(
                f"{ident!r} is not a valid id (lowercase letters, digits and single hyphens)",
                field="id",
            )
        object.__setattr__(self, "id", ident)
        object.__setattr__(self, "title", _text(title, "title"))
        object.__setattr__(self, "text", _text(text, "text"))
        object.__setattr__(self, "sources", _sources(source))
        object.__setattr__(self, "questions", _texts(questions, "questions"))
        object.__setattr__(self, "keywords", _texts(keywords, "keywords"))
        if isinstance(weight, bool) or not isinstance(weight, (int, float)) or not 0 < weight <= 10:
            raise KnowledgeError(f"expected a number above 0 and at most 10, got {weight!r}", field="weight")
        object.__setattr__(self, "weight", float(weight))
        object.__setattr__(self, "topic", _text(topic, "topic", required=False))
        object.__setattr__(self, "translations", _translations(translations))

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
        return next((t for code, t in self.translations if code == language), None)

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
