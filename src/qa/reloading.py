"""Knowledge reloaded while serving: notice a change, validate it, build the new engine.

`Reloader.check` does the slow part (reading, validating, fitting) and is meant to run off the
serving loop (in a thread); the caller swaps the engine it returns in at once, so questions in
flight finish on the old one. A change that does not validate builds nothing: the old knowledge
keeps serving, and each problem comes back with its file, line and field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import knowledge
from .engine import Engine
from .errors import KnowledgeError


@dataclass(frozen=True)
class Served:
    """An engine and the version of the knowledge it answers from."""

    engine: Engine
    version: str

    @classmethod
    def of(cls, engine: Engine) -> Served:
        return cls(engine, knowledge.version(engine.passages))


@dataclass(frozen=True)
class Outcome:
    served: Served | None = None
    """The new engine, when the knowledge changed and is valid."""
    problems: list[KnowledgeError] = field(default_factory=list)
    """Why a change was not taken (empty when it was, or when nothing changed)."""


Signature = tuple[tuple[str, int, int], ...]


def signature(path: Path) -> Signature:
    """The knowledge files' names, modification times and sizes: cheap to take every few seconds."""
    files = sorted(p for p in path.iterdir() if p.suffix in knowledge.SUFFIXES) if path.is_dir() else [path]
    stats = []
    for file in files:
        try:
            stat = file.stat()
        except OSError:
            continue  # gone between listing and looking: the next look sees it
        stats.append((file.name, stat.st_mtime_ns, stat.st_size))
    return tuple(stats)


class Reloader:
    """Watches the knowledge at ``path`` for the engine in ``served``; ``options`` go to `Engine`."""

    def __init__(self, path: str | Path, served: Served, **options: Any) -> None:
        self.path = Path(path)
        self.served = served
        self.options = options
        self._seen = signature(self.path)

    def check(self, *, force: bool = False) -> Outcome:
        """Reload when the files changed since the last look (or always, with ``force``)."""
        seen = signature(self.path)
        if seen == self._seen and not force:
            return Outcome()
        self._seen = seen  # a broken change is reported once, not at every look
        try:
            passages, problems = knowledge.read_path(self.path)
        except KnowledgeError as error:  # the path itself is gone
            return Outcome(problems=[error])
        if problems:
            return Outcome(problems=problems)
        version = knowledge.version(passages)
        if version == self.served.version:  # comments, layout: nothing an answer sees
            return Outcome()
        try:
            engine = Engine(passages, **self.options)
        except KnowledgeError as error:
            return Outcome(problems=[error])
        except ValueError as error:  # valid passages the engine cannot index
            return Outcome(problems=[KnowledgeError(str(error), path=self.path)])
        self.served = Served(engine, version)
        return Outcome(served=self.served)
