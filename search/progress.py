"""A one-line progress bar on stderr for long management commands."""

import sys
import time
from typing import TextIO


class Progress:
    """A one-line progress bar on stderr."""

    def __init__(self, label: str, total: int, stream: TextIO | None = None) -> None:
        self.label, self.total, self.done = label, total, 0
        self.started = time.monotonic()
        self.stream = stream or sys.stderr

    def advance(self, n: int) -> None:
        self.done += n
        width = 30
        filled = int(width * self.done / max(self.total, 1))
        rate = self.done / max(time.monotonic() - self.started, 1e-6)
        self.stream.write(
            f"\r{self.label:<9} [{'#' * filled}{'.' * (width - filled)}] "
            f"{self.done:>9,}/{self.total:,} ({rate:,.0f}/s)"
        )
        if self.done >= self.total:
            self.stream.write("\n")
        self.stream.flush()
