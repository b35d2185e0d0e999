"""The logging-overhead benchmark still runs (tiny sizes) and prints its table; no timing is asserted."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_logging_benchmark_runs_and_prints_its_ratios(capsys):
    path = ROOT / "benchmarks" / "logging_overhead.py"
    spec = importlib.util.spec_from_file_location("logging_overhead", path)
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    assert bench.main(["--rounds", "2", "--questions", "12"]) == 0
    out = capsys.readouterr().out
    assert "12 questions × 2 rounds" in out
    assert re.search(r"the log, all told, against no log \(goal ≤ 1\.10×\)\*\* \| \d+\.\d{3}×", out)
    for row in ("| no log |", "the log and its buttons (as served)", "the writer's share"):
        assert row in out
