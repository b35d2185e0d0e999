"""The wheel bundles the knowledge: installed into a new environment, it answers from anywhere."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (found,) = out.glob("summit_qa-*.whl")
    return found


def test_wheel_contains_knowledge_and_types(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    yaml_files = [n for n in names if n.startswith("qa/knowledge/") and n.endswith(".yaml")]
    assert len(yaml_files) == len(list((ROOT / "src" / "qa" / "knowledge").glob("*.yaml")))
    assert "qa/py.typed" in names


def test_installed_wheel_answers_from_another_directory(wheel, tmp_path):
    env_dir = tmp_path / "env"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", str(wheel)],
        check=True,
        capture_output=True,
    )
    # Dependencies (scikit-learn, PyYAML) come from the test environment; the package from the wheel.
    deps = sysconfig.get_paths()["purelib"]
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = subprocess.run(
        [str(env_dir / "bin" / "summit-qa"), "ask", "What treaty was signed?"],
        cwd=elsewhere,
        env={"PYTHONPATH": deps, "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Good-Neighborliness" in result.stdout
    where = subprocess.run(
        [str(python), "-c", "import qa, sys; print(qa.__file__)"],
        cwd=elsewhere,
        env={"PYTHONPATH": deps},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert str(env_dir) in where


def test_the_editable_install_is_a_plain_path_without_setuptools_warning(tmp_path):
    """Every package under src/: setuptools makes the editable install a .pth path entry, not a
    meta path finder with its boxed "folders with the same name as your package" warning."""
    built = subprocess.run(
        [
            sys.executable,
            "-W",
            "always",
            "-c",
            "import sys, setuptools.build_meta as backend; print(backend.build_editable(sys.argv[1]))",
            str(tmp_path),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    names = zipfile.ZipFile(tmp_path / built.stdout.strip().splitlines()[-1]).namelist()
    assert [n for n in names if n.endswith(".pth")] and not [n for n in names if "finder" in n]
    assert "same name as your package" not in built.stdout + built.stderr


def _installs(target: str) -> list[str]:
    """What ``make TARGET`` installs on a fresh checkout: its pip commands' arguments (a dry run,
    every step forced; outside the make that may be running these tests)."""
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    commands = subprocess.run(
        ["make", "--no-print-directory", "-n", "-B", target],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [line.split("pip install --quiet ")[1] for line in commands.splitlines() if "pip install" in line]


def test_make_run_installs_what_running_needs_and_make_test_the_rest():
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    running = " ".join(project["dependencies"])
    for tool in ("pytest", "ruff", "mypy", "discord.py", "bm25s", "pexpect"):
        assert tool not in running
    extras = project["optional-dependencies"]
    assert (
        any(r.startswith("discord.py") for r in extras["bot"])
        and "summit-qa[bot,bench,postgres]" in extras["test"]
    )
    assert _installs("run") == ["--upgrade pip", "-e ."]
    assert _installs("install") == ["--upgrade pip", "-e '.[bot]'"]
    assert _installs("test") == ["--upgrade pip", "-e '.[test]'"]
