"""Reading and validating knowledge files (YAML) into passages.

Every problem raises one :class:`KnowledgeError` naming the file, the line and the field, and
nothing is half-loaded: a load either returns every passage or raises.
"""

from __future__ import annotations

import contextlib
import difflib
import hashlib
from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from .errors import KnowledgeError
from .passage import LANGUAGES, Passage

FIELDS = ("id", "title", "text", "source", "questions", "keywords", "weight", *LANGUAGES)
REQUIRED = ("id", "title", "text", "source")
SUFFIXES = (".yaml", ".yml")


def default_path() -> Path:
    """The knowledge bundled with the package."""
    return Path(str(resources.files("qa") / "knowledge"))


def load_path(path: str | Path) -> list[Passage]:
    """Load a YAML file, or every ``*.yaml``/``*.yml`` file of a directory (sorted by name).

    Raises ``KnowledgeError`` for the first problem (``read_path`` finds them all).
    """
    passages, problems = read_path(path)
    if problems:
        raise problems[0]
    return passages


def read_path(path: str | Path) -> tuple[list[Passage], list[KnowledgeError]]:
    """The passages that load, and every problem found: one for each file that cannot be read
    as a whole, and one for each invalid passage or repeated id.

    A missing path, or a directory without YAML files, raises ``KnowledgeError``.
    """
    passages, problems, _ = read_checked(path)
    return passages, problems


def read_checked(path: str | Path) -> tuple[list[Passage], list[KnowledgeError], list[KnowledgeError]]:
    """``read_path``'s passages and problems, and the gaps: a translation a passage lacks in a
    language that other passages are translated into (file, line of its id, and the field).

    A gap is no error: the passage is answered in English in that language.
    """
    path = Path(path)
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix in SUFFIXES and p.is_file())
        if not files:
            raise KnowledgeError("no .yaml or .yml files in this directory", path=path)
    elif path.is_file():
        files = [path]
    else:
        raise KnowledgeError("no such file or directory", path=path)
    passages: list[Passage] = []
    problems: list[KnowledgeError] = []
    defined: dict[str, tuple[Path, int]] = {}
    for file in files:
        try:
            loaded = _load_file(file, problems)
        except KnowledgeError as error:
            problems.append(error)
            continue
        for passage, line in loaded:
            if passage.id in defined:
                first, first_line = defined[passage.id]
                problems.append(
                    KnowledgeError(
                        f"duplicate id {passage.id!r} (first defined at {first}:{first_line})",
                        path=file,
                        line=line,
                        field="id",
                    )
                )
                continue
            defined[passage.id] = (file, line)
            passages.append(passage)
    return passages, problems, _gaps(passages, defined)


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


def _load_file(path: Path, problems: list[KnowledgeError]) -> list[tuple[Passage, int]]:
    """A file's valid passages with their lines; an invalid passage's problem goes to ``problems``.

    Raises ``KnowledgeError`` when the file as a whole cannot be read.
    """
    text = decoded(path)
    if not text.strip():
        raise KnowledgeError("the file is empty (expected a 'passages:' list)", path=path, line=1)
    with parsed_yaml(text, path) as (loader, root):
        if root is None:
            raise KnowledgeError("the file has no content (expected a 'passages:' list)", path=path, line=1)
        loaded = []
        for node in _passage_nodes(root, path):
            try:
                loaded.append(_passage(loader, node, path))
            except KnowledgeError as error:
                problems.append(error)
        return loaded


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


def _passage_nodes(root: yaml.Node, path: Path) -> list[yaml.Node]:
    if not isinstance(root, yaml.MappingNode):
        raise KnowledgeError(
            "expected a mapping with a 'passages:' list at the top", path=path, line=line_of(root)
        )
    found: yaml.Node | None = None
    for key, value in root.value:
        if key.value != "passages":
            raise KnowledgeError(
                "unknown top-level key (expected 'passages')",
                path=path,
                line=line_of(key),
                field=str(key.value),
            )
        found = value
    if found is None:
        raise KnowledgeError("missing 'passages:' list", path=path, line=line_of(root), field="passages")
    if not isinstance(found, yaml.SequenceNode):
        raise KnowledgeError("expected a list of passages", path=path, line=line_of(found), field="passages")
    if not found.value:
        raise KnowledgeError("the passages list is empty", path=path, line=line_of(found), field="passages")
    return list(found.value)


def _passage(loader: yaml.SafeLoader, node: yaml.Node, path: Path) -> tuple[Passage, int]:
    if not isinstance(node, yaml.MappingNode):
        raise KnowledgeError("expected a passage (a mapping of fields)", path=path, line=line_of(node))
    values: dict[str, Any] = {}
    lines: dict[str, int] = {}
    for key_node, value_node in node.value:
        key = str(key_node.value)
        if key not in FIELDS:
            close = difflib.get_close_matches(key, FIELDS, n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"expected one of {', '.join(FIELDS)}"
            raise KnowledgeError(f"unknown key ({hint})", path=path, line=line_of(key_node), field=key)
        if key in values:
            raise KnowledgeError("given twice in one passage", path=path, line=line_of(key_node), field=key)
        values[key] = loader.construct_object(value_node, deep=True)
        lines[key] = line_of(value_node)
    for key in REQUIRED:
        if key not in values:
            raise KnowledgeError("missing required field", path=path, line=line_of(node), field=key)
    if isinstance(values["id"], int):
        values["id"] = str(values["id"])
    translations = {language: values.pop(language) for language in LANGUAGES if language in values}
    try:
        passage = Passage(**values, topic=path.stem, translations=translations)
    except KnowledgeError as error:
        name = (error.field or "").split(".")[0]
        raise KnowledgeError(
            error.problem, path=path, line=lines.get(name, line_of(node)), field=error.field
        ) from None
    return passage, lines["id"]
