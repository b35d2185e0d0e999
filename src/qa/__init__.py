"""summit-qa: answers questions about the second China–Central Asia Summit, with sources.

The whole public surface::

    import qa
    bot = qa.load()                      # the bundled knowledge
    answer = bot.ask("What is the China–Central Asia Spirit?")
    answer.found, answer.text, answer.passage.source
    chat = bot.conversation()            # keeps context for follow-ups
    bot.said("en")                       # what it says around its passages, in a language
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .answer import Alternative, Answer
from .errors import KnowledgeError
from .passage import Passage, Source

if TYPE_CHECKING:
    from .about import About
    from .conversation import Conversation
    from .engine import Engine
    from .policy import Policy
    from .reading import Query

__all__ = [
    "About",
    "Alternative",
    "Answer",
    "Conversation",
    "Engine",
    "KnowledgeError",
    "Passage",
    "Policy",
    "Query",
    "Source",
    "load",
    "__version__",
]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    # Engine and Conversation pull in NumPy: import them when first used, so `import qa` stays cheap.
    if name == "About":
        from .about import About

        return About
    if name == "Engine":
        from .engine import Engine

        return Engine
    if name == "Conversation":
        from .conversation import Conversation

        return Conversation
    if name == "Policy":
        from .policy import Policy

        return Policy
    if name == "Query":
        from .reading import Query

        return Query
    raise AttributeError(f"module 'qa' has no attribute {name!r}")


def load(source: str | Path | Iterable[Passage] | None = None, **options: Any) -> Engine:
    """Build an engine.

    ``source`` is None for the bundled knowledge, a path to a YAML file or a directory of them,
    or an iterable of :class:`Passage`. ``options`` go to :class:`Engine` (thresholds,
    ``cache``: a directory where the fitted index is kept, keyed by the knowledge's content;
    ``about``: what the bot says of itself, by default the knowledge's ``about:`` block, or for
    passages given in code neutral texts). Invalid knowledge raises :class:`KnowledgeError` with
    the file, line and field.
    """
    from .engine import Engine
    from .knowledge import default_path
    from .knowledge import load as load_knowledge

    if source is None or isinstance(source, (str, Path)):
        knowledge = load_knowledge(default_path() if source is None else source)
        options.setdefault("about", knowledge.about)
        return Engine(knowledge.passages, **options)
    return Engine(list(source), **options)
