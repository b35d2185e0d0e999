"""What the bot says in its own words, in each language: "I don't know", help, small talk.

One table a language (``PHRASES``), every entry in each; ``phrases(code)`` gives a language's,
English for a code it does not know.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Phrases:
    about: str
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
        return f"{self.about} {self.for_example}{' · '.join(self.examples)}"


PHRASES = {
    "en": Phrases(
        about=(
            "I answer questions about the second China–Central Asia Summit (Astana, 17 June 2025): "
            "the China–Central Asia Spirit, the treaty and the Astana Declaration, the three cooperation "
            "centers, trade figures, Xi's meetings with each Central Asian leader, and the background "
            "(the first summit in Xi'an, the SCO, the Belt and Road)."
        ),
        hint=(
            "I can answer about the summit's date and leaders, the China–Central Asia Spirit, the treaty, "
            "the cooperation centers, trade figures, Xi's meetings with each leader and the background; "
            "type help for examples."
        ),
        examples=(
            "What is the China–Central Asia Spirit?",
            "Which treaty was signed?",
            "How much did China and Central Asia trade in 2024?",
            "What did Xi discuss with Turkmenistan?",
        ),
        unknown="I don't know that from my notes on the China–Central Asia Summit.",
        did_you_mean="Did you mean: {}?",
        separator="; ",
        please_type="Please type a question.",
        only_words="I can only read questions written in words.",
        untranslated="",
        greeting="Hello!",
        thanks="You're welcome! Ask me anything else about the summit.",
        bye="Goodbye! Come back with more questions about the China–Central Asia Summit.",
        how_are_you="I'm fine, thanks!",
        for_example="For example: ",
        try_this="Try: ",
        source="Source",
        sources="Sources",
        confidence="confidence",
    ),
    "ru": Phrases(
        about=(
            "Я отвечаю на вопросы о втором саммите «Китай — Центральная Азия» (Астана, 17 июня 2025 года): "
            "о духе «Китай — Центральная Азия», договоре и Астанинской декларации, трёх центрах "
            "сотрудничества, цифрах торговли, встречах Си Цзиньпина с каждым лидером Центральной Азии и "
            "о предыстории (первый саммит в Сиане, ШОС, «Пояс и путь»)."
        ),
        hint=(
            "Я могу рассказать о дате и участниках саммита, духе «Китай — Центральная Азия», договоре, "
            "центрах сотрудничества, торговле, встречах Си Цзиньпина с лидерами и о предыстории; "
            "напишите «помощь», чтобы увидеть примеры."
        ),
        examples=(
            "Что такое дух «Китай — Центральная Азия»?",
            "Какой договор подписали?",
            "Каков товарооборот Китая и Центральной Азии в 2024 году?",
            "О чём Си Цзиньпин говорил с Туркменистаном?",
        ),
        unknown="Этого нет в моих заметках о саммите «Китай — Центральная Азия».",
        did_you_mean="Возможно, вы имели в виду: {}?",
        separator="; ",
        please_type="Пожалуйста, напишите вопрос.",
        only_words="Я понимаю только вопросы, написанные словами.",
        untranslated="Перевода этого ответа на русский пока нет, вот он на английском:",
        greeting="Здравствуйте!",
        thanks="Пожалуйста! Спрашивайте ещё о саммите.",
        bye="До свидания! Возвращайтесь с вопросами о саммите «Китай — Центральная Азия».",
        how_are_you="Всё хорошо, спасибо!",
        for_example="Например: ",
        try_this="Попробуйте: ",
        source="Источник",
        sources="Источники",
        confidence="уверенность",
    ),
    "zh": Phrases(
        about=(
            "我回答关于第二届中国—中亚峰会（2025年6月17日，阿斯塔纳）的问题：中国—中亚精神、条约和《阿斯塔纳宣言》、"
            "三个合作中心、贸易数据、习近平同中亚各国元首的会谈，以及背景（西安首届峰会、上合组织、“一带一路”）。"
        ),
        hint=(
            "我可以回答峰会的日期和与会领导人、中国—中亚精神、条约、合作中心、贸易数据、习近平同各国元首的会谈和背景；"
            "输入“帮助”查看示例。"
        ),
        examples=(
            "中国—中亚精神是什么？",
            "签署了什么条约？",
            "2024年中国和中亚的贸易额是多少？",
            "习近平和土库曼斯坦谈了什么？",
        ),
        unknown="我的中国—中亚峰会资料里没有这方面的内容。",
        did_you_mean="您是不是想问：{}？",
        separator="；",
        please_type="请输入问题。",
        only_words="我只能读懂用文字写的问题。",
        untranslated="这条回答还没有中文版，以下是英文原文：",
        greeting="您好！",
        thanks="不客气！欢迎继续提问。",
        bye="再见！欢迎再来问中国—中亚峰会的问题。",
        how_are_you="我很好，谢谢！",
        for_example="例如：",
        try_this="试试：",
        source="来源",
        sources="来源",
        confidence="置信度",
    ),
}


def phrases(code: str) -> Phrases:
    """The phrases of a language, English for one it does not know."""
    return PHRASES.get(code, PHRASES["en"])
