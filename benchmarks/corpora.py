"""The benchmark's corpora, each built once into a cache folder outside the repository.

- ``real``: paragraphs of Debian's English package descriptions (what apt fetches with
  ``apt-get update -o Acquire::Languages=en``), with questions made from them as a person
  would ask: some of a paragraph's words, some dropped, some reworded, a few typos.
- ``worst``: every word common: 20–60 words drawn evenly from a 1,900-word vocabulary of
  everyday English, so no question has a rare word to prune with.
- ``zipf``: Zipf-distributed pseudo-words (the benchmark's older corpus); it also stands in
  for ``real`` where apt cannot give the descriptions.

Everything is drawn from seeded generators: the same machine lists give the same corpus.
"""

from __future__ import annotations

import glob
import hashlib
import os
import random
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import msgpack
import numpy as np

import qa

TRANSLATIONS = "/var/lib/apt/lists/*Translation-en*"
APT_HELPER = "/usr/lib/apt/apt-helper"
QUESTIONS = 300
ASKED_FROM = 10_000
"""Questions are made from the first passages only, so that every size holds what is asked."""
WORST_VOCABULARY = 1_900
SEED = 7

_Row = tuple[str, str, str]
"""A passage as cached: title, text, source URL."""
_Built = tuple[list[_Row], list[str]]
"""A corpus as cached: its rows and its questions."""


@dataclass(frozen=True)
class Corpus:
    name: str
    about: str
    """What the corpus is, for a table's title."""
    passages: list[qa.Passage]
    questions: list[str]


# --- real text: Debian's package descriptions ------------------------------------------------


def descriptions(text: str) -> Iterator[tuple[str, str, list[str]]]:
    """Each package of a Translation file: its name, short description and paragraphs.

    A long description's lines start with a space; a line holding only " ." ends a paragraph.
    """
    from debian import deb822

    for stanza in deb822.Deb822.iter_paragraphs(text.splitlines(), use_apt_pkg=False):
        package, description = stanza.get("Package"), stanza.get("Description-en")
        if not package or not description:
            continue
        short, _, long = description.partition("\n")
        paragraphs = [" ".join(chunk.split()) for chunk in re.split(r"^\s*\.\s*$", long, flags=re.M)]
        yield package, short.strip(), [p for p in paragraphs if p]


def debian_rows(texts: Iterable[str]) -> list[_Row]:
    """One row per paragraph (title: the package's short description), each once, shuffled."""
    rows: dict[_Row, None] = {}
    for text in texts:
        for package, short, paragraphs in descriptions(text):
            source = f"https://packages.debian.org/bookworm/{package}"
            for paragraph in paragraphs:
                rows.setdefault((short or package, paragraph, source), None)
    ordered = sorted(rows)  # the lists' order is apt's business; the corpus's is ours
    random.Random(SEED).shuffle(ordered)
    return ordered


def translation_texts() -> list[str] | None:
    """The English descriptions apt has, fetching them once if it has none; None if apt cannot."""
    if not Path(APT_HELPER).exists():
        return None
    if not glob.glob(TRANSLATIONS) and shutil.which("apt-get") and os.geteuid() == 0:
        print(
            "fetching Debian's English descriptions: apt-get update -o Acquire::Languages=en", file=sys.stderr
        )
        subprocess.run(
            ["apt-get", "update", "-qq", "-o", "Acquire::Languages=en"], capture_output=True, check=False
        )
    texts = []
    for path in sorted(glob.glob(TRANSLATIONS)):  # apt keeps them compressed; apt-helper reads any
        done = subprocess.run([APT_HELPER, "cat-file", path], capture_output=True, text=True, check=False)
        if done.returncode == 0:
            texts.append(done.stdout)
    return texts or None


_REWORDED = {
    "provides": "gives",
    "program": "tool",
    "programs": "tools",
    "application": "app",
    "utility": "tool",
    "utilities": "tools",
    "library": "lib",
    "allows": "lets",
    "files": "file",
    "contains": "has",
    "package": "pkg",
    "support": "supports",
    "documentation": "docs",
    "development": "dev",
    "used": "needed",
    "written": "made",
}
_OPENINGS = (
    "how do I {}",
    "is there a package to {}",
    "which package {}",
    "what is {}",
    "{}",
    "looking for {}",
    "{}?",
    "does debian have {}",
)
_WORDS = re.compile(r"[A-Za-z0-9][\w+#'-]*")


def typo(word: str, rng: random.Random) -> str:
    """The word with one letter left out (not its first)."""
    i = rng.randrange(1, len(word))
    return word[:i] + word[i + 1 :]


def ask_about(paragraph: str, rng: random.Random, common: frozenset[str]) -> str | None:
    """A question a person might ask of a paragraph: a run of its words, most of the
    ``common`` ones and some others dropped, some reworded, maybe one typo, in an opening such
    as "how do I …". None when the run keeps fewer than two other words."""
    words = _WORDS.findall(paragraph)
    length = rng.randint(5, 12)
    start = rng.randrange(max(1, len(words) - length + 1))
    kept = [w for w in words[start : start + length] if rng.random() > (0.7 if w.lower() in common else 0.2)]
    if sum(w.lower() not in common for w in kept) < 2:
        return None
    kept = [_REWORDED.get(w.lower(), w) if rng.random() < 0.5 else w for w in kept]
    if rng.random() < 0.7:
        kept = [w.lower() for w in kept]
    long = [i for i, w in enumerate(kept) if len(w) >= 5 and w.isalpha()]
    if long and rng.random() < 0.1:
        i = rng.choice(long)
        kept[i] = typo(kept[i], rng)
    return rng.choice(_OPENINGS).format(" ".join(kept))


def debian_questions(rows: list[_Row], size: int) -> list[str]:
    import wordfreq

    common = frozenset(wordfreq.top_n_list("en", 100))
    rng = random.Random(SEED)
    asked = rows[: min(size, ASKED_FROM)]
    questions: list[str] = []
    while len(questions) < QUESTIONS:
        if (question := ask_about(rng.choice(asked)[1], rng, common)) is not None:
            questions.append(question)
    return questions


# --- made-up text ------------------------------------------------------------------------------


def worst_rows(size: int) -> tuple[list[_Row], list[str]]:
    """Every word common: 20–60 words drawn evenly from the commonest English words."""
    import wordfreq

    vocabulary = [w for w in wordfreq.top_n_list("en", 3 * WORST_VOCABULARY) if w.isascii() and w.isalpha()]
    words = vocabulary[:WORST_VOCABULARY]
    generator = np.random.default_rng(SEED)
    lengths = generator.integers(20, 61, size=size).tolist()
    rows = []
    for n in lengths:
        drawn = [words[i] for i in generator.integers(0, len(words), size=3 + n).tolist()]
        rows.append((" ".join(drawn[:3]), " ".join(drawn[3:]) + ".", "https://example.org"))
    rng = random.Random(SEED)
    questions = []
    for _ in range(QUESTIONS):
        text = rng.choice(rows)[1].rstrip(".").split()
        questions.append(" ".join(rng.sample(text, rng.randint(4, 8))))
    return rows, questions


def zipf_rows(size: int) -> tuple[list[_Row], list[str]]:
    """Zipf-distributed pseudo-words; questions of five of a passage's words, 30% with a typo."""
    rng = random.Random(SEED)
    letters = "abcdefghijklmnopqrstuvwxyz"
    vocabulary = list(
        dict.fromkeys("".join(rng.choices(letters, k=rng.randint(4, 10))) for _ in range(30_000))
    )
    weights = 1 / np.arange(1, len(vocabulary) + 1)
    generator = np.random.default_rng(SEED)
    rows = []
    for start in range(0, size, 10_000):  # in blocks: a million rows of indices at once is 350 MB
        block = generator.choice(
            len(vocabulary), size=(min(10_000, size - start), 44), p=weights / weights.sum()
        )
        for row in block.tolist():
            drawn = [vocabulary[i] for i in row]
            rows.append((" ".join(drawn[:4]), " ".join(drawn[4:]) + ".", "https://example.org"))
    questions = []
    for _ in range(QUESTIONS):
        picked = rng.sample(rng.choice(rows)[1].rstrip(".").split(), 5)
        if rng.random() < 0.3:
            picked[0] = typo(picked[0], rng)
        questions.append("what about " + " ".join(picked))
    return rows, questions


# --- the cache -------------------------------------------------------------------------------


def cache_folder(folder: Path | None = None) -> Path:
    """Where built corpora are kept: ``folder``, else ``$XDG_CACHE_HOME/summit-qa-bench``."""
    if folder is None:
        folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "summit-qa-bench"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _cached(path: Path, build: Callable[[], _Built | None]) -> _Built:
    """What ``build()`` makes, read from ``path`` when it was made before (nothing if it cannot)."""
    try:
        rows, questions = msgpack.unpackb(path.read_bytes())
        return [(title, text, source) for title, text, source in rows], questions
    except (OSError, ValueError, msgpack.UnpackException):
        pass
    made = build()
    if made is None:
        return [], []
    part = path.with_suffix(".part")
    part.write_bytes(msgpack.packb([[list(row) for row in made[0]], made[1]]))
    part.replace(path)
    return made


def _version() -> str:
    """The builders' own code: a change to it builds the corpora anew."""
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]


def _real(folder: Path, size: int) -> _Built:
    """The first ``size`` paragraphs; their questions are made for that size, not cached."""

    def build() -> _Built | None:
        texts = translation_texts()
        return (debian_rows(texts), []) if texts else None

    rows, _ = _cached(folder / f"real-{_version()}.msgpack", build)
    return rows[:size], debian_questions(rows, size) if rows else []


def _rows(name: str, size: int, folder: Path) -> _Built:
    if name == "real":
        return _real(folder, size)
    build = worst_rows if name == "worst" else zipf_rows
    return _cached(folder / f"{name}-{size}-{_version()}.msgpack", lambda: build(size))


ABOUT = {
    "real": "paragraphs of Debian's package descriptions",
    "worst": f"every word common (20–60 words drawn from {WORST_VOCABULARY:,} everyday English words)",
    "zipf": "Zipf-distributed pseudo-words",
}
CORPORA = tuple(ABOUT)


def corpus(name: str, size: int, folder: Path | None = None) -> Corpus:
    """The corpus ``name`` (real, worst, zipf) with ``size`` passages, or as many as it has.

    ``real`` falls back to ``zipf`` (the corpus's name then says so) where apt has no descriptions.
    """
    if name not in ABOUT:
        raise ValueError(f"unknown corpus {name!r} (expected one of {', '.join(CORPORA)})")
    folder = cache_folder(folder)
    rows, questions = _rows(name, size, folder)
    if not rows:
        print("no Debian descriptions from apt: the Zipf corpus stands in", file=sys.stderr)
        name = "zipf"
        rows, questions = _rows(name, size, folder)
    passages = [
        qa.Passage(id=f"p{i}", title=title, text=text, source=source)
        for i, (title, text, source) in enumerate(rows)
    ]
    return Corpus(name, ABOUT[name], passages, questions)
