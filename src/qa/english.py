"""English, as ``qa.text`` reads it, and how an English follow-up reads."""

from __future__ import annotations

import re

from .languages import Language
from .text import FUNCTION_WORDS, tokens

LANGUAGE = Language(
    code="en",
    name="English",
    module=__name__,
    tokens=tokens,
    function_words=FUNCTION_WORDS,
    follow_up=re.compile(r"^\s*(?:and|also|what about|how about|what of|same for|then|so)\b", re.IGNORECASE),
    pronouns=frozenset("it its they them their that this he him she his her there those these one".split()),
)
