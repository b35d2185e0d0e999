"""Where the question log lives: SQLite (the default) or PostgreSQL, behind one small contract.

Both speak the same SQL; what differs (connecting, placeholders, locking while migrating) is
written once per backend. The schema carries a version and is brought up to date on opening.
A store is one connection, used by one thread at a time.
"""

from __future__ import annotations

import re
import secrets
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .errors import StoreError

Migration = Callable[["Store"], None]


def _v1(store: Store) -> None:
    """The questions, the verdicts on answers, and a random key for the voters' hashes."""
    store.execute(
        """CREATE TABLE questions (
            id TEXT PRIMARY KEY,
            asked_at DOUBLE PRECISION NOT NULL,
            day TEXT NOT NULL,
            front TEXT NOT NULL,
            language TEXT NOT NULL,
            question TEXT NOT NULL,
            decision TEXT NOT NULL,
            passage_id TEXT,
            score DOUBLE PRECISION NOT NULL,
            runner_up_id TEXT,
            runner_up_score DOUBLE PRECISION,
            knowledge_version TEXT NOT NULL,
            asker TEXT
        )"""
    )
    store.execute("CREATE INDEX questions_asked_at ON questions (asked_at)")
    store.execute(
        """CREATE TABLE verdicts (
            question_id TEXT NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
            voter TEXT NOT NULL,
            verdict TEXT NOT NULL,
            at DOUBLE PRECISION NOT NULL,
            PRIMARY KEY (question_id, voter)
        )"""
    )
    store.execute("INSERT INTO meta (key, value) VALUES (?, ?)", ("voter_key", secrets.token_hex(32)))


MIGRATIONS: list[Migration] = [_v1]
"""Step i brings the schema from version i to i + 1; append, never edit a released step."""


def default_path() -> Path:
    """questions.db in the user's data folder (~/.local/share/summit-qa on Linux)."""
    import platformdirs

    return Path(platformdirs.user_data_dir("summit-qa")) / "questions.db"


def is_postgres(target: str | Path) -> bool:
    return isinstance(target, str) and target.startswith(("postgresql://", "postgres://"))


def open_store(target: str | Path | None = None, *, create: bool = True) -> Store:
    """The store at ``target``: a ``postgresql://`` URL, a SQLite ``file:`` URI, or a path
    (None: the default path). ``create=False`` refuses a SQLite file that does not exist yet."""
    if target is None or target == "":
        target = default_path()
    store: Store = PostgresStore(str(target)) if is_postgres(target) else SqliteStore(target, create=create)
    try:
        store.migrate()
    except BaseException:
        store.close()
        raise
    return store


class Store:
    """One connection to the log's database; subclasses say how to connect and lock."""

    errors: tuple[type[Exception], ...] = ()
    """What the driver raises when the database fails (locked, read-only, full, gone)."""
    target: str

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        raise NotImplementedError

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        raise NotImplementedError

    def fetch(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Rows of a query written with ``?`` placeholders."""
        raise NotImplementedError

    @contextmanager
    def transaction(self, *, exclusive: bool = False) -> Iterator[None]:
        raise NotImplementedError
        yield  # pragma: no cover

    def close(self) -> None:
        raise NotImplementedError

    # --- the schema ----------------------------------------------------------------------

    def version(self) -> int:
        rows = self.fetch("SELECT value FROM meta WHERE key = 'schema_version'")
        return int(rows[0][0]) if rows else 0

    def migrate(self) -> None:
        """Bring the schema to the newest version, one step at a time, in one transaction."""
        try:
            if self.version() == len(MIGRATIONS):  # the common case: nothing to write (a read-only file)
                return
        except self.errors:
            pass  # no meta table yet
        with self.transaction(exclusive=True):
            self.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            current = self.version()
            if current > len(MIGRATIONS):
                raise StoreError(
                    f"{self.target}: the log's schema is version {current}, newer than this "
                    f"summit-qa knows ({len(MIGRATIONS)}); upgrade summit-qa"
                )
            for step in range(current, len(MIGRATIONS)):
                MIGRATIONS[step](self)
            if current < len(MIGRATIONS):
                self.execute("DELETE FROM meta WHERE key = 'schema_version'")
                self.execute(
                    "INSERT INTO meta (key, value) VALUES ('schema_version', ?)", (str(len(MIGRATIONS)),)
                )

    def meta(self, key: str) -> str | None:
        rows = self.fetch("SELECT value FROM meta WHERE key = ?", (key,))
        return str(rows[0][0]) if rows else None


class SqliteStore(Store):
    """A SQLite file in WAL mode: readers (a report) never wait for the writer."""

    errors = (sqlite3.Error,)

    def __init__(self, target: str | Path, *, create: bool = True, busy_ms: int = 1000) -> None:
        self.target = str(target)
        uri = self.target.startswith("file:")
        if not uri:
            path = Path(target).expanduser()
            if not create and not path.is_file():
                raise StoreError(f"no question log at {path}")
            path.parent.mkdir(parents=True, exist_ok=True)
            self.target = str(path)
        # Transactions are ours (BEGIN … COMMIT), not the module's implicit ones.
        self._connection = sqlite3.connect(
            self.target, uri=uri, isolation_level=None, check_same_thread=False, timeout=busy_ms / 1000
        )
        try:
            self._connection.execute("PRAGMA journal_mode = WAL")
            self._connection.execute("PRAGMA synchronous = NORMAL")  # durable enough with WAL, and faster
            self._connection.execute("PRAGMA foreign_keys = ON")
        except sqlite3.OperationalError:
            pass  # a read-only file keeps its mode; writing will fail and say so

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self._connection.execute(sql, params)

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        self._connection.executemany(sql, rows)

    def fetch(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return list(self._connection.execute(sql, params))

    @contextmanager
    def transaction(self, *, exclusive: bool = False) -> Iterator[None]:
        self._connection.execute("BEGIN IMMEDIATE" if exclusive else "BEGIN")
        try:
            yield
        except BaseException:
            self._connection.execute("ROLLBACK")
            raise
        self._connection.execute("COMMIT")

    def close(self) -> None:
        self._connection.close()


_PLACEHOLDER = re.compile(r"\?")


class PostgresStore(Store):
    """A PostgreSQL database, for bots whose shards run on several machines (psycopg 3)."""

    def __init__(self, url: str) -> None:
        try:
            import psycopg
        except ImportError:
            raise StoreError(
                "a postgresql:// log needs psycopg: pip install 'psycopg[binary]' (or summit-qa[postgres])"
            ) from None
        self.errors = (psycopg.Error,)
        self.target = shown(url)
        try:
            self._connection = psycopg.connect(url, autocommit=True, connect_timeout=5)
        except psycopg.ProgrammingError as error:  # a malformed URL: no use retrying
            raise StoreError(f"{self.target}: {error}") from None
        # A locked table or a slow server fails the write (to be retried) rather than hang it.
        self._connection.execute("SET lock_timeout = '1s'")
        self._connection.execute("SET statement_timeout = '10s'")

    @staticmethod
    def _sql(sql: str) -> str:
        return _PLACEHOLDER.sub("%s", sql)

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self._connection.execute(self._sql(sql), params)

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        with self._connection.cursor() as cursor:
            cursor.executemany(self._sql(sql), rows)

    def fetch(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return list(self._connection.execute(self._sql(sql), params).fetchall())

    @contextmanager
    def transaction(self, *, exclusive: bool = False) -> Iterator[None]:
        with self._connection.transaction():
            if exclusive:  # one process migrates at a time; the others wait, then find it done
                self._connection.execute("SELECT pg_advisory_xact_lock(1400014)")
            yield

    def close(self) -> None:
        self._connection.close()


def shown(target: str | Path | None) -> str:
    """The target as it may be shown in a message or log: a URL without its password."""
    if target is None or target == "":
        return str(default_path())
    return re.sub(r"(//[^:/@]*):[^@/]*@", r"\1:***@", str(target))
