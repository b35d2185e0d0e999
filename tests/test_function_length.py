"""No function in the library is longer than 50 lines (issue 11).

Cyclomatic complexity (at most 12) is ruff's C901, set in pyproject.toml and run by `make lint`;
length has no ruff rule, so it is measured here, from the syntax tree.
"""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import pytest

import qa

MAX_LINES = 50
LIBRARY = Path(qa.__file__).parent


def long_functions(source: str, limit: int = MAX_LINES) -> list[tuple[str, int, int]]:
    """Each function (or method, nested ones too) of ``source`` longer than ``limit`` lines, from
    its ``def`` to its last line: its name, first line and length."""
    return [
        (node.name, node.lineno, length)
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and (length := (node.end_lineno or node.lineno) - node.lineno + 1) > limit
    ]


def _function(name: str, lines: int, indent: str = "") -> str:
    """A function of exactly ``lines`` lines."""
    body = "".join(f"{indent}    x{i} = {i}\n" for i in range(lines - 2))
    return f"{indent}def {name}():\n{body}{indent}    return 0\n"


def test_a_function_of_the_limit_passes_and_one_line_more_is_found():
    assert long_functions(_function("short", MAX_LINES)) == []
    assert long_functions(_function("long", MAX_LINES + 1)) == [("long", 1, MAX_LINES + 1)]


def test_methods_nested_and_async_functions_are_measured_too():
    source = "class A:\n" + _function("method", 60, indent="    ")
    source += "def outer():\n" + _function("inner", 55, indent="    ") + "    return inner\n"
    source += "async " + _function("waits", 51)
    found = {name: (line, length) for name, line, length in long_functions(source)}
    assert found == {"method": (2, 60), "outer": (62, 57), "inner": (63, 55), "waits": (119, 51)}


def test_a_docstring_counts_and_a_decorator_does_not():
    source = textwrap.dedent('''
        @property
        def f():
            """A docstring
            of two lines."""
            return 0
    ''')
    assert long_functions(source, limit=3) == [("f", 3, 4)]


@pytest.mark.parametrize("module", sorted(LIBRARY.rglob("*.py")), ids=lambda p: str(p.relative_to(LIBRARY)))
def test_no_library_function_is_longer_than_50_lines(module: Path):
    found = long_functions(module.read_text(encoding="utf-8"))
    assert found == [], [f"{module.name}:{line}: {name} has {length} lines" for name, line, length in found]
