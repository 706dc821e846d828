"""`redact run`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from redact.cli._app import NO_NER_HELP, app, setup_logging


@app.command("run")
def run_command(
    inputs: Annotated[
        list[Path], typer.Argument(help="Parquet/Arrow/JSONL files, directories, or a datasets save_to_disk dir.")
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output directory (written atomically).")],
    policy: Annotated[Path | None, typer.Option("--policy", "-p", help="Policy YAML (default: built-in).")] = None,
    consent: Annotated[Path | None, typer.Option("--consent", help="Consent ledger (Parquet or CSV).")] = None,
    workers: Annotated[
        int | None, typer.Option("--workers", "-w", min=1, help="Worker processes (default: one per CPU it may use).")
    ] = None,
    engine: Annotated[str, typer.Option("--engine", help="local or ray.")] = "local",
    ray_address: Annotated[str | None, typer.Option("--ray-address", help="Join this Ray cluster.")] = None,
    resume: Annotated[bool, typer.Option("--resume", help="Continue an interrupted run.")] = False,
    overwrite: Annotated[bool, typer.Option("--overwrite", help="Replace OUT if it exists.")] = False,
    no_ner: Annotated[bool, typer.Option("--no-ner", help=NO_NER_HELP)] = False,
    rows_per_task: Annotated[int | None, typer.Option("--rows-per-task", min=1, help="Rows per shard.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress or summary.")] = False,
    output_format: Annotated[
        str, typer.Option("--format", help="parquet, or datasets (OUT/data as a save_to_disk directory).")
    ] = "parquet",
) -> None:
    """Apply consent, detect and redact personal data, write the data, audit and manifest."""
    setup_logging(quiet)
    from redact.errors import RedactError
    from redact.policy import Policy
    from redact.run import RunOptions, run

    if engine not in ("local", "ray"):
        raise RedactError(f"--engine must be 'local' or 'ray', not {engine!r}")
    if output_format not in ("parquet", "datasets"):
        raise RedactError(f"--format must be 'parquet' or 'datasets', not {output_format!r}")
    pol = Policy.load(policy) if policy else Policy.default()
    if no_ner:
        pol = pol.with_ner(False)
    manifest = run(
        RunOptions(
            inputs=inputs,
            out=out,
            policy=pol,
            consent=consent,
            workers=workers,
            engine=engine,  # type: ignore[arg-type]
            ray_address=ray_address,
            resume=resume,
            overwrite=overwrite,
            quiet=quiet,
            rows_per_task=rows_per_task,
            output_format=output_format,  # type: ignore[arg-type]
        )
    )
    if not quiet:
        from redact.summary import format_summary

        typer.echo(format_summary({**manifest, "out": str(out)}), err=False)
