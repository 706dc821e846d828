"""`redact scan`: detection and consent outcomes, without writing data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from redact.cli._app import NO_NER_HELP, app, setup_logging


@app.command("scan")
def scan_command(
    inputs: Annotated[
        list[Path], typer.Argument(help="Parquet/Arrow/JSONL files, directories, or a datasets save_to_disk dir.")
    ],
    policy: Annotated[Path | None, typer.Option("--policy", "-p", help="Policy YAML (default: built-in).")] = None,
    consent: Annotated[Path | None, typer.Option("--consent", help="Consent ledger (Parquet or CSV).")] = None,
    report: Annotated[
        Path | None, typer.Option("--report", help="Also write a self-contained HTML report here.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="Scan only the first N rows.")] = None,
    no_ner: Annotated[bool, typer.Option("--no-ner", help=NO_NER_HELP)] = False,
    workers: Annotated[
        int | None, typer.Option("--workers", "-w", min=1, help="Worker processes (default: one per CPU it may use).")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress (the summary is still printed).")] = False,
) -> None:
    """Count entities by type and language and rows by consent outcome; write no data."""
    setup_logging(quiet)
    from redact.executor import default_workers
    from redact.policy import Policy
    from redact.scan import ScanOptions, scan
    from redact.summary import format_scan

    pol = Policy.load(policy) if policy else Policy.default()
    if no_ner:
        pol = pol.with_ner(False)
    summary = scan(
        ScanOptions(
            inputs=inputs,
            policy=pol,
            consent=consent,
            limit=limit,
            workers=workers or default_workers(),
            quiet=quiet,
        )
    )
    if report is not None:
        from redact.report import write_html

        write_html(report, summary, title="redact scan")
    if as_json:
        typer.echo(json.dumps(summary, indent=2, sort_keys=True))
    else:
        typer.echo(format_scan(summary), nl=False)
