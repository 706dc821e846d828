"""`redact forget`: remove members' rows from a written output, in place and atomically."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from redact.cli._app import app, setup_logging


def gather_members(member: list[str] | None, members_file: Path | None) -> list[str]:
    from redact.forget import read_members_file

    ids = [m.strip() for m in member or [] if m.strip()]
    if members_file is not None:
        ids += read_members_file(members_file)
    return list(dict.fromkeys(ids))


@app.command("forget")
def forget_command(
    out: Annotated[Path, typer.Argument(help="An output directory written by `redact run`.")],
    member: Annotated[
        list[str] | None, typer.Option("--member", "-m", help="Member id to forget (repeatable).")
    ] = None,
    members_file: Annotated[
        Path | None, typer.Option("--members-file", help="File of member ids, one per line.")
    ] = None,
    ledger: Annotated[
        Path | None, typer.Option("--ledger", help="Forget every member whose latest ledger entry opts out.")
    ] = None,
    policy: Annotated[
        Path | None, typer.Option("--policy", "-p", help="Policy YAML: key source and ledger columns.")
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Count the rows to remove; change nothing.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors.")] = False,
) -> None:
    """Remove every row of the given members from OUT's data; the audit records the removal."""
    setup_logging(quiet)
    from redact.forget import forget
    from redact.policy import Policy

    pol = Policy.load(policy) if policy else Policy.default()
    result = forget(
        out,
        gather_members(member, members_file),
        ledger=ledger,
        ledger_columns=pol.consent.ledger,
        key_source=pol.key,
        dry_run=dry_run,
    )
    if as_json:
        payload = {
            "out": str(result.out),
            "dry_run": result.dry_run,
            "members_requested": result.members_requested,
            "members_matched": result.members_matched,
            "rows_removed": result.rows_removed,
            "by_reason": result.by_reason,
            "shards_rewritten": result.shards_rewritten,
        }
        typer.echo(json.dumps(payload, indent=2, sort_keys=True))
        return
    if quiet:
        return
    from redact.progress import printable

    where = printable(str(out))
    if result.rows_removed == 0:
        typer.echo(f"no rows of the {result.members_requested} member(s) in the data of {where}: nothing to remove")
        return
    verb = "would remove" if result.dry_run else "removed"
    typer.echo(
        f"{verb} {result.rows_removed} row(s) of {result.members_matched} member(s) from {where} "
        f"({result.shards_rewritten} shard(s))" + ("" if result.dry_run else "; the audit records them as forgotten")
    )
