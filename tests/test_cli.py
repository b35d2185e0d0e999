"""The command line through main(argv) with string streams."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from qa.cli import ExitStatus, _parser, main


def run(argv: list[str], stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(argv, stdin=io.StringIO(stdin), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def test_ask_answers_with_source():
    status, out, err = run(["ask", "What is the China-Central Asia Spirit?"])
    assert status == ExitStatus.OK
    assert "mutual respect, mutual trust, mutual benefit" in out
    assert "\nSources:\n  " in out and "http" in out  # this passage rests on two pages
    assert err == ""


def test_ask_words_are_joined():
    status, out, _ = run(["ask", "trade", "in", "2024"])
    assert status == ExitStatus.OK and "94.8" in out


def test_ask_unknown_exits_1_with_hint():
    status, out, _ = run(["ask", "Who won the 2022 World Cup?"])
    assert status == ExitStatus.NOT_FOUND
    assert "I don't know" in out


def test_ask_without_question_is_a_usage_error():
    status, _, err = run(["ask"])
    assert status == ExitStatus.USAGE and "give a question" in err


def test_ask_json_one_object_a_line():
    status, out, _ = run(["ask", "--json"], "What treaty was signed?\n\nWho won the World Cup?\nhello\n")
    assert status == ExitStatus.OK
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) == 4  # a blank line gets its object too: the output lines up with the input
    assert set(rows[0]) == {
        "question",
        "found",
        "answer",
        "passage_id",
        "score",
        "language",
        "source",
        "sources",
    }
    assert rows[0]["language"] == "en"
    assert rows[0]["sources"][0] == rows[0]["source"]
    assert rows[0]["found"] is True and rows[0]["passage_id"] == "treaty"
    assert rows[0]["source"]["url"].startswith("http")
    assert (
        rows[1]["question"] == ""
        and rows[1]["found"] is False
        and "Please type a question" in rows[1]["answer"]
    )
    assert rows[2]["found"] is False and rows[2]["passage_id"] is None and rows[2]["source"] is None
    assert rows[3]["found"] is False and "Hello" in rows[3]["answer"]


def test_ask_json_with_a_question_answers_it():
    status, out, _ = run(["ask", "--json", "what", "treaty"], "ignored\n")
    (row,) = [json.loads(line) for line in out.splitlines()]
    assert status == ExitStatus.OK and row["question"] == "what treaty" and row["passage_id"] == "treaty"
    status, out, _ = run(["ask", "--json", "Who won the 2022 World Cup?"])
    assert status == ExitStatus.NOT_FOUND and json.loads(out)["found"] is False


FOLLOW_UPS = "What is the China-Central Asia Spirit?\n\nWho proposed it?\n"


def test_json_and_plain_input_answer_alike_one_answer_a_line():
    _, plain, _ = run([], FOLLOW_UPS)
    _, lines, _ = run(["ask", "--json"], FOLLOW_UPS)
    paragraphs = plain.rstrip("\n").split("\n\n")
    rows = [json.loads(line) for line in lines.splitlines()]
    assert len(paragraphs) == len(rows) == 3
    for paragraph, row in zip(paragraphs, rows, strict=True):
        assert paragraph.startswith(row["answer"])
    assert rows[2]["passage_id"] == "spirit-definition"  # a follow-up, in both modes


@pytest.mark.parametrize("argv", [["--no-follow-ups", "ask", "--json"], ["ask", "--json", "--no-follow-ups"]])
def test_no_follow_ups_answers_each_line_alone(argv):
    _, lines, _ = run(argv, FOLLOW_UPS)
    rows = [json.loads(line) for line in lines.splitlines()]
    alone = main(["ask", "--json", "Who proposed it?"], stdout=(out := io.StringIO()))
    assert alone == ExitStatus.OK
    assert rows[2]["passage_id"] == json.loads(out.getvalue())["passage_id"] != "spirit-definition"


@pytest.mark.parametrize("where", ["before", "after"])
def test_global_options_go_before_or_after_the_command(tmp_path: Path, where):
    knowledge = tmp_path / "cafe.yaml"
    knowledge.write_text(
        "passages:\n  - {id: hours, title: Hours, text: We open at nine., source: 'https://x.org'}\n",
        encoding="utf-8",
    )
    options = ["-k", str(knowledge), "--no-cache"]
    argv = (
        [*options, "ask", "when do you open"] if where == "before" else ["ask", "when do you open", *options]
    )
    status, out, err = run(argv)
    assert (status, err) == (ExitStatus.OK, "") and "We open at nine." in out
    status, out, _ = run(["check", *options] if where == "after" else [*options, "check"])
    assert status == ExitStatus.OK and out == f"OK: 1 passage in {knowledge}\n"


def test_stdin_mode_answers_each_line_with_follow_ups():
    status, out, _ = run([], "What did Xi discuss with Kyrgyzstan?\nAnd with Uzbekistan?\n")
    assert status == ExitStatus.OK
    first, second = out.strip().split("\n\n")
    assert "Japarov" in first and "Mirziyoyev" in second


def test_check_bundled_and_broken(tmp_path: Path):
    status, out, _ = run(["check"])
    assert status == ExitStatus.OK and out.startswith("OK: ")
    assert " passages and its about texts in " in out
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        "passages:\n  - id: a\n    title: A\n    txet: oops\n    source: http://x\n", encoding="utf-8"
    )
    status, out, err = run(["check", str(broken)])
    assert status == ExitStatus.KNOWLEDGE
    assert f"{broken}:4: field 'txet': unknown key (did you mean 'text'?)" in err
    assert out == ""
    (tmp_path / "more.yaml").write_text(
        "passages:\n  - {id: b, title: B, text: '', source: 'https://x.org'}\n", encoding="utf-8"
    )
    status, out, err = run(["check", str(tmp_path)])  # every problem, not the first alone
    assert status == ExitStatus.KNOWLEDGE and out == ""
    assert "broken.yaml:4: field 'txet'" in err and "more.yaml:2: field 'text'" in err
    assert "broken.yaml:2: field 'text': missing required field" in err
    assert err.strip().endswith("3 problems")


def test_bytes_that_are_not_utf8_are_echoed_as_valid_utf8():
    """Python keeps undecodable input bytes as lone surrogates; the JSON written must still be UTF-8."""
    undecodable = b"trade \xff\xfe in 2024".decode("utf-8", "surrogateescape")
    status, out, _ = run(["ask", "--json"], undecodable + "\n\ud800 lone\n")
    assert status == ExitStatus.OK
    out.encode("utf-8")  # raises on a lone surrogate
    first, second = (json.loads(line) for line in out.splitlines())
    assert first["question"] == "trade \ufffd\ufffd in 2024" and first["passage_id"] == "trade-2024"
    assert second["question"] == "? lone"


def test_broken_knowledge_option_fails_cleanly(tmp_path: Path):
    (tmp_path / "a.yaml").write_text("", encoding="utf-8")
    status, _, err = run(["--knowledge", str(tmp_path), "ask", "hi"])
    assert status == ExitStatus.KNOWLEDGE
    assert err.count("\n") == 1 and "a.yaml:1" in err and "Traceback" not in err


def test_eval_prints_figures(tmp_path: Path):
    cases = tmp_path / "cases.yaml"
    cases.write_text(
        "questions:\n  - {q: 'What treaty was signed?', expect: treaty}\n"
        "  - {q: 'When is the Olympics?', expect: sco}\n"
        "off_topic:\n  - 'Who won the World Cup?'\n",
        encoding="utf-8",
    )
    status, out, _ = run(["eval", str(cases)])
    assert status == ExitStatus.OK
    assert "in-scope top-1        50.0% (1/2)" in out
    assert "off-topic abstention  100.0% (1/1)" in out
    assert "'When is the Olympics?': expected sco" in out


@pytest.mark.parametrize(
    ("content", "where", "words"),
    [
        ("questions:\n  - {q: 'ok', expect: treaty}\n  - {q: 3}\n", ":3: field 'questions'", "expected {q"),
        ("questions: [\n", ":2: not valid YAML", "did not find"),
        ("questions:\n  - {q: 'What treaty?', expect: treety}\n", ":2: field 'expect'", "'treety'"),
        ("questoins:\n  - 'hi'\n", ":1: field 'questoins'", "unknown section"),
    ],
)
def test_a_broken_evaluation_file_names_file_and_line(tmp_path: Path, content, where, words):
    cases = tmp_path / "cases.yaml"
    cases.write_text(content, encoding="utf-8")
    status, out, err = run(["eval", str(cases)])
    assert status == ExitStatus.KNOWLEDGE and out == ""
    assert err.startswith(f"summit-qa: invalid evaluation file: {cases}{where}") and words in err, err


def test_an_evaluation_file_in_another_encoding_names_the_line(tmp_path: Path):
    cases = tmp_path / "cases.yaml"
    cases.write_bytes(b"questions:\n  - {q: 'caf\xe9', expect: treaty}\n")  # Latin-1, not UTF-8
    status, out, err = run(["eval", str(cases)])
    assert status == ExitStatus.KNOWLEDGE and out == ""
    assert err.startswith(f"summit-qa: invalid evaluation file: {cases}:2: not valid UTF-8 (byte 0xe9)")


def _all_parsers():
    parser = _parser()
    yield [], parser
    for action in parser._subparsers._group_actions:  # type: ignore[union-attr]
        for name, sub in action.choices.items():
            yield [name], sub


@pytest.mark.parametrize(
    ("argv", "parser"), list(_all_parsers()), ids=lambda v: " ".join(v) if isinstance(v, list) else ""
)
def test_every_command_and_option_has_help(argv, parser, capsys):
    assert parser.description, argv
    for action in parser._actions:
        if action.dest != "command":
            assert action.help, (argv, action.dest)
    status = main([*argv, "--help"])
    assert status == 0
    assert "usage: summit-qa" in capsys.readouterr().out


def test_eval_compare_and_sweep_on_our_set():
    status, out, _ = run(["eval", "tests/eval/summit.yaml", "--quiet", "--compare", "--sweep"])
    assert status == ExitStatus.OK
    rows = {line.split("|")[1].strip(): line for line in out.splitlines() if line.startswith("| ")}
    assert {"summit-qa", "plain TF-IDF (sklearn)", "BM25 (bm25s)"} <= set(rows)

    def top1(name: str) -> float:
        return float(rows[name].split("|")[2].strip().rstrip("%"))

    def column(name: str, at: int) -> float:
        return float(rows[name].split("|")[at].strip().rstrip("%"))

    assert top1("summit-qa") >= 97.0
    # The knowledge now carries people's words, which serves the peers too; we still rank better
    # (MRR) and answer more right, and only we abstain and follow up.
    assert top1("summit-qa") > top1("BM25 (bm25s)")
    assert column("summit-qa", 3) > column("BM25 (bm25s)", 3)  # MRR
    assert column("summit-qa", 7) > column("BM25 (bm25s)", 7) + 10  # follow-ups
    assert "by category:" in out and "bilateral" in out
    assert "best: min_score=" in out and "← best" in out


def test_eval_plot_writes_a_png_when_matplotlib_is_installed(tmp_path):
    pytest.importorskip("matplotlib")
    target = tmp_path / "sweep.png"
    status, _, _ = run(["eval", "tests/eval/summit.yaml", "--quiet", "--sweep", "--plot", str(target)])
    assert status == ExitStatus.OK and target.read_bytes().startswith(b"\x89PNG")


@pytest.mark.parametrize(
    ("option", "package", "wanted"),
    [("--plot", "matplotlib", "matplotlib>=3.7"), ("--compare", "bm25s", "bm25s>=")],
)
def test_a_missing_optional_package_says_how_to_install_it(tmp_path, monkeypatch, option, package, wanted):
    monkeypatch.setitem(sys.modules, package, None)  # as if not installed: importing it fails
    extra = [str(tmp_path / "sweep.png"), "--sweep"] if option == "--plot" else []
    status, out, err = run(["eval", "tests/eval/summit.yaml", "--quiet", option, *extra])
    assert status == ExitStatus.MISSING and out == ""  # said before any work, not after
    assert err.startswith(f"summit-qa: {option if option == '--plot' else 'the BM25 peer'}")
    assert f"install it with: {sys.executable} -m pip install '{wanted}" in err and err.count("\n") == 1


def test_plot_without_sweep_is_a_usage_error(tmp_path):
    status, out, err = run(["eval", "tests/eval/summit.yaml", "--plot", str(tmp_path / "x.png")])
    assert status == ExitStatus.USAGE and out == "" and "--sweep" in err


def test_the_console_entry_flushes_and_exits_with_the_status(tmp_path: Path):
    """entry() ends the process with os._exit: what was printed must be out, the status kept."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}  # a pipe is block-buffered
    env["SUMMIT_QA_CACHE"] = str(tmp_path)
    answered = subprocess.run(
        [sys.executable, "-m", "qa", "ask", "What treaty was signed?"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert answered.returncode == 0 and "Good-Neighborliness" in answered.stdout
    unknown = subprocess.run(
        [sys.executable, "-m", "qa", "ask", "Who won the 2022 World Cup?"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert unknown.returncode == ExitStatus.NOT_FOUND and "I don't know" in unknown.stdout
    broken = subprocess.run(
        [sys.executable, "-m", "qa", "check", str(tmp_path)], capture_output=True, text=True, env=env
    )
    assert broken.returncode == ExitStatus.KNOWLEDGE and "no .yaml or .yml files" in broken.stderr


def test_piped_lines_are_read_as_the_repl_reads_them():
    """`printf '…' | summit-qa`: :why and help work, a blank line is answered, quit stops."""
    lines = "What did Xi discuss with Kyrgyzstan?\n:why\n\nhelp\nquit\nWhat treaty was signed?\n"
    status, out, _ = run([], lines)
    paragraphs = out.rstrip("\n").split("\n\n")
    assert status == ExitStatus.OK and len(paragraphs) == 5  # nothing after quit
    answer, reasons, blank, helped, bye = paragraphs
    assert "Japarov" in answer and reasons.startswith("searched: what did xi discuss with kyrgyzstan")
    assert (
        blank.startswith("Please type a question.") and "Commands:" in helped and bye.startswith("Goodbye!")
    )
