"""Small canonical inputs for the reliability tests, and readers of an output."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

MENTION = pa.struct([pa.field("member_id", pa.string()), pa.field("name", pa.string())])
# The canonical columns, all nullable so that tests can write nulls where they need them.
SCHEMA = pa.schema(
    [
        pa.field("post_id", pa.string()),
        pa.field("author_id", pa.string()),
        pa.field("author_name", pa.string()),
        pa.field("author_handle", pa.string()),
        pa.field("author_email", pa.string()),
        pa.field("author_phone", pa.string()),
        pa.field("country", pa.string()),
        pa.field("kind", pa.string()),
        pa.field("lang", pa.string()),
        pa.field("created_at", pa.timestamp("us", tz="UTC")),
        pa.field("text", pa.string()),
        pa.field("mentions", pa.list_(MENTION)),
        pa.field("ai_training_opt_out", pa.bool_()),
        pa.field("ai_training_opt_in", pa.bool_()),
    ]
)
FIRST = ("Ada", "Bruno", "Chloe", "Dmitri", "Elena", "Farid", "Greta")
LAST = ("Lovelace", "Marchetti", "Dubois", "Volkov", "Ferreira", "Haddad", "Lindqvist")
T0 = datetime(2024, 1, 1, tzinfo=UTC)


def post(i: int, **overrides: Any) -> dict[str, Any]:
    """Row `i` of a deterministic mix: mostly kept and redacted, some dropped by consent."""
    first, last = FIRST[i % len(FIRST)], LAST[(i // len(FIRST)) % len(LAST)]
    friend = f"{FIRST[(i + 3) % len(FIRST)]} {LAST[(i + 2) % len(LAST)]}"
    email = f"{first.lower()}.{last.lower()}{i}@example.com"
    phone = f"+1 415 555 {i % 10000:04d}"
    row: dict[str, Any] = {
        "post_id": f"p{i:05d}",
        "author_id": f"m{i % 37:03d}",
        "author_name": f"{first} {last}",
        "author_handle": f"{first.lower()}{last.lower()}",
        "author_email": email,
        "author_phone": phone,
        "country": ("US", "US", "CA", "IN", "FR")[i % 5],  # FR: region_excluded
        "kind": ("post", "comment", "post", "message")[i % 4],
        "lang": "en",
        "created_at": T0 + timedelta(minutes=i),
        "text": f"Post {i} by {first} {last}: write to {email} or call {phone}. Thanks {friend}!",
        "mentions": [{"member_id": f"m{(i + 5) % 37:03d}", "name": friend}],
        "ai_training_opt_out": None if i % 11 == 0 else i % 7 == 0,
        "ai_training_opt_in": i % 8 == 3,
    }
    row.update(overrides)
    return row


def posts(n: int, start: int = 0) -> list[dict[str, Any]]:
    return [post(i) for i in range(start, start + n)]


def write_parquet(
    path: Path,
    rows: Sequence[dict[str, Any]],
    row_group_size: int = 1000,
    schema: pa.Schema = SCHEMA,
    **kw: Any,
) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(
        pa.Table.from_pylist(list(rows), schema=schema), path, row_group_size=row_group_size, **kw
    )
    return path


def jsonl_line(row: dict[str, Any]) -> bytes:
    plain = {
        k: (v.strftime("%Y-%m-%dT%H:%M:%SZ") if isinstance(v, datetime) else v)
        for k, v in row.items()
    }
    return json.dumps(plain, ensure_ascii=False).encode("utf-8") + b"\n"


def write_jsonl(path: Path, lines: Iterable[dict[str, Any] | bytes]) -> Path:
    """Rows as JSON lines; `bytes` items are written verbatim (broken lines)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"".join(x if isinstance(x, bytes) else jsonl_line(x) for x in lines))
    return path


def manifest(out: Path) -> dict[str, Any]:
    return dict(json.loads((out / "manifest.json").read_text("utf-8")))


def shards(out: Path, kind: str) -> pa.Table:
    """All data or audit shards of an output, in manifest order."""
    entries = manifest(out)["outputs"][kind]
    tables = [pq.read_table(out / e["path"]) for e in entries]
    return pa.concat_tables(tables) if tables else pa.table({})


def audit_by_id(out: Path) -> dict[str, dict[str, Any]]:
    rows = shards(out, "audit").to_pylist()
    by_id = {r["row_id"]: r for r in rows}
    assert len(by_id) == len(rows), "row ids are not unique in this output"
    return by_id


def data_by_id(out: Path) -> dict[str, dict[str, Any]]:
    return {r["post_id"]: r for r in shards(out, "data").to_pylist()}
