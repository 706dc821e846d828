"""Detectors that misbehave on purpose: slow, raising, interrupting, or killing their worker.

They are picklable factories (spawned workers import this module), built on the fake
detector of tests/fakes.py, and act only on texts holding their marker.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from redact.errors import PolicyError
from redact.records import DetectItem, Span
from tests.fakes import FakeDetector

DIE = "\u2620DIE\u2620"  # the worker processing a text with this is killed (SIGKILL)
BAD_SPAN = "\u2620SPAN\u2620"  # the detector reports a span ending past the text
BUG = "\u2620BUG\u2620"  # the detector returns something that is not a span: the task fails


class SlowFakeDetector(FakeDetector):
    def __init__(self, delay_s: float) -> None:
        super().__init__()
        self.delay_s = delay_s

    def detect(self, items: Sequence[DetectItem]) -> list[list[Span]]:
        time.sleep(self.delay_s * len(items))
        return super().detect(items)


@dataclass(frozen=True)
class SlowFakeDetectorFactory:
    """The fake detector, `delay_s` seconds per text: slow enough to kill a run mid-way."""

    delay_s: float = 0.0

    def __call__(self) -> SlowFakeDetector:
        return SlowFakeDetector(self.delay_s)


class DyingDetector(FakeDetector):
    def __init__(self, once_flag: str | None, test_pid: int) -> None:
        super().__init__()
        self.once_flag = once_flag
        self.test_pid = test_pid

    def detect(self, items: Sequence[DetectItem]) -> list[list[Span]]:
        if any(DIE in item.text for item in items) and self._should_die():
            if os.getpid() == self.test_pid:
                raise RuntimeError("DyingDetector runs in the test process: use workers >= 2")
            os.kill(os.getpid(), signal.SIGKILL)
        return super().detect(items)

    def _should_die(self) -> bool:
        if self.once_flag is None:
            return True
        flag = Path(self.once_flag)
        if flag.exists():
            return False
        flag.touch()
        return True


@dataclass(frozen=True)
class DyingDetectorFactory:
    """Kills its worker on a text holding DIE: always, or only once when `once_flag` is set."""

    once_flag: str | None = None
    test_pid: int = field(default_factory=os.getpid)

    def __call__(self) -> DyingDetector:
        return DyingDetector(self.once_flag, self.test_pid)


class BrokenDetector(FakeDetector):
    def detect(self, items: Sequence[DetectItem]) -> list[list[Span]]:
        out = super().detect(items)
        for i, item in enumerate(items):
            if BAD_SPAN in item.text:
                out[i] = [*out[i], Span("PERSON", 0, len(item.text) + 5, 0.9, "Broken")]
            if BUG in item.text:
                out[i] = [*out[i], ("PERSON", 0, 3)]  # type: ignore[list-item]
        return out


@dataclass(frozen=True)
class BrokenDetectorFactory:
    def __call__(self) -> BrokenDetector:
        return BrokenDetector()


class InterruptingDetector(FakeDetector):
    def __init__(self, after_calls: int) -> None:
        super().__init__()
        self.after_calls = after_calls

    def detect(self, items: Sequence[DetectItem]) -> list[list[Span]]:
        if self.calls >= self.after_calls:
            raise KeyboardInterrupt  # what Ctrl-C does in the middle of a run
        return super().detect(items)


@dataclass(frozen=True)
class InterruptingDetectorFactory:
    """In-process only: the run stops like on Ctrl-C after `after_calls` detector batches."""

    after_calls: int

    def __call__(self) -> InterruptingDetector:
        return InterruptingDetector(self.after_calls)


@dataclass(frozen=True)
class FailingSetupFactory:
    """A detector that cannot be built: a user error (`PolicyError`) or a bug."""

    user_error: bool

    def __call__(self) -> Any:
        if self.user_error:
            raise PolicyError("detection.models.en: cannot load a spaCy model (test)")
        raise RuntimeError("detector setup bug (test)")
