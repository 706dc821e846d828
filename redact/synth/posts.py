"""Synthetic posts in the canonical schema, with the ground truth of what they embed.

The stream is one `random.Random(seed)` drawn row by row, so the rows depend only on
`(rows, seed, members)`: the batch size only decides where batches are cut. Memory is
bounded by one batch plus the member pool and a small window of recent posts (reposts).
"""

from __future__ import annotations

import json
import os
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, TextIO

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from redact.synth.members import Member, build_members, default_member_count
from redact.synth.slots import RenderContext
from redact.synth.templates import Template, TruthSpan, all_templates, render
from redact.synth.vocab import HASHTAGS

MENTION_TYPE = pa.struct([("member_id", pa.string()), ("name", pa.string())])
MENTIONS_TYPE = pa.list_(MENTION_TYPE)
TIMESTAMP_TYPE = pa.timestamp("us", tz="UTC")

CANONICAL_SCHEMA = pa.schema(
    [
        pa.field("post_id", pa.string(), nullable=False),
        pa.field("author_id", pa.string(), nullable=False),
        pa.field("author_name", pa.string()),
        pa.field("author_handle", pa.string()),
        pa.field("author_email", pa.string()),
        pa.field("author_phone", pa.string()),
        pa.field("country", pa.string(), nullable=False),
        pa.field("kind", pa.string(), nullable=False),
        pa.field("lang", pa.string()),
        pa.field("created_at", TIMESTAMP_TYPE, nullable=False),
        pa.field("text", pa.string(), nullable=False),
        pa.field("mentions", MENTIONS_TYPE, nullable=False),
        pa.field("ai_training_opt_out", pa.bool_()),
        pa.field("ai_training_opt_in", pa.bool_()),
    ]
)

# Row mix (see the module docstring of `redact.synth`).
KIND_POST, KIND_COMMENT = 0.70, 0.20  # messages: the remaining 10%
REPOST_SHARE = 0.03  # of all rows: a post whose text repeats an earlier one
LANG_UNKNOWN = 0.10
FR_MEMBER_WRITES_EN = 0.15
HASHTAG_LINE = 0.35  # of original posts
MESSAGE_OPT_IN_TRUE, MESSAGE_OPT_IN_FALSE = 0.30, 0.20  # else unknown
OTHER_OPT_IN_TRUE, OTHER_OPT_IN_FALSE = 0.04, 0.04
CREATED_FROM_US = 1_640_995_200_000_000  # 2022-01-01T00:00:00Z
CREATED_SPAN_US = 1_761_955_200_000_000 - CREATED_FROM_US  # until 2025-11-01
_RECENT_WINDOW = 256


@dataclass(frozen=True, slots=True)
class Written:
    """One rendered text, its truth spans and the members it tags."""

    text: str
    spans: list[TruthSpan]
    mentions: list[Member]
    lang: str


def compose(
    rng: random.Random, template: Template, author: Member, members: list[Member]
) -> Written:
    """Render `template` for `author`; posts sometimes end with a line of hashtags."""
    ctx = RenderContext(rng, template.lang, author, members)
    text, spans = render(template, ctx)
    if template.kind == "post" and rng.random() < HASHTAG_LINE:
        text += "\n\n" + " ".join(rng.sample(HASHTAGS[template.lang], rng.randrange(2, 5)))
    return Written(text, spans, ctx.mentions, template.lang)


class _Columns:
    """Column buffers of one batch."""

    def __init__(self) -> None:
        self.post_id: list[str] = []
        self.author_id: list[str] = []
        self.author_name: list[str] = []
        self.author_handle: list[str] = []
        self.author_email: list[str | None] = []
        self.author_phone: list[str | None] = []
        self.country: list[str] = []
        self.kind: list[str] = []
        self.lang: list[str | None] = []
        self.created_at: list[int] = []
        self.text: list[str] = []
        self.mention_offsets: list[int] = [0]
        self.mention_ids: list[str] = []
        self.mention_names: list[str] = []
        self.opt_out: list[bool | None] = []
        self.opt_in: list[bool | None] = []
        self.truth: list[list[TruthSpan]] = []

    def to_batch(self) -> pa.RecordBatch:
        mentions = pa.ListArray.from_arrays(
            pa.array(self.mention_offsets, pa.int32()),
            pa.StructArray.from_arrays(
                [pa.array(self.mention_ids, pa.string()), pa.array(self.mention_names, pa.string())],
                fields=list(MENTION_TYPE),
            ),
            type=MENTIONS_TYPE,
        )
        arrays = [
            pa.array(self.post_id, pa.string()),
            pa.array(self.author_id, pa.string()),
            pa.array(self.author_name, pa.string()),
            pa.array(self.author_handle, pa.string()),
            pa.array(self.author_email, pa.string()),
            pa.array(self.author_phone, pa.string()),
            pa.array(self.country, pa.string()),
            pa.array(self.kind, pa.string()),
            pa.array(self.lang, pa.string()),
            pa.array(self.created_at, TIMESTAMP_TYPE),
            pa.array(self.text, pa.string()),
            mentions,
            pa.array(self.opt_out, pa.bool_()),
            pa.array(self.opt_in, pa.bool_()),
        ]
        return pa.RecordBatch.from_arrays(arrays, schema=CANONICAL_SCHEMA)


class PostStream:
    """Draws canonical rows one after the other from a single seeded generator."""

    def __init__(self, seed: int, members: int) -> None:
        self.seed = seed
        self.rng = random.Random(f"redact.synth.posts:{seed}")
        self.members = build_members(seed, members)
        self.templates: dict[tuple[str, str], tuple[Template, ...]] = all_templates()
        self.recent: list[Written] = []
        self.next_index = 0

    def write_text(self, author: Member, kind: str) -> Written:
        lang = author.lang
        if lang == "fr" and self.rng.random() < FR_MEMBER_WRITES_EN:
            lang = "en"
        template = self.rng.choice(self.templates[lang, kind])
        return compose(self.rng, template, author, self.members)

    def add_row(self, cols: _Columns) -> None:
        rng = self.rng
        index = self.next_index
        self.next_index += 1
        author = self.members[rng.randrange(len(self.members))]
        roll = rng.random()
        kind = "post" if roll < KIND_POST else "comment" if roll < KIND_POST + KIND_COMMENT else "message"
        if kind == "post" and self.recent and rng.random() < REPOST_SHARE / KIND_POST:
            written = self.recent[rng.randrange(len(self.recent))]
        else:
            written = self.write_text(author, kind)
            if len(self.recent) < _RECENT_WINDOW:
                self.recent.append(written)
            else:
                self.recent[index % _RECENT_WINDOW] = written
        cols.post_id.append(f"p{self.seed}-{index:08d}")
        cols.author_id.append(author.member_id)
        cols.author_name.append(author.name)
        cols.author_handle.append(author.handle)
        cols.author_email.append(author.email)
        cols.author_phone.append(author.phone)
        cols.country.append(author.country)
        cols.kind.append(kind)
        cols.lang.append(None if rng.random() < LANG_UNKNOWN else written.lang)
        cols.created_at.append(CREATED_FROM_US + rng.randrange(CREATED_SPAN_US))
        cols.text.append(written.text)
        for mentioned in written.mentions:
            cols.mention_ids.append(mentioned.member_id)
            cols.mention_names.append(mentioned.name)
        cols.mention_offsets.append(len(cols.mention_ids))
        cols.opt_out.append(author.opt_out)
        cols.opt_in.append(self._opt_in(kind))
        cols.truth.append(list(written.spans))

    def _opt_in(self, kind: str) -> bool | None:
        roll = self.rng.random()
        true_share, false_share = (
            (MESSAGE_OPT_IN_TRUE, MESSAGE_OPT_IN_FALSE)
            if kind == "message"
            else (OTHER_OPT_IN_TRUE, OTHER_OPT_IN_FALSE)
        )
        if roll < true_share:
            return True
        if roll < true_share + false_share:
            return False
        return None


def generate_posts_with_truth(
    rows: int, seed: int = 0, batch_size: int = 10_000, *, members: int | None = None
) -> Iterator[tuple[pa.RecordBatch, list[list[TruthSpan]]]]:
    """Batches of canonical rows and, per row, the spans of the personal values in `text`."""
    if rows < 0 or batch_size < 1:
        raise ValueError("rows must be >= 0 and batch_size >= 1")
    stream = PostStream(seed, members if members is not None else default_member_count(rows))
    remaining = rows
    while remaining > 0:
        cols = _Columns()
        for _ in range(min(batch_size, remaining)):
            stream.add_row(cols)
        remaining -= len(cols.text)
        yield cols.to_batch(), cols.truth


def generate_posts(
    rows: int, seed: int = 0, batch_size: int = 10_000, *, members: int | None = None
) -> Iterator[pa.RecordBatch]:
    """`rows` canonical rows in batches; identical for the same (rows, seed, members)."""
    for batch, _ in generate_posts_with_truth(rows, seed, batch_size, members=members):
        yield batch


def seeded_values(batch: pa.RecordBatch, truth: list[list[TruthSpan]]) -> list[list[str]]:
    """Per row, the raw personal values embedded in `text` (what must never leak).

    Compare them to outputs as whole words: a short first name can be part of a longer word.
    """
    texts = batch.column("text").to_pylist()
    return [[text[s.start : s.end] for s in spans] for text, spans in zip(texts, truth, strict=True)]


PostFormat = Literal["parquet", "jsonl"]


def write_posts(
    path: str | os.PathLike[str],
    rows: int,
    seed: int = 0,
    *,
    row_group_size: int = 10_000,
    format: PostFormat = "parquet",
    members: int | None = None,
) -> None:
    """Write `rows` canonical rows to a Parquet or JSON Lines file, atomically.

    JSON Lines hold one object per row, `created_at` as an ISO 8601 string ending in `Z`
    (read it back with `pyarrow.json` and `explicit_schema=CANONICAL_SCHEMA`).
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    batches = generate_posts(rows, seed, row_group_size, members=members)
    try:
        if format == "parquet":
            with pq.ParquetWriter(partial, CANONICAL_SCHEMA) as writer:
                for batch in batches:
                    writer.write_batch(batch, row_group_size=row_group_size)
                if rows == 0:
                    writer.write_table(CANONICAL_SCHEMA.empty_table())
        elif format == "jsonl":
            with partial.open("w", encoding="utf-8") as out:
                for batch in batches:
                    _write_jsonl_batch(out, batch)
        else:
            raise ValueError(f"unknown format {format!r}: expected 'parquet' or 'jsonl'")
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def _write_jsonl_batch(out: TextIO, batch: pa.RecordBatch) -> None:
    columns = {
        name: (
            pc.strftime(column, format="%Y-%m-%dT%H:%M:%SZ").to_pylist()
            if name == "created_at"
            else column.to_pylist()
        )
        for name, column in zip(batch.schema.names, batch.columns, strict=True)
    }
    names = list(columns)
    for values in zip(*columns.values(), strict=True):
        out.write(json.dumps(dict(zip(names, values, strict=True)), ensure_ascii=False))
        out.write("\n")
