"""`redact generate`: deterministic synthetic posts (and a consent ledger) for demos and tests."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import typer

from redact.cli._app import MembersOption, app


@app.command("generate")
def generate_command(
    out: Annotated[Path, typer.Argument(help="Output file (.parquet or .jsonl).")],
    rows: Annotated[int, typer.Option("--rows", min=1)] = 1000,
    seed: Annotated[int, typer.Option("--seed")] = 0,
    members: MembersOption = None,
    ledger: Annotated[Path | None, typer.Option("--ledger", help="Also write a consent ledger here.")] = None,
    overwrite: Annotated[bool, typer.Option("--overwrite")] = False,
) -> None:
    """Generate canonical synthetic member posts with seeded personal data."""
    from redact.errors import OutputExistsError
    from redact.synth import default_member_count, write_ledger, write_posts

    for path in (out, ledger):
        if path is not None and path.exists() and not overwrite:
            raise OutputExistsError(f"{path} already exists (use --overwrite)")
    out.parent.mkdir(parents=True, exist_ok=True)
    fmt: Literal["parquet", "jsonl"] = "jsonl" if out.suffix.lower() in (".jsonl", ".ndjson") else "parquet"
    # The ledger must describe the same member pool as the posts.
    if members is None:
        members = default_member_count(rows)
    write_posts(out, rows, seed, format=fmt, members=members)
    typer.echo(f"wrote {rows} posts by {members} members to {out}")
    if ledger is not None:
        write_ledger(ledger, seed, members)
        typer.echo(f"wrote consent ledger to {ledger}")
