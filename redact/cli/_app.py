"""The Typer application object, shared by the command modules."""

from __future__ import annotations

import logging
import sys
from typing import Annotated

import typer

app = typer.Typer(
    name="redact",
    help="Consent-aware PII redaction of user-generated content for AI training data.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

# `--no-ner`, the same on every command that detects.
NO_NER_HELP = "Fast mode: no spaCy model; pattern, profile and name-list entities only."

# `--members`, the member pool of generated posts (`generate`, `bench`). Its minimum is
# `redact.synth.build_members`' (authors tag up to 3), not imported: the synth loads Faker.
MembersOption = Annotated[
    int | None,
    typer.Option("--members", min=4, help="Members who write and are tagged (default: one per 20 posts)."),
]


def setup_logging(quiet: bool = False, verbose: bool = False) -> None:
    level = logging.WARNING if quiet else (logging.DEBUG if verbose else logging.INFO)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("redact: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.WARNING)
    logging.getLogger("redact").setLevel(level)
    # Presidio logs a warning per recognizer it skips for a language: noise for our users.
    logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)
