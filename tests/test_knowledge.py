"""Loading and validating knowledge files."""

from __future__ import annotations

from pathlib import Path

import pytest

import qa
from qa.knowledge import default_path, load_path, read, read_path
from qa.phrases import PHRASES

GOOD = """\
passages:
  - id: one
    title: One
    text: The first passage.
    source: https://example.org/one
"""


def write(tmp_path: Path, text: str | bytes, name: str = "facts.yaml") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


# Each row: file content, expected line, expected field (or None), words the message must contain.
MALFORMED = [
    pytest.param("", 1, None, "empty", id="empty-file"),
    pytest.param("   \n\n", 1, None, "empty", id="whitespace-file"),
    pytest.param("# only a comment\n", 1, None, "no content", id="comment-only"),
    pytest.param("passages:\n  - id: one\n    title: [unclosed\n", 4, None, "not valid YAML", id="bad-yaml"),
    pytest.param("- id: one\n", 1, None, "mapping with a 'passages:'", id="top-level-list"),
    pytest.param("pasages: []\n", 1, "pasages", "unknown top-level key", id="top-level-typo"),
    pytest.param("passages: {}\n", 1, "passages", "list of passages", id="passages-not-list"),
    pytest.param("passages: []\n", 1, "passages", "empty", id="passages-empty"),
    pytest.param("passages:\n  - just text\n", 2, None, "expected a passage", id="passage-not-mapping"),
    pytest.param(GOOD.replace("    text:", "    txet:"), 4, "txet", "did you mean 'text'", id="unknown-key"),
    pytest.param(GOOD.replace("    title: One\n", ""), 2, "title", "missing required", id="missing-title"),
    pytest.param(
        GOOD.replace("    source: https://example.org/one\n", ""), 2, "source", "missing", id="missing-source"
    ),
    pytest.param(
        GOOD.replace("The first passage.", "[a, b]"), 4, "text", "expected text, got list", id="text-list"
    ),
    pytest.param(GOOD.replace("The first passage.", "''"), 4, "text", "must not be empty", id="text-empty"),
    pytest.param(GOOD.replace("title: One", "title: 42"), 3, "title", "put it in quotes", id="title-number"),
    pytest.param(GOOD.replace("id: one", "id: One Two"), 2, "id", "not a valid id", id="bad-id"),
    pytest.param(GOOD + "    title: Again\n", 6, "title", "given twice", id="duplicate-key"),
    pytest.param(GOOD + "    keywords: water\n", 6, "keywords", "list of texts", id="keywords-not-list"),
    pytest.param(
        GOOD + "    questions: [1, 2]\n", 6, "questions", "expected text, got int", id="question-number"
    ),
    pytest.param(
        GOOD.replace("https://example.org/one", "{title: No url}"),
        5,
        "source",
        "missing 'url'",
        id="source-no-url",
    ),
    pytest.param(
        GOOD.replace("https://example.org/one", "{url: x, tilte: y}"),
        5,
        "source",
        "unknown key",
        id="source-typo",
    ),
    pytest.param(
        GOOD.replace("https://example.org/one", "[]"),
        5,
        "source",
        "list of sources is empty",
        id="no-sources",
    ),
    pytest.param(GOOD + "    weight: heavy\n", 6, "weight", "expected a number above 0", id="weight-text"),
    pytest.param(GOOD + "    weight: 0\n", 6, "weight", "expected a number above 0", id="weight-zero"),
    pytest.param(
        GOOD.replace("https://example.org/one", "[https://a.org, 7]"), 5, "source", "got int", id="source-int"
    ),
    pytest.param(GOOD.replace("The first", "The\x00first"), 4, None, r"not allowed \(U\+0000\)", id="nul"),
]


@pytest.mark.parametrize(("content", "line", "field", "words"), MALFORMED)
def test_malformed_file_names_file_line_and_field(tmp_path, content, line, field, words):
    path = write(tmp_path, content)
    with pytest.raises(qa.KnowledgeError, match=words) as info:
        load_path(path)
    error = info.value
    assert error.path == str(path)
    assert error.line == line
    assert error.field == field
    assert str(error).startswith(f"{path}:{line}: ")
    assert isinstance(error, ValueError)


def test_bad_encoding_names_the_line(tmp_path):
    path = write(tmp_path, GOOD.encode() + b"    keywords: [caf\xe9]\n")
    with pytest.raises(qa.KnowledgeError, match="not valid UTF-8") as info:
        load_path(path)
    assert info.value.line == 6


def test_duplicate_id_across_files_names_both(tmp_path):
    write(tmp_path, GOOD, "a.yaml")
    second = write(tmp_path, GOOD.replace("The first", "Another"), "b.yml")
    with pytest.raises(
        qa.KnowledgeError, match=r"duplicate id 'one' \(first defined at .*a.yaml:2\)"
    ) as info:
        load_path(tmp_path)
    assert info.value.path == str(second)
    assert info.value.field == "id"


def test_read_path_finds_every_problem_and_load_path_raises_the_first(tmp_path):
    write(tmp_path, "passages:\n  - id: x\n    title: [oops\n", "a.yaml")  # the file does not parse
    write(
        tmp_path,
        GOOD
        + "  - id: two\n    title: Two\n    text: ''\n    source: https://example.org/two\n"
        + "  - id: three\n    title: Three\n    text: Third.\n    source: https://example.org/3\n"
        + "    weight: -1\n",
        "b.yaml",
    )
    write(tmp_path, GOOD.replace("The first", "Another"), "c.yaml")  # 'one' again
    passages, problems = read_path(tmp_path)
    assert [p.id for p in passages] == ["one"]
    assert [(Path(e.path or "").name, e.line, e.field) for e in problems] == [
        ("a.yaml", 4, None),
        ("b.yaml", 8, "text"),
        ("b.yaml", 14, "weight"),
        ("c.yaml", 2, "id"),
    ]
    with pytest.raises(qa.KnowledgeError) as info:
        load_path(tmp_path)
    assert str(info.value) == str(problems[0])


def test_one_bad_file_loads_nothing(tmp_path):
    write(tmp_path, GOOD, "a.yaml")
    write(tmp_path, GOOD.replace("id: one", "id: two").replace("text:", "txet:"), "b.yaml")
    with pytest.raises(qa.KnowledgeError):
        qa.load(tmp_path)


def test_directory_without_yaml_and_missing_path(tmp_path):
    with pytest.raises(qa.KnowledgeError, match="no .yaml"):
        load_path(tmp_path)
    with pytest.raises(qa.KnowledgeError, match="no such file"):
        load_path(tmp_path / "nope.yaml")


def test_yaml_tags_that_run_code_are_refused(tmp_path):
    path = write(tmp_path, GOOD.replace("The first passage.", "!!python/object/apply:os.system ['true']"))
    with pytest.raises(qa.KnowledgeError, match="not valid YAML"):
        load_path(path)


def test_good_file_loads_with_source(tmp_path):
    (passage,) = load_path(write(tmp_path, GOOD))
    assert passage.id == "one"
    assert passage.source == qa.Source(url="https://example.org/one")


def test_passage_from_keywords_validates():
    with pytest.raises(qa.KnowledgeError, match="field 'title'"):
        qa.Passage(id="x", title="", text="t")
    passage = qa.Passage(
        id="x", title="T", text="t", source={"url": "https://u.org", "title": "S"}, keywords=["k"]
    )
    assert passage.source == qa.Source("https://u.org", "S")
    assert passage.keywords == ("k",)


def test_bundled_knowledge_every_passage_cites_a_source():
    passages = load_path(default_path())
    assert len(passages) >= 40
    for passage in passages:
        assert passage.source is not None, passage.id
        assert passage.source.url.startswith(("http://", "https://")), passage.id
        assert passage.source.title, passage.id
        sentences = [s for s in passage.text.replace("?", ".").split(". ") if s.strip()]
        assert 1 <= len(sentences) <= 4, passage.id


def test_bundled_knowledge_is_not_copied_from_the_seed():
    """No sentence of the seed article appears in a passage (we write in our own words)."""
    seed = (
        Path(__file__).resolve().parents[1]
        / ".."
        / "shared"
        / "seed"
        / "china-central-asia-spirit-article.txt"
    )
    if not seed.exists():
        pytest.skip("shared/seed is not beside this checkout")
    text = seed.read_text(encoding="utf-8")
    fragments = {f.strip() for f in text.replace("\n", " ").split(".") if len(f.split()) >= 8}
    for passage in load_path(default_path()):
        for fragment in fragments:
            assert fragment not in passage.text, (passage.id, fragment)


def test_a_passage_can_cite_several_sources(tmp_path):
    text = GOOD.replace(
        "    source: https://example.org/one\n",
        "    source:\n      - {url: https://a.org, title: A}\n      - https://b.org\n",
    )
    (passage,) = load_path(write(tmp_path, text))
    assert passage.sources == (qa.Source("https://a.org", "A"), qa.Source("https://b.org"))
    assert passage.source == qa.Source("https://a.org", "A")


def test_every_problem_of_one_passage_gets_its_line(tmp_path):
    bad = GOOD.replace("https://example.org/one", "not a url") + "    questions: [1]\n    weight: 11\n"
    passages, problems = read_path(write(tmp_path, bad))
    assert passages == []
    found = sorted((p.line, p.field) for p in problems)
    assert found == [(5, "source"), (6, "questions"), (7, "weight")]
    assert "expected an http(s) URL, got 'not a url'" in next(p.problem for p in problems if p.line == 5)


def test_unknown_and_missing_keys_are_reported_with_the_bad_values(tmp_path):
    bad = "passages:\n  - id: one\n    txet: oops\n    weight: 0\n    source: ftp://x\n"
    _, problems = read_path(write(tmp_path, bad))
    assert {p.field for p in problems} == {"txet", "title", "text", "weight", "source"}


@pytest.mark.parametrize(
    "url", ["not a url", "ftp://example.org/x", "example.org/page", "https://", "javascript:x"]
)
def test_a_source_is_an_http_url_in_code_too(url):
    with pytest.raises(qa.KnowledgeError, match="http"):
        qa.Passage(id="x", title="T", text="t", source=url)
    with pytest.raises(qa.KnowledgeError, match="http"):
        qa.Source(url)
    with pytest.raises(qa.KnowledgeError, match="http"):
        qa.Passage(id="x", title="T", text="t", source={"url": url, "title": "Page"})


ABOUT = """\
about:
  name: cafe-bot
  subject: the Corner Cafe
  unknown: I don't know that about the cafe.
  examples: [When do you open?]
"""


def test_an_about_block_gives_the_bot_its_own_texts(tmp_path):
    write(tmp_path, GOOD)
    write(tmp_path, ABOUT, "about.yaml")
    knowledge = read(tmp_path)
    assert knowledge.problems == [] and len(knowledge.passages) == 1
    assert knowledge.about is not None and knowledge.about.given["en"]["name"] == "cafe-bot"
    engine = qa.load(tmp_path)
    said = engine.said("en")
    assert said.name == "cafe-bot" and said.examples == ("When do you open?",)
    assert said.thanks == PHRASES["en"].thanks  # not given: the neutral text
    assert engine.ask("who won the world cup").text.startswith("I don't know that about the cafe.")
    assert "When do you open?" in engine.ask("help").text


def test_the_bundled_knowledge_speaks_of_the_summit_in_each_language(engine):
    assert engine.said("en").name == "summit-qa"
    assert "China–Central Asia Summit" in engine.said("en").unknown
    assert "саммит" in engine.said("ru").unknown and "峰会" in engine.said("zh").unknown
    for code in ("en", "ru", "zh"):
        said = engine.said(code)
        neutral = PHRASES[code]
        assert said.intro != neutral.intro and said.examples and said.did_you_mean == neutral.did_you_mean


def test_a_language_an_about_block_leaves_out_keeps_its_neutral_texts(tmp_path):
    write(tmp_path, GOOD)
    write(tmp_path, ABOUT + "  ru:\n    unknown: Не знаю про кафе.\n", "about.yaml")
    engine = qa.load(tmp_path)
    assert engine.said("ru").unknown == "Не знаю про кафе."
    assert engine.said("ru").thanks == PHRASES["ru"].thanks and engine.said("zh").intro == PHRASES["zh"].intro


@pytest.mark.parametrize(
    ("content", "line", "field", "words"),
    [
        (ABOUT.replace("  name:", "  nmae:"), 2, "about.nmae", "did you mean 'name'"),
        (ABOUT.replace("[When do you open?]", "When do you open?"), 5, "about.examples", "list of texts"),
        (ABOUT.replace("the Corner Cafe", "''"), 3, "about.subject", "must not be empty"),
        ("about: [name]\n", 1, "about", "expected a mapping"),
        (ABOUT + "  ru:\n    unknwon: x\n", 7, "about.ru.unknwon", "did you mean 'unknown'"),
        (GOOD + ABOUT.replace("about:", "abuot:"), 6, "abuot", "unknown top-level key"),
    ],
)
def test_a_bad_about_block_names_its_line_and_key(tmp_path, content, line, field, words):
    write(tmp_path, GOOD, "facts.yaml")
    path = write(tmp_path, content, "texts.yaml")
    _, problems = read_path(tmp_path)
    (problem,) = problems
    assert (problem.path, problem.line, problem.field) == (str(path), line, field)
    assert words in problem.problem


def test_two_about_blocks_and_no_passages_are_problems(tmp_path):
    write(tmp_path, ABOUT, "a.yaml")
    _, problems = read_path(tmp_path)
    assert [p.problem for p in problems] == ["no passages (a 'passages:' list in a file)"]
    write(tmp_path, GOOD + ABOUT, "b.yaml")
    _, problems = read_path(tmp_path)
    (problem,) = problems
    assert problem.field == "about" and "a.yaml:1" in problem.problem and problem.line == 6
