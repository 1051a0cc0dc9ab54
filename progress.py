"""A one-line progress bar for long commands, drawn only on a terminal."""

import time
from typing import TextIO

BAR_WIDTH = 30


class ProgressBar:
    """Redraws `label [#####.....]  42% 420/1000` in place on a terminal stream.

    On anything else (a pipe, a log file) it draws nothing, so logs stay clean;
    the command prints its own summary line either way.
    """

    def __init__(self, stream: TextIO, *, label: str) -> None:
        self.stream = stream
        self.label = label
        self.is_drawn = stream.isatty()
        self.started = time.monotonic()
        self.last_width = 0

    def update(self, done: int, total: int) -> None:
        """Show `done` out of `total` units of work."""
        if not self.is_drawn or total <= 0:
            return
        share = min(done / total, 1.0)
        filled = round(share * BAR_WIDTH)
        bar = "#" * filled + "." * (BAR_WIDTH - filled)
        elapsed = time.monotonic() - self.started
        line = f"{self.label} [{bar}] {share:4.0%} {done}/{total} {elapsed:.1f}s"
        self.stream.write("\r" + line.ljust(self.last_width))
        self.stream.flush()
        self.last_width = len(line)

    def finish(self) -> None:
        """End the bar's line so the next output starts on a fresh one."""
        if self.is_drawn and self.last_width:
            self.stream.write("\n")
            self.stream.flush()
