"""What a bot says of itself: its knowledge's ``about:`` block, in each language.

The block gives any of ``phrases.ABOUT_KEYS`` (name, subject, intro, examples, hint, "I don't
know", thanks, bye) in English, and under ``ru:`` and ``zh:`` in those languages. What it does not
give keeps the neutral text of ``qa.phrases`` in that language; examples it does not give are the
passages' own first questions in the language. The bundled knowledge's block is
``knowledge/about.yaml``; code that embeds ``qa`` with its own passages gets neutral texts, or its
own through ``about=``.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from .errors import KnowledgeError
from .passage import LANGUAGES, Passage, checked_text, checked_texts
from .phrases import ABOUT_KEYS, Phrases, phrases

DERIVED_EXAMPLES = 4
"""Examples taken from the passages when the about block gives none in a language."""
KEYS = (*ABOUT_KEYS, *LANGUAGES)
"""The keys of an about block: its English texts, then one block a translated language."""


@dataclass(frozen=True)
class About:
    """The texts an about block gives, by language code (``{"en": {"name": "cafe-bot"}}``)."""

    given: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    @classmethod
    def of(cls, values: Mapping[str, Any]) -> About:
        """The texts of an about block (as a knowledge file holds it); a bad key or value raises
        ``KnowledgeError`` naming it (``about.name``, ``about.ru.unknown``)."""
        about, problems = check(values)
        if problems:
            raise problems[0]
        return about

    def phrases(self, code: str, passages: Iterable[Passage] = ()) -> Phrases:
        """What the bot says in a language: the neutral phrases with this block's texts, and
        examples from ``passages`` when the block gives none."""
        said = replace(phrases(code), **self.given.get(code, {}))
        if said.examples:
            return said
        asked = [q for p in passages if (q := _first_question(p, code))]
        titles = [p.title_in(code) for p in passages]
        return replace(said, examples=tuple((asked or titles)[:DERIVED_EXAMPLES]))


def _first_question(passage: Passage, code: str) -> str | None:
    """A passage's first question in a language (its translation's, for Russian and Chinese)."""
    translation = passage.translation(code)
    questions = passage.questions if code not in LANGUAGES else translation.questions if translation else ()
    return questions[0] if questions else None


def check(values: object) -> tuple[About, list[KnowledgeError]]:
    """The valid texts of an about block, and a problem for each bad key or value (its field is
    ``about.KEY``, or ``about.ru.KEY`` in a translated language's block)."""
    problems: list[KnowledgeError] = []
    english = _texts(values, "about", KEYS, problems)
    given = {"en": {k: v for k, v in english.items() if k in ABOUT_KEYS}}
    for code in LANGUAGES:
        if code in english:
            given[code] = _texts(english[code], f"about.{code}", ABOUT_KEYS, problems)
    return About({code: texts for code, texts in given.items() if texts}), problems


def _texts(
    values: object, where: str, keys: tuple[str, ...], problems: list[KnowledgeError]
) -> dict[str, Any]:
    """The valid entries of one block; a problem for each bad one."""
    if not isinstance(values, Mapping):
        found = type(values).__name__
        problems.append(
            KnowledgeError(f"expected a mapping of texts ({', '.join(keys)}), got {found}", field=where)
        )
        return {}
    given: dict[str, Any] = {}
    for key, value in values.items():
        name = f"{where}.{key}"
        try:
            if key not in keys:
                close = difflib.get_close_matches(str(key), keys, n=1)
                hint = f"did you mean '{close[0]}'?" if close else f"expected one of {', '.join(keys)}"
                raise KnowledgeError(f"unknown key ({hint})", field=name)
            if key in LANGUAGES:
                given[key] = value  # a language's block, checked by the caller
            else:
                given[key] = checked_texts(value, name) if key == "examples" else checked_text(value, name)
        except KnowledgeError as error:
            problems.append(error)
    return given
