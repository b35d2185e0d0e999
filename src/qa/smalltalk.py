"""Greetings, thanks, help and goodbyes, in each language: which kind of small talk a message is.

The replies' words are ``qa.phrases``' (with the knowledge's about texts); here is how each kind
of small talk is recognized, and how a reply is put together.
"""

from __future__ import annotations

import re

from .phrases import Phrases

_WORDS = r"(?:[\s,!.?]*(?:there|again|bot|everyone|all|so much|a lot|very much|summit[- ]?qa))*[\s!.?:)]*"
_PLEASE = r"(?:[\s,]+(?:please|pls|plz))?"
_END = r"[\s,!.?:)！？。，~]*"
_COMMAND = r"[/!]?"
"""A command's sign, as people type it to bots: "/help", "!help"."""
_KINDS = {  # the kind of small talk, and the whole message that is it
    "en": {
        "greeting": r"(?:hi|hello|hey|hiya|howdy|yo|greetings|good (?:morning|afternoon|evening|day)"
        rf"|salam|privet|nihao|ni hao){_WORDS}",
        "thanks": rf"(?:thanks?|thank you|thx|ty|cheers|much appreciated|great|cool|ok(?:ay)?|nice){_WORDS}",
        "bye": rf"{_COMMAND}(?:bye|goodbye|see you|see ya|good night|farewell|ciao|quit|exit|q|leave|logout)"
        rf"{_WORDS}",
        # "help" in the forms people type; never a question about helping ("did China help Kyrgyzstan?").
        "help": rf"(?:{_COMMAND}(?:help|h|halp|commands?|usage|menu|instructions)(?:[\s,]+me)?"
        r"|\?|(?:please[\s,]+)?help(?:[\s,]+me)?"
        r"|(?:can|could|would|will) you help(?: me)?|i need (?:some )?help|need help"
        r"|what can you do|what do you know|who are you|what are you|how does (?:this|it) work"
        r"|what can i ask(?: you)?|what (?:can|do) you answer|what is this|what are the commands"
        rf"|how do i use (?:this|you|it)|how (?:can|do) i ask(?: you)?){_PLEASE}[\s!.?]*",
        "how_are_you": r"(?:how are you|how are you doing|how's it going|hows it going|what's up"
        r"|whats up|sup)[\s!.?]*",
    },
    "ru": {
        "greeting": rf"(?:привет(?:ствую)?|здравствуй(?:те)?|добрый (?:день|вечер)|доброе утро|салам|хай)"
        rf"{_END}",
        "thanks": rf"(?:спасибо(?: большое)?|благодарю|спс|ок|хорошо|понятно|отлично){_END}",
        "bye": rf"{_COMMAND}(?:пока|до свидания|всего доброго|до встречи|выход|выйти){_END}",
        "help": rf"{_COMMAND}(?:помощь|помоги(?:те)?|справка|что ты умеешь|что ты знаешь|кто ты|что ты такое"
        rf"|о ч[её]м можно спросить|что можно спросить|как тобой пользоваться){_END}",
        "how_are_you": rf"(?:как дела|как ты|как поживаешь){_END}",
    },
    "zh": {
        "greeting": rf"(?:你好|您好|嗨|哈喽|早上好|晚上好|大家好){_END}",
        "thanks": rf"(?:谢谢(?:你|您)?|多谢|感谢|好的|明白了|知道了){_END}",
        "bye": rf"{_COMMAND}(?:再见|拜拜|回头见|退出){_END}",
        "help": rf"{_COMMAND}(?:帮助|帮忙|你能做什么|你会什么|你是谁|能问什么|可以问什么|怎么用){_END}",
        "how_are_you": rf"(?:你好吗|最近怎么样){_END}",
    },
}
_SMALL_TALK = {
    code: re.compile("|".join(f"(?P<{kind}>{pattern})" for kind, pattern in kinds.items()))
    for code, kinds in _KINDS.items()
}
"""Every kind of a language in one pattern: a question that is no small talk fails one match."""


def kind(message: str, language: str = "en") -> str | None:
    """The kind of small talk ``message`` is in ``language`` (greeting, thanks, bye, help,
    how_are_you), or None when it is none.

    ``message`` has its whitespace folded, as the engine cleans it: one space between words,
    none around them.
    """
    pattern = _SMALL_TALK.get(language, _SMALL_TALK["en"])
    found = pattern.fullmatch(message.lower())
    return found.lastgroup if found else None


def reply(talk: str, said: Phrases) -> str:
    """The reply to small talk of kind ``talk``, in the words ``said``."""
    example = said.examples[0] if said.examples else ""
    replies = {
        "greeting": f"{said.greeting} {said.intro} {said.try_this}{example}",
        "thanks": said.thanks,
        "bye": said.bye,
        "help": said.help,
        "how_are_you": f"{said.how_are_you} {said.intro}",
    }
    return replies[talk].rstrip()
