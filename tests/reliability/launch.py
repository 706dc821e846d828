"""`python -m tests.reliability.launch run ...`: the real `redact` CLI with a fake detector.

Subprocess tests (SIGKILL) need a run that is slow, deterministic and model-free. This
entry point swaps the production detector factory for `SlowFakeDetectorFactory`
(`REDACT_TEST_DELAY_S` seconds per text) and then runs `redact.cli.main` unchanged: the
CLI, planning, worker pool, shard writers, journal and publish are the real ones.
"""

from __future__ import annotations

import os
import sys

from tests.reliability.faults import SlowFakeDetectorFactory


def _factory(detection: object) -> SlowFakeDetectorFactory:
    return SlowFakeDetectorFactory(float(os.environ.get("REDACT_TEST_DELAY_S", "0")))


if __name__ == "__main__":
    import redact.detect.presidio as presidio
    from redact.cli import main

    presidio.PresidioDetectorFactory = _factory  # type: ignore[assignment,misc]
    sys.exit(main(sys.argv[1:]))
