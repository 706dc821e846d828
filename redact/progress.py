"""Progress of a run on the terminal: a live bar on a TTY, sparse log lines elsewhere.

A TTY gets one line redrawn with `\\r` (at most `REDRAW_INTERVAL_S` apart, so a fast pipeline
does not spend its time writing to the terminal). Anything else (CI logs, files, pipes) gets a
plain line at most every `interval_s` seconds, because `\\r` redraws turn logs into noise.
Only counts are ever printed; progress never sees row contents.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable
from types import TracebackType
from typing import TextIO

REDRAW_INTERVAL_S = 0.1
BAR_WIDTH = 20
MIN_BAR_WIDTH = 5
DEFAULT_COLUMNS = 80


def format_duration(seconds: float) -> str:
    """`42s`, `4m18s`, `1h02m03s`: short enough for a progress line."""
    whole = max(0, round(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}h{minutes:02d}m{secs:02d}s"
    if minutes:
        return f"{minutes}m{secs:02d}s"
    return f"{secs}s"


def format_rate(rows_per_s: float) -> str:
    """`3400 rows/s`; one decimal for slow runs, where whole numbers would read as zero."""
    if rows_per_s >= 10:
        return f"{rows_per_s:.0f} rows/s"
    return f"{rows_per_s:.1f}".rstrip("0").rstrip(".") + " rows/s"


def printable(text: str) -> str:
    """`text` with control characters escaped, so a name cannot drive the terminal."""
    return "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in text)


def _is_tty(stream: TextIO) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, OSError, ValueError):
        return False


def _columns(stream: TextIO) -> int:
    # The width of the terminal the stream writes to, not of stdout: they can differ.
    try:
        return os.get_terminal_size(stream.fileno()).columns or DEFAULT_COLUMNS
    except (AttributeError, OSError, ValueError):
        return DEFAULT_COLUMNS


class Progress:
    """Counts rows as the pipeline reports them and shows how far the run is.

    Use as a context manager; `advance` may be called from any thread.
    """

    def __init__(
        self,
        total: int | None,
        *,
        stream: TextIO | None = None,
        quiet: bool = False,
        interval_s: float = 10.0,
        label: str = "redact",
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.total = total if total is None else max(0, total)
        # Resolved now rather than as a default argument, so a replaced sys.stderr is honoured.
        self._stream = sys.stderr if stream is None else stream
        self._quiet = quiet
        self._interval_s = interval_s
        self._label = printable(label)
        self._clock = clock
        self._tty = _is_tty(self._stream)
        self._lock = threading.Lock()
        self._done = 0
        self._start = clock()
        self._last_emit = self._start
        self._last_width = 0
        self._closed = False

    @property
    def rows_done(self) -> int:
        return self._done

    def __enter__(self) -> Progress:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._finish(stopped=exc_type is not None)

    def advance(self, rows: int) -> None:
        """Record `rows` more rows processed; redraw or log if it is time to."""
        with self._lock:
            self._done += rows
            if self._quiet or self._closed:
                return
            now = self._clock()
            if now - self._last_emit < (REDRAW_INTERVAL_S if self._tty else self._interval_s):
                return
            self._last_emit = now
            if self._tty:
                self._redraw(now)
            else:
                self._write(f"{self._label}: {self._status(now)}\n")

    def close(self) -> None:
        """Print the final state once; later calls do nothing."""
        self._finish(stopped=False)

    def _finish(self, *, stopped: bool) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
            if self._quiet:
                return
            now = self._clock()
            if self._tty:
                # Leave the bar at its final state and end its line, so whatever is
                # printed next (the summary, an error) starts on a fresh line.
                self._redraw(now)
                self._write("\n")
            else:
                self._write(f"{self._label}: {self._final(now, stopped=stopped)}\n")

    def _rate(self, now: float) -> float | None:
        elapsed = now - self._start
        return self._done / elapsed if elapsed > 0 else None

    def _status(self, now: float) -> str:
        rate = self._rate(now)
        rate_text = format_rate(rate) if rate is not None else "- rows/s"
        if self.total is None:
            return f"{self._done} rows, {rate_text}"
        return (
            f"{self._done}/{self.total} rows ({self._percent():.1f}%), {rate_text}, "
            f"ETA {self._eta(rate)}"
        )

    def _percent(self) -> float:
        if not self.total:
            return 100.0
        return min(100.0, 100.0 * self._done / self.total)

    def _eta(self, rate: float | None) -> str:
        assert self.total is not None
        remaining = self.total - self._done
        if remaining <= 0:
            return format_duration(0)
        if not rate:
            return "-"
        return format_duration(remaining / rate)

    def _final(self, now: float, *, stopped: bool) -> str:
        verb = "stopped after" if stopped else "done,"
        rate = self._rate(now)
        rate_text = f", {format_rate(rate)}" if rate is not None else ""
        return f"{verb} {self._done} rows in {format_duration(now - self._start)}{rate_text}"

    def _redraw(self, now: float) -> None:
        # One column short of the width: a line that fills it wraps on some terminals,
        # and `\r` then only returns to the start of the wrapped part.
        limit = _columns(self._stream) - 1
        text = f"{self._label} {self._status(now)}"
        if self.total is not None:
            # The bar gives way first when space is short: the numbers matter more.
            bar_width = min(BAR_WIDTH, limit - len(text) - len(" []"))
            if bar_width >= MIN_BAR_WIDTH:
                filled = round(bar_width * self._percent() / 100)
                bar = "#" * filled + "." * (bar_width - filled)
                text = f"{self._label} [{bar}] {self._status(now)}"
        line = text[:limit]
        padding = " " * max(0, min(self._last_width, limit) - len(line))
        self._last_width = len(line)
        self._write(f"\r{line}{padding}")

    def _write(self, text: str) -> None:
        try:
            self._stream.write(text)
            self._stream.flush()
        except (OSError, ValueError):
            # A closed or broken stream (e.g. `| head`) must not fail the run.
            self._quiet = True
