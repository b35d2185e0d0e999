from __future__ import annotations

import os
import re
import secrets
import urllib.parse
from collections.abc import Iterator

import pytest

import qa


@pytest.fixture(scope="session")
def engine() -> qa.Engine:
    """The engine over the bundled knowledge (built once; it is read-only)."""
    return qa.load()


@pytest.fixture
def tiny() -> list[qa.Passage]:
    """A tiny in-memory knowledge set."""
    return [
        qa.Passage(
            id="capital",
            title="Capital of Kazakhstan",
            text="Astana is the capital of Kazakhstan.",
            source="https://example.org/astana",
        ),
        qa.Passage(
            id="river",
            title="Longest river in Tajikistan",
            text="The Amu Darya is the longest river of Tajikistan.",
            source={"url": "https://example.org/rivers", "title": "Rivers"},
            keywords=["water"],
        ),
        qa.Passage(
            id="gas",
            title="Turkmen gas",
            text="Turkmenistan exports natural gas to China through a pipeline.",
            questions=["What does Turkmenistan sell to China?"],
        ),
    ]


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory, monkeypatch):
    """The CLI caches fitted indexes; tests (and the processes they start) use a temporary folder."""
    monkeypatch.setenv("SUMMIT_QA_CACHE", str(tmp_path_factory.getbasetemp() / "cache"))


@pytest.fixture(autouse=True)
def _private_data(tmp_path_factory, monkeypatch):
    """The bot logs questions in the user's data folder by default; tests use a temporary one."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("data")))  # one per test
    monkeypatch.delenv("SUMMIT_QA_DB", raising=False)


POSTGRES_URL = "SUMMIT_QA_TEST_POSTGRES"
"""A PostgreSQL server's URL (`.ci/run` starts one); its log cases skip without it, except in CI."""


def _postgres_database(tmp_name: str) -> Iterator[str]:
    url = os.environ.get(POSTGRES_URL)
    if not url:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI runs the log's tests against PostgreSQL: set {POSTGRES_URL} (.ci/run does)")
        pytest.skip(f"no PostgreSQL server ({POSTGRES_URL} is unset)")
    import psycopg

    name = "t_" + re.sub(r"\W", "_", tmp_name.lower())[-40:] + "_" + secrets.token_hex(4)
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    parts = urllib.parse.urlsplit(url)
    try:
        yield urllib.parse.urlunsplit(parts._replace(path="/" + name))
    finally:
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def log_target(request, tmp_path) -> Iterator[str]:
    """Where a test's question log lives: a SQLite file, then a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield str(tmp_path / "questions.db")
    else:
        yield from _postgres_database(request.node.name)
