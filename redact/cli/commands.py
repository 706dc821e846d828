"""Imports every command module so that their commands register on the app."""

from __future__ import annotations

from redact.cli import generate_cmd, run_cmd  # noqa: F401
