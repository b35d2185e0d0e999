"""Reading and validating knowledge files (YAML) into passages, and the knowledge's ``about:``
block (what the bot says of itself, :mod:`qa.about`).

Every problem is a :class:`KnowledgeError` naming the file, the line and the field, and nothing
is half-loaded: a load either returns every passage or raises.
"""

from __future__ import annotations

import contextlib
import dataclasses
import difflib
import hashlib
from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from . import about as about_module
from .about import About
from .errors import KnowledgeError
from .passage import LANGUAGES, Passage

FIELDS = ("id", "title", "text", "source", "questions", "keywords", "weight", *LANGUAGES)
REQUIRED = ("id", "title", "text", "source")
SUFFIXES = (".yaml", ".yml")
SECTIONS = ("passages", "about")
"""The top-level keys of a knowledge file; each file has one or both."""


class Knowledge(NamedTuple):
    """What a knowledge path holds: its passages, its ``about:`` texts (None when it gives none),
    every problem found, and the gaps: a translation a passage lacks in a language that other
    passages are translated into (no error: the passage is answered in English there)."""

    passages: list[Passage]
    about: About | None
    problems: list[KnowledgeError]
    gaps: list[KnowledgeError]


def default_path() -> Path:
    """The knowledge bundled with the package."""
    return Path(str(resources.files("qa") / "knowledge"))


def load_path(path: str | Path) -> list[Passage]:
    """Load a YAML file, or every ``*.yaml``/``*.yml`` file of a directory (sorted by name).

    Raises ``KnowledgeError`` for the first problem (``read_path`` finds them all).
    """
    return load(path).passages


def load(path: str | Path) -> Knowledge:
    """The passages and the about texts of a file or directory; raises the first problem."""
    knowledge = read(path)
    if knowledge.problems:
        raise knowledge.problems[0]
    return knowledge


def read_path(path: str | Path) -> tuple[list[Passage], list[KnowledgeError]]:
    """The passages that load, and every problem found (see ``read``)."""
    passages, _, problems, _ = read(path)
    return passages, problems


def read_checked(path: str | Path) -> tuple[list[Passage], list[KnowledgeError], list[KnowledgeError]]:
    """``read_path``'s passages and problems, and the gaps (see ``Knowledge``)."""
    passages, _, problems, gaps = read(path)
    return passages, problems, gaps


def read(path: str | Path) -> Knowledge:
    """The passages that load, the about texts, and every problem found: one for each file that
    cannot be read as a whole, one for each problem of a passage (each bad field, unknown key,
    missing field) or of the about block, and one for each repeated id.

    A missing path, or a directory without YAML files, raises ``KnowledgeError``.
    """
    path = Path(path)
    gathered = _Gathered()
    for file in _files(path):
        try:
            loaded, about = _load_file(file, gathered.problems)
        except KnowledgeError as error:
            gathered.problems.append(error)
            continue
        if about is not None:
            gathered.add_about(about, file)
        gathered.add_passages(loaded, file)
    if not gathered.passages and not gathered.problems:
        gathered.problems.append(KnowledgeError("no passages (a 'passages:' list in a file)", path=path))
    return gathered.knowledge()


def _files(path: Path) -> list[Path]:
    """The knowledge files of a path: the file itself, or a directory's YAML files sorted by name."""
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix in SUFFIXES and p.is_file())
        if not files:
            raise KnowledgeError("no .yaml or .yml files in this directory", path=path)
        return files
    if path.is_file():
        return [path]
    raise KnowledgeError("no such file or directory", path=path)


@dataclasses.dataclass
class _Gathered:
    """What the files of a knowledge path give, file after file: the passages kept, each id's
    first file and line, the first about block, and every problem."""

    passages: list[Passage] = dataclasses.field(default_factory=list)
    problems: list[KnowledgeError] = dataclasses.field(default_factory=list)
    defined: dict[str, tuple[Path, int]] = dataclasses.field(default_factory=dict)
    about: About | None = None
    about_at: tuple[Path, int] | None = None

    def add_about(self, found: tuple[About, int], file: Path) -> None:
        """Keep a file's about block, unless an earlier file gave one: that is a problem."""
        about, line = found
        if self.about_at is None:
            self.about, self.about_at = about, (file, line)
            return
        first, first_line = self.about_at
        self.problems.append(
            KnowledgeError(
                f"a second about block (the first is at {first}:{first_line})",
                path=file,
                line=line,
                field="about",
            )
        )

    def add_passages(self, loaded: list[tuple[Passage, int]], file: Path) -> None:
        """Keep a file's passages; one whose id an earlier passage has is a problem, not kept."""
        for passage, line in loaded:
            if passage.id in self.defined:
                first, first_line = self.defined[passage.id]
                self.problems.append(
                    KnowledgeError(
                        f"duplicate id {passage.id!r} (first defined at {first}:{first_line})",
                        path=file,
                        line=line,
                        field="id",
                    )
                )
                continue
            self.defined[passage.id] = (file, line)
            self.passages.append(passage)

    def knowledge(self) -> Knowledge:
        return Knowledge(self.passages, self.about, self.problems, _gaps(self.passages, self.defined))


def _gaps(passages: list[Passage], defined: dict[str, tuple[Path, int]]) -> list[KnowledgeError]:
    """A problem for each translation a passage lacks in a language others are translated into."""
    used = [code for code in LANGUAGES if any(p.translation(code) for p in passages)]
    return [
        KnowledgeError(
            f"no {LANGUAGES[code]} translation (other passages have one; it is answered in English)",
            path=defined[p.id][0],
            line=defined[p.id][1],
            field=code,
        )
        for p in passages
        for code in used
        if p.translation(code) is None
    ]


def version(passages: Iterable[Passage]) -> str:
    """A short fingerprint of the knowledge's content (every field of every passage, in order):
    the same passages give the same version, whatever the files' layout or comments."""
    digest = hashlib.sha256()
    for passage in passages:
        digest.update(repr(passage).encode("utf-8", "surrogatepass") + b"\n")
    return digest.hexdigest()[:12]


def check_unique(passages: Iterable[Passage]) -> None:
    """Raise if two passages built in code share an id."""
    seen: set[str] = set()
    for passage in passages:
        if passage.id in seen:
            raise KnowledgeError(f"duplicate id {passage.id!r}", field="id")
        seen.add(passage.id)


def decoded(path: Path) -> str:
    """A file's text, as UTF-8 (a byte-order mark is dropped); bad bytes are a ``KnowledgeError``
    naming the line."""
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise KnowledgeError(
            f"not valid UTF-8 (byte 0x{raw[error.start]:02x}); save the file as UTF-8",
            path=path,
            line=line,
        ) from None


_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""LibYAML's parser when PyYAML has it (several times faster), else the pure-Python one."""


_Found = tuple[list[tuple[Passage, int]], tuple[About, int] | None]
"""A file's valid passages with their lines, and its about texts with theirs."""


def _load_file(path: Path, problems: list[KnowledgeError]) -> _Found:
    """A file's valid passages and about texts; each problem inside them goes to ``problems``.

    Raises ``KnowledgeError`` when the file as a whole cannot be read.
    """
    text = decoded(path)
    if not text.strip():
        raise KnowledgeError("the file is empty (expected a 'passages:' list)", path=path, line=1)
    with parsed_yaml(text, path) as (loader, root):
        if root is None:
            raise KnowledgeError("the file has no content (expected a 'passages:' list)", path=path, line=1)
        sections = _sections(root, path)
        loaded = []
        for node in _passage_nodes(sections["passages"][0] if "passages" in sections else None, path):
            passage, line, found = _passage(loader, node, path)
            problems += found
            if passage is not None:
                loaded.append((passage, line))
        about = None
        if "about" in sections:
            node, line = sections["about"]
            about = (_about(loader, node, path, problems), line)
        return loaded, about


@contextlib.contextmanager
def parsed_yaml(text: str, path: Path) -> Iterator[tuple[Any, yaml.Node | None]]:
    """The root node of a YAML text and the loader that builds values from its nodes; a YAML
    error, while parsing or building, becomes a ``KnowledgeError`` naming the line."""
    loader = _Loader(text)
    try:
        yield loader, loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        raise KnowledgeError(
            f"not valid YAML: {error.problem or error.context}",
            path=path,
            line=mark.line + 1 if mark else None,
        ) from None
    except yaml.reader.ReaderError as error:  # a character YAML does not allow, such as NUL
        code = error.character if isinstance(error.character, int) else ord(error.character)
        raise KnowledgeError(
            f"not valid YAML: {error.reason} (U+{code:04X})",
            path=path,
            line=text.count("\n", 0, error.position) + 1,
        ) from None
    finally:
        loader.dispose()


def line_of(node: yaml.Node) -> int:
    """A node's line in its file, from 1."""
    return int(node.start_mark.line) + 1


def _sections(root: yaml.Node, path: Path) -> dict[str, tuple[yaml.Node, int]]:
    """The top-level sections of a file (``passages``, ``about``) by name: each one's value, and
    the line of its key."""
    if not isinstance(root, yaml.MappingNode):
        raise KnowledgeError(
            "expected a mapping with a 'passages:' list at the top", path=path, line=line_of(root)
        )
    sections: dict[str, tuple[yaml.Node, int]] = {}
    for key, value in root.value:
        if key.value not in SECTIONS:
            raise KnowledgeError(
                "unknown top-level key (expected 'passages' or 'about')",
                path=path,
                line=line_of(key),
                field=str(key.value),
            )
        sections[key.value] = (value, line_of(key))
    if not sections:
        raise KnowledgeError("missing 'passages:' list", path=path, line=line_of(root), field="passages")
    return sections


def _passage_nodes(found: yaml.Node | None, path: Path) -> list[yaml.Node]:
    if found is None:  # a file of about texts only
        return []
    if not isinstance(found, yaml.SequenceNode):
        raise KnowledgeError("expected a list of passages", path=path, line=line_of(found), field="passages")
    if not found.value:
        raise KnowledgeError("the passages list is empty", path=path, line=line_of(found), field="passages")
    return list(found.value)


def _about(loader: yaml.SafeLoader, node: yaml.Node, path: Path, problems: list[KnowledgeError]) -> About:
    """A file's about texts; each bad key or value goes to ``problems``, with its line."""
    lines = _lines(node)
    about, found = about_module.check(loader.construct_object(node, deep=True))
    for error in found:
        line = lines.get((error.field or "").removeprefix("about."), line_of(node))
        problems.append(KnowledgeError(error.problem, path=path, line=line, field=error.field))
    return about


def _lines(node: yaml.Node, prefix: str = "") -> dict[str, int]:
    """The line of each value of a mapping, and of the values of the mappings in it, by key
    (``"ru.unknown"``)."""
    lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            lines[f"{prefix}{key.value}"] = line_of(value)
            lines |= _lines(value, f"{prefix}{key.value}.")
    return lines


def _passage(
    loader: yaml.SafeLoader, node: yaml.Node, path: Path
) -> tuple[Passage | None, int, list[KnowledgeError]]:
    """A passage (None when it has a problem), its line, and every problem it has."""
    if not isinstance(node, yaml.MappingNode):
        problem = KnowledgeError("expected a passage (a mapping of fields)", path=path, line=line_of(node))
        return None, line_of(node), [problem]
    values, lines, problems = _fields(loader, node, path)
    if isinstance(values.get("id"), int):
        values["id"] = str(values["id"])
    translations = {language: values.pop(language) for language in LANGUAGES if language in values}
    fields = {
        "id": None,
        "title": None,
        "text": None,
        **values,
        "topic": path.stem,
        "translations": translations,
    }
    _, found = Passage.checked(**fields)
    for error in found:
        name = (error.field or "").split(".")[0]
        if name in values or name in translations:  # a missing field is reported once, by _fields
            line = lines.get(name, line_of(node))  # a translation's problem: the line of its block
            problems.append(KnowledgeError(error.problem, path=path, line=line, field=error.field))
    passage = None if problems else Passage(**values, topic=path.stem, translations=translations)
    return passage, lines.get("id", line_of(node)), problems


def _fields(
    loader: yaml.SafeLoader, node: yaml.MappingNode, path: Path
) -> tuple[dict[str, Any], dict[str, int], list[KnowledgeError]]:
    """A passage's values and their lines, and a problem for each unknown, repeated or missing key."""
    values: dict[str, Any] = {}
    lines: dict[str, int] = {}
    problems: list[KnowledgeError] = []

    def problem(text: str, line: int, field: str) -> None:
        problems.append(KnowledgeError(text, path=path, line=line, field=field))

    for key_node, value_node in node.value:
        key = str(key_node.value)
        if key not in FIELDS:
            close = difflib.get_close_matches(key, FIELDS, n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"expected one of {', '.join(FIELDS)}"
            problem(f"unknown key ({hint})", line_of(key_node), key)
        elif key in values:
            problem("given twice in one passage", line_of(key_node), key)
        else:
            values[key] = loader.construct_object(value_node, deep=True)
            lines[key] = line_of(value_node)
    for key in REQUIRED:
        if key not in values:
            problem("missing required field", line_of(node), key)
    return values, lines, problems
