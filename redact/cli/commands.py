"""Imports every command module so that their commands register on the app."""

from __future__ import annotations

from redact.cli import generate_cmd, run_cmd  # noqa: F401

from redact.cli import forget_cmd  # noqa: F401  isort: skip
from redact.cli import lineage_cmd  # noqa: F401  isort: skip
from redact.cli import explain_cmd  # noqa: F401  isort: skip
from redact.cli import scan_cmd  # noqa: F401  isort: skip
from redact.cli import verify_cmd  # noqa: F401  isort: skip
from redact.cli import eval_cmd  # noqa: F401  isort: skip
from redact.cli import bench_cmd  # noqa: F401  isort: skip
