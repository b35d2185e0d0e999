"""`python -m bot` as a person starts it: a real process, the double on 127.0.0.1."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from discord_double import BOT_ID, DiscordDouble

from bot.cli import main
from qa.knowledge import default_path

TOKEN = "process-token-QQQ.zzz.999"


@pytest.fixture
def double() -> Iterator[DiscordDouble]:
    """The double served from a thread of its own, for a bot running in another process."""
    loop = asyncio.new_event_loop()
    fake = DiscordDouble(TOKEN)
    started = threading.Event()

    def serve() -> None:
        asyncio.set_event_loop(loop)
        loop.run_until_complete(fake.start())
        started.set()
        loop.run_forever()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    assert started.wait(10)
    fake.loop = loop  # type: ignore[attr-defined]
    yield fake
    asyncio.run_coroutine_threadsafe(fake.stop(), loop).result(10)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(10)


def bot_process(double: DiscordDouble, token: str, tmp_path, **settings: str) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "DISCORD_TOKEN": token,
        "SUMMIT_QA_DISCORD_API": double.api_base,
        "SUMMIT_QA_DISCORD_GATEWAY": double.gateway_url,
        "SUMMIT_QA_LOG_LEVEL": "DEBUG",
        **settings,
    }
    return subprocess.Popen(
        [sys.executable, "-m", "bot"],
        cwd=tmp_path,
        env=env,
        stderr=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )


def wait(condition, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_bot_process_answers_and_never_logs_the_token(double, tmp_path):
    process = bot_process(double, TOKEN, tmp_path)
    try:
        wait(lambda: bool(double.sockets) or process.poll() is not None)
        assert process.poll() is None
        message = double.message(f"<@{BOT_ID}> What treaty was signed?")
        asyncio.run_coroutine_threadsafe(double.dispatch("MESSAGE_CREATE", message), double.loop).result(5)  # type: ignore[attr-defined]
        wait(lambda: len(double.sent_messages) == 1)
    finally:
        process.terminate()
        _, stderr = process.communicate(timeout=20)
    assert "Good-Neighborliness" in double.sent_messages[0]["embeds"][0]["description"]
    assert "logging in using static token" in stderr and "has connected to Gateway" in stderr  # logs captured
    assert TOKEN not in stderr


def test_rejected_token_is_one_clear_line(double, tmp_path):
    process = bot_process(double, "wrong-token", tmp_path, SUMMIT_QA_LOG_LEVEL="info")
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 1
    api = double.api_base.rstrip("/")
    assert stderr == f"summit-qa-discord: Discord ({api}) rejected the token; check DISCORD_TOKEN\n"


def test_an_unreachable_endpoint_is_one_line_naming_it(double, tmp_path):
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}/api/v10"
    process = bot_process(double, TOKEN, tmp_path, SUMMIT_QA_LOG_LEVEL="INFO", SUMMIT_QA_DISCORD_API=closed)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 1
    assert stderr == f"summit-qa-discord: could not connect to Discord at {closed} (ClientConnectorError)\n"


def test_missing_token_is_one_clear_line_saying_where_it_looked(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    monkeypatch.chdir(tmp_path)
    assert main([]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "DISCORD_TOKEN" in err and f"no .env in {tmp_path} or its parents" in err
    (tmp_path / "settings.env").write_text("SUMMIT_QA_SYNC=none\n", encoding="utf-8")
    assert main(["--env-file", str(tmp_path / "settings.env")]) == 2
    assert f"(not in {tmp_path / 'settings.env'})" in capsys.readouterr().err


def test_a_missing_env_file_is_refused(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DISCORD_TOKEN", "from-the-environment")
    assert main(["--env-file", str(tmp_path / "nonexistent")]) == 2
    assert (
        capsys.readouterr().err == f"summit-qa-discord: --env-file {tmp_path / 'nonexistent'}: no such file\n"
    )


def test_the_token_is_found_in_a_parent_directorys_env(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    (tmp_path / ".env").write_text("DISCORD_TOKEN=abc\nSUMMIT_QA_SYNC=sometimes\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    assert main([]) == 2  # read: its bad setting is refused, not the token said missing
    assert "sync must be none, guild or global, not 'sometimes'" in capsys.readouterr().err


@pytest.mark.parametrize("level", ["debug", "Info", "WARNING"])
def test_log_level_in_any_case(level, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DISCORD_TOKEN", "abc")
    monkeypatch.chdir(tmp_path)
    assert main(["--log-level", level, "--sync", "guild"]) == 2  # past the options, refused later
    assert "dev guild" in capsys.readouterr().err


def test_token_from_dotenv_and_bad_settings(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text("DISCORD_TOKEN=abc\nSUMMIT_QA_COOLDOWN_RATE=often\n", encoding="utf-8")
    assert main([]) == 2
    assert "SUMMIT_QA_COOLDOWN_RATE='often' is not a valid value" in capsys.readouterr().err
    (tmp_path / ".env").write_text("DISCORD_TOKEN=abc\n", encoding="utf-8")
    assert main(["--sync", "guild"]) == 2
    assert "dev guild" in capsys.readouterr().err


def test_every_option_has_help(capsys):
    from bot.cli import _parser

    for action in _parser()._actions:
        assert action.help, action.dest
    assert main(["--help"]) == 0
    assert "DISCORD_TOKEN" in capsys.readouterr().out


def test_sighup_reloads_the_knowledge_of_a_running_bot(double, tmp_path):
    knowledge = Path(shutil.copytree(default_path(), tmp_path / "knowledge"))
    process = bot_process(
        double,
        TOKEN,
        tmp_path,
        SUMMIT_QA_KNOWLEDGE=str(knowledge),
        SUMMIT_QA_RELOAD_SECONDS="0",  # no looking at the files: only the signal reloads
        SUMMIT_QA_DB=str(tmp_path / "q.db"),
    )

    def ask(question: str) -> str:
        count = len(double.sent_messages)
        message = double.message(f"<@{BOT_ID}> {question}", author_id=count + 1)
        asyncio.run_coroutine_threadsafe(double.dispatch("MESSAGE_CREATE", message), double.loop).result(5)  # type: ignore[attr-defined]
        wait(lambda: len(double.sent_messages) > count)
        return str(double.sent_messages[count]["embeds"][0]["description"])

    try:
        wait(lambda: bool(double.sockets) or process.poll() is not None)
        assert "94.8" in ask("trade in 2024")
        economy = knowledge / "economy.yaml"
        economy.write_text(economy.read_text(encoding="utf-8").replace("94.8", "99.9", 1), encoding="utf-8")
        assert "94.8" in ask("trade in 2024")  # not looking at the files
        process.send_signal(signal.SIGHUP)
        answers = [ask("trade in 2024")]
        while "99.9" not in answers[-1] and len(answers) < 200:
            time.sleep(0.1)
            answers.append(ask("trade in 2024"))
    finally:
        process.terminate()
        _, stderr = process.communicate(timeout=20)
    assert "99.9" in answers[-1], stderr
    assert "knowledge reloaded" in stderr
