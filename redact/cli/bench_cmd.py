"""`redact bench`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from redact.cli._app import MembersOption, app, setup_logging


@app.command("bench")
def bench_command(
    rows: Annotated[int, typer.Option("--rows", "-n", min=1, help="Canonical posts to generate.")] = 10_000,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the generated posts.")] = 0,
    members: MembersOption = None,
    workers: Annotated[
        int | None, typer.Option("--workers", "-w", min=1, help="redact workers (default: one per CPU it may use).")
    ] = None,
    mode: Annotated[
        list[str] | None, typer.Option("--mode", help="default and/or fast (repeatable; default: both).")
    ] = None,
    no_presidio: Annotated[bool, typer.Option("--no-presidio", help="Skip the plain Presidio run.")] = False,
    presidio_batch_size: Annotated[
        int, typer.Option("--presidio-batch-size", min=1, help="Plain Presidio's nlp.pipe batch size.")
    ] = 64,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Also write the JSON report here.")] = None,
    work_dir: Annotated[Path | None, typer.Option("--work-dir", help="Where to put the temporary files.")] = None,
    repeat: Annotated[
        int,
        typer.Option("--repeat", min=1, help="Run every tool this many times; report the median (steadier in CI)."),
    ] = 1,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress on stderr.")] = False,
) -> None:
    """Throughput, peak RSS and leak rate of redact against plain Presidio on the same rows (JSON)."""
    setup_logging(quiet)
    from redact.bench import MODES, BenchOptions, run_bench
    from redact.errors import RedactError

    modes = tuple(mode) if mode else MODES
    for m in modes:
        if m not in MODES:
            raise RedactError(f"--mode must be one of {', '.join(MODES)}, not {m!r}")
    options = BenchOptions(
        rows=rows,
        seed=seed,
        members=members,
        workers=workers,
        modes=modes,
        presidio=not no_presidio,
        presidio_batch_size=presidio_batch_size,
        work_dir=work_dir,
        repeat=repeat,
    )
    progress = None if quiet else (lambda msg: print(f"redact bench: {msg}", file=sys.stderr, flush=True))
    report = run_bench(options, progress)
    text = json.dumps(report, indent=2, sort_keys=False)
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text + "\n", encoding="utf-8")
    typer.echo(text)
