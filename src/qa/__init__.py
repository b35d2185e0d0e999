"""summit-qa: answers questions about the second China–Central Asia Summit, with sources.

The whole public surface::

    import qa
    bot = qa.load()                      # the bundled knowledge
    answer = bot.ask("What is the China–Central Asia Spirit?")
    answer.found, answer.text, answer.passage.source
    chat = bot.conversation()            # keeps context for follow-ups
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .answer import Alternative, Answer
from .conversation import Conversation
from .engine import Engine
from .errors import KnowledgeError
from .passage import Passage, Source

__all__ = [
    "Alternative",
    "Answer",
    "Conversation",
    "Engine",
    "KnowledgeError",
    "Passage",
    "Source",
    "load",
    "__version__",
]
__version__ = "0.1.0"


def load(source: str | Path | Iterable[Passage] | None = None, **options: Any) -> Engine:
    """Build an engine.

    ``source`` is None for the bundled knowledge, a path to a YAML file or a directory of them,
    or an iterable of :class:`Passage`. ``options`` go to :class:`Engine` (thresholds).
    Invalid knowledge raises :class:`KnowledgeError` with the file, line and field.
    """
    from .knowledge import default_path, load_path

    if source is None:
        passages: Iterable[Passage] = load_path(default_path())
    elif isinstance(source, (str, Path)):
        passages = load_path(source)
    else:
        passages = list(source)
    return Engine(passages, **options)
