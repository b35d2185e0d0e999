from __future__ import annotations

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
