"""Fixtures of the reliability suite: the CLI with a chosen fake detector."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from redact.cli import main
from tests.fakes import FakeDetectorFactory

UseDetector = Callable[[Any], None]


@pytest.fixture
def use_detector(monkeypatch: pytest.MonkeyPatch) -> UseDetector:
    """`redact run` (in this process) builds its workers' detector with the given factory."""
    import redact.detect.presidio as presidio

    def use(factory: Any) -> None:
        monkeypatch.setattr(presidio, "PresidioDetectorFactory", lambda detection: factory)

    use(FakeDetectorFactory())
    return use


@pytest.fixture
def cli(
    use_detector: UseDetector, capsys: pytest.CaptureFixture[str]
) -> Callable[..., tuple[int, str, str]]:
    """Run `redact ARGS...` in this process with the fake detector: (exit code, stdout, stderr)."""

    def run(*args: object) -> tuple[int, str, str]:
        capsys.readouterr()
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run
