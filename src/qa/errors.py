"""The library's exceptions: bad knowledge, a question log that cannot be used, and an optional
package that is not installed."""

from __future__ import annotations

import re
import sys
from importlib import metadata
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


class MissingPackage(ImportError):
    """An optional package a feature needs is not installed (``--plot`` needs matplotlib).

    Its message says how to install it into the Python that runs summit-qa, with the version
    pyproject.toml asks for in the ``extra`` it belongs to.
    """

    def __init__(self, package: str, *, extra: str, feature: str) -> None:
        self.package = package
        self.extra = extra
        self.feature = feature
        install = f"{sys.executable} -m pip install '{requirement(package, extra)}'"
        super().__init__(f"{feature} needs {package}, which is not installed; install it with: {install}")


def requirement(package: str, extra: str) -> str:
    """The requirement for ``package`` in the project's ``extra`` ("matplotlib>=3.7"), or its
    bare name when the project's metadata is not installed."""
    try:
        requires = metadata.requires("summit-qa") or []
    except metadata.PackageNotFoundError:
        return package
    for line in requires:
        wanted, _, marker = line.partition(";")
        name = re.match(r"[A-Za-z0-9._-]*", wanted.strip())
        extras = re.findall(r"extra\s*==\s*[\"']([^\"']+)", marker)
        if name and name[0].lower() == package.lower() and extra in extras:
            return wanted.strip()
    return package
