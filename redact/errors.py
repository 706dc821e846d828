"""One exception root for everything `redact` raises on purpose.

`RedactError` subclasses are *user errors*: the CLI prints their message on one line and
exits 2. Anything else is a bug or an environment failure and exits 1.
Messages must never contain a raw value of personal data, only names of keys, columns,
files and counts.
"""

from __future__ import annotations


class RedactError(Exception):
    """Root of every error `redact` raises deliberately."""

    exit_code = 2


class PolicyError(RedactError):
    """The policy file is invalid; the message names the offending key."""


class InputError(RedactError):
    """An input cannot be read, is corrupt, or lacks a column the policy needs."""


class ConsentLedgerError(InputError):
    """The consent ledger is unreadable or malformed."""


class OutputExistsError(RedactError):
    """The output directory exists and `--overwrite` was not given."""


class SecretKeyError(RedactError):
    """The pseudonym key is missing or too weak."""


class ResumeError(RedactError):
    """A run cannot be resumed (nothing to resume, or the inputs or policy changed)."""


class VerificationError(RedactError):
    """An output does not match its manifest."""
