"""What the bot says in its own words, in each language: "I don't know", help, small talk.

One table a language (``PHRASES``), every entry in each; ``phrases(code)`` gives a language's,
English for a code it does not know. The entries that speak of the knowledge (its name, subject,
intro, examples, hint, "I don't know", thanks and bye) are neutral here: a knowledge's ``about:``
block replaces them (``qa.about``), as the bundled knowledge's ``about.yaml`` does with the summit's.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Phrases:
    name: str
    """The bot's name (the REPL's banner, the Discord /help description)."""
    subject: str
    """What it answers about, after "ask about"."""
    intro: str
    """One or two sentences saying what it answers (greeting, help)."""
    hint: str
    examples: tuple[str, ...]
    unknown: str
    did_you_mean: str
    """With ``{}`` where the suggested titles go, joined by ``separator``."""
    separator: str
    please_type: str
    only_words: str
    untranslated: str
    """Said before a passage shown in English because it has no translation in the language."""
    greeting: str
    thanks: str
    bye: str
    how_are_you: str
    for_example: str
    """Before the examples in the help text."""
    try_this: str
    """Before the example a greeting suggests."""
    source: str
    sources: str
    confidence: str
    """Labels beside an answer: where it comes from, and how sure the bot is."""

    @property
    def help(self) -> str:
        return f"{self.intro} {self.for_example}{' · '.join(self.examples)}"


PHRASES = {
    "en": Phrases(
        name="qa",
        subject="my notes",
        intro="I answer questions from my notes.",
        hint="Type help for examples.",
        examples=(),
        unknown="I don't know that from my notes.",
        did_you_mean="Did you mean: {}?",
        separator="; ",
        please_type="Please type a question.",
        only_words="I can only read questions written in words.",
        untranslated="",
        greeting="Hello!",
        thanks="You're welcome! Ask me anything else.",
        bye="Goodbye! Come back with more questions.",
        how_are_you="I'm fine, thanks!",
        for_example="For example: ",
        try_this="Try: ",
        source="Source",
        sources="Sources",
        confidence="confidence",
    ),
    "ru": Phrases(
        name="qa",
        subject="мои заметки",
        intro="Я отвечаю на вопросы по своим заметкам.",
        hint="Напишите «помощь», чтобы увидеть примеры.",
        examples=(),
        unknown="Этого нет в моих заметках.",
        did_you_mean="Возможно, вы имели в виду: {}?",
        separator="; ",
        please_type="Пожалуйста, напишите вопрос.",
        only_words="Я понимаю только вопросы, написанные словами.",
        untranslated="Перевода этого ответа на русский пока нет, вот он на английском:",
        greeting="Здравствуйте!",
        thanks="Пожалуйста! Спрашивайте ещё.",
        bye="До свидания! Возвращайтесь с вопросами.",
        how_are_you="Всё хорошо, спасибо!",
        for_example="Например: ",
        try_this="Попробуйте: ",
        source="Источник",
        sources="Источники",
        confidence="уверенность",
    ),
    "zh": Phrases(
        name="qa",
        subject="我的资料",
        intro="我根据我的资料回答问题。",
        hint="输入“帮助”查看示例。",
        examples=(),
        unknown="我的资料里没有这方面的内容。",
        did_you_mean="您是不是想问：{}？",
        separator="；",
        please_type="请输入问题。",
        only_words="我只能读懂用文字写的问题。",
        untranslated="这条回答还没有中文版，以下是英文原文：",
        greeting="您好！",
        thanks="不客气！欢迎继续提问。",
        bye="再见！欢迎再来提问。",
        how_are_you="我很好，谢谢！",
        for_example="例如：",
        try_this="试试：",
        source="来源",
        sources="来源",
        confidence="置信度",
    ),
}
"""Neutral where a text speaks of the knowledge (``ABOUT_KEYS``): an about block says its own."""
ABOUT_KEYS = ("name", "subject", "intro", "examples", "hint", "unknown", "thanks", "bye")
"""The entries a knowledge's ``about:`` block may give, in each language."""


def phrases(code: str) -> Phrases:
    """The phrases of a language, English for one it does not know."""
    return PHRASES.get(code, PHRASES["en"])
