"""Canaries: seeded personal values and the secret key never leak where no value belongs.

Pipeline level (fake detector, every path: kept, redacted, dropped by consent, failed rows,
a failed task, broken input lines): no seeded value of any entity type, no profile field,
no raw member id and no form of the key appears in the audit, the manifest, the report,
the logs or the terminal; values the detector found are gone from the output text.
Real model (one run, marked `models`): every seeded entity type is caught in the text.
"""

from __future__ import annotations

import base64
import json
import logging
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from redact.run import RunOptions, run
from redact.synth import ENTITY_TYPES, generate_posts_with_truth, seeded_values
from tests.conftest import TEST_KEY
from tests.fakes import BOOM
from tests.reliability.faults import BAD_SPAN, BUG, BrokenDetectorFactory
from tests.reliability.rows import jsonl_line, manifest, shards, write_jsonl

KEY_FORMS = [TEST_KEY, TEST_KEY.encode().hex(), base64.b64encode(TEST_KEY.encode()).decode()]
PROFILE_COLUMNS = ("author_name", "author_handle", "author_email", "author_phone")


# -- what to look for, and where ----------------------------------------------------------------


def canaries(table: pa.Table, values: list[list[str]]) -> set[str]:
    """Seeded text values, profile fields, mentioned names and ids, and raw member ids."""
    found = {v for row in values for v in row}
    for col in (*PROFILE_COLUMNS, "author_id"):
        found.update(v for v in table[col].to_pylist() if v)
    for mentions in table["mentions"].to_pylist():
        for m in mentions or []:
            found.update(v for v in (m["name"], m["member_id"]) if v)
    return found


def leaks(haystack: str, needles: Iterable[str]) -> list[str]:
    """Needles found as whole words: a short first name may be part of a longer word."""
    return sorted(n for n in needles if re.search(r"(?<!\w)" + re.escape(n) + r"(?!\w)", haystack))


def output_texts(out: Path) -> Iterator[tuple[str, str]]:
    """(where, text) for every file of an output; Parquet files as their decoded rows."""
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        rel = path.relative_to(out).as_posix()
        if path.suffix == ".parquet":
            t = pq.read_table(path)
            yield rel, json.dumps(t.to_pylist(), default=str, ensure_ascii=False)
            yield f"{rel} (metadata)", repr(t.schema.metadata)
        yield f"{rel} (bytes)", path.read_bytes().decode("utf-8", "replace")


def assert_no_key(texts: Iterable[tuple[str, str]]) -> None:
    for where, text in texts:
        assert not [k for k in KEY_FORMS if k in text], f"the secret key leaked into {where}"


@pytest.fixture
def redact_log() -> Iterator[list[logging.LogRecord]]:
    """Every record of the `redact` loggers (the CLI replaces the root handlers, not these)."""
    records: list[logging.LogRecord] = []
    handler = logging.Handler(logging.DEBUG)
    handler.emit = records.append  # type: ignore[method-assign, assignment]
    logger = logging.getLogger("redact")
    logger.addHandler(handler)
    yield records
    logger.removeHandler(handler)


# -- pipeline level, fake detector --------------------------------------------------------------


@pytest.fixture(scope="module")
def sample() -> tuple[pa.Table, list[list[str]]]:
    batch, truth = next(generate_posts_with_truth(240, seed=11))
    assert {s.entity_type for spans in truth for s in spans} == set(
        ENTITY_TYPES
    )  # every type seeded
    table = pa.Table.from_batches([batch])
    cols = {
        name: table[name].to_pylist() for name in ("text", "country", "kind", "ai_training_opt_out")
    }
    for i, marker in ((3, BOOM), (50, BAD_SPAN), (130, BUG)):  # one row, one row, one task fail
        cols["text"][i] = f"{cols['text'][i]} {marker}"
        cols["country"][i], cols["kind"][i], cols["ai_training_opt_out"][i] = (
            "US",
            "post",
            False,
        )  # analyzed
    for name, column in cols.items():
        table = table.set_column(
            table.schema.get_field_index(name), table.schema.field(name), pa.array(column)
        )
    return table, seeded_values(batch, truth)


def test_no_seeded_value_or_key_leaks_from_a_run(
    sample: tuple[pa.Table, list[list[str]]],
    tmp_path: Path,
    cli: Any,
    use_detector: Any,
    redact_log: list[logging.LogRecord],
) -> None:
    table, values = sample
    pq.write_table(table, tmp_path / "in.parquet", row_group_size=40)
    use_detector(BrokenDetectorFactory())
    code, stdout, stderr = cli(
        "run",
        tmp_path / "in.parquet",
        "--out",
        tmp_path / "out",
        "--workers",
        1,
        "--rows-per-task",
        40,
    )
    assert code == 0 and "Rows" in stdout
    out = tmp_path / "out"
    reasons = manifest(out)["counts"]["by_reason"]
    assert {"error:detection", "error:transform", "error:task_failed", "region_excluded"} <= set(
        reasons
    )
    logs = "\n".join(r.getMessage() for r in redact_log)
    assert "shard 00003: it raised" in logs  # the failure paths did log
    needles = canaries(table, values)
    assert len(needles) > 200
    # Nowhere but the redacted text may a value appear; there, not the ones that were found.
    for where, text in [*output_texts(out), ("stdout", stdout), ("stderr", stderr), ("logs", logs)]:
        if where.startswith("data/"):
            continue  # the data holds what the fake cannot detect: checked column by column below
        assert leaks(text, needles) == [], where
    data = shards(out, "data")
    assert not set(PROFILE_COLUMNS) & set(data.column_names) and "mentions" not in data.column_names
    other = data.drop_columns(["text"]).to_pylist()
    assert leaks(json.dumps(other, default=str, ensure_ascii=False), needles) == []
    original = dict(zip(table["post_id"].to_pylist(), table["text"].to_pylist(), strict=True))
    redacted = dict(zip(data["post_id"].to_pylist(), data["text"].to_pylist(), strict=True))
    found = 0
    for rec in shards(out, "audit").to_pylist():
        for e in rec["entities"] if rec["action"] == "redacted" else []:
            value = original[rec["row_id"]][e["start"] : e["end"]]
            assert value not in redacted[rec["row_id"]], (rec["row_id"], e["type"])
            found += 1
    assert found > 50
    assert_no_key([*output_texts(out), ("terminal", stdout + stderr), ("logs", logs)])


CANARY = "Quentin Canary-Jones <qcj.canary@example.net> +33 6 12 34 56 78"


def test_no_value_or_key_leaks_from_errors(
    tmp_path: Path, cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Broken lines, a bad ledger, a bad column and a weak key: the messages name, never quote."""
    needles = ["Quentin Canary-Jones", "qcj.canary@example.net", "+33 6 12 34 56 78"]
    row = {
        "post_id": "p1",
        "author_id": "m1",
        "author_name": needles[0],
        "country": "US",
        "kind": "post",
        "lang": "en",
        "text": f"hello {CANARY}",
        "ai_training_opt_out": False,
        "ai_training_opt_in": None,
    }
    write_jsonl(
        tmp_path / "in.jsonl",
        [
            row,
            jsonl_line({**row, "post_id": "p2"})[:-20] + b"\n",  # cut: invalid JSON
            b'{"post_id": "p3", "text": "' + CANARY.encode("latin-1", "replace") + b'\xe9"}\n',
            jsonl_line({**row, "post_id": "p4", "ai_training_opt_out": CANARY}),
        ],
    )
    ledger = tmp_path / "ledger.csv"
    ledger.write_text(f"author_id,ai_training_opt_out\nm1,{CANARY}\n")
    bad = tmp_path / "bad.parquet"
    pq.write_table(
        pa.table({**{k: [v] for k, v in row.items()}, "ai_training_opt_out": [CANARY]}), bad
    )
    runs = [
        (0, ["run", tmp_path / "in.jsonl", "--out", tmp_path / "out", "--workers", 1]),
        (2, ["run", tmp_path / "in.jsonl", "--consent", ledger, "--out", tmp_path / "o2"]),
        (2, ["run", bad, "--out", tmp_path / "o3"]),
    ]
    terminal = ""
    for expected, args in runs:
        code, stdout, stderr = cli(*args)
        assert code == expected, stderr
        terminal += stdout + stderr
    monkeypatch.setenv("REDACT_SECRET_KEY", "qcj.canary@ex")
    code, stdout, stderr = cli("run", tmp_path / "in.jsonl", "--out", tmp_path / "o4")
    assert (code, stderr) == (
        2,
        "redact: error: the pseudonym key is 13 bytes; at least 16 are required\n",
    )
    assert (
        f"consent ledger {ledger}: 'ai_training_opt_out' has values that are not true/false"
        in terminal
    )
    assert f"{bad}: column 'ai_training_opt_out' must be boolean, not string" in terminal
    for where, text in [*output_texts(tmp_path / "out"), ("terminal", terminal)]:
        if where.startswith("data/"):
            continue  # checked below
        assert leaks(text, needles) == [], where
    data = shards(tmp_path / "out", "data").to_pylist()
    assert [r["post_id"] for r in data] == ["p1"]
    assert leaks(json.dumps(data, default=str, ensure_ascii=False), needles) == []
    assert [a["reason"] for a in shards(tmp_path / "out", "audit").to_pylist()] == [
        None,
        "error:invalid_json",
        "error:invalid_utf8",
        "error:bad_types",
    ]
    assert_no_key([*output_texts(tmp_path / "out"), ("terminal", terminal)])


def test_an_unparsable_ledger_line_is_not_quoted(tmp_path: Path, cli: Any) -> None:
    write_jsonl(
        tmp_path / "in.jsonl",
        [
            {
                "post_id": "p1",
                "author_id": "m1",
                "text": "hi",
                "country": "US",
                "kind": "post",
                "ai_training_opt_out": False,
            }
        ],
    )
    ledger = tmp_path / "ledger.csv"
    ledger.write_text(f"author_id,ai_training_opt_out\nm1,true\n{CANARY}\n")
    code, _, err = cli(
        "run", tmp_path / "in.jsonl", "--consent", ledger, "--out", tmp_path / "out", "-q"
    )
    assert code == 2 and err.startswith(f"redact: error: consent ledger {ledger}: unreadable")
    assert "canary" not in err.lower()


# -- real model ----------------------------------------------------------------------------------

PER_TYPE = 5  # rows per entity type in the real-model sample
# The types the issue names; PERSON is split: the author's own name vs anyone else's.
REAL_TYPES = [
    "EMAIL_ADDRESS",
    "PHONE_NUMBER",
    "PERSON_AUTHOR",
    "IBAN_CODE",
    "CREDIT_CARD",
    "IP_ADDRESS",
    "FR_NIR",
    "FR_SIRET",
    "PROFILE_URL",
    "HANDLE",
    "STREET_ADDRESS",
    "PERSON_OTHER",
]
LONG_ID = "long-text"


def _kind_of(entity_type: str, value: str, author: str | None) -> str:
    if entity_type != "PERSON":
        return entity_type
    return (
        "PERSON_AUTHOR" if author and set(value.split()) <= set(author.split()) else "PERSON_OTHER"
    )


@pytest.fixture(scope="module")
def real_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One run of the default policy with the real detector on rows that cover every type."""
    batch, truth = next(generate_posts_with_truth(800, seed=5))
    rows = batch.to_pylist()
    seeded = seeded_values(batch, truth)
    picked: list[int] = []
    per_kind: dict[str, int] = {}
    for i, (spans, values) in enumerate(zip(truth, seeded, strict=True)):
        row_kinds = {
            _kind_of(s.entity_type, v, rows[i]["author_name"])
            for s, v in zip(spans, values, strict=True)
        }
        if any(per_kind.get(k, 0) < PER_TYPE for k in row_kinds):
            picked.append(i)
            for k in row_kinds:
                per_kind[k] = per_kind.get(k, 0) + 1
    chosen = [
        {**rows[i], "country": "US", "kind": "post", "ai_training_opt_out": False} for i in picked
    ]
    # Longer than spaCy's max_length: it must be analyzed or dropped, never passed through.
    # In a file of its own, so that a failure of its batch does not slow the others down.
    long_text = "plain words here " * 70_000 + "reach me at long.canary@example.com"
    root = tmp_path_factory.mktemp("real")
    pq.write_table(pa.Table.from_pylist(chosen, schema=batch.schema), root / "in.parquet")
    long_row = [{**chosen[0], "post_id": LONG_ID, "text": long_text}]
    pq.write_table(pa.Table.from_pylist(long_row, schema=batch.schema), root / "long.parquet")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("REDACT_SECRET_KEY", TEST_KEY)
        run(
            RunOptions(
                inputs=[root / "in.parquet", root / "long.parquet"],
                out=root / "out",
                workers=1,
                quiet=True,
            )
        )
    kinds: dict[str, list[tuple[str, str]]] = {}
    for i in picked:
        for s, v in zip(truth[i], seeded[i], strict=True):
            kinds.setdefault(_kind_of(s.entity_type, v, rows[i]["author_name"]), []).append(
                (rows[i]["post_id"], v)
            )
    return {
        "out": root / "out",
        "kinds": kinds,
        "needles": {v for _, vs in kinds.items() for _, v in vs},
    }


@pytest.mark.models
@pytest.mark.parametrize("kind", REAL_TYPES)
def test_the_real_detector_removes_every_seeded_type(kind: str, real_run: dict[str, Any]) -> None:
    out = real_run["out"]
    texts = {r["post_id"]: r["text"] for r in shards(out, "data").to_pylist()}
    seeded = real_run["kinds"][kind]
    assert len(seeded) >= 2, f"the sample holds too few {kind} values"
    leaked = [pid for pid, value in seeded if leaks(texts.get(pid) or "", [value])]
    assert leaked == [], f"{len(leaked)} of {len(seeded)} {kind} values left in the output text"


@pytest.mark.models
def test_the_real_run_leaks_nothing_outside_the_text_and_fails_closed(
    real_run: dict[str, Any],
) -> None:
    out = real_run["out"]
    for where, text in output_texts(out):
        if not where.startswith("data/"):
            assert leaks(text, real_run["needles"]) == [], where
    assert_no_key(output_texts(out))
    record = next(r for r in shards(out, "audit").to_pylist() if r["row_id"] == LONG_ID)
    long_out: str | None = next(
        (r["text"] for r in shards(out, "data").to_pylist() if r["post_id"] == LONG_ID), None
    )
    if record["action"] == "dropped":
        assert record["reason"].startswith("error:")
    else:
        assert record["action"] == "redacted" and long_out is not None
        assert "long.canary@example.com" not in long_out
