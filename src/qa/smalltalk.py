"""Greetings, thanks, help and goodbyes: friendly replies that are not passages."""

from __future__ import annotations

import re

ABOUT = (
    "I answer questions about the second China–Central Asia Summit (Astana, 17 June 2025): "
    "the China–Central Asia Spirit, the treaty and the Astana Declaration, the three cooperation "
    "centers, trade figures, Xi's meetings with each Central Asian leader, and the background "
    "(the first summit in Xi'an, the SCO, the Belt and Road)."
)
HINT = (
    "I can answer about the summit's date and leaders, the China–Central Asia Spirit, the treaty, "
    "the cooperation centers, trade figures, Xi's meetings with each leader and the background; "
    "type help for examples."
)
EXAMPLES = (
    "What is the China–Central Asia Spirit?",
    "Which treaty was signed?",
    "How much did China and Central Asia trade in 2024?",
    "What did Xi discuss with Turkmenistan?",
)

_WORDS = r"(?:[\s,!.?]*(?:there|again|bot|everyone|all|so much|a lot|very much|summit[- ]?qa))*[\s!.?:)]*"
_KINDS = {  # the kind of small talk, and the whole message that is it
    "greeting": r"(?:hi|hello|hey|hiya|howdy|yo|greetings|good (?:morning|afternoon|evening|day)"
    rf"|salam|privet|nihao|ni hao){_WORDS}",
    "thanks": rf"(?:thanks?|thank you|thx|ty|cheers|much appreciated|great|cool|ok(?:ay)?|nice){_WORDS}",
    "bye": rf"(?:bye|goodbye|see you|see ya|good night|farewell|ciao){_WORDS}",
    "help": r"(?:help|\?|what can you do|what do you know|who are you|what are you|how does this work"
    r"|what can i ask(?: you)?|what (?:can|do) you answer|what is this"
    r"|how do i use (?:this|you))[\s!.?]*",
    "how_are_you": r"(?:how are you|how are you doing|how's it going|hows it going|what's up|whats up|sup)"
    r"[\s!.?]*",
}
_SMALL_TALK = re.compile("|".join(f"(?P<{kind}>{pattern})" for kind, pattern in _KINDS.items()))
"""Every kind in one pattern: a question that is no small talk fails one match, not five."""

_REPLIES = {
    "greeting": "Hello! " + ABOUT + " Try: " + EXAMPLES[0],
    "thanks": "You're welcome! Ask me anything else about the summit.",
    "bye": "Goodbye! Come back with more questions about the China–Central Asia Summit.",
    "help": ABOUT + " For example: " + " · ".join(EXAMPLES),
    "how_are_you": "I'm fine, thanks! " + ABOUT,
}


def reply(question: str) -> str | None:
    """The small-talk reply for ``question``, or None when it is not small talk.

    ``question`` has its whitespace folded, as the engine cleans it: one space between words,
    none around them.
    """
    found = _SMALL_TALK.fullmatch(question.lower())
    return _REPLIES[found.lastgroup] if found and found.lastgroup else None
