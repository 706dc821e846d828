"""Bad input: each case gives one clear line and exit 2, or the outcome the policy defines.

Never a traceback, never a silently wrong output. Error cases run the CLI; handled cases
assert the exact audit record (action, reason, source) and output text of every row.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from redact.io.writers import partial_dir_for
from redact.keys import Pseudonymizer, SecretKey
from redact.verify import verify_output
from tests.conftest import TEST_KEY
from tests.reliability.rows import (
    SCHEMA,
    audit_by_id,
    data_by_id,
    jsonl_line,
    manifest,
    post,
    posts,
    shards,
    write_jsonl,
    write_parquet,
)

Cli = Callable[..., tuple[int, str, str]]
PSEUDO = Pseudonymizer(SecretKey(TEST_KEY.encode()))
CANARY = "zelda.canary@example.org"  # a value that must never show in an error


def kept(i: int, **overrides: Any) -> dict[str, Any]:
    """A row consent keeps, unless `overrides` change that."""
    return post(i, **{"country": "US", "kind": "post", "ai_training_opt_out": False, **overrides})


def tag(entity: str, value: str) -> str:
    return f"<{entity}_{PSEUDO.entity(entity, value)}>"


def run_ok(cli: Cli, inputs: Path, out: Path, *extra: object) -> dict[str, Any]:
    code, _, err = cli("run", inputs, "--out", out, "--workers", 1, "-q", *extra)
    assert code == 0, err
    assert verify_output(out).problems == []
    return manifest(out)


def assert_one_line_error(cli: Cli, args: list[object], pattern: str, tmp_path: Path) -> None:
    code, _, err = cli(*args, "--quiet")
    assert code == 2
    assert re.fullmatch(f"redact: error: {pattern}\n", err), err
    assert "Traceback" not in err and CANARY not in err
    assert not (tmp_path / "out").exists()


# -- inputs that stop the run: one line, exit 2 ---------------------------------------------------


def truncated(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def corrupt_text_page(path: Path) -> None:
    """Flip bytes in the middle of the first `text` page; the footer stays intact."""
    meta = pq.ParquetFile(path).metadata.row_group(0)
    col = next(
        meta.column(i) for i in range(meta.num_columns) if meta.column(i).path_in_schema == "text"
    )
    data = bytearray(path.read_bytes())
    middle = col.data_page_offset + col.total_compressed_size // 2
    for k in range(middle, middle + 16):
        data[k] ^= 0x5A
    path.write_bytes(bytes(data))


def write_table(path: Path, table: pa.Table, **kw: Any) -> None:
    pq.write_table(table, path, **kw)


def canonical(rows: list[dict[str, Any]]) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=SCHEMA)


def _with_column(table: pa.Table, name: str, values: pa.Array) -> pa.Table:
    return table.set_column(table.schema.get_field_index(name), name, values)


@pytest.mark.parametrize(
    ("case", "pattern"),
    [
        ("truncated_parquet", r"{f}: cannot read parquet input \(.+\)"),
        ("empty_file", r"{f}: cannot read parquet input \(.+\)"),
        ("not_parquet", r"{f}: cannot read parquet input \(.+\)"),
        ("corrupt_page", r"{f}: corrupt or truncated parquet input \(.+\)"),
        (
            "corrupt_page_checksum",
            r"{f}: corrupt or truncated parquet input \(could not verify page integrity.*\)",
        ),
        ("text_is_int", r"{f}: column 'text' must be string, not int64"),
        ("opt_out_is_string", r"{f}: column 'ai_training_opt_out' must be boolean, not string"),
        ("missing_country", r"{f}: missing column 'country' required by the policy"),
        ("missing_text", r"{f}: missing column 'text' required by the policy"),
        ("jsonl_all_garbage", r"{f}: no valid JSON object lines"),
        ("jsonl_text_is_number", r"{f}: column 'text' must be string, not int64"),
        (
            "unknown_format",
            r"{f}: unknown input format \(expected Parquet, Arrow IPC/Feather or JSON Lines\)",
        ),
        ("not_found", r"input not found: {f}"),
    ],
)
def test_unusable_input_is_one_line_and_exit_2(
    case: str, pattern: str, tmp_path: Path, cli: Cli
) -> None:
    rows = posts(40)
    rows[0]["text"] = f"mail {CANARY}"
    f = tmp_path / (
        "in.jsonl"
        if case.startswith("jsonl")
        else "in.txt"
        if case == "unknown_format"
        else "in.parquet"
    )
    table = canonical(rows)
    if case in ("truncated_parquet", "corrupt_page", "corrupt_page_checksum"):
        write_table(f, table, row_group_size=20, write_page_checksum=case.endswith("checksum"))
        (truncated if case == "truncated_parquet" else corrupt_text_page)(f)
    elif case == "empty_file":
        f.write_bytes(b"")
    elif case in ("not_parquet", "unknown_format"):
        f.write_text(f"post_id,text\np1,{CANARY}\n")
    elif case == "text_is_int":
        write_table(f, _with_column(table, "text", pa.array(range(40), pa.int64())))
    elif case == "opt_out_is_string":
        write_table(f, _with_column(table, "ai_training_opt_out", pa.array([CANARY] * 40)))
    elif case.startswith("missing_"):
        write_table(f, table.drop_columns([case.removeprefix("missing_")]))
    elif case == "jsonl_all_garbage":
        f.write_bytes(b"\x00\x01garbage\n" + CANARY.encode() + b"\n[1, 2]\n")
    elif case == "jsonl_text_is_number":
        write_jsonl(f, [kept(i, text=i) for i in range(5)])
    pattern = pattern.format(f=re.escape(str(f)))
    assert_one_line_error(
        cli, ["run", f, "--out", tmp_path / "out", "--workers", 1], pattern, tmp_path
    )


@pytest.mark.parametrize(
    ("content", "pattern"),
    [
        (
            b"author_id,changed_at\nm001,2024-01-01\n",
            r"consent ledger {f}: missing column 'ai_training_opt_out'",
        ),
        (
            b"author_id,ai_training_opt_out\nm001,maybe\n" + CANARY.encode() + b",yes\n",
            r"consent ledger {f}: 'ai_training_opt_out' has values that are not true/false",
        ),
        (
            pa.table({"author_id": ["m001", None], "ai_training_opt_out": [True, False]}),
            r"consent ledger {f}: 1 rows have a null author_id",
        ),
        (
            b"author_id,ai_training_opt_out,changed_at\nm001,true,yesterday\n",
            r"consent ledger {f}: 'changed_at' is not a timestamp",
        ),
        (b'author_id,ai_training_opt_out\n"m001,true\n', r"consent ledger {f}: unreadable \(.+\)"),
        (None, r"consent ledger not found: {f}"),
    ],
    ids=[
        "missing_column",
        "not_boolean",
        "null_member",
        "bad_timestamp",
        "unterminated_quote",
        "not_found",
    ],
)
def test_malformed_ledger_is_one_line_and_exit_2(
    content: bytes | pa.Table | None, pattern: str, tmp_path: Path, cli: Cli
) -> None:
    write_parquet(tmp_path / "in.parquet", posts(10))
    ledger = tmp_path / ("ledger.parquet" if isinstance(content, pa.Table) else "ledger.csv")
    if isinstance(content, pa.Table):
        pq.write_table(content, ledger)
    elif content is not None:
        ledger.write_bytes(content)
    args = [
        "run",
        tmp_path / "in.parquet",
        "--consent",
        ledger,
        "--out",
        tmp_path / "out",
        "--workers",
        1,
    ]
    assert_one_line_error(cli, args, pattern.format(f=re.escape(str(ledger))), tmp_path)


def test_a_file_corrupt_mid_run_publishes_nothing(tmp_path: Path, cli: Cli) -> None:
    """The corrupt page is met by a worker after other shards were written: still exit 2."""
    f = tmp_path / "in.parquet"
    write_table(f, canonical(posts(100)), row_group_size=20)
    meta = pq.ParquetFile(f).metadata
    assert meta.num_row_groups == 5
    data = bytearray(f.read_bytes())
    rg = meta.row_group(3)
    col = next(rg.column(i) for i in range(rg.num_columns) if rg.column(i).path_in_schema == "text")
    middle = col.data_page_offset + col.total_compressed_size // 2
    data[middle : middle + 16] = bytes(b ^ 0x5A for b in data[middle : middle + 16])
    f.write_bytes(bytes(data))
    args = ["run", f, "--out", tmp_path / "out", "--workers", 1, "--rows-per-task", 20]
    pattern = rf"{re.escape(str(f))}: corrupt or truncated parquet input \(.+\)"
    assert_one_line_error(cli, args, pattern, tmp_path)
    assert len(list((partial_dir_for(tmp_path / "out") / "_progress").glob("part-*.json"))) == 3


# -- inputs the policy handles: exact per-row outcomes ------------------------------------------


def test_null_empty_and_blank_texts_are_kept_as_they_are(tmp_path: Path, cli: Cli) -> None:
    rows = [kept(0, text=None), kept(1, text=""), kept(2, text="   "), kept(3)]
    write_parquet(tmp_path / "in.parquet", rows)
    run_ok(cli, tmp_path / "in.parquet", tmp_path / "out")
    audit, data = audit_by_id(tmp_path / "out"), data_by_id(tmp_path / "out")
    assert [
        (audit[k]["action"], audit[k]["reason"], data[k]["text"])
        for k in ("p00000", "p00001", "p00002")
    ] == [
        ("kept", None, None),
        ("kept", None, ""),
        ("kept", None, "   "),
    ]
    assert audit["p00003"]["action"] == "redacted"


def test_a_5_mb_text_is_analyzed_in_full(tmp_path: Path, cli: Cli) -> None:
    filler = "lorem ipsum dolor sit amet " * 200_000  # 5.4 MB
    middle, end = "first.person@example.com", "last.person@example.com"
    text = f"{filler}{middle} {filler}{end}"
    assert len(text.encode()) > 5_000_000
    write_parquet(tmp_path / "in.parquet", [kept(0, text=text, mentions=[]), kept(1)])
    m = run_ok(cli, tmp_path / "in.parquet", tmp_path / "out")
    out_text = data_by_id(tmp_path / "out")["p00000"]["text"]
    assert out_text == f"{filler}{tag('EMAIL_ADDRESS', middle)} {filler}{tag('EMAIL_ADDRESS', end)}"
    entities = audit_by_id(tmp_path / "out")["p00000"]["entities"]
    assert [(e["type"], text[e["start"] : e["end"]]) for e in entities] == [
        ("EMAIL_ADDRESS", middle),
        ("EMAIL_ADDRESS", end),
    ]
    assert m["counts"]["by_action"] == {"kept": 0, "redacted": 2, "dropped": 0}


def test_broken_jsonl_lines_are_dropped_with_their_error(tmp_path: Path, cli: Cli) -> None:
    good = [kept(i) for i in range(10)]
    lines: list[dict[str, Any] | bytes] = [
        good[0],
        b'{"post_id": "x1", "text": "caf\xe9 ' + CANARY.encode() + b'"}\n',  # latin-1, not UTF-8
        good[1],
        b'{"post_id": "x2", "text": "unterminated\n',
        good[2],
        b"[1, 2, 3]\n",
        b"\n",
        good[3],
        jsonl_line({**kept(4), "text": {"nested": CANARY}}),
        jsonl_line(good[5]).replace(b"Post 5", b"Post \\ud800 5"),  # a lone surrogate escape
        b"[" * 100_000 + b"\n",
        good[6],
        jsonl_line(good[7]).rstrip(b"\n")[:-5],  # the last line, cut short, no newline
    ]
    write_jsonl(tmp_path / "in.jsonl", lines)
    m = run_ok(cli, tmp_path / "in.jsonl", tmp_path / "out")
    audit = shards(tmp_path / "out", "audit").to_pylist()
    got = [(a["source"].rsplit(":", 1)[1], a["row_id"], a["action"], a["reason"]) for a in audit]
    assert got == [
        ("0", "p00000", "redacted", None),
        ("1", f"{tmp_path / 'in.jsonl'}:1", "dropped", "error:invalid_utf8"),
        ("2", "p00001", "redacted", None),
        ("3", f"{tmp_path / 'in.jsonl'}:3", "dropped", "error:invalid_json"),
        ("4", "p00002", "redacted", None),
        ("5", f"{tmp_path / 'in.jsonl'}:5", "dropped", "error:not_an_object"),
        ("6", f"{tmp_path / 'in.jsonl'}:6", "dropped", "error:empty_line"),
        ("7", "p00003", "redacted", None),
        ("8", f"{tmp_path / 'in.jsonl'}:8", "dropped", "error:bad_types"),
        ("9", f"{tmp_path / 'in.jsonl'}:9", "dropped", "error:invalid_utf8"),
        ("10", f"{tmp_path / 'in.jsonl'}:10", "dropped", "error:invalid_json"),
        ("11", "p00006", "redacted", None),
        ("12", f"{tmp_path / 'in.jsonl'}:12", "dropped", "error:invalid_json"),
    ]
    assert m["counts"]["rows_in"] == 13
    assert set(data_by_id(tmp_path / "out")) == {"p00000", "p00001", "p00002", "p00003", "p00006"}


def test_invalid_utf8_in_a_parquet_string_drops_that_row(tmp_path: Path, cli: Cli) -> None:
    table = canonical([kept(i) for i in range(4)])
    texts = [t.encode() for t in table["text"].to_pylist()]
    texts[2] = b"caf\xe9 \xff\xfe"
    offsets = [0]
    for t in texts:
        offsets.append(offsets[-1] + len(t))
    bad = pa.StringArray.from_buffers(
        4, pa.array(offsets, pa.int32()).buffers()[1], pa.py_buffer(b"".join(texts))
    )
    write_table(tmp_path / "in.parquet", _with_column(table, "text", bad))
    run_ok(cli, tmp_path / "in.parquet", tmp_path / "out")
    audit = shards(tmp_path / "out", "audit").to_pylist()
    assert [(a["row_id"], a["action"], a["reason"]) for a in audit] == [
        ("p00000", "redacted", None),
        ("p00001", "redacted", None),
        (f"{tmp_path / 'in.parquet'}:2", "dropped", "error:invalid_utf8"),
        ("p00003", "redacted", None),
    ]


def test_duplicate_ids_are_two_rows_each_audited_once(tmp_path: Path, cli: Cli) -> None:
    rows = [kept(0), kept(1, post_id="p00000"), kept(2, post_id="p00000", country="DE")]
    write_parquet(tmp_path / "in.parquet", rows)
    run_ok(cli, tmp_path / "in.parquet", tmp_path / "out")
    audit = shards(tmp_path / "out", "audit").to_pylist()
    f = tmp_path / "in.parquet"
    assert [(a["row_id"], a["source"], a["action"], a["reason"]) for a in audit] == [
        ("p00000", f"{f}:0", "redacted", None),
        ("p00000", f"{f}:1", "redacted", None),
        ("p00000", f"{f}:2", "dropped", "region_excluded"),
    ]
    assert shards(tmp_path / "out", "data")["post_id"].to_pylist() == ["p00000", "p00000"]


UNICODE_CASES = [
    # (author name, text template with {email} and {name}): emoji (astral), RTL, combining marks
    (
        "Zoe\u0308 Ha\u030askon",
        "\U0001f44b\U0001f3fd Hi! I am {name} \U0001f600, "
        "write to {email} \U0001f4e7\U0001f1eb\U0001f1f7",
    ),
    (
        "\u0633\u0627\u0631\u0629 \u0639\u0644\u064a",
        "\u0645\u0631\u062d\u0628\u0627 \u0623\u0646\u0627 {name}\u060c "
        "\u0631\u0627\u0633\u0644\u0646\u064a {email} \u0634\u0643\u0631\u0627",
    ),
    (
        "\u05d3\u05e0\u05d4 \u05dc\u05d5\u05d9",
        "\u200f\u05e9\u05dc\u05d5\u05dd, {name} \u05db\u05d0\u05df: {email}\u200e!",
    ),
    ("A\u0301ngel Nu\u0303n\u0303ez", "{name}\u0327\u0301 e\u0301crit a\u0300 {email}\u0301"),
]


@pytest.mark.parametrize(
    ("name", "template"), UNICODE_CASES, ids=["emoji", "arabic", "hebrew", "combining"]
)
def test_unicode_offsets_are_code_points_and_nothing_shifts(
    name: str, template: str, tmp_path: Path, cli: Cli
) -> None:
    email = "someone@example.com"
    text = template.format(name=name, email=email)
    write_parquet(tmp_path / "in.parquet", [kept(0, text=text, author_name=name, mentions=[])])
    run_ok(cli, tmp_path / "in.parquet", tmp_path / "out")
    expected = template.format(name=tag("PERSON", name), email=tag("EMAIL_ADDRESS", email))
    assert data_by_id(tmp_path / "out")["p00000"]["text"] == expected
    entities = audit_by_id(tmp_path / "out")["p00000"]["entities"]
    assert sorted((e["type"], text[e["start"] : e["end"]]) for e in entities) == [
        ("EMAIL_ADDRESS", email),
        ("PERSON", name),
    ]


def test_unknown_lang_and_kind_follow_the_policy(tmp_path: Path, cli: Cli) -> None:
    rows = [
        kept(0, lang="xx"),  # unknown language: routed to a supported one, still analyzed
        kept(1, lang="klingon-KL"),
        kept(2, lang=None),
        kept(3, lang="fr-FR"),
        kept(4, kind="story"),  # unknown kind: dropped (fail closed)
        kept(5, kind="POST"),
        kept(6, kind=None),
        kept(7, country=None),  # unknown region: dropped
        kept(8, country="zz9"),
        kept(9, author_id=None, ai_training_opt_out=None),  # unknown member and consent
    ]
    write_parquet(tmp_path / "in.parquet", rows)
    m = run_ok(cli, tmp_path / "in.parquet", tmp_path / "out")
    audit = audit_by_id(tmp_path / "out")
    assert {k: (a["action"], a["reason"]) for k, a in audit.items()} == {
        "p00000": ("redacted", None),
        "p00001": ("redacted", None),
        "p00002": ("redacted", None),
        "p00003": ("redacted", None),
        "p00004": ("dropped", "kind_unknown"),
        "p00005": ("dropped", "kind_unknown"),
        "p00006": ("dropped", "kind_unknown"),
        "p00007": ("dropped", "region_unknown"),
        "p00008": ("dropped", "region_unknown"),
        "p00009": ("dropped", "consent_missing"),
    }
    assert audit["p00009"]["user_key"] is None
    assert m["counts"]["rows_by_language"] == {"en": 3, "fr": 1}
    assert all("@example.com" not in r["text"] for r in data_by_id(tmp_path / "out").values())


def test_jsonl_with_a_wrong_typed_cell_keeps_the_rest(tmp_path: Path, cli: Cli) -> None:
    rows: list[dict[str, Any] | bytes] = [kept(i) for i in range(4)]
    rows[1] = {**kept(1), "ai_training_opt_out": "no"}  # a string where a boolean belongs
    write_jsonl(tmp_path / "in.jsonl", rows)
    run_ok(cli, tmp_path / "in.jsonl", tmp_path / "out")
    audit = shards(tmp_path / "out", "audit").to_pylist()
    assert [(a["action"], a["reason"]) for a in audit] == [
        ("redacted", None),
        ("dropped", "error:bad_types"),
        ("redacted", None),
        ("redacted", None),
    ]
    assert json.dumps(audit, default=str).count("example.com") == 0
