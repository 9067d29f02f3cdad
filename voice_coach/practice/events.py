"""The ``--events`` log: one JSON object per line, stamped on a monotonic clock.

Benchmarks and tests read it to measure, for example, how long feedback takes
after the end of an answer was detected.
"""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path
from typing import IO


class EventLog:
    """Appends ``{"event": name, "t": seconds, ...}`` lines; a no-op when no file is given."""

    def __init__(self, path: Path | None) -> None:
        self._file: IO[str] | None = open(path, "a", encoding="utf-8") if path else None
        self._lock = threading.Lock()

    def emit(self, event: str, **fields) -> None:
        if self._file is None:
            return
        record = {"event": event, "t": round(time.monotonic(), 6), **fields}
        with self._lock:
            self._file.write(json.dumps(record) + "\n")
            self._file.flush()

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


def read_events(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]
