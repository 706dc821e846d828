"""`redact explain`: the decision on one row and what was found in it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from redact.cli._app import app, setup_logging


@app.command("explain")
def explain_command(
    out: Annotated[Path, typer.Argument(help="An output directory written by `redact run`.")],
    row_id: Annotated[str, typer.Option("--row-id", help="The row's id (post_id by default, else file:row).")],
    show_values: Annotated[
        bool, typer.Option("--show-values", help="Also show the detected values (needs --input).")
    ] = False,
    input_path: Annotated[
        Path | None, typer.Option("--input", help="The input the run read, to show values from.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the explanation as JSON.")] = False,
) -> None:
    """Why a row was dropped, or which entities were found in it; no raw value unless asked."""
    setup_logging()
    from redact.explain import explain, format_explanation

    found = explain(out, row_id, show_values=show_values, input_path=input_path)
    if show_values:
        typer.echo("redact: showing raw values read from the input: treat this output as personal data", err=True)
    if as_json:
        typer.echo(json.dumps([e.to_json() for e in found], indent=2, sort_keys=True))
        return
    typer.echo("\n".join(format_explanation(e) for e in found), nl=False)
