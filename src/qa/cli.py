"""The command line: `summit-qa` (REPL or stdin), `ask`, `check`, `eval`, `report`.

Only calls the library, translates its errors into one line on stderr and an exit status.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Callable, Iterator
from enum import IntEnum
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, NoReturn, TextIO

from .errors import KnowledgeError, MissingPackage, StoreError

if TYPE_CHECKING:
    from .answer import Answer
    from .engine import Engine
    from .knowledge import Knowledge
    from .repl import Record
    from .report import LogReport
    from .store import Store


class ExitStatus(IntEnum):
    OK = 0
    NOT_FOUND = 1
    """`ask` could not answer (like grep finding nothing)."""
    USAGE = 2
    KNOWLEDGE = 3
    """The knowledge (or an evaluation file) is invalid."""
    MISSING = 4
    """An optional package the command needs is not installed (matplotlib for ``--plot``)."""


def cache_dir() -> Path:
    """$SUMMIT_QA_CACHE, else $XDG_CACHE_HOME/summit-qa, else ~/.cache/summit-qa."""
    if explicit := os.environ.get("SUMMIT_QA_CACHE"):
        return Path(explicit)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "summit-qa"


def _global_options(*, after_command: bool) -> argparse.ArgumentParser:
    """The options every command takes, before the command or after it.

    After it, an option not given keeps what was given before it (argparse's SUPPRESS).
    """
    options = argparse.ArgumentParser(add_help=False)

    def default(value: object) -> object:
        return argparse.SUPPRESS if after_command else value

    options.add_argument(
        "-k",
        "--knowledge",
        metavar="PATH",
        type=Path,
        default=default(None),
        help="a knowledge YAML file or a directory of them (default: the bundled knowledge)",
    )
    options.add_argument(
        "--no-cache",
        action="store_true",
        default=default(False),
        help="don't keep the fitted index in $SUMMIT_QA_CACHE (default ~/.cache/summit-qa)",
    )
    options.add_argument(
        "--no-follow-ups",
        action="store_true",
        default=default(False),
        help="answer each line of standard input on its own, without the lines before it as context",
    )
    options.add_argument("--db", metavar="PATH|URL", default=default(None), help=DB_HELP)
    return options


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="summit-qa",
        description=(
            "Answers questions about the second China–Central Asia Summit (Astana, 17 June 2025), "
            "with the source of each answer. Without a command: an interactive REPL on a terminal, "
            "otherwise one answer per line of standard input, follow-ups included."
        ),
        parents=[_global_options(after_command=False)],
    )
    after = [_global_options(after_command=True)]
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, command in _COMMANDS.items():
        add = commands.add_parser(name, help=command.help, description=command.description, parents=after)
        command.arguments(add)
    return parser


def _ask_arguments(ask: argparse.ArgumentParser) -> None:
    ask.add_argument("question", nargs="*", help="the question (quote it, or give it as several words)")
    ask.add_argument(
        "--json",
        action="store_true",
        help="write the answer as one JSON object (question, found, answer, passage_id, score, source, "
        "sources); without a question, read questions from stdin, one a line, follow-ups included, "
        "and write one object for each line",
    )


def _check_arguments(check: argparse.ArgumentParser) -> None:
    check.add_argument(
        "path", nargs="?", type=Path, help="file or directory (default: the bundled knowledge)"
    )


def _eval_arguments(evaluate: argparse.ArgumentParser) -> None:
    evaluate.add_argument("file", type=Path, help="evaluation YAML (questions, off_topic, conversations)")
    evaluate.add_argument("--quiet", action="store_true", help="print the figures only, not each failure")
    evaluate.add_argument(
        "--compare",
        action="store_true",
        help="also run plain TF-IDF and BM25 (bm25s) on the same passages and questions, side by side",
    )
    evaluate.add_argument(
        "--sweep",
        action="store_true",
        help="print accuracy and abstention across score thresholds and margins, and the best setting",
    )
    evaluate.add_argument(
        "--plot", type=Path, metavar="FILE.png", help="with --sweep: draw the curve (needs matplotlib)"
    )


def _report_arguments(report: argparse.ArgumentParser) -> None:
    report.add_argument("--since", type=float, metavar="DAYS", help="only the last DAYS days (default: all)")
    report.add_argument("--json", action="store_true", help="write the report as one JSON object")
    report.add_argument("--limit", type=int, default=10, metavar="N", help="rows per list (10)")
    report.add_argument(
        "--eval-out",
        type=Path,
        metavar="FILE",
        help="write the unanswered and wrongly answered questions as an evaluation file to fill in",
    )


class _Command(NamedTuple):
    help: str
    """The line in ``summit-qa --help``."""
    description: str
    """The paragraph atop ``summit-qa COMMAND --help``."""
    arguments: Callable[[argparse.ArgumentParser], None]
    """Adds the command's own arguments and options."""


_COMMANDS = {
    "ask": _Command(
        "answer one question (exit 1 when it does not know)",
        "Answer one question, or with --json and no question every line of standard input.",
        _ask_arguments,
    ),
    "check": _Command(
        "validate knowledge files",
        "Validate knowledge: exit 0 when valid, 3 with the file, line and field otherwise.",
        _check_arguments,
    ),
    "eval": _Command(
        "measure accuracy and abstention on an evaluation file",
        "Print top-1 accuracy, MRR, recall@3, abstention and follow-up figures, and each failure.",
        _eval_arguments,
    ),
    "report": _Command(
        "what the question log says: unanswered questions, answers marked wrong, near-misses",
        "Read the question log (--db, else $SUMMIT_QA_DB, else the bot's default in the user's data "
        "folder): counts per day and decision, the most frequent unanswered questions, the answers "
        "most often marked wrong with their passages, and near-misses.",
        _report_arguments,
    ),
}
"""The commands, in the order ``--help`` lists them."""


DB_HELP = (
    "the question log: a SQLite file or a postgresql:// URL; the REPL, stdin and ask log their "
    "questions only when given it"
)


def _valid(text: str) -> str:
    """The text with bytes that were not UTF-8 (kept by Python as lone surrogates) made U+FFFD,
    so what is echoed back, in JSON above all, is valid UTF-8."""
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a lone surrogate that stands for no byte
        raw = text.encode("utf-8", "replace")
    return raw.decode("utf-8", "replace")


def _json_line(answer: Answer) -> str:
    sources = [{"url": s.url, "title": s.title} for s in answer.sources]
    return json.dumps(
        {
            "question": answer.question,
            "found": answer.found,
            "answer": answer.text,
            "passage_id": answer.passage.id if answer.passage else None,
            "score": round(answer.score, 4),
            "language": answer.language,
            "source": sources[0] if sources else None,  # the main one
            "sources": sources,
        },
        ensure_ascii=False,
    )


def entry() -> NoReturn:
    """The console script: ``main()``, then leave at once, without the interpreter's teardown.

    Freeing every module of scikit-learn and SciPy at exit takes longer than answering (some
    150 ms on a 2-core machine, more than fitting the index). Nothing is left to do by then: the
    REPL has written its history, the cache its file; the output is flushed here.
    """
    status = main()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):  # a closed pipe: nothing more can be said
            stream.flush()
    os._exit(status)


def main(
    argv: list[str] | None = None,
    *,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run the command line; returns the exit status."""
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exit_:  # --help, or a usage error already printed by argparse
        return int(exit_.code or 0)
    stderr = stderr or sys.stderr
    if args.command == "eval" and args.plot and not args.sweep:
        print("summit-qa eval: --plot draws the sweep: give --sweep too", file=stderr)
        return ExitStatus.USAGE
    return _guarded(args, stdin or sys.stdin, stdout or sys.stdout, stderr)


def _guarded(args: argparse.Namespace, stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    """Run the command; an error the library raises becomes one line on stderr and an exit status."""
    try:
        return _run(args, stdin, stdout, stderr)
    except KnowledgeError as error:
        print(f"summit-qa: invalid knowledge: {error}", file=stderr)
        return ExitStatus.KNOWLEDGE
    except MissingPackage as error:
        print(f"summit-qa: {error}", file=stderr)
        return ExitStatus.MISSING
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `summit-qa … | head`: the reader left; leave quietly
        if stdout is sys.stdout:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return ExitStatus.OK


def _eval(engine: Engine, args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from . import evaluation
    from .baselines import require_bm25s

    if args.plot:  # what is missing is said before the work, not after it
        evaluation.pyplot()
    if args.compare:
        require_bm25s()
    try:
        cases = evaluation.read(args.file)
        problems = evaluation.unknown_ids(cases, engine.passages)
    except KnowledgeError as error:
        problems = [error]
    for problem in problems:
        print(f"summit-qa: invalid evaluation file: {problem}", file=stderr)
    if problems:
        return ExitStatus.KNOWLEDGE
    report = evaluation.evaluate(engine, cases)
    print(evaluation.format_report(report, failures=not args.quiet), file=stdout)
    if args.compare:
        from .baselines import Bm25, PlainTfidf

        reports = [report] + [
            evaluation.evaluate(peer, cases, name=peer.name)
            for peer in (PlainTfidf(engine.passages), Bm25(engine.passages))
        ]
        print("\n" + evaluation.format_comparison(reports), file=stdout)
    if args.sweep:
        points = evaluation.sweep(engine, cases)
        policy = engine.policy
        current = None if policy.learned is not None else (policy.min_score, policy.margin)
        print("\n" + evaluation.format_sweep(points, current), file=stdout)
        if args.plot:
            evaluation.plot_sweep(points, args.plot)
            print(f"\nplot written to {args.plot}", file=stdout)
    return ExitStatus.OK


def _run(args: argparse.Namespace, stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    import qa

    if args.command == "report":
        return _report(args, stdout, stderr)

    if args.command == "check":
        return _check(args.path or args.knowledge, stdout, stderr)

    engine = qa.load(args.knowledge, cache=None if args.no_cache else cache_dir())

    if args.command == "eval":
        return _eval(engine, args, stdout, stderr)
    return _serve(args, engine, stdin, stdout, stderr)


def _serve(args: argparse.Namespace, engine: Engine, stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    """Answer ``ask``'s question, the REPL's or standard input's, each logged with ``--db``."""
    if args.command == "ask" and not args.json and not args.question:
        print("summit-qa ask: give a question, or --json to read them from stdin", file=stderr)
        return ExitStatus.USAGE
    interactive = args.command is None and stdin.isatty() and stdout.isatty()
    with contextlib.ExitStack() as stack:
        try:
            record = stack.enter_context(_logged(args.db, engine, "repl" if interactive else "cli"))
        except StoreError as error:
            print(f"summit-qa: question log: {error}", file=stderr)
            return ExitStatus.USAGE
        return _answer(args, engine, record, interactive, stdin, stdout)


def _answer(
    args: argparse.Namespace,
    engine: Engine,
    record: Record,
    interactive: bool,
    stdin: TextIO,
    stdout: TextIO,
) -> int:
    from .render import answer_text

    if args.command == "ask" and args.question:
        question = _valid(" ".join(args.question))
        answer = engine.ask(question)
        record(question, answer)
        print(_json_line(answer) if args.json else answer_text(answer), file=stdout)
        return ExitStatus.OK if answer.found or answer.kind == "smalltalk" else ExitStatus.NOT_FOUND
    if interactive:
        from .repl import run_interactive

        return run_interactive(engine, stdout=stdout, record=record)
    # Standard input, one question a line, blank ones too: one answer for each line, so the
    # output lines up with the input (a JSON object a line, or a paragraph a line).
    if args.command != "ask":  # plain: read as the REPL reads a line (:why, quit…), without a prompt
        return _piped(engine, args, record, stdin, stdout)
    asker = engine if args.no_follow_ups else engine.conversation()
    for line in stdin:
        question = _valid(line.rstrip("\n"))
        answer = asker.ask(question)
        if question.strip():  # a blank line is answered, not logged
            record(question, answer)
        print(_json_line(answer), file=stdout, flush=True)
    return ExitStatus.OK


def _piped(engine: Engine, args: argparse.Namespace, record: Record, stdin: TextIO, stdout: TextIO) -> int:
    """Each line of standard input as the REPL takes it, a paragraph for each; quit stops."""
    from .repl import Repl

    repl = Repl(engine, stdout=stdout, record=record, piped=True, follow_ups=not args.no_follow_ups)
    for line in stdin:
        reply = repl.handle(_valid(line.rstrip("\n")))
        print(reply.text + "\n", file=stdout, flush=True)
        if reply.leave:
            break
    return ExitStatus.OK


@contextlib.contextmanager
def _logged(db: str | None, engine: Engine, front: str) -> Iterator[Record]:
    """Where the terminal fronts record each question: nowhere, unless given ``--db``."""
    if not db:
        yield lambda question, answer: None
        return
    from .knowledge import version
    from .questionlog import QuestionLog
    from .store import open_store

    open_store(db).close()  # a log that can never work (a newer schema, no driver) is refused now
    log = QuestionLog(db, retention_days=None)  # the bot's retention applies; the terminal keeps all
    served = version(engine.passages)

    def record(question: str, answer: Answer) -> None:
        log.question(question, front=front, answer=answer, engine=engine, version=served)

    try:
        yield record
    finally:
        log.close()


def _report(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from . import report
    from .store import open_store, shown

    target = args.db or os.environ.get("SUMMIT_QA_DB") or None
    if (args.since is not None and args.since <= 0) or args.limit < 1:
        print("summit-qa report: --since takes a positive number of days, --limit 1 or more", file=stderr)
        return ExitStatus.USAGE
    try:
        store = open_store(target, create=False)
    except StoreError as error:
        print(f"summit-qa report: {error}", file=stderr)
        return ExitStatus.USAGE
    try:
        built = _built_report(store, args, shown(target))
    finally:
        store.close()
    print(report.to_json(built) if args.json else report.format_text(built, shown(target)), file=stdout)
    if args.eval_out:
        count = sum(1 for line in args.eval_out.read_text(encoding="utf-8").splitlines() if "- q:" in line)
        print(f"{count} questions written to {args.eval_out}: fill in each expect", file=stderr)
    return ExitStatus.OK


def _built_report(store: Store, args: argparse.Namespace, where: str) -> LogReport:
    """The report ``args`` ask for; with ``--eval-out``, its questions written as an evaluation file."""
    from . import report
    from .knowledge import default_path, read_path

    passages, _ = read_path(args.knowledge or default_path())
    built = report.build(store, since_days=args.since, passages=passages, limit=args.limit)
    if args.eval_out:
        every = report.build(store, since_days=args.since, passages=passages, limit=None)
        args.eval_out.write_text(report.eval_skeleton(every, where), encoding="utf-8")
    return built


def _check(path: Path | None, stdout: TextIO, stderr: TextIO) -> int:
    """Validate knowledge: every problem on stderr, or how many passages it holds."""
    import qa

    from .knowledge import default_path, read

    path = path or default_path()
    knowledge: Knowledge = read(path)
    problems = knowledge.problems + knowledge.gaps  # a missing translation is reported too
    for problem in problems:  # every one, so a file need not be fixed one error at a time
        print(f"summit-qa: invalid knowledge: {problem}", file=stderr)
    if problems:
        if len(problems) > 1:
            print(f"summit-qa: {len(problems)} problems", file=stderr)
        return ExitStatus.KNOWLEDGE
    count = len(qa.load(knowledge.passages, about=knowledge.about).passages)  # the index must build too
    about = " and its about texts" if knowledge.about else ""
    print(f"OK: {count} passage{'' if count == 1 else 's'}{about} in {path}", file=stdout)
    return ExitStatus.OK
