"""Logging set-up that can never print the token."""

from __future__ import annotations

import logging
import sys
from typing import TextIO


class Redact(logging.Filter):
    """Replaces every occurrence of the secrets in a record's message and traceback."""

    def __init__(self, *secrets: str) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if s]

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.secrets:
            return True
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        for secret in self.secrets:
            message = message.replace(secret, "[token]")
            if record.exc_text:
                record.exc_text = record.exc_text.replace(secret, "[token]")
        record.msg, record.args = message, None
        return True


def configure(level: str, token: str | None, stream: TextIO | None = None) -> logging.Handler:
    """Log to stderr at ``level`` through a handler that redacts the token."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)-7s %(name)s: %(message)s"))
    handler.addFilter(Redact(token or ""))
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "_summit_qa", False)]:
        root.removeHandler(old)
    handler._summit_qa = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level.upper())
    return handler


class Held(logging.Filter):
    """Holds back the records ``handler`` would write until ``release`` (then writes them, and
    lets every later one through) or ``drop`` (forgets them)."""

    def __init__(self, handler: logging.Handler) -> None:
        super().__init__()
        self.handler = handler
        self.records: list[logging.LogRecord] | None = []
        handler.addFilter(self)

    def filter(self, record: logging.LogRecord) -> bool:
        if self.records is None:
            return True
        self.records.append(record)
        return False

    def release(self) -> None:
        records, self.records = self.records or [], None
        self.handler.removeFilter(self)
        for record in records:
            self.handler.handle(record)

    def drop(self) -> None:
        self.records = None
        self.handler.removeFilter(self)
