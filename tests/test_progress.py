"""Progress display: a redrawn bar on a TTY, sparse log lines elsewhere, silence when quiet."""

from __future__ import annotations

import io
import threading
import time

import pytest

from redact.progress import Progress, format_duration


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class SlowStream(io.StringIO):
    """Yields to other threads mid-write, as a real pipe or terminal may."""

    def write(self, text: str) -> int:
        time.sleep(0)
        return super().write(text)


class BrokenStream(io.StringIO):
    def write(self, text: str) -> int:
        raise BrokenPipeError


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def redraws(output: str) -> list[str]:
    """The successive states of a `\\r`-redrawn line."""
    return output.rstrip("\n").split("\r")[1:]


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [
        (0, "0s"),
        (-3, "0s"),
        (59.4, "59s"),
        (59.6, "1m00s"),
        (258, "4m18s"),
        (3599, "59m59s"),
        (3723, "1h02m03s"),
        (90061, "25h01m01s"),
    ],
)
def test_format_duration(seconds: float, expected: str) -> None:
    assert format_duration(seconds) == expected


# --- not a terminal: log lines --------------------------------------------------------------


def test_log_lines_come_at_most_every_interval(clock: FakeClock) -> None:
    stream = io.StringIO()
    with Progress(100_000, stream=stream, interval_s=10.0, clock=clock) as progress:
        for second in range(1, 36):
            clock.now = float(second)
            progress.advance(1000)
    assert stream.getvalue().splitlines() == [
        "redact: 10000/100000 rows (10.0%), 1000 rows/s, ETA 1m30s",
        "redact: 20000/100000 rows (20.0%), 1000 rows/s, ETA 1m20s",
        "redact: 30000/100000 rows (30.0%), 1000 rows/s, ETA 1m10s",
        "redact: done, 35000 rows in 35s, 1000 rows/s",
    ]


def test_no_log_line_before_the_first_interval(clock: FakeClock) -> None:
    stream = io.StringIO()
    progress = Progress(10, stream=stream, interval_s=10.0, clock=clock)
    clock.now = 9.99
    progress.advance(5)
    assert stream.getvalue() == ""


def test_log_line_with_the_eta_of_a_long_run(clock: FakeClock) -> None:
    stream = io.StringIO()
    progress = Progress(1_000_000, stream=stream, interval_s=10.0, clock=clock, label="posts")
    clock.now = 120.0
    progress.advance(120_000)
    assert stream.getvalue() == "posts: 120000/1000000 rows (12.0%), 1000 rows/s, ETA 14m40s\n"


def test_log_line_without_a_total(clock: FakeClock) -> None:
    stream = io.StringIO()
    with Progress(None, stream=stream, interval_s=5.0, clock=clock) as progress:
        clock.now = 10.0
        progress.advance(5000)
    assert stream.getvalue().splitlines() == [
        "redact: 5000 rows, 500 rows/s",
        "redact: done, 5000 rows in 10s, 500 rows/s",
    ]


def test_percentage_never_passes_100_when_the_total_was_an_underestimate(
    clock: FakeClock,
) -> None:
    stream = io.StringIO()
    progress = Progress(100, stream=stream, interval_s=1.0, clock=clock)
    clock.now = 2.0
    progress.advance(150)
    assert stream.getvalue() == "redact: 150/100 rows (100.0%), 75 rows/s, ETA 0s\n"


def test_an_error_in_the_block_ends_with_a_stopped_line(clock: FakeClock) -> None:
    stream = io.StringIO()
    with pytest.raises(RuntimeError), Progress(10, stream=stream, clock=clock) as progress:
        clock.now = 4.0
        progress.advance(2)
        raise RuntimeError
    assert stream.getvalue() == "redact: stopped after 2 rows in 4s, 0.5 rows/s\n"


def test_close_prints_the_final_line_once(clock: FakeClock) -> None:
    stream = io.StringIO()
    progress = Progress(10, stream=stream, clock=clock)
    clock.now = 2.0
    progress.advance(10)
    progress.close()
    progress.close()
    progress.advance(5)  # after close: counted, not shown
    assert stream.getvalue() == "redact: done, 10 rows in 2s, 5 rows/s\n"
    assert progress.rows_done == 15


def test_final_line_of_an_instant_run_has_no_rate(clock: FakeClock) -> None:
    stream = io.StringIO()
    Progress(0, stream=stream, clock=clock).close()
    assert stream.getvalue() == "redact: done, 0 rows in 0s\n"


# --- terminal: a redrawn bar ----------------------------------------------------------------


def test_terminal_bar_is_redrawn_in_place(clock: FakeClock) -> None:
    stream = FakeTerminal()
    with Progress(1000, stream=stream, clock=clock) as progress:
        clock.now = 1.0
        progress.advance(100)
        clock.now = 2.0
        progress.advance(400)
    output = stream.getvalue()
    assert "\n" not in output.rstrip("\n")  # one line, redrawn
    assert output.endswith("\n")  # ended, so what follows starts on a fresh line
    assert [state.rstrip() for state in redraws(output)] == [
        "redact [##..................] 100/1000 rows (10.0%), 100 rows/s, ETA 9s",
        "redact [##########..........] 500/1000 rows (50.0%), 250 rows/s, ETA 2s",
        "redact [##########..........] 500/1000 rows (50.0%), 250 rows/s, ETA 2s",
    ]


def test_terminal_redraws_are_throttled(clock: FakeClock) -> None:
    stream = FakeTerminal()
    progress = Progress(10_000, stream=stream, clock=clock)
    for step in range(1, 101):  # 100 advances over one second
        clock.now = step / 100
        progress.advance(1)
    assert 9 <= len(redraws(stream.getvalue())) <= 10


def test_terminal_eta_for_a_long_run(clock: FakeClock) -> None:
    stream = FakeTerminal()
    progress = Progress(1_000_000, stream=stream, clock=clock)
    clock.now = 35.3
    progress.advance(120_000)
    (state,) = redraws(stream.getvalue())
    # Too long for 80 columns with the full bar: the bar shrinks, the numbers stay whole.
    numbers = "120000/1000000 rows (12.0%), 3399 rows/s, ETA 4m19s"
    assert state == f"redact [{'#' * 2}{'.' * 16}] {numbers}"
    assert len(state) == 79


def test_terminal_without_a_total_shows_rows_and_rate_only(clock: FakeClock) -> None:
    stream = FakeTerminal()
    progress = Progress(None, stream=stream, clock=clock)
    clock.now = 2.0
    progress.advance(300)
    assert redraws(stream.getvalue()) == ["redact 300 rows, 150 rows/s"]


def test_a_shorter_redraw_blanks_the_rest_of_the_previous_one(clock: FakeClock) -> None:
    stream = FakeTerminal()
    progress = Progress(None, stream=stream, clock=clock)
    clock.now = 1.0
    progress.advance(100_000)  # 100000 rows/s
    clock.now = 100.0
    progress.advance(1)  # 1000 rows/s: a shorter text
    first, second = redraws(stream.getvalue())
    assert len(second) == len(first)
    assert second.startswith("redact 100001 rows, 1000 rows/s ")


def test_terminal_line_fits_the_terminal_by_dropping_the_bar_then_cutting(
    clock: FakeClock,
) -> None:
    stream = FakeTerminal()  # no real terminal behind it: 80 columns assumed
    progress = Progress(10, stream=stream, clock=clock, label="x" * 200)
    clock.now = 1.0
    progress.advance(1)
    (state,) = redraws(stream.getvalue())
    assert state == "x" * 79


# --- quiet, robustness ----------------------------------------------------------------------


@pytest.mark.parametrize("stream_type", [io.StringIO, FakeTerminal])
def test_quiet_prints_nothing(clock: FakeClock, stream_type: type[io.StringIO]) -> None:
    stream = stream_type()
    with Progress(10, stream=stream, quiet=True, interval_s=0.0, clock=clock) as progress:
        for second in range(1, 5):
            clock.now = float(second)
            progress.advance(2)
    assert stream.getvalue() == ""
    assert progress.rows_done == 8


def test_default_stream_is_stderr_at_construction_time(
    clock: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    Progress(1, clock=clock).close()
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == "redact: done, 0 rows in 0s\n"


def test_a_broken_stream_does_not_fail_the_run(clock: FakeClock) -> None:
    with Progress(10, stream=BrokenStream(), interval_s=1.0, clock=clock) as progress:
        clock.now = 5.0
        progress.advance(3)
        progress.advance(3)
    assert progress.rows_done == 6


def test_control_characters_in_the_label_are_escaped(clock: FakeClock) -> None:
    stream = io.StringIO()
    Progress(1, stream=stream, clock=clock, label="run\x1b[2J").close()
    assert stream.getvalue() == "run\\x1b[2J: done, 0 rows in 0s\n"


def test_advance_from_many_threads_counts_every_row(clock: FakeClock) -> None:
    stream = SlowStream()
    progress = Progress(4_000, stream=stream, interval_s=0.0, clock=clock)
    clock.now = 1.0

    def work() -> None:
        for _ in range(500):
            progress.advance(1)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    progress.close()
    assert progress.rows_done == 4_000
    lines = stream.getvalue().splitlines()
    # Lines are written whole, never interleaved, and the counts they show never go back.
    shown = [int(line.split()[1].split("/")[0]) for line in lines[:-1]]
    assert shown == sorted(shown)
    assert lines[-1] == "redact: done, 4000 rows in 1s, 4000 rows/s"
