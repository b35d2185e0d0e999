"""The library's exceptions: bad knowledge, and a question log that cannot be used."""

from __future__ import annotations

from pathlib import Path


class KnowledgeError(ValueError):
    """A knowledge file or passage is invalid.

    Carries where the problem is, so a front can print one clear line:
    ``path`` (the file, or None for passages built in code), ``line`` (1-based, or None),
    ``field`` (the offending key, or None) and ``problem`` (what is wrong, in words).
    """

    def __init__(
        self,
        problem: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        self.problem = problem
        self.path = str(path) if path is not None else None
        self.line = line
        self.field = field
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.path or "<passages>"
        if self.line is not None:
            where += f":{self.line}"
        what = f"field '{self.field}': " if self.field else ""
        return f"{where}: {what}{self.problem}"


class StoreError(Exception):
    """The question log's database cannot be used as asked: a bad target, a schema newer than
    this code, a missing driver. (A database that fails for a while is retried, not this.)"""
