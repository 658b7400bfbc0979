"""A process's resident memory, sampled while a test runs (the server's, in the load tests)."""

from __future__ import annotations

import threading
from pathlib import Path

__all__ = ["Rss"]


class Rss:
    """The server process's resident memory, sampled every 100 ms (MB)."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.samples: list[float] = []
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def now(self) -> float:
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        raise AssertionError("no VmRSS")

    def _run(self) -> None:
        while not self.done.wait(0.1):
            try:
                self.samples.append(self.now())
            except OSError:
                return

    def __enter__(self) -> Rss:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.done.set()
        self.thread.join()
