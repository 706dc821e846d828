"""`redact lineage`: which outputs hold rows of a member."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from redact.cli._app import app, setup_logging


@app.command("lineage")
def lineage_command(
    outs: Annotated[list[Path], typer.Argument(help="Outputs, or folders searched for outputs.")],
    member: Annotated[list[str] | None, typer.Option("--member", "-m", help="Member id (repeatable).")] = None,
    members_file: Annotated[
        Path | None, typer.Option("--members-file", help="File of member ids, one per line.")
    ] = None,
    policy: Annotated[
        Path | None, typer.Option("--policy", "-p", help="Policy YAML: where the key comes from.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """List the outputs holding rows of the member(s), and the rows already forgotten or dropped."""
    setup_logging()
    from redact.cli.forget_cmd import gather_members
    from redact.forget import KeyMismatchError, format_lineage, lineage
    from redact.policy import Policy

    pol = Policy.load(policy) if policy else Policy.default()
    entries = lineage(outs, gather_members(member, members_file), key_source=pol.key)
    if as_json:
        typer.echo(json.dumps([e.to_json() for e in entries], indent=2, sort_keys=True))
    else:
        typer.echo(format_lineage(entries))
    other_key = [e for e in entries if not e.key_matches]
    if other_key:
        # After the listing, so the outputs that could be checked are still shown.
        raise KeyMismatchError(
            f"{len(other_key)} output(s) were written with another pseudonym key (or none): "
            "their rows cannot be matched with this key"
        )
