"""What the page's jobs made, kept in memory under a token only the tab that asked knows.

Each job runs in its own temporary folder, removed as soon as the job ends; what it made is
read into memory here, so two tabs (or two clerks on one machine) never see each other's
files, and nothing is left on disk.  Old results are dropped after a few hours, or when the
store grows past its size, oldest first.
"""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass, field

MAX_AGE = 4 * 3600  # seconds a result stays downloadable
MAX_BYTES = 512 * 1024 * 1024  # all results together
MAX_RESULTS = 500


@dataclass
class Result:
    """One job's files: name shown to the user -> bytes, by kind ("docx", "pdf", "page-1" …)."""

    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    created: float = field(default_factory=time.monotonic)
    lock: threading.Lock = field(default_factory=threading.Lock)  # one preview at a time per result

    def size(self) -> int:
        return sum(len(data) for _, data in self.files.values())


class Results:
    def __init__(self, max_age: float = MAX_AGE, max_bytes: int = MAX_BYTES, max_results: int = MAX_RESULTS):
        self._items: dict[str, Result] = {}
        self._lock = threading.Lock()
        self.max_age, self.max_bytes, self.max_results = max_age, max_bytes, max_results

    def add(self, files: dict[str, tuple[str, bytes]]) -> str:
        token = secrets.token_urlsafe(18)
        with self._lock:
            self._items[token] = Result(dict(files))
            self._trim()
        return token

    def get(self, token: str) -> Result | None:
        with self._lock:
            self._trim()
            return self._items.get(token)

    def put(self, token: str, kind: str, name: str, data: bytes) -> None:
        with self._lock:
            item = self._items.get(token)
            if item is not None:
                item.files[kind] = (name, data)
                self._trim()

    def _trim(self) -> None:
        now = time.monotonic()
        for token in [t for t, r in self._items.items() if now - r.created > self.max_age]:
            del self._items[token]
        total = sum(r.size() for r in self._items.values())
        while self._items and (total > self.max_bytes or len(self._items) > self.max_results):
            oldest = next(iter(self._items))  # dicts keep insertion order
            total -= self._items.pop(oldest).size()
