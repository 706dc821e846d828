"""Consent enforcement, vectorized with `pyarrow.compute`.

For each row the consent stage computes the first drop reason that applies (contract order):
`consent_missing`, `opted_out`, `region_unknown`/`region_excluded`, `private_message`,
`kind_unknown`. A null reason means the member's consent allows training on the row.
A consent ledger (latest entry per member wins) overrides the row's opt-out flag.
Unknown is never treated as consent: the default dispositions are all `drop`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from redact.errors import ConsentLedgerError, InputError
from redact.policy import Consent, LedgerColumns, Policy

CONSENT_MISSING = "consent_missing"
OPTED_OUT = "opted_out"
REGION_UNKNOWN = "region_unknown"
REGION_EXCLUDED = "region_excluded"
PRIVATE_MESSAGE = "private_message"
KIND_UNKNOWN = "kind_unknown"

_TRUE_STRINGS = {"true", "1", "yes", "y", "t"}
_FALSE_STRINGS = {"false", "0", "no", "n", "f"}


@dataclass(frozen=True)
class Ledger:
    """The latest opt-out state of each member the ledger lists."""

    members: pa.Array  # string, unique
    opt_out: pa.Array  # bool, no nulls

    def __len__(self) -> int:
        return len(self.members)

    @classmethod
    def empty(cls) -> Ledger:
        return cls(pa.array([], pa.string()), pa.array([], pa.bool_()))

    @classmethod
    def load(cls, path: str | Path, columns: LedgerColumns) -> Ledger:
        p = Path(path)
        table = _read_ledger_table(p)
        return cls.from_table(table, columns, name=str(p))

    @classmethod
    def from_table(cls, table: pa.Table, columns: LedgerColumns, name: str = "<table>") -> Ledger:
        for col in (columns.member_column, columns.opt_out_column):
            if col not in table.column_names:
                raise ConsentLedgerError(f"consent ledger {name}: missing column {col!r}")
        member = _as_string(table[columns.member_column], name, columns.member_column)
        opt_out = _as_bool(table[columns.opt_out_column], name, columns.opt_out_column)
        if member.null_count:
            raise ConsentLedgerError(
                f"consent ledger {name}: {member.null_count} rows have a null {columns.member_column}"
            )
        if opt_out.null_count:
            raise ConsentLedgerError(
                f"consent ledger {name}: {opt_out.null_count} rows have a null {columns.opt_out_column}"
            )
        cols = {"member": member, "opt_out": opt_out}
        sort = [("member", "ascending")]
        changed = columns.changed_at_column
        if changed and changed in table.column_names:
            col = table[changed]
            if not (pa.types.is_timestamp(col.type) or pa.types.is_date(col.type) or pa.types.is_integer(col.type)):
                try:
                    col = pc.cast(col, pa.timestamp("us", tz="UTC"))
                except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
                    raise ConsentLedgerError(f"consent ledger {name}: {changed!r} is not a timestamp") from None
            cols["changed_at"] = col
            sort.append(("changed_at", "ascending"))
        # On equal timestamps, sorting opt_out ascending puts True last: opting out wins.
        sort.append(("opt_out", "ascending"))
        t = pa.table(cols).sort_by(sort)
        latest = t.group_by("member", use_threads=False).aggregate([("opt_out", "last")])
        return cls(latest["member"].combine_chunks(), latest["opt_out_last"].combine_chunks())


def _read_ledger_table(p: Path) -> pa.Table:
    if not p.exists():
        raise ConsentLedgerError(f"consent ledger not found: {p}")
    try:
        if p.suffix.lower() == ".csv":
            import pyarrow.csv as pacsv

            return pacsv.read_csv(p)
        import pyarrow.parquet as pq

        return pq.read_table(p)
    except (pa.ArrowInvalid, pa.ArrowIOError, OSError) as exc:
        # Arrow's parse errors quote the offending line, which may hold personal data:
        # only the kind of problem is reported.
        text = str(exc)
        if "CSV parse error" in text:
            detail = "CSV parse error: a line has the wrong number of columns or bad quoting"
        elif "Parquet" in text or "magic" in text.lower():
            detail = "not a valid Parquet file"
        else:
            detail = type(exc).__name__
        raise ConsentLedgerError(f"consent ledger {p}: unreadable ({detail})") from None


def _as_string(col: pa.ChunkedArray, name: str, column: str) -> pa.Array:
    arr = col.combine_chunks()
    if pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type):
        return arr.cast(pa.string())
    if pa.types.is_integer(arr.type):
        return arr.cast(pa.string())
    raise ConsentLedgerError(f"consent ledger {name}: {column!r} must be a string column, not {arr.type}")


def _as_bool(col: pa.ChunkedArray, name: str, column: str) -> pa.Array:
    arr = col.combine_chunks()
    if pa.types.is_boolean(arr.type):
        return arr
    if pa.types.is_integer(arr.type):
        if pc.any(pc.invert(pc.is_in(arr, pa.array([0, 1], arr.type)))).as_py():
            raise ConsentLedgerError(f"consent ledger {name}: {column!r} has values other than 0/1")
        return pc.equal(arr, 1)
    if pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type):
        lowered = pc.utf8_lower(pc.utf8_trim_whitespace(arr))
        truthy = pc.is_in(lowered, pa.array(sorted(_TRUE_STRINGS)))
        falsy = pc.is_in(lowered, pa.array(sorted(_FALSE_STRINGS)))
        bad = pc.and_(pc.invert(pc.or_(truthy, falsy)), pc.is_valid(arr))
        if pc.any(bad).as_py():
            raise ConsentLedgerError(f"consent ledger {name}: {column!r} has values that are not true/false")
        return pc.if_else(pc.is_valid(arr), truthy, pa.scalar(None, pa.bool_()))
    raise ConsentLedgerError(f"consent ledger {name}: {column!r} must be boolean, not {arr.type}")


class ConsentRules:
    """Computes the drop reason of every row of a batch, with no Python loop over rows."""

    def __init__(self, consent: Consent, ledger: Ledger | None = None) -> None:
        self.consent = consent
        self.ledger = ledger if ledger is not None else Ledger.empty()
        self._excluded = pa.array(sorted(consent.excluded_region_codes), pa.string())
        # Built once, not per batch: `is_in` value sets (same order as before, same results).
        self._opt_in_kinds = pa.array(list(consent.require_opt_in_kinds))
        self._allowed_kinds = pa.array(list(consent.allowed_kinds))

    @classmethod
    def from_policy(cls, policy: Policy, ledger: Ledger | None = None) -> ConsentRules:
        return cls(policy.consent, ledger)

    def reasons(self, batch: pa.RecordBatch, country_col: str | None, kind_col: str | None,
                user_col: str | None) -> pa.Array:  # fmt: skip
        """A string array: the drop reason per row, null where consent allows the row."""
        n = batch.num_rows
        c = self.consent
        conditions: list[pa.Array] = []
        labels: list[str] = []

        if c.opt_out_column:
            opt_out = _bool_column(batch, c.opt_out_column)
            if len(self.ledger) and user_col:
                ids = _string_column(batch, user_col)
                pos = pc.index_in(ids, value_set=self.ledger.members)
                from_ledger = pc.take(self.ledger.opt_out, pos)
                opt_out = pc.if_else(pc.is_valid(pos), from_ledger, opt_out)
            if c.unknown_consent == "drop":
                conditions.append(pc.is_null(opt_out))
                labels.append(CONSENT_MISSING)
            conditions.append(pc.fill_null(opt_out, False))
            labels.append(OPTED_OUT)

        if country_col and c.excluded_regions:
            country = pc.utf8_upper(pc.utf8_trim_whitespace(_string_column(batch, country_col)))
            well_formed = pc.fill_null(pc.match_substring_regex(country, r"^[A-Z]{2}$"), False)
            if c.unknown_region == "drop":
                conditions.append(pc.invert(well_formed))
                labels.append(REGION_UNKNOWN)
            conditions.append(pc.fill_null(pc.is_in(country, value_set=self._excluded), False))
            labels.append(REGION_EXCLUDED)

        kind = _string_column(batch, kind_col) if kind_col else None
        if kind is not None and c.require_opt_in_kinds:
            needs = pc.fill_null(pc.is_in(kind, value_set=self._opt_in_kinds), False)
            opted_in = (
                pc.fill_null(_bool_column(batch, c.opt_in_column), False) if c.opt_in_column else pa.array([False] * n)
            )
            conditions.append(pc.and_(needs, pc.invert(opted_in)))
            labels.append(PRIVATE_MESSAGE)
        if kind is not None and c.allowed_kinds and c.unknown_kind == "drop":
            known = pc.fill_null(pc.is_in(kind, value_set=self._allowed_kinds), False)
            conditions.append(pc.invert(known))
            labels.append(KIND_UNKNOWN)

        if not conditions:
            return pa.nulls(n, pa.string())
        cond = pa.StructArray.from_arrays(conditions, names=[f"c{i}" for i in range(len(conditions))])
        return pc.case_when(cond, *[pa.scalar(label) for label in labels])


def _column(batch: pa.RecordBatch, name: str) -> pa.Array:
    idx = batch.schema.get_field_index(name)
    if idx < 0:
        raise InputError(f"missing column {name!r}")
    return batch.column(idx)


def _string_column(batch: pa.RecordBatch, name: str) -> pa.Array:
    arr = _column(batch, name)
    if pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type):
        return arr.cast(pa.string())
    if pa.types.is_null(arr.type) or pa.types.is_integer(arr.type) or pa.types.is_dictionary(arr.type):
        return arr.cast(pa.string())
    raise InputError(f"column {name!r} must be a string column, not {arr.type}")


def _bool_column(batch: pa.RecordBatch, name: str) -> pa.Array:
    arr = _column(batch, name)
    if pa.types.is_boolean(arr.type):
        return arr
    if pa.types.is_null(arr.type):
        return arr.cast(pa.bool_())
    raise InputError(f"column {name!r} must be a boolean column, not {arr.type}")
