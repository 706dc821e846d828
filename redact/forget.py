"""`redact forget` and `redact lineage`: find, and remove, a member's rows in written outputs.

An output holds no raw member id. Its audit log has, for every input row, the keyed
`user_key` of the author, so both verbs derive the user keys of the members asked about
with the current key (checked against the manifest's key fingerprint) and match those.

Which data row is which audit row: within a shard, the data file holds, in order, exactly
the audit rows whose action is `kept` or `redacted` and that no `forgotten` record covers
(a `forgotten` record has the `source` of the row it removed). Forget keeps every original
audit row and appends one `forgotten` record per removed row, so the audit stays a full
history and its accounting is: audit rows = rows_in + forgotten, data rows = kept +
redacted - forgotten (`counts.by_action` counts audit rows, `forgotten` included).

Atomicity: the new shard files are written under temporary names, then a journal naming
every swap and the new manifest is written atomically. From then on the forget is committed:
the swaps (each an atomic rename) and the manifest (last) follow, and should the process
die, the next forget, lineage or explain on the output finishes them (roll forward). Before
the journal exists, the output is untouched and leftover temporary files are cleaned up.
"""

from __future__ import annotations

import contextlib
import copy
import json
import logging
import os
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from redact import audit as A
from redact.consent import Ledger
from redact.errors import InputError, RedactError, SecretKeyError, VerificationError
from redact.io.writers import AUDIT_DIR, DATA_DIR, MANIFEST, file_sha256, fsync_dir, write_json_atomic
from redact.keys import Pseudonymizer, SecretKey, load_key
from redact.policy import KeySource, LedgerColumns
from redact.signing import sign

log = logging.getLogger(__name__)

FORGET_REQUEST = "forget_request"  # reason of a `forgotten` record for a member named by id
LEDGER = "ledger"  # reason of a `forgotten` record for a member whose ledger entry opts out
LIVE_ACTIONS = (A.KEPT, A.REDACTED)
JOURNAL = "_forget.journal.json"
TMP_SUFFIX = ".forget-tmp"
REPORT = "report.html"


class KeyMismatchError(SecretKeyError):
    """The current pseudonym key is not the one that wrote the output."""


class OutputMismatchError(VerificationError):
    """The output's files do not match its manifest, or its data does not match its audit."""


# -- reading an output ---------------------------------------------------------------------


def read_manifest(out: Path) -> dict[str, Any]:
    path = out / MANIFEST
    if not path.is_file():
        raise InputError(f"{out} is not a redact output (no {MANIFEST})")
    try:
        manifest = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        raise InputError(f"{path}: unreadable manifest") from None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("outputs"), dict):
        raise InputError(f"{path}: not a redact manifest (no outputs)")
    return manifest


def shard_pairs(manifest: Mapping[str, Any], out: Path) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(data, audit) manifest entries of each shard: the run writes them in the same order."""
    outputs = manifest["outputs"]
    data, audit = outputs.get("data") or [], outputs.get("audit") or []
    if len(data) != len(audit):
        raise OutputMismatchError(f"{out}: the manifest lists {len(data)} data and {len(audit)} audit shards")
    for entry, folder in [*((d, DATA_DIR) for d in data), *((a, AUDIT_DIR) for a in audit)]:
        # Forget rewrites these files: never follow a path out of the output's own folders.
        path = PurePosixPath(str(entry.get("path") if isinstance(entry, dict) else ""))
        if path.is_absolute() or len(path.parts) != 2 or path.parts[0] != folder or ".." in path.parts:
            raise OutputMismatchError(f"{out}: the manifest lists a shard outside {folder}/: run `redact verify`")
    return list(zip(data, audit, strict=True))


def find_outputs(paths: Sequence[Path]) -> list[Path]:
    """Each path is an output, or a folder searched for outputs (hidden folders skipped)."""
    found: list[Path] = []
    for path in paths:
        if (path / MANIFEST).is_file():
            found.append(path)
            continue
        if not path.is_dir():
            raise InputError(f"output not found: {path}")
        below = [
            m.parent
            for m in sorted(path.rglob(MANIFEST))
            if not any(part.startswith((".", "_")) for part in m.relative_to(path).parts[:-1])
        ]
        if not below:
            raise InputError(f"{path}: no redact output here or below (no {MANIFEST})")
        found.extend(below)
    return list(dict.fromkeys(found))


# -- the key ---------------------------------------------------------------------------------


def load_member_key(source: KeySource) -> SecretKey:
    key = load_key(source, required=True)
    assert key is not None  # required=True raises instead
    return key


def key_matches(key: SecretKey, manifest: Mapping[str, Any]) -> bool:
    return bool(manifest.get("key_fingerprint")) and manifest.get("key_fingerprint") == key.fingerprint


def check_key(key: SecretKey, manifest: Mapping[str, Any], out: Path) -> None:
    expected = manifest.get("key_fingerprint")
    if not expected:
        raise SecretKeyError(f"{out} was written without a pseudonym key: its audit has no user keys to match")
    if expected != key.fingerprint:
        raise KeyMismatchError(
            f"the pseudonym key differs from the one that wrote {out} (key fingerprint "
            f"{key.fingerprint}, output {expected}): set the key of that run"
        )


def opted_out_members(ledger: Path, columns: LedgerColumns) -> list[str]:
    """Members whose latest ledger entry opts out of AI training."""
    entries = Ledger.load(ledger, columns)
    flags = entries.opt_out.to_pylist()
    return [m for m, opted_out in zip(entries.members.to_pylist(), flags, strict=True) if opted_out]


def keys_with_reasons(key: SecretKey, members: Iterable[str], ledger_members: Iterable[str] = ()) -> dict[str, str]:
    """user_key -> the reason its rows are forgotten; a member named explicitly wins."""
    pseudo = Pseudonymizer(key)
    reasons = {pseudo.member(m): LEDGER for m in ledger_members}
    reasons.update({pseudo.member(m): FORGET_REQUEST for m in members})
    return reasons


# -- which audit rows are in the data --------------------------------------------------------


def live_mask(action: pa.ChunkedArray | pa.Array, source: pa.ChunkedArray | pa.Array) -> pa.Array:
    """Per audit row: is it a row of the data file now (kept or redacted, not forgotten)."""
    live = pc.is_in(action, value_set=pa.array(LIVE_ACTIONS, pa.string()))
    forgotten = pc.filter(source, pc.equal(action, A.FORGOTTEN))
    if len(forgotten):
        gone = pc.is_in(source, value_set=pc.unique(forgotten))
        live = pc.and_(live, pc.invert(gone))
    return live.combine_chunks() if isinstance(live, pa.ChunkedArray) else live


def _member_filter(keys: Iterable[str]) -> pc.Expression:
    # Typed: an empty list would be a null-typed value set, which Arrow refuses.
    return pc.field("user_key").isin(pa.array(sorted(keys), pa.string()))


# -- locking and the journal -------------------------------------------------------------------


@contextlib.contextmanager
def _locked(out: Path, *, wait: bool) -> Iterator[None]:
    """An exclusive lock on the output directory itself (it is never replaced by a forget)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: no concurrent-forget protection
        yield
        return
    fd = os.open(out, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            raise RedactError(f"another `redact forget` is running on {out}") from None
        yield
    finally:
        os.close(fd)  # releases the lock


def finish_interrupted(out: Path) -> bool:
    """Complete a committed forget that was interrupted; True when there was one.

    Temporary files of a forget that died before its commit are removed as well, unless a
    forget holds the output now (they may be its files in the making).
    """
    if not (out / JOURNAL).exists():
        if _stale_tmp(out):
            with contextlib.suppress(RedactError), _locked(out, wait=False):
                if not (out / JOURNAL).exists():
                    _remove_stale_tmp(out)
        return False
    with _locked(out, wait=True):
        journal_path = out / JOURNAL
        if not journal_path.exists():  # finished by another process while we waited
            return False
        _apply_journal(out, json.loads(journal_path.read_text("utf-8")))
    log.info("finished an interrupted forget on %s", out)
    return True


def _apply_journal(out: Path, journal: Mapping[str, Any]) -> None:
    for tmp, final in journal["renames"]:
        with contextlib.suppress(FileNotFoundError):  # already swapped before the interruption
            os.replace(out / tmp, out / final)
    for sub in (DATA_DIR, AUDIT_DIR):
        fsync_dir(out / sub)
    manifest = journal["manifest"]
    write_json_atomic(out / MANIFEST, manifest)
    if (out / REPORT).exists():
        from redact.report import write_html

        tmp_report = out / (REPORT + TMP_SUFFIX)
        write_html(tmp_report, manifest, title=f"redact run {manifest.get('run_id')}")
        os.replace(tmp_report, out / REPORT)
    (out / JOURNAL).unlink()
    fsync_dir(out)


def _stale_tmp(out: Path) -> list[Path]:
    return [p for sub in (out, out / DATA_DIR, out / AUDIT_DIR) for p in sub.glob("*" + TMP_SUFFIX)]


def _remove_stale_tmp(out: Path) -> None:
    for stale in _stale_tmp(out):
        stale.unlink()


# -- forget ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ForgetResult:
    out: Path
    members_requested: int
    members_matched: int  # members with at least one row removed
    rows_removed: int
    by_reason: dict[str, int]
    shards_rewritten: int
    dry_run: bool = False


@dataclass
class _ShardChange:
    index: int
    data_info: dict[str, Any]
    audit_info: dict[str, Any]
    keep: pa.Array  # bool over the data rows
    records: pa.Table  # the `forgotten` audit records to append
    reasons: Counter[str] = field(default_factory=Counter)
    members: set[str] = field(default_factory=set)


def forget(
    out: Path,
    members: Sequence[str] = (),
    *,
    ledger: Path | None = None,
    ledger_columns: LedgerColumns | None = None,
    key_source: KeySource | None = None,
    dry_run: bool = False,
) -> ForgetResult:
    """Remove every data row of `members` (and of opted-out ledger members) from `out`."""
    out = Path(out)
    if not members and ledger is None:
        raise RedactError("no members given: use --member, --members-file or --ledger")
    key = load_member_key(key_source or KeySource())
    ledger_members = opted_out_members(ledger, ledger_columns or LedgerColumns()) if ledger else []
    reasons = keys_with_reasons(key, members, ledger_members)
    # A clear error before taking the lock on something that is no output.
    if read_manifest(out).get("data_format", "parquet") != "parquet":
        raise RedactError(f"{out}: forget rewrites Parquet outputs only; this one was written with --format datasets")
    with _locked(out, wait=False):
        if (out / JOURNAL).exists():
            _apply_journal(out, json.loads((out / JOURNAL).read_text("utf-8")))
            log.info("finished an interrupted forget on %s", out)
        _remove_stale_tmp(out)
        manifest = read_manifest(out)
        check_key(key, manifest, out)
        changes = [
            change
            for index, (data_info, audit_info) in enumerate(shard_pairs(manifest, out))
            if (change := _plan_shard(out, index, data_info, audit_info, reasons)) is not None
        ]
        by_reason: Counter[str] = Counter()
        matched: set[str] = set()
        for change in changes:
            by_reason.update(change.reasons)
            matched |= change.members
        result = ForgetResult(
            out=out,
            members_requested=len(reasons),
            members_matched=len(matched),
            rows_removed=sum(by_reason.values()),
            by_reason=dict(sorted(by_reason.items())),
            shards_rewritten=len(changes),
            dry_run=dry_run,
        )
        if changes and not dry_run:
            ledger_sha = file_sha256(ledger) if ledger else None
            _commit(out, manifest, changes, result, sorted(matched), ledger_sha, key)
    return result


def _plan_shard(
    out: Path, index: int, data_info: dict[str, Any], audit_info: dict[str, Any], reasons: Mapping[str, str]
) -> _ShardChange | None:
    audit_path, data_path = out / audit_info["path"], out / data_info["path"]
    probe = pq.read_table(audit_path, columns=["user_key"], filters=_member_filter(reasons))
    if probe.num_rows == 0:
        return None
    for info, path in ((data_info, data_path), (audit_info, audit_path)):
        if info.get("sha256") and file_sha256(path) != info["sha256"]:
            raise OutputMismatchError(f"{path} does not match the manifest: run `redact verify {out}`")
    audit = pq.read_table(audit_path, schema=A.AUDIT_SCHEMA)
    live = pc.indices_nonzero(live_mask(audit["action"], audit["source"]))
    data_rows = pq.ParquetFile(data_path).metadata.num_rows
    if len(live) != data_rows:
        raise OutputMismatchError(
            f"{data_path} has {data_rows} rows but its audit lists {len(live)}: run `redact verify {out}`"
        )
    live_keys = pc.take(audit["user_key"], live)
    hit = pc.fill_null(pc.is_in(live_keys, value_set=pa.array(sorted(reasons), pa.string())), False)
    removed_at = pc.take(live, pc.indices_nonzero(hit))
    if len(removed_at) == 0:
        return None  # the member's rows here were dropped by the run, or already forgotten
    removed = audit.take(removed_at)
    user_keys = removed["user_key"].to_pylist()
    row_reasons = [reasons[k] for k in user_keys]
    n = removed.num_rows
    records = pa.table(
        {
            "row_id": removed["row_id"],
            "source": removed["source"],
            "user_key": removed["user_key"],
            "action": pa.array([A.FORGOTTEN] * n, pa.string()),
            "reason": pa.array(row_reasons, pa.string()),
            "entities": pa.array([[] for _ in range(n)], pa.list_(A.ENTITY_TYPE)),
            "policy_sha256": removed["policy_sha256"],
            "run_id": removed["run_id"],
        },
        schema=A.AUDIT_SCHEMA,
    )
    return _ShardChange(index, data_info, audit_info, pc.invert(hit), records, Counter(row_reasons), set(user_keys))


def _write_parquet(table: pa.Table, path: Path) -> dict[str, Any]:
    pq.write_table(table, path, compression="zstd")
    with path.open("rb") as fh:
        os.fsync(fh.fileno())
    return {"rows": table.num_rows, "bytes": path.stat().st_size, "sha256": file_sha256(path)}


def _commit(
    out: Path,
    manifest: dict[str, Any],
    changes: list[_ShardChange],
    result: ForgetResult,
    members: list[str],
    ledger_sha256: str | None,
    key: SecretKey,
) -> None:
    new = copy.deepcopy(manifest)
    renames: list[list[str]] = []
    for change in changes:
        data_rel, audit_rel = change.data_info["path"], change.audit_info["path"]
        data = pq.read_table(out / data_rel).filter(change.keep)
        audit = pa.concat_tables([pq.read_table(out / audit_rel, schema=A.AUDIT_SCHEMA), change.records])
        new["outputs"]["data"][change.index] = {
            **change.data_info,
            **_write_parquet(data, out / (data_rel + TMP_SUFFIX)),
        }
        new["outputs"]["audit"][change.index] = {
            **change.audit_info,
            **_write_parquet(audit, out / (audit_rel + TMP_SUFFIX)),
        }
        renames += [[data_rel + TMP_SUFFIX, data_rel], [audit_rel + TMP_SUFFIX, audit_rel]]
    counts = new.setdefault("counts", {})
    by_action = counts.setdefault("by_action", {})
    by_action[A.FORGOTTEN] = by_action.get(A.FORGOTTEN, 0) + result.rows_removed
    counts["forgotten"] = counts.get("forgotten", 0) + result.rows_removed
    entry: dict[str, Any] = {
        "at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "members": members,  # user keys, never raw ids
        "rows_removed": result.rows_removed,
        "by_reason": result.by_reason,
    }
    if ledger_sha256:
        entry["ledger_sha256"] = ledger_sha256
    new.setdefault("forgotten", []).append(entry)
    journal = {"renames": renames, "manifest": sign(new, key)}  # signed again: its content changed
    write_json_atomic(out / JOURNAL, journal)  # the commit point
    _apply_journal(out, journal)


# -- lineage -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class MemberRows:
    user_key: str
    held: int  # rows in the data now
    forgotten: int  # rows removed by a forget
    dropped: int  # rows the run dropped (consent, policy, errors): never in the data


@dataclass(frozen=True)
class LineageEntry:
    out: Path
    run_id: str | None
    created_at: str | None
    key_matches: bool
    members: tuple[MemberRows, ...] = ()

    @property
    def held(self) -> int:
        return sum(m.held for m in self.members)

    @property
    def touched(self) -> bool:
        """The output read rows of the member(s), whatever became of them."""
        return any(m.held or m.forgotten or m.dropped for m in self.members)

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d["out"] = str(self.out)
        d["held"] = self.held
        return d


def lineage(paths: Sequence[Path], members: Sequence[str], key_source: KeySource | None = None) -> list[LineageEntry]:
    """For each output under `paths`: how many rows of each member it holds, forgot, dropped."""
    if not members:
        raise RedactError("no members given: use --member or --members-file")
    key = load_member_key(key_source or KeySource())
    keys = list(keys_with_reasons(key, members))
    entries = []
    for out in find_outputs([Path(p) for p in paths]):
        finish_interrupted(out)
        manifest = read_manifest(out)
        run_id, created = manifest.get("run_id"), manifest.get("created_at")
        if not key_matches(key, manifest):
            entries.append(LineageEntry(out, run_id, created, key_matches=False))
            continue
        counts = {k: Counter[str]() for k in keys}
        for _data_info, audit_info in shard_pairs(manifest, out):
            _count_member_rows(out / audit_info["path"], counts)
        rows = tuple(MemberRows(k, c["held"], c["forgotten"], c["dropped"]) for k, c in counts.items())
        entries.append(LineageEntry(out, run_id, created, key_matches=True, members=rows))
    return entries


def _count_member_rows(audit_path: Path, counts: dict[str, Counter[str]]) -> None:
    table = pq.read_table(audit_path, columns=["source", "user_key", "action"], filters=_member_filter(counts))
    if table.num_rows == 0:
        return
    live = live_mask(table["action"], table["source"]).to_pylist()
    for user_key, action, is_live in zip(table["user_key"].to_pylist(), table["action"].to_pylist(), live, strict=True):
        if is_live:
            counts[user_key]["held"] += 1
        elif action == A.FORGOTTEN:
            counts[user_key]["forgotten"] += 1
        elif action == A.DROPPED:
            counts[user_key]["dropped"] += 1


def read_members_file(path: Path) -> list[str]:
    """One member id per line; blank lines and `#` comments are ignored."""
    try:
        lines = Path(path).read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        raise InputError(f"cannot read members file {path}") from None
    return [s for line in lines if (s := line.strip()) and not s.startswith("#")]


def format_lineage(entries: Sequence[LineageEntry]) -> str:
    """One line per output and member with rows in it; user keys, never member ids."""
    from redact.progress import printable

    header = ["output", "run_id", "member", "held", "forgotten", "dropped"]
    rows: list[list[str]] = []
    for e in entries:
        where, run = printable(str(e.out)), printable(str(e.run_id or "-"))
        if not e.key_matches:
            rows.append([where, run, "(another key)", "?", "?", "?"])
        for m in e.members:
            if m.held or m.forgotten or m.dropped:
                rows.append([where, run, m.user_key[:12], str(m.held), str(m.forgotten), str(m.dropped)])
    holding = sum(1 for e in entries if e.held)
    touched = sum(1 for e in entries if e.touched)
    footer = (
        f"{len(entries)} output(s) checked: {touched} read rows of the member(s), "
        f"{holding} still hold rows in their data"
    )
    if not rows:
        return footer
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = [
        "  ".join(c.rjust(w) if i >= 3 else c.ljust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True))).rstrip()
        for r in [header, *rows]
    ]
    return "\n".join([*lines, "", footer])
