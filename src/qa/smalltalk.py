"""Greetings, thanks, help and goodbyes, in each language: friendly replies that are not passages.

The replies' words are ``qa.phrases``'; here is how each kind of small talk is recognized.
"""

from __future__ import annotations

import re

from .phrases import PHRASES, phrases

ABOUT = PHRASES["en"].about
HINT = PHRASES["en"].hint
EXAMPLES = PHRASES["en"].examples

_WORDS = r"(?:[\s,!.?]*(?:there|again|bot|everyone|all|so much|a lot|very much|summit[- ]?qa))*[\s!.?:)]*"
_END = r"[\s,!.?:)！？。，~]*"
_KINDS = {  # the kind of small talk, and the whole message that is it
    "en": {
        "greeting": r"(?:hi|hello|hey|hiya|howdy|yo|greetings|good (?:morning|afternoon|evening|day)"
        rf"|salam|privet|nihao|ni hao){_WORDS}",
        "thanks": rf"(?:thanks?|thank you|thx|ty|cheers|much appreciated|great|cool|ok(?:ay)?|nice){_WORDS}",
        "bye": rf"(?:bye|goodbye|see you|see ya|good night|farewell|ciao){_WORDS}",
        "help": r"(?:help|\?|what can you do|what do you know|who are you|what are you|how does this work"
        r"|what can i ask(?: you)?|what (?:can|do) you answer|what is this"
        r"|how do i use (?:this|you))[\s!.?]*",
        "how_are_you": r"(?:how are you|how are you doing|how's it going|hows it going|what's up"
        r"|whats up|sup)[\s!.?]*",
    },
    "ru": {
        "greeting": rf"(?:привет(?:ствую)?|здравствуй(?:те)?|добрый (?:день|вечер)|доброе утро|салам|хай)"
        rf"{_END}",
        "thanks": rf"(?:спасибо(?: большое)?|благодарю|спс|ок|хорошо|понятно|отлично){_END}",
        "bye": rf"(?:пока|до свидания|всего доброго|до встречи){_END}",
        "help": rf"(?:помощь|помоги(?:те)?|справка|что ты умеешь|что ты знаешь|кто ты|что ты такое"
        rf"|о ч[её]м можно спросить|что можно спросить|как тобой пользоваться){_END}",
        "how_are_you": rf"(?:как дела|как ты|как поживаешь){_END}",
    },
    "zh": {
        "greeting": rf"(?:你好|您好|嗨|哈喽|早上好|晚上好|大家好){_END}",
        "thanks": rf"(?:谢谢(?:你|您)?|多谢|感谢|好的|明白了|知道了){_END}",
        "bye": rf"(?:再见|拜拜|回头见){_END}",
        "help": rf"(?:帮助|帮忙|你能做什么|你会什么|你是谁|能问什么|可以问什么|怎么用){_END}",
        "how_are_you": rf"(?:你好吗|最近怎么样){_END}",
    },
}
_SMALL_TALK = {
    code: re.compile("|".join(f"(?P<{kind}>{pattern})" for kind, pattern in kinds.items()))
    for code, kinds in _KINDS.items()
}
"""Every kind of a language in one pattern: a question that is no small talk fails one match."""


def reply(question: str, language: str = "en") -> str | None:
    """The small-talk reply for ``question`` in ``language``, or None when it is not small talk.

    ``question`` has its whitespace folded, as the engine cleans it: one space between words,
    none around them.
    """
    pattern = _SMALL_TALK.get(language, _SMALL_TALK["en"])
    found = pattern.fullmatch(question.lower())
    if not found or not found.lastgroup:
        return None
    said = phrases(language)
    replies = {
        "greeting": f"{said.greeting} {said.about} {said.try_this}{said.examples[0]}",
        "thanks": said.thanks,
        "bye": said.bye,
        "help": said.help,
        "how_are_you": f"{said.how_are_you} {said.about}",
    }
    return replies[found.lastgroup]
