"""Canonical posts: schema, determinism, ground truth, distributions, offline generation."""

from __future__ import annotations

import collections
import random
import re
from pathlib import Path
from typing import Any

import phonenumbers
import pyarrow as pa
import pyarrow.json as pa_json
import pyarrow.parquet as pq
import pytest

from redact.regions import EEA
from redact.synth import (
    CANONICAL_SCHEMA,
    ENTITY_TYPES,
    TruthSpan,
    build_members,
    checksums,
    generate_posts,
    generate_posts_with_truth,
    seeded_values,
    vocab,
    write_posts,
)
from redact.synth.phones import PHONE_PLANS, format_phone

Sample = tuple[pa.Table, list[list[TruthSpan]]]
EXCLUDED = EEA | {"GB", "CH"}

EXPECTED_TYPES = [
    ("post_id", pa.string(), False),
    ("author_id", pa.string(), False),
    ("author_name", pa.string(), True),
    ("author_handle", pa.string(), True),
    ("author_email", pa.string(), True),
    ("author_phone", pa.string(), True),
    ("country", pa.string(), False),
    ("kind", pa.string(), False),
    ("lang", pa.string(), True),
    ("created_at", pa.timestamp("us", tz="UTC"), False),
    ("text", pa.string(), False),
    (
        "mentions",
        pa.list_(pa.struct([("member_id", pa.string()), ("name", pa.string())])),
        False,
    ),
    ("ai_training_opt_out", pa.bool_(), True),
    ("ai_training_opt_in", pa.bool_(), True),
]


def test_schema_is_exactly_the_canonical_one(sample: Sample) -> None:
    table, _ = sample
    assert [(f.name, f.type, f.nullable) for f in CANONICAL_SCHEMA] == EXPECTED_TYPES
    assert table.schema == CANONICAL_SCHEMA


def test_same_seed_same_rows_whatever_the_batch_size() -> None:
    one = pa.Table.from_batches(list(generate_posts(300, seed=5, batch_size=300)))
    many = pa.Table.from_batches(list(generate_posts(300, seed=5, batch_size=7)))
    assert [b.num_rows for b in generate_posts(300, seed=5, batch_size=128)] == [128, 128, 44]
    assert one.equals(many)
    other_seed = pa.Table.from_batches(list(generate_posts(300, seed=6, batch_size=300)))
    assert not one.equals(other_seed)
    assert one.column("text").to_pylist() != other_seed.column("text").to_pylist()


def test_truth_does_not_depend_on_batch_size() -> None:
    whole = [t for _, truth in generate_posts_with_truth(200, 3, batch_size=200) for t in truth]
    cut = [t for _, truth in generate_posts_with_truth(200, 3, batch_size=9) for t in truth]
    assert whole == cut


def test_zero_rows_yields_nothing() -> None:
    assert list(generate_posts(0, seed=1)) == []


@pytest.mark.parametrize("fmt", ["parquet", "jsonl"])
def test_written_files_are_byte_identical_for_the_same_seed(tmp_path: Path, fmt: str) -> None:
    first, second = tmp_path / f"a.{fmt}", tmp_path / f"b.{fmt}"
    write_posts(first, 250, seed=9, row_group_size=100, format=fmt)  # type: ignore[arg-type]
    write_posts(second, 250, seed=9, row_group_size=100, format=fmt)  # type: ignore[arg-type]
    assert first.read_bytes() == second.read_bytes()
    assert not list(tmp_path.glob(".*partial"))


def test_parquet_and_jsonl_hold_the_same_rows(tmp_path: Path) -> None:
    write_posts(tmp_path / "p.parquet", 250, seed=9, row_group_size=100)
    write_posts(tmp_path / "p.jsonl", 250, seed=9, format="jsonl")
    from_parquet = pq.read_table(tmp_path / "p.parquet")
    assert pq.ParquetFile(tmp_path / "p.parquet").metadata.num_row_groups == 3
    from_jsonl = pa_json.read_json(
        tmp_path / "p.jsonl", parse_options=pa_json.ParseOptions(explicit_schema=CANONICAL_SCHEMA)
    )
    assert from_parquet.schema == CANONICAL_SCHEMA
    assert from_jsonl.cast(CANONICAL_SCHEMA).equals(from_parquet)


def test_zero_rows_writes_an_empty_file_with_the_schema(tmp_path: Path) -> None:
    write_posts(tmp_path / "empty.parquet", 0)
    table = pq.read_table(tmp_path / "empty.parquet")
    assert table.num_rows == 0 and table.schema == CANONICAL_SCHEMA


def test_unknown_format_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="format"):
        write_posts(tmp_path / "x.csv", 10, format="csv")  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []


def test_truth_spans_point_at_the_embedded_values(sample: Sample) -> None:
    table, truth = sample
    seen_types: collections.Counter[str] = collections.Counter()
    for text, spans in zip(table.column("text").to_pylist(), truth, strict=True):
        previous_end = 0
        for span in spans:
            assert span.entity_type in ENTITY_TYPES
            assert previous_end <= span.start < span.end <= len(text)
            value = text[span.start : span.end]
            assert value == value.strip() and value
            previous_end = span.end
            seen_types[span.entity_type] += 1
    assert set(seen_types) == set(ENTITY_TYPES)


def _covered(text: str, spans: list[TruthSpan], value: str) -> bool:
    """Every occurrence of `value` in `text` lies inside some span."""
    for match in re.finditer(re.escape(value), text):
        if not any(s.start <= match.start() and match.end() <= s.end for s in spans):
            return False
    return True


def test_profile_and_mention_values_in_the_text_are_all_labeled(sample: Sample) -> None:
    table, truth = sample
    rows = table.select(
        ["text", "author_name", "author_handle", "author_email", "author_phone", "mentions"]
    ).to_pylist()
    found_mentions = 0
    for row, spans in zip(rows, truth, strict=True):
        text = row["text"]
        for column in ("author_name", "author_handle", "author_email", "author_phone"):
            if row[column]:
                assert _covered(text, spans, row[column]), (column, text)
        for mention in row["mentions"]:
            name = mention["name"]
            first = name.split(" ")[0]
            assert name in text or first in text
            assert _covered(text, spans, name)
            found_mentions += 1
    assert found_mentions > 0


def test_seeded_values_are_the_span_substrings() -> None:
    batch, truth = next(generate_posts_with_truth(50, 4))
    values = seeded_values(batch, truth)
    texts = batch.column("text").to_pylist()
    assert len(values) == 50 and any(values)
    for text, row_values, spans in zip(texts, values, truth, strict=True):
        assert row_values == [text[s.start : s.end] for s in spans]


def _values_of(sample: Sample, entity_type: str) -> list[str]:
    table, truth = sample
    texts = table.column("text").to_pylist()
    return [
        text[s.start : s.end]
        for text, spans in zip(texts, truth, strict=True)
        for s in spans
        if s.entity_type == entity_type
    ]


def test_embedded_identifiers_have_valid_checksums(sample: Sample) -> None:
    ibans, cards = _values_of(sample, "IBAN_CODE"), _values_of(sample, "CREDIT_CARD")
    nirs, sirets = _values_of(sample, "FR_NIR"), _values_of(sample, "FR_SIRET")
    assert min(len(ibans), len(cards), len(nirs), len(sirets)) >= 10
    assert all(checksums.iban_ok(v) for v in ibans)
    assert len({v[:2] for v in ibans}) >= 4  # several countries
    assert all(checksums.luhn_checksum_ok(v.replace(" ", "").replace("-", "")) for v in cards)
    assert all(checksums.nir_ok(v) for v in nirs)
    assert all(checksums.siret_ok(v) for v in sirets)


def test_embedded_ips_emails_and_profile_urls_are_well_formed(sample: Sample) -> None:
    import ipaddress

    for value in _values_of(sample, "IP_ADDRESS"):
        assert ipaddress.ip_address(value).is_global
    assert all(re.fullmatch(r"[a-z0-9._]+@[a-z0-9.-]+\.[a-z]+", v) for v in _values_of(sample, "EMAIL_ADDRESS"))
    urls = _values_of(sample, "PROFILE_URL")
    assert all(re.search(r"linkedin\.com/in/[a-z0-9-]+/?$", url) for url in urls)
    assert any(url.startswith("https://www.") for url in urls)
    assert any(url.startswith("linkedin.com") for url in urls)


@pytest.mark.parametrize("country", sorted(PHONE_PLANS))
def test_every_phone_format_is_a_valid_number_of_its_country(country: str) -> None:
    plan = PHONE_PLANS[country]
    rng = random.Random(country)
    for _ in range(40):
        nsn = plan.draw_nsn(rng)
        for pattern in plan.formats:
            number = phonenumbers.parse(format_phone(pattern, nsn), country)
            assert phonenumbers.is_valid_number(number), (country, pattern)
            assert number.country_code == int(plan.calling_code)
            assert phonenumbers.national_significant_number(number) == nsn


def test_distractors_are_not_labeled(sample: Sample) -> None:
    table, truth = sample
    words = sorted(
        {*vocab.COMPANY_NAMES, *vocab.DURATIONS["en"], *vocab.DURATIONS["fr"]}, key=len, reverse=True
    )
    distractors = re.compile(
        r"linkedin\.com/(company|school|jobs|events)/|lnkd\.in/|#[A-Za-z]\w*|"
        + "|".join(rf"\b{re.escape(word)}\b" for word in words)
    )
    hits = 0
    for text, spans in zip(table.column("text").to_pylist(), truth, strict=True):
        for match in distractors.finditer(text):
            hits += 1
            assert not any(s.start < match.end() and match.start() < s.end for s in spans), text
    assert hits > 1_000


def test_row_mix_is_within_tolerance(sample: Sample) -> None:
    table, _ = sample
    n = table.num_rows
    countries = table.column("country").to_pylist()
    assert abs(sum(c in EXCLUDED for c in countries) / n - 0.35) < 0.03
    kinds = collections.Counter(table.column("kind").to_pylist())
    assert abs(kinds["post"] / n - 0.70) < 0.03
    assert abs(kinds["comment"] / n - 0.20) < 0.03
    assert abs(kinds["message"] / n - 0.10) < 0.02
    opt_out = collections.Counter(table.column("ai_training_opt_out").to_pylist())
    assert abs(opt_out[True] / n - 0.10) < 0.03
    assert abs(opt_out[None] / n - 0.08) < 0.03
    langs = collections.Counter(table.column("lang").to_pylist())
    assert abs(langs[None] / n - 0.10) < 0.02
    assert langs["fr"] > 0.08 * n and langs["en"] > 0.6 * n
    mention_counts = collections.Counter(len(m) for m in table.column("mentions").to_pylist())
    assert set(mention_counts) == {0, 1, 2, 3}


def test_messages_carry_opt_in_and_other_kinds_mostly_do_not(sample: Sample) -> None:
    table, _ = sample
    rows = table.select(["kind", "ai_training_opt_in"]).to_pylist()
    messages = [r["ai_training_opt_in"] for r in rows if r["kind"] == "message"]
    others = [r["ai_training_opt_in"] for r in rows if r["kind"] != "message"]
    assert abs(messages.count(True) / len(messages) - 0.30) < 0.06
    assert others.count(None) / len(others) > 0.85


def test_some_posts_are_reposts_of_identical_text(sample: Sample) -> None:
    table, _ = sample
    n = table.num_rows
    rows = table.select(["post_id", "author_id", "kind", "text"]).to_pylist()
    by_text = collections.defaultdict(list)
    for row in rows:
        by_text[row["text"]].append(row)
    # Long posts (with a tagged or named person) only repeat when reposted.
    reposted = [group for text, group in by_text.items() if len(group) > 1 and len(text) > 150]
    assert 0.005 * n < sum(len(g) - 1 for g in reposted) < 0.05 * n
    assert len({r["post_id"] for r in rows}) == len(rows)


def test_members_are_consistent_with_their_rows(sample: Sample) -> None:
    table, _ = sample
    members = {m.member_id: m for m in build_members(7, 200)}  # the sample's default pool
    for row in table.select(["author_id", "author_name", "author_email", "country"]).to_pylist():
        member = members[row["author_id"]]
        assert (row["author_name"], row["author_email"], row["country"]) == (
            member.name, member.email, member.country,
        )


def test_member_pool_profiles() -> None:
    members = build_members(3, 2_000)
    assert len({m.handle for m in members}) == len(members)
    assert len({m.member_id for m in members}) == len(members)
    assert all(m.lang == "fr" for m in members if m.country == "FR")
    assert all(m.lang == "en" for m in members if m.country in ("US", "IN", "GB", "DE"))
    assert {m.lang for m in members if m.country in ("CA", "BE", "CH")} == {"en", "fr"}
    assert all(re.fullmatch(r"[a-z0-9-]+", m.handle) for m in members)
    for m in members:
        if m.phone is not None:
            number = phonenumbers.parse(m.phone, m.country)
            assert phonenumbers.is_valid_number(number)
            assert number.country_code == int(PHONE_PLANS[m.country].calling_code)
    assert 0.75 < sum(m.email is not None for m in members) / len(members) < 0.95
    assert sum(m.country in EXCLUDED for m in members) == round(0.35 * len(members))
    assert build_members(3, 2_000) == members


def test_generation_never_touches_the_network(no_network: Any) -> None:
    with no_network() as attempts:
        for _ in generate_posts_with_truth(300, seed=12, batch_size=100):
            pass
    assert attempts == []
