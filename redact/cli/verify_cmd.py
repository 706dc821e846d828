"""`redact verify`: re-check an output against its manifest; non-zero exit on any mismatch."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from redact.cli._app import app


@app.command("verify")
def verify_command(
    out: Annotated[Path, typer.Argument(help="An output directory written by `redact run`.")],
    check_inputs: Annotated[
        bool,
        typer.Option("--check-inputs", help="Also re-hash the inputs at their recorded paths."),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Check file hashes, row counts and the row accounting of OUT against its manifest, and
    the manifest's signature when REDACT_SECRET_KEY holds the run's key."""
    from redact.errors import VerificationError
    from redact.keys import load_key
    from redact.policy import KeySource
    from redact.verify import verify_output

    # The key of the run, if this shell has it (REDACT_SECRET_KEY), checks the signature.
    key = load_key(KeySource(), required=False)
    result = verify_output(out, check_inputs=check_inputs, key=key)
    if as_json:
        payload = {"out": str(out), "ok": result.ok, "files_checked": result.files_checked,
                   "rows_in": result.rows_in, "by_action": result.by_action, "problems": result.problems,
                   "signature": result.signature}  # fmt: skip
        typer.echo(json.dumps(payload, indent=2, sort_keys=True))
    if not result.ok:
        if not as_json:
            for problem in result.problems:
                typer.echo(f"redact: verify: {problem}", err=True)
        n = len(result.problems)
        raise VerificationError(f"{out} does not match its manifest ({n} problem{'s' * (n != 1)})")
    if not as_json:
        typer.echo(f"ok: {result.summary()}")
