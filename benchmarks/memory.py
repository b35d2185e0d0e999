"""The process's memory as Linux counts it: resident now, and the peak since a reset.

Every build is measured in the one process that times the queries, so the peak must be
reset before each build: Linux does that on writing "5" to /proc/self/clear_refs. Freed
memory is handed back (a collection, then glibc's ``malloc_trim``) before each reading, so
what one build freed does not count against the next.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import re
from pathlib import Path

_STATUS = Path("/proc/self/status")
_LIBC = ctypes.CDLL(ctypes.util.find_library("c") or None)


def settle() -> None:
    """Collect garbage and give freed heap back to the system."""
    gc.collect()
    trim = getattr(_LIBC, "malloc_trim", None)
    if trim is not None:
        trim(0)


def _status(field: str) -> int | None:
    """A field of /proc/self/status in bytes (None where there is none)."""
    try:
        found = re.search(rf"^{field}:\s+(\d+) kB", _STATUS.read_text(), re.M)
    except OSError:
        return None
    return int(found.group(1)) * 1024 if found else None


def resident() -> int | None:
    return _status("VmRSS")


def reset_peak() -> bool:
    """Start counting the peak afresh; False where the system cannot."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def peak() -> int | None:
    """The most resident since the last reset."""
    return _status("VmHWM")
