"""The unit of knowledge: a self-contained answer with its source."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .errors import KnowledgeError

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


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

    @property
    def source(self) -> Source | None:
        """The main source (the first one given)."""
        return self.sources[0] if self.sources else None

    @property
    def searchable(self) -> str:
        """All the text the index sees for this passage."""
        return " \n".join((self.title, self.text, *self.questions, *self.keywords))
