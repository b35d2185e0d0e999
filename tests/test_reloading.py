"""Knowledge reloaded while serving: the reloader, and conversations moved to the new engine."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import qa
from qa import knowledge
from qa.reloading import Reloader, Served, signature


@pytest.fixture
def folder(tmp_path) -> Path:
    return Path(shutil.copytree(knowledge.default_path(), tmp_path / "knowledge"))


@pytest.fixture
def reloader(folder) -> Reloader:
    return Reloader(folder, Served.of(qa.load(folder)))


def test_nothing_changed_builds_nothing(reloader):
    before = reloader.served
    outcome = reloader.check()
    assert outcome.served is None and outcome.problems == [] and reloader.served is before


def test_a_comment_changes_the_files_but_not_the_version(reloader, folder):
    path = folder / "summit.yaml"
    path.write_text("# a keeper's note\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    assert signature(folder) != reloader._seen
    outcome = reloader.check()
    assert outcome.served is None and outcome.problems == []


def test_an_edit_builds_a_new_engine_with_a_new_version(reloader, folder):
    old = reloader.served
    path = folder / "economy.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("94.8", "99.9", 1), encoding="utf-8")
    outcome = reloader.check()
    assert outcome.served is not None and outcome.served is reloader.served
    assert outcome.served.version != old.version
    assert "99.9" in outcome.served.engine.ask("trade in 2024").text
    assert "94.8" in old.engine.ask("trade in 2024").text  # the old engine is untouched


def test_a_broken_edit_reports_each_problem_once_and_keeps_the_engine(reloader, folder):
    old = reloader.served
    path = folder / "economy.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("    text: >-", "    txet: >-", 1).replace("weight: 0.9", "weight: 11"), "utf-8"
    )
    (folder / "extra.yaml").write_text("passages: [\n", encoding="utf-8")
    outcome = reloader.check()
    assert outcome.served is None and reloader.served is old
    where = {(Path(p.path or "").name, p.field) for p in outcome.problems}
    assert ("economy.yaml", "txet") in where and ("extra.yaml", None) in where
    assert all(p.line for p in outcome.problems)
    assert reloader.check().problems == []  # the same broken files: said once, not at every look
    assert reloader.check(force=True).problems  # SIGHUP: looked at again


def test_a_vanished_knowledge_folder_is_a_problem_not_a_crash(reloader, folder):
    shutil.rmtree(folder)
    (problem,) = reloader.check(force=True).problems
    assert "no such file or directory" in str(problem)


def test_a_conversation_keeps_its_context_only_when_its_passage_is_still_there(engine, tiny):
    chat = engine.conversation()
    chat.ask("What did Xi discuss with Kyrgyzstan?")
    assert chat.passage == "bilateral-kyrgyzstan"
    same = chat.rebased(qa.load())
    assert (same.context, same.topics, same.passage) == (chat.context, chat.topics, chat.passage)
    elsewhere = chat.rebased(qa.load(tiny))
    assert (elsewhere.context, elsewhere.topics, elsewhere.passage) == (None, frozenset(), None)
    chat.reset()
    assert chat.passage is None


def test_the_version_is_the_content_not_the_layout(tiny):
    assert knowledge.version(tiny) == knowledge.version(list(tiny))
    assert knowledge.version(tiny) != knowledge.version(tiny[:2])
    assert len(knowledge.version(tiny)) == 12
