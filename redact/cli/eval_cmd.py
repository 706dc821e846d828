"""`redact eval`: precision, recall, F1 and strict leak rate per entity type on labeled texts."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Annotated

import typer

from redact.cli._app import NO_NER_HELP, app, setup_logging


@app.command("eval")
def eval_command(
    labeled: Annotated[Path, typer.Argument(help="Labeled JSON Lines (text, lang, profile, mentions, spans).")],
    policy: Annotated[Path | None, typer.Option("--policy", "-p", help="Policy YAML (default: built-in).")] = None,
    compare_presidio: Annotated[
        bool, typer.Option("--compare-presidio", help="Also score plain Presidio on the same texts.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
    no_ner: Annotated[bool, typer.Option("--no-ner", help=NO_NER_HELP)] = False,
) -> None:
    """Score the policy's detection and redaction against labeled spans."""
    setup_logging(quiet=True)
    # Presidio warns once per text about entities a language has no recognizer for.
    logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)
    from redact.evaluate import (
        PresidioBaseline,
        RedactSystem,
        Report,
        check_targets,
        evaluate,
        format_reports,
        load_labeled,
    )
    from redact.policy import Policy

    examples = load_labeled(labeled)
    pol = Policy.load(policy) if policy else Policy.default()
    if no_ner:
        pol = pol.with_ner(False)
    ours, _ = evaluate(RedactSystem(pol), examples)
    reports: list[Report] = [ours]
    if compare_presidio:
        baseline, _ = evaluate(PresidioBaseline(), examples)
        reports.append(baseline)
    targets = check_targets(ours, reports[1] if compare_presidio else None)
    if as_json:
        doc = {
            "labeled": str(labeled),
            "examples": len(examples),
            "systems": {r.system: r.to_json() for r in reports},
            "targets": targets,
        }
        typer.echo(json.dumps(doc, indent=2, ensure_ascii=False))
        return
    typer.echo(format_reports(reports))
    missed = [name for name, ok in targets.items() if not ok]
    typer.echo("targets: all met" if not missed else f"targets missed: {', '.join(missed)}")
