"""Speed and memory of summit-qa against its peers, measured in one run.

    python benchmarks/bench.py              # everything: real text, the worst case, Zipf up to 1,000,000
    python benchmarks/bench.py --quick      # 30,000 passages a corpus, fewer rounds: a few minutes
    python benchmarks/bench.py --write      # also writes the tables to benchmarks/RESULTS.md

The corpora (see corpora.py) are built once into a cache folder outside the repository. Each
size is measured in one process: every engine is built in turn (its build time, its peak memory
while building and the memory it keeps), then the questions are timed in rounds that take the
engines in turn, so a noisy moment of this shared machine hurts them alike. Percentiles over
the questions (each question's time its median over the rounds), and ratios against the peers
measured in the same run.
"""

from __future__ import annotations

import argparse
import datetime
import gc
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import corpora
import memory
import numpy as np
import peers

import qa
from qa.baselines import Bm25, PlainTfidf
from qa.evaluation import markdown_table, read

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SIZES = {
    "real": (30_000, 100_000, 1_000_000),  # the last: every paragraph apt has (about 140,000)
    "worst": (30_000, 100_000, 300_000),
    "zipf": (30_000, 100_000, 300_000, 1_000_000),
}
"""Passages measured per corpus: all above 20,000, where the engine reads words alone (no
character n-grams), so that a growth exponent compares like with like."""
QUICK_SIZES = {name: (30_000,) for name in corpora.CORPORA}
GOAL_SIZE = 100_000
"""The goals are checked at this size and at each corpus's largest."""
MIB = 1 << 20


# --- measuring ---------------------------------------------------------------------------------


def percentiles(times: np.ndarray) -> tuple[float, float]:
    """p50 and p99 in microseconds over the questions, from seconds by round and question.

    A question's time is its median over the rounds: a round that another process on this
    shared machine interrupted (by 4 ms or so) does not count, while a question that is slow
    every time does. The p99 is then the time of the slowest questions, not of the machine.
    """
    typical = np.median(np.atleast_2d(times), axis=0)
    return float(np.median(typical)) * 1e6, float(np.quantile(typical, 0.99, method="higher")) * 1e6


def interleaved(askers: dict[str, peers.Asker], questions: list[str], rounds: int) -> dict[str, np.ndarray]:
    """Each asker's seconds by round and question, over ``rounds`` rounds that take the askers
    in turn (in a rotating order), after a warm-up round of 20 questions each.

    What was built before (the corpus, the indexes) is left out of the garbage collector's
    passes, as a server does once it has loaded (``gc.freeze``): else a full pass over a
    million passages' objects lands on whichever engine happens to be timed then.
    """
    for ask in askers.values():
        for question in questions[:20]:
            ask(question)
    names = list(askers)
    times = {name: np.zeros((rounds, len(questions))) for name in names}
    clock = time.perf_counter
    gc.collect()
    gc.freeze()
    try:
        for turn in range(rounds):
            for name in names[turn % len(names) :] + names[: turn % len(names)]:
                ask, row = askers[name], times[name][turn]
                for i, question in enumerate(questions):
                    start = clock()
                    ask(question)
                    row[i] = clock() - start
    finally:
        gc.unfreeze()
    return times


@dataclass(frozen=True)
class Build:
    name: str
    seconds: float
    peak: float | None
    """MiB resident at most while building, above what was resident before (None: unknown)."""
    kept: float | None
    """MiB still resident after the build, above what was resident before."""


def built(
    name: str, builder: peers.Builder, passages: Sequence[qa.Passage]
) -> tuple[Build, dict[str, peers.Asker]]:
    memory.settle()
    before = memory.resident()
    can_reset = memory.reset_peak()
    start = time.perf_counter()
    askers = builder(passages)
    seconds = time.perf_counter() - start
    top = memory.peak() if can_reset else None
    memory.settle()
    after = memory.resident()
    peak = (top - before) / MIB if top is not None and before is not None else None
    # What a build frees can leave less resident than before it (by a page or so): that is none kept.
    kept = max(0.0, (after - before) / MIB) if after is not None and before is not None else None
    return Build(name, seconds, peak, kept), askers


_warmed: set[str] = set()


def warm_up(builders: dict[str, peers.Builder]) -> None:
    """Build each engine once on the bundled knowledge and ask it something: imports and
    numba's compilation are not build time."""
    for name, builder in builders.items():
        if name not in _warmed:
            for ask in builder(qa.load().passages).values():
                ask("what was signed in Astana?")
            _warmed.add(name)


@dataclass(frozen=True)
class Run:
    corpus: corpora.Corpus
    builds: list[Build]
    times: dict[str, np.ndarray]
    """Seconds by round and question, for each way of asking."""
    rounds: int

    @property
    def size(self) -> int:
        return len(self.corpus.passages)

    def p50(self, name: str) -> float:
        return percentiles(self.times[name])[0]

    def p99(self, name: str) -> float:
        return percentiles(self.times[name])[1]

    def build(self, name: str) -> Build:
        return next(b for b in self.builds if b.name == name)


def measure(corpus: corpora.Corpus, rounds: int, builders: dict[str, peers.Builder] | None = None) -> Run:
    builders = builders or peers.builders()[0]
    warm_up(builders)
    builds, askers = [], {}
    for (
        name,
        builder,
    ) in builders.items():  # ours first: any memory a build leaves behind helps those after it
        print(f"  building {name} on {len(corpus.passages):,} passages …", file=sys.stderr, flush=True)
        build, made = built(name, builder, corpus.passages)
        builds.append(build)
        askers.update(made)
    print(f"  timing {len(askers)} ways of asking …", file=sys.stderr, flush=True)
    return Run(corpus, builds, interleaved(askers, corpus.questions, rounds), rounds)


# --- tables ------------------------------------------------------------------------------------

REFERENCES = (peers.BM25S_TOP_K, peers.BM25S_NUMBA, peers.TANTIVY)
_SHORT = {peers.BM25S_TOP_K: "bm25s top-k", peers.BM25S_NUMBA: "bm25s numba", peers.TANTIVY: "tantivy"}


def ratio(value: float | None, reference: float | None) -> str:
    if value is None or not reference:
        return "—"
    return f"{value / reference:.2f}×"


def mib(value: float | None) -> str:
    return "—" if value is None else f"{value:,.0f}"


def run_tables(run: Run) -> str:
    corpus = run.corpus
    title = (
        f"### {corpus.about}: {run.size:,} passages ({len(corpus.questions)} questions × {run.rounds} rounds)"
    )
    base = run.build("bm25s")
    builds = [
        [
            b.name,
            f"{b.seconds:.2f}",
            ratio(b.seconds, base.seconds),
            mib(b.peak),
            mib(b.kept),
            ratio(b.kept, base.kept),
        ]
        for b in run.builds
    ]
    build_table = markdown_table(
        ["build", "seconds", "÷ bm25s", "peak MiB", "kept MiB", "kept ÷ bm25s"], builds
    )
    references = [name for name in REFERENCES if name in run.times]
    queries = [
        [name, f"{run.p50(name):,.0f}", f"{run.p99(name):,.0f}"]
        + [ratio(run.p50(name), run.p50(ref)) for ref in references]
        for name in run.times
    ]
    query_table = markdown_table(
        ["per question", "p50 µs", "p99 µs"] + [f"p50 ÷ {_SHORT[ref]}" for ref in references], queries
    )
    return f"{title}\n\n{build_table}\n\n{query_table}"


def analyzers_table(run: Run) -> str:
    """What character n-grams cost: the engine with them against words alone, same corpus."""
    words, chars = run.build("words alone"), run.build("words and character n-grams")
    rows = [
        [
            name,
            f"{b.seconds:.2f}",
            ratio(b.seconds, words.seconds),
            mib(b.peak),
            mib(b.kept),
            f"{run.p50(asker):,.0f}",
            f"{run.p99(asker):,.0f}",
            ratio(run.p50(asker), run.p50(peers.SUMMIT_WORDS)),
        ]
        for name, b, asker in (
            ("words alone", words, peers.SUMMIT_WORDS),
            ("words and character n-grams", chars, peers.SUMMIT_CHARS),
        )
    ]
    header = [
        "summit-qa",
        "build s",
        "÷ words",
        "peak MiB",
        "kept MiB",
        "ask() p50 µs",
        "p99 µs",
        "p50 ÷ words",
    ]
    title = (
        f"### Character n-grams: {run.corpus.about}, {run.size:,} passages "
        f"({len(run.corpus.questions)} questions × {run.rounds} rounds)"
    )
    return f"{title}\n\n{markdown_table(header, rows)}"


ANALYZERS: dict[str, peers.Builder] = {
    "words alone": peers.summit_words,
    "words and character n-grams": peers.summit_chars,
}
"""The engine's two readings, measured against each other once a run (the engine reads words alone
above 20,000 passages because of what this shows)."""


def exponent(sizes: Sequence[int], values: Sequence[float]) -> float:
    """The slope of log value against log size: value grows as size to this power."""
    return float(np.polyfit(np.log(sizes), np.log(values), 1)[0])


def growth_table(runs: list[Run]) -> str | None:
    """How query and build times grow with the corpus, for a corpus measured at several sizes."""
    runs = sorted(runs, key=lambda r: r.size)
    sizes = [r.size for r in runs]
    if len(set(sizes)) < 2:
        return None
    rows = [
        [
            f"query p50: {name}",
            *(f"{r.p50(name):,.0f} µs" for r in runs),
            f"{exponent(sizes, [r.p50(name) for r in runs]):.2f}",
        ]
        for name in runs[0].times
    ]
    for build in runs[0].builds:
        seconds = [r.build(build.name).seconds for r in runs]
        rows.append(
            [f"build: {build.name}", *(f"{s:.2f} s" for s in seconds), f"{exponent(sizes, seconds):.2f}"]
        )
    header = ["what", *(f"{n:,}" for n in sizes), "exponent"]
    title = (
        f"### Growth with size: {runs[0].corpus.about} (time ∝ n^exponent, fitted over the sizes measured)"
    )
    return title + "\n\n" + markdown_table(header, rows)


def judged(value: float | None, reference: float | None, goal: float) -> str:
    if value is None or not reference:
        return "—"
    share = value / reference
    return f"{share:.2f}× {'yes' if share <= goal else '**no**'}"


def goal_rows(run: Run) -> list[str]:
    ours = peers.SUMMIT
    cells = []
    for ref in REFERENCES:
        present = ref in run.times
        cells.append(judged(run.p50(ours), run.p50(ref), 1) if present else "—")
        cells.append(judged(run.p99(ours), run.p50(ref), 2) if present else "—")
    ours_built, base = run.build("summit-qa"), run.build("bm25s")
    cells.append(judged(ours_built.seconds, base.seconds, 1))
    cells.append(judged(ours_built.kept, base.kept, 2))
    return [f"{run.corpus.name}, {run.size:,}", *cells]


def goals_table(runs: list[Run], bundled_ratio: float | None) -> str:
    """The issue's goals against what this run measured."""
    by_corpus: dict[str, list[Run]] = {}
    for run in runs:
        by_corpus.setdefault(run.corpus.name, []).append(run)
    judged_runs = []
    for same in by_corpus.values():  # at GOAL_SIZE, and at the corpus's largest size
        largest = max(same, key=lambda r: r.size)
        judged_runs += [r for r in same if r.size == GOAL_SIZE and r is not largest] + [largest]
    header = ["corpus, passages"]
    for ref in REFERENCES:
        header += [f"p50 ÷ {_SHORT[ref]} p50 (≤ 1×)", f"p99 ÷ {_SHORT[ref]} p50 (≤ 2×)"]
    header += ["build ÷ bm25s (≤ 1×)", "kept ÷ bm25s (≤ 2×)"]
    table = markdown_table(header, [goal_rows(r) for r in judged_runs])
    title = "### Goals (issue 11): summit-qa `ask()` against each peer, same run"
    if bundled_ratio is None:
        return f"{title}\n\n{table}"
    bundled = judged(bundled_ratio, 1, 0.5)
    line = f"Bundled knowledge: `ask()` p50 ÷ bm25s tokenize + retrieve p50: {bundled} (goal ≤ 0.5×)."
    return f"{title}\n\n{table}\n\n{line}"


# --- the bundled knowledge -------------------------------------------------------------------------


def forget(engine: qa.Engine) -> None:
    """Empty what the engine and the qa modules remember of past questions, so that the next
    question costs what it costs the first time. The engine's memories go by its public
    method; the modules' ``functools`` caches (each word's term, its n-grams) have none yet,
    and this is the one place the benchmark reaches into the library for them."""
    engine.forget()
    for name, module in list(sys.modules.items()):
        if name == "qa" or name.startswith("qa."):
            for value in vars(module).values():
                clear = getattr(value, "cache_clear", None)
                if callable(clear):
                    clear()


def bundled(rounds: int) -> tuple[str, float]:
    """The bundled knowledge, its evaluation questions, every peer; and ask()'s ratio to bm25s."""
    engine = qa.load()
    cases = read(ROOT / "tests" / "eval" / "summit.yaml")
    questions = [c.question for c in (*cases.questions, *cases.off_topic)]
    builders, _ = peers.builders()
    askers: dict[str, peers.Asker] = {peers.SUMMIT: engine.ask}
    for name, builder in builders.items():
        if name != "summit-qa":
            askers.update(builder(engine.passages))
    bm25 = Bm25(engine.passages)
    pretokenized = {q: bm25.tokens(q) for q in questions}
    askers["bm25s retrieve (tokenized beforehand)"] = lambda q: bm25.retriever.retrieve(
        pretokenized[q], k=peers.K, show_progress=False
    )
    sklearn = PlainTfidf(engine.passages)
    askers["sklearn transform + dot"] = lambda q: sklearn.scores(q).argmax()
    results = {name: percentiles(times) for name, times in interleaved(askers, questions, rounds).items()}
    forget(engine)
    results["summit-qa ask(), each question the first time"] = percentiles(
        np.array([_timed_once(engine.ask, q) for q in questions])
    )
    reference = results[peers.BM25S][0]
    fixed = results.get(peers.BM25S_TOP_K, (math.nan,))[0]
    rows = [
        [name, f"{p50:,.1f}", f"{p99:,.1f}", f"{p50 / reference:.2f}×", f"{p50 / fixed:.2f}×"]
        for name, (p50, p99) in results.items()
    ]
    asked = f"{len(engine.passages)} passages, {len(questions)} questions × {rounds} rounds"
    title = f"### Bundled knowledge ({asked})"
    table = markdown_table(["per question", "p50 µs", "p99 µs", "p50 ÷ bm25s", "p50 ÷ bm25s top-k"], rows)
    return title + "\n\n" + table, results[peers.SUMMIT][0] / reference


LANGUAGE_SETS = {"English": "summit", "Russian": "ru-dev", "Chinese": "zh-dev"}
"""Each language's questions: its first evaluation set (in scope and off-topic)."""
LANGUAGE_GOAL = 2.0
"""Issue 13: a Russian or Chinese ``ask()`` costs at most this many times an English one."""


def _nth(engine: qa.Engine, questions: list[str]) -> peers.Asker:
    """An asker of the ``i``-th of ``questions`` (``i`` given as text, as ``interleaved`` gives
    questions): each language is timed over its own questions in one interleaved run."""

    def ask(i: str) -> object:
        return engine.ask(questions[int(i)])

    return ask


def by_language(rounds: int) -> str:
    """The bundled knowledge's ``ask()`` in each language, over as many of each language's
    questions, in rounds that take the languages in turn; each against English."""
    engine = qa.load()
    asked: dict[str, list[str]] = {}
    for language, name in LANGUAGE_SETS.items():
        cases = read(ROOT / "tests" / "eval" / f"{name}.yaml")
        asked[language] = [c.question for c in (*cases.questions, *cases.off_topic)]
    n = min(len(questions) for questions in asked.values())
    askers: dict[str, peers.Asker] = {language: _nth(engine, q) for language, q in asked.items()}
    results = {
        name: percentiles(times)
        for name, times in interleaved(askers, [str(i) for i in range(n)], rounds).items()
    }
    english = results["English"][0]
    rows = [
        [
            f"summit-qa ask(), {language} questions ({LANGUAGE_SETS[language]}.yaml)",
            f"{p50:,.1f}",
            f"{p99:,.1f}",
            judged(p50, english, LANGUAGE_GOAL) if language != "English" else "1.00×",
        ]
        for language, (p50, p99) in results.items()
    ]
    title = f"### Bundled knowledge by language ({n} questions each × {rounds} rounds)"
    header = ["per question", "p50 µs", "p99 µs", f"p50 ÷ English (goal ≤ {LANGUAGE_GOAL:g}×)"]
    return title + "\n\n" + markdown_table(header, rows)


def _timed_once(ask: Callable[[str], object], question: str) -> float:
    start = time.perf_counter()
    ask(question)
    return time.perf_counter() - start


# --- cold start --------------------------------------------------------------------------------


def cold_start(runs: int) -> str:
    python = sys.executable
    script = str(Path(python).with_name("summit-qa"))
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "SUMMIT_QA_CACHE": cache}
        commands = {
            "python -c 'import sklearn.feature_extraction.text'": [
                python,
                "-c",
                "import sklearn.feature_extraction.text",
            ],
            "python -c 'import qa'": [python, "-c", "import qa"],
            "summit-qa ask (index cached)": [script, "ask", "What treaty was signed?"],
            "summit-qa --no-cache ask (fits the index)": [
                script,
                "--no-cache",
                "ask",
                "What treaty was signed?",
            ],
        }
        subprocess.run(commands["summit-qa ask (index cached)"], env=env, capture_output=True, check=True)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(runs):  # interleaved, so a noisy moment hurts every command alike
            for name, command in commands.items():
                start = time.perf_counter()
                subprocess.run(command, env=env, capture_output=True, check=True)
                times[name].append(time.perf_counter() - start)
    reference = statistics.median(times["python -c 'import sklearn.feature_extraction.text'"])
    rows = [
        [name, f"{statistics.median(samples):.3f}", f"{statistics.median(samples) / reference:.2f}×"]
        for name, samples in times.items()
    ]
    return f"### Cold start (median of {runs} runs each)\n\n" + markdown_table(
        ["command", "wall s", "/ sklearn import"], rows
    )


# --- the run ---------------------------------------------------------------------------------------


def machine() -> str:
    blas = os.environ.get("OPENBLAS_CORETYPE", "unset")
    return (
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"NumPy {np.__version__}, OPENBLAS_CORETYPE={blas}"
    )


def at_least(low: int) -> Callable[[str], int]:
    """An argparse type: a whole number of at least ``low``."""

    def number(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
        if value < low:
            raise argparse.ArgumentTypeError(f"must be at least {low}, got {value}")
        return value

    return number


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--quick", action="store_true", help="30,000 passages a corpus, 3 rounds, 3 cold runs"
    )
    parser.add_argument(
        "--corpora", nargs="+", choices=corpora.CORPORA, default=list(corpora.CORPORA), help="(default: all)"
    )
    parser.add_argument(
        "--sizes", type=at_least(10), nargs="+", help="passages for every corpus (default: per corpus)"
    )
    parser.add_argument("--rounds", type=at_least(1), help="rounds over the questions (default 5; --quick 3)")
    parser.add_argument(
        "--cold-runs", type=at_least(1), help="runs of each cold-start command (default 15; --quick 3)"
    )
    parser.add_argument(
        "--cache", type=Path, help="where built corpora are kept (default ~/.cache/summit-qa-bench)"
    )
    parser.add_argument("--write", action="store_true", help="write the tables to --output too")
    parser.add_argument("--output", type=Path, default=HERE / "RESULTS.md", help="where --write writes")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    rounds = args.rounds or (3 if args.quick else 5)
    cold_runs = args.cold_runs or (3 if args.quick else 15)
    sizes = {
        name: tuple(args.sizes) if args.sizes else (QUICK_SIZES if args.quick else SIZES)[name]
        for name in args.corpora
    }
    command = "python benchmarks/bench.py" + "".join(
        f" {a}" for a in (argv if argv is not None else sys.argv[1:])
    )
    sections = ["# Benchmark results", f"{datetime.date.today().isoformat()} · {machine()} · `{command}`"]
    _, missing = peers.builders()
    sections += [f"- {note}" for note in missing]

    def show(section: str) -> None:
        print("\n" + section + "\n", flush=True)
        sections.append(section)

    print("running the bundled knowledge …", file=sys.stderr, flush=True)
    table, bundled_ratio = bundled(rounds)
    show(table)
    show(by_language(rounds))
    runs: list[Run] = []
    for name, wanted in sizes.items():
        same: list[Run] = []
        for size in wanted:
            corpus = corpora.corpus(name, size, args.cache)
            if any(r.size == len(corpus.passages) and r.corpus.name == corpus.name for r in runs):
                continue  # the corpus has no more passages than a size already measured
            print(
                f"running {corpus.name} at {len(corpus.passages):,} passages …", file=sys.stderr, flush=True
            )
            run = measure(corpus, rounds)
            show(run_tables(run))
            same.append(run)
            runs.append(run)
        if (growth := growth_table(same)) is not None:
            show(growth)
    show(goals_table(runs, bundled_ratio))
    if runs:  # at the goals' size of the first corpus (or its largest below that)
        first = [r for r in runs if r.corpus.name == runs[0].corpus.name and r.size <= GOAL_SIZE] or runs[:1]
        corpus = max(first, key=lambda r: r.size).corpus
        print(
            f"running character n-grams at {len(corpus.passages):,} passages …", file=sys.stderr, flush=True
        )
        show(analyzers_table(measure(corpus, rounds, ANALYZERS)))
    print("running cold start …", file=sys.stderr, flush=True)
    show(cold_start(cold_runs))
    if args.write:
        args.output.write_text("\n\n".join(sections) + "\n", encoding="utf-8")
        print(f"written to {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
