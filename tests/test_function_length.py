"""No function in the library is longer than 50 lines or above cyclomatic complexity 12 (issue 11).

Length is measured from the syntax tree. Complexity is radon's, which counts each ``and``/``or``,
conditional expression and comprehension as a branch; ruff's C901 (also at 12, run by `make lint`)
does not count them, and let functions radon scores 18 pass.
"""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import pytest

import qa

MAX_LINES = 50
MAX_COMPLEXITY = 12
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


def complex_functions(source: str, limit: int = MAX_COMPLEXITY) -> list[tuple[str, int]]:
    """Each function, method or nested function of ``source`` whose cyclomatic complexity
    (radon's) is above ``limit``: its full name and its complexity."""
    from radon.complexity import cc_visit
    from radon.visitors import Function

    found = []
    blocks = [block for block in cc_visit(source) if isinstance(block, Function)]
    while blocks:
        block = blocks.pop()
        blocks += block.closures
        if block.complexity > limit:
            found.append((block.fullname, block.complexity))
    return sorted(found)


def test_boolean_operators_and_nested_functions_count():
    branches = " and ".join(f"x{i}" for i in range(MAX_COMPLEXITY))  # 1 + 11 operators: 12
    assert complex_functions(f"def busy(*x):\n    return {branches}\n") == []
    assert complex_functions(f"class A:\n    def m(*x):\n        return {branches} or x\n") == [("A.m", 13)]
    nested = f"def outer():\n    def inner(*x):\n        return {branches} or x\n    return inner\n"
    assert [name for name, _ in complex_functions(nested)] == ["inner"]


@pytest.mark.parametrize("path", sorted(LIBRARY.glob("*.py")), ids=lambda p: p.name)
def test_no_library_function_is_above_complexity_12(path: Path):
    assert complex_functions(path.read_text(encoding="utf-8")) == []
