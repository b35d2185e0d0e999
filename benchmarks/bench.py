"""Speed and memory of summit-qa against bm25s and plain scikit-learn, measured in one run.

    python benchmarks/bench.py            # everything: about 8 minutes, up to 2.4 GB of memory
    python benchmarks/bench.py --quick    # 1,000 passages, fewer rounds: well under a minute
    python benchmarks/bench.py --write    # also writes the tables to benchmarks/RESULTS.md

Reports medians and percentiles over many queries, and ratios against the peer measured in
the same process: this machine is shared and noisy, so absolute times move between runs.
"""

from __future__ import annotations

import argparse
import datetime
import functools
import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

import qa
import qa.index
import qa.text
from qa.baselines import Bm25, PlainTfidf, require_bm25s
from qa.evaluation import markdown_table, read

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def percentiles(samples: list[float]) -> tuple[float, float]:
    """p50 and p99 in milliseconds."""
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return statistics.median(ordered) * 1e3, p99 * 1e3


def timed(function: Callable[[str], object], queries: list[str], rounds: int, warm: int = 20) -> list[float]:
    for query in queries[:warm]:  # warm-up
        function(query)
    samples = []
    for _ in range(rounds):
        for query in queries:
            start = time.perf_counter()
            function(query)
            samples.append(time.perf_counter() - start)
    return samples


# --- peers: the baselines of `summit-qa eval --compare` ------------------------------------------


def bm25_top1(bm25: Bm25, tokens: list[list[str]]) -> object:
    """bm25s's own retrieval of the best passage, as its README does it."""
    if not tokens[0]:
        return None
    return bm25.retriever.retrieve(tokens, k=1, show_progress=False, n_threads=0)


def bm25_ask(bm25: Bm25, question: str) -> object:
    """Tokenize, then retrieve the best passage."""
    return bm25_top1(bm25, bm25.tokens(question))


# --- 1. the bundled knowledge -----------------------------------------------------------------


def bundled(rounds: int) -> str:
    engine = qa.load()
    cases = read(ROOT / "tests" / "eval" / "summit.yaml")
    queries = [c.question for c in (*cases.questions, *cases.off_topic)]
    bm25 = Bm25(engine.passages)
    sklearn = PlainTfidf(engine.passages)
    pretokenized = {q: bm25.tokens(q) for q in queries}
    runs: list[tuple[str, Callable[[str], object]]] = [
        ("summit-qa ask() (normalize, spell, rank, decide)", engine.ask),
        ("bm25s tokenize + retrieve top-1", functools.partial(bm25_ask, bm25)),
        ("bm25s retrieve top-1 (pre-tokenized)", lambda q: bm25_top1(bm25, pretokenized[q])),
        ("sklearn transform + dot", lambda q: sklearn.scores(q).argmax()),
    ]
    results = {name: percentiles(timed(function, queries, rounds)) for name, function in runs}
    # The engine remembers its readings of words, spelling corrections and each word's rows, as
    # the text module does terms: a fresh engine with those memories emptied shows what a
    # question costs the first time.
    fresh = qa.Engine(engine.passages)
    qa.text.term.cache_clear()
    qa.index._word_grams.cache_clear()
    first_time = timed(fresh.ask, queries, 1, warm=0)
    results["summit-qa ask(), each question the first time"] = percentiles(first_time)
    reference = results["bm25s tokenize + retrieve top-1"][0]
    rows = [
        [name, f"{p50:.3f}", f"{p99:.3f}", f"{p50 / reference:.2f}×"] for name, (p50, p99) in results.items()
    ]
    title = (
        f"### Bundled knowledge ({len(engine.passages)} passages, {len(queries)} questions × {rounds} rounds)"
    )
    return title + "\n\n" + markdown_table(["per query", "p50 ms", "p99 ms", "p50 / bm25s"], rows)


# --- 2. synthetic corpora ---------------------------------------------------------------------


def synthetic(size: int, seed: int = 7) -> tuple[list[qa.Passage], list[str]]:
    """Passages of Zipf-distributed pseudo-words, and questions drawn from them (some with typos)."""
    rng = random.Random(seed)
    letters = "abcdefghijklmnopqrstuvwxyz"
    vocabulary = list(
        dict.fromkeys("".join(rng.choices(letters, k=rng.randint(4, 10))) for _ in range(30_000))
    )
    weights = [1 / (rank + 1) for rank in range(len(vocabulary))]

    def words(n: int) -> list[str]:
        return rng.choices(vocabulary, weights=weights, k=n)

    passages = [
        qa.Passage(
            id=f"p{i}", title=" ".join(words(4)), text=" ".join(words(40)) + ".", source="https://example.org"
        )
        for i in range(size)
    ]
    questions = []
    for _ in range(300):
        passage = rng.choice(passages)
        picked = rng.sample(passage.text.rstrip(".").split(), 5)
        if rng.random() < 0.3:  # a typo in one word
            word = picked[0]
            i = rng.randrange(1, len(word))
            picked[0] = word[:i] + word[i + 1 :]
        questions.append("what about " + " ".join(picked))
    return passages, questions


ENGINES = ("summit-qa (word + char)", "summit-qa (word only)", "bm25s")


def measure_one(engine: str, size: int, rounds: int) -> dict[str, float]:
    """Build one engine on the synthetic corpus and time its queries (run in a child process)."""
    passages, questions = synthetic(size)
    asker: Callable[[str], object]
    import sklearn.feature_extraction.text  # noqa: F401  (imports are not build time)

    require_bm25s()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    if engine == "bm25s":
        asker = functools.partial(bm25_ask, Bm25(passages))
    else:
        analyzers = ["word", "char"] if "char" in engine else ["word"]
        asker = qa.Engine(passages, analyzers=analyzers).ask
    seconds = time.perf_counter() - start
    peak = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024  # KiB on Linux
    p50, p99 = percentiles(timed(asker, questions, rounds))
    return {"build": seconds, "memory": peak, "p50": p50, "p99": p99}


def scale(size: int, rounds: int) -> str:
    """Each engine in a fresh process, so build time and peak memory are its own."""
    measured = {}
    for engine in ENGINES:
        output = subprocess.run(
            [sys.executable, __file__, "--child", engine, str(size), str(rounds)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        measured[engine] = json.loads(output.strip().splitlines()[-1])
    base = measured["bm25s"]
    rows = [
        [
            name,
            f"{m['build']:.2f}",
            f"{m['build'] / base['build']:.2f}×",
            f"{m['memory']:.0f}",
            f"{m['p50']:.3f}",
            f"{m['p99']:.3f}",
            f"{m['p50'] / base['p50']:.2f}×",
        ]
        for name, m in measured.items()
    ]
    header = [
        "engine",
        "build s",
        "build / bm25s",
        "build peak RSS MiB",
        "query p50 ms",
        "query p99 ms",
        "p50 / bm25s",
    ]
    questions = len(synthetic(10)[1])
    return f"### {size:,} synthetic passages ({questions} questions × {rounds} rounds)\n\n" + markdown_table(
        header, rows
    )


# --- 3. cold start ----------------------------------------------------------------------------


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


def machine() -> str:
    blas = os.environ.get("OPENBLAS_CORETYPE", "unset")
    return (
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"NumPy {np.__version__}, OPENBLAS_CORETYPE={blas}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="1,000 synthetic passages only, one round, three cold starts (unless given below)",
    )
    parser.add_argument("--sizes", type=int, nargs="*", help="synthetic corpus sizes (1000 100000)")
    parser.add_argument("--rounds", type=int, help="rounds over the bundled questions (5)")
    parser.add_argument("--cold-runs", type=int, help="runs of each cold-start command (15)")
    parser.add_argument("--write", action="store_true", help="write the tables to --output too")
    parser.add_argument("--output", type=Path, default=HERE / "RESULTS.md", help="where --write writes")
    parser.add_argument("--child", nargs=3, metavar=("ENGINE", "SIZE", "ROUNDS"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    quick = {"sizes": [1_000], "rounds": 1, "cold_runs": 3}
    full = {"sizes": [1_000, 100_000], "rounds": 5, "cold_runs": 15}
    for name, value in (quick if args.quick else full).items():
        if getattr(args, name) is None:
            setattr(args, name, value)
    if args.child:
        engine, size, rounds = args.child
        print(json.dumps(measure_one(engine, int(size), int(rounds))))
        return 0
    sections = [
        "# Benchmark results",
        f"{datetime.date.today().isoformat()} · {machine()} · `python benchmarks/bench.py"
        + (" --quick`" if args.quick else "`"),
    ]
    runs: list[tuple[str, Callable[[], str]]] = [("bundled", lambda: bundled(args.rounds))]
    runs += [(f"scale {n}", functools.partial(scale, n, 1 if n > 10_000 else 2)) for n in args.sizes]
    runs.append(("cold start", lambda: cold_start(args.cold_runs)))
    for title, run in runs:
        print(f"running {title} …", file=sys.stderr, flush=True)
        section = run()
        print("\n" + section + "\n", flush=True)
        sections.append(section)
    if args.write:
        args.output.write_text("\n\n".join(sections) + "\n", encoding="utf-8")
        print(f"written to {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
