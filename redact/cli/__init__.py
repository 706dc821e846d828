"""The `redact` command line.

Exit codes: 0 success; 2 user error (one line on stderr, no traceback; a bad option or
argument prints the usage line above the message, as click does); 1 anything else.
Set REDACT_DEBUG=1 to see tracebacks of unexpected errors.
"""

from __future__ import annotations

import os
import sys

from typer import Abort

# Typer 0.29 carries its own copy of click: a bad option or a missing argument raises that
# copy's exceptions, not those of the `click` package (which other dependencies install).
from typer._click.exceptions import ClickException

from redact.cli._app import app
from redact.errors import RedactError

# Importing the command modules registers their commands on `app`.
from redact.cli import commands as _commands  # noqa: F401  isort: skip


def main(argv: list[str] | None = None) -> int:
    try:
        # With standalone_mode=False click returns the exit code of an interrupted command
        # (e.g. 130 on Ctrl-C) instead of raising.
        rv = app(args=argv, prog_name="redact", standalone_mode=False)
        if isinstance(rv, int) and rv:
            return rv
    except RedactError as exc:
        print(f"redact: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except Abort:
        print("redact: aborted", file=sys.stderr)
        return 130
    except ClickException as exc:  # a usage error: what click prints, exit 2
        exc.show(file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("redact: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        if os.environ.get("REDACT_DEBUG"):
            raise
        print(f"redact: internal error: {type(exc).__name__} (set REDACT_DEBUG=1 for details)", file=sys.stderr)
        return 1
    return 0


def entry() -> None:
    sys.exit(main())
