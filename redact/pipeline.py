"""The per-batch pipeline: consent -> detect -> transform -> output + audit.

Modelled on datatrove's steps: `Step` owns timing and counters, each concrete step
implements one method, `process`, on a `RowBatch` that flows in one direction. A worker
process builds one `Pipeline` (engines included) and runs it on every task it is given;
only the small `ShardResult` goes back to the parent.
"""

from __future__ import annotations

import logging
import time
from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from operator import attrgetter
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from redact import audit as A
from redact.consent import ConsentRules, Ledger
from redact.detect.language import LanguageRouter
from redact.errors import InputError, RedactError
from redact.io.readers import BadRow, ReadTask, SourceBatch, read_task
from redact.io.writers import AUDIT_DIR, DATA_DIR, PROGRESS_DIR, ShardWriter, write_json_atomic
from redact.keys import Pseudonymizer, SecretKey
from redact.policy import Policy
from redact.records import DetectItem, Detector, DetectorFactory, Profile, Span
from redact.transform import Transformer

log = logging.getLogger(__name__)


# -- the state flowing through the steps ------------------------------------------------------


@dataclass(slots=True)
class RowBatch:
    """One input batch and every per-row decision taken on it so far."""

    batch: pa.RecordBatch
    row_indices: list[int]
    source_name: str
    reasons: list[str | None] = field(default_factory=list)  # drop reason per row
    languages: list[str | None] = field(default_factory=list)
    # (row, column) -> spans found in the original text
    spans: dict[tuple[int, str], list[Span]] = field(default_factory=dict)
    # (row, column) -> the rewritten text
    texts: dict[tuple[int, str], str] = field(default_factory=dict)
    # column name -> its values as Python objects, converted once and shared by the steps
    _values: dict[str, list[Any]] = field(default_factory=dict)

    @property
    def num_rows(self) -> int:
        return self.batch.num_rows

    def values(self, name: str | None) -> list[Any]:
        """A column as Python values (all None when the policy names no such column)."""
        if name:
            cached = self._values.get(name)
            if cached is not None:
                return cached
            if self.batch.schema.get_field_index(name) >= 0:
                values: list[Any] = self.batch.column(name).to_pylist()
                self._values[name] = values
                return values
        return [None] * self.num_rows

    def live_values(self, name: str | None, rows: list[int]) -> list[Any]:
        values = self.values(name)
        return [values[i] for i in rows]

    def live_rows(self) -> list[int]:
        return [i for i, r in enumerate(self.reasons) if r is None]


@dataclass
class StepStats:
    seconds: float = 0.0
    rows: int = 0


class Step(ABC):
    """A pipeline stage. The base class times it; subclasses implement `process` only."""

    name = "step"

    def __init__(self) -> None:
        self.stats = StepStats()

    def __call__(self, rb: RowBatch) -> None:
        start = time.perf_counter()
        self.process(rb)
        self.stats.seconds += time.perf_counter() - start
        self.stats.rows += rb.num_rows

    @abstractmethod
    def process(self, rb: RowBatch) -> None: ...


# -- the steps ---------------------------------------------------------------------------------


class ConsentStep(Step):
    """Vectorized consent: dropped rows never reach detection."""

    name = "consent"

    def __init__(self, policy: Policy, ledger: Ledger | None) -> None:
        super().__init__()
        self.policy = policy
        self.rules = ConsentRules.from_policy(policy, ledger)

    def process(self, rb: RowBatch) -> None:
        c = self.policy.columns
        reasons = self.rules.reasons(rb.batch, c.country, c.kind, c.user)
        rb.reasons = reasons.to_pylist()


class DetectStep(Step):
    """Routes languages, gathers each row's profile and runs the detector on live rows.

    Fail closed: when the detector raises on a batch, rows are retried one by one and only
    the rows that still fail are dropped, with reason `error:detection`.
    """

    name = "detect"

    def __init__(self, policy: Policy, detector: Detector) -> None:
        super().__init__()
        self.policy = policy
        self.detector = detector
        self.router = LanguageRouter(policy.detection)
        self.router.warm_up()

    def process(self, rb: RowBatch) -> None:
        cols = self.policy.columns
        live = rb.live_rows()
        languages: list[str | None] = [None] * rb.num_rows
        rb.languages = languages
        if not live:
            return
        declared = rb.live_values(cols.lang, live)
        texts_by_col = [(name, rb.live_values(name, live)) for name in cols.text]
        profiles = self._profiles(rb, live)
        first_col = texts_by_col[0][1]
        probe = [t if isinstance(t, str) else "" for t in first_col]
        langs = self.router.route([d if isinstance(d, str) else None for d in declared], probe)
        for row, lang in zip(live, langs, strict=True):
            languages[row] = lang
        items: list[DetectItem] = []
        keys: list[tuple[int, str]] = []
        for pos, row in enumerate(live):
            for name, values in texts_by_col:
                text = values[pos]
                if isinstance(text, str) and text:
                    items.append(DetectItem(text, langs[pos], profiles[pos]))
                    keys.append((row, name))
        found_spans = rb.spans
        for key, spans in zip(keys, self._detect_isolated(items), strict=True):
            if spans is None:
                rb.reasons[key[0]] = "error:detection"
            else:
                found_spans[key] = spans

    def _detect_isolated(self, items: list[DetectItem]) -> list[list[Span] | None]:
        if not items:
            return []
        try:
            found = self.detector.detect(items)
            if len(found) != len(items):
                raise RuntimeError("detector returned a wrong number of results")
            return list(found)
        except Exception:
            log.warning("detection failed on a batch of %d texts; retrying one by one", len(items))
        out: list[list[Span] | None] = []
        for item in items:
            try:
                out.append(self.detector.detect([item])[0])
            except Exception as exc:
                log.warning("detection failed on one text (%s); the row is dropped", type(exc).__name__)
                out.append(None)
        return out

    def _profiles(self, rb: RowBatch, rows: list[int]) -> list[Profile]:
        p = self.policy.columns.profile
        name, handle, email, phone = (
            [v if isinstance(v, str) and v.strip() else None for v in rb.live_values(column, rows)]
            for column in (p.name, p.handle, p.email, p.phone)
        )
        mentions = [_mention_names(m) if m else () for m in rb.live_values(self.policy.columns.mentions, rows)]
        return list(map(Profile, name, handle, email, phone, mentions))


class TransformStep(Step):
    """Rewrites every analyzed text per the policy's operators."""

    name = "transform"

    def __init__(self, transformer: Transformer) -> None:
        super().__init__()
        self.transformer = transformer

    def process(self, rb: RowBatch) -> None:
        reasons = rb.reasons
        rewrite = self.transformer.rewrite
        found_spans = rb.spans
        texts = rb.texts
        column_values: dict[str, list[Any]] = {}
        for key, spans in list(found_spans.items()):
            row, col = key
            if reasons[row] is not None:
                continue
            values = column_values.get(col)
            if values is None:
                values = column_values[col] = rb.values(col)
            try:
                text, resolved, drop_entity = rewrite(values[row], spans)
            except RedactError:  # a user error (e.g. no key): stop the run
                raise
            except Exception:  # reliability: any other failure drops this row only (fail closed)
                reasons[row] = "error:transform"
                continue
            if resolved is not spans:  # else the spans needed no resolving: keep the list
                found_spans[key] = list(resolved)
            texts[key] = text
            if drop_entity is not None and reasons[row] is None:
                reasons[row] = f"pii:{drop_entity}"


def _mention_names(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    names = []
    for m in value:
        name = m.get("name") if isinstance(m, dict) else None
        if isinstance(name, str) and name.strip():
            names.append(name)
    return tuple(names)


# -- the worker-side pipeline ----------------------------------------------------------------------


@dataclass(frozen=True)
class RunSpec:
    """Everything a worker needs to build its pipeline. Small and picklable."""

    policy: Policy
    run_id: str
    key_material: bytes | None
    ledger_path: str | None
    detector_factory: DetectorFactory
    input_schema: pa.Schema
    work_dir: str
    batch_size: int
    ledger_table: pa.Table | None = None


@dataclass
class ShardResult:
    task_index: int
    source: str
    rows_in: int
    data: dict[str, Any]
    audit: dict[str, Any]
    counts: dict[str, Any]
    seconds: dict[str, float]

    def to_json(self) -> dict[str, Any]:
        return {
            "task_index": self.task_index,
            "source": self.source,
            "rows_in": self.rows_in,
            "data": self.data,
            "audit": self.audit,
            "counts": self.counts,
            "seconds": self.seconds,
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> ShardResult:
        return cls(**d)


def output_schema(policy: Policy, input_schema: pa.Schema) -> pa.Schema:
    """The input schema without the dropped columns, pseudonymized columns as strings."""
    c = policy.columns
    drop = set(c.drop)
    pseudo = set(c.pseudonymize) | ({c.user} if c.user and c.user in c.pseudonymize else set())
    fields = []
    for f in input_schema:
        if f.name in drop:
            continue
        if f.name in pseudo or f.name in c.text:
            fields.append(pa.field(f.name, pa.string()))
        else:
            fields.append(f)
    return pa.schema(fields)


class Pipeline:
    """Built once per worker process; runs tasks one after the other."""

    def __init__(self, spec: RunSpec) -> None:
        self.spec = spec
        self.policy = spec.policy
        key = SecretKey(spec.key_material) if spec.key_material else None
        self.pseudonymizer = Pseudonymizer(key) if key else None
        if spec.ledger_table is not None:
            ledger: Ledger | None = Ledger.from_table(spec.ledger_table, self.policy.consent.ledger)
        elif spec.ledger_path:
            ledger = Ledger.load(spec.ledger_path, self.policy.consent.ledger)
        else:
            ledger = None
        self.steps: list[Step] = [
            ConsentStep(self.policy, ledger),
            DetectStep(self.policy, spec.detector_factory()),
            TransformStep(Transformer(self.policy.operator_for, self.pseudonymizer)),
        ]
        self.out_schema = output_schema(self.policy, spec.input_schema)
        self.policy_sha = self.policy.sha256

    def run_task(self, task: ReadTask) -> ShardResult:
        work = Path(self.spec.work_dir)
        name = f"part-{task.index:05d}.parquet"
        data_w = ShardWriter(work / DATA_DIR / name, self.out_schema)
        audit_w = ShardWriter(work / AUDIT_DIR / name, A.AUDIT_SCHEMA)
        counts = Counts()
        before = {s.name: s.stats.seconds for s in self.steps}
        rows_in = 0
        try:
            for sb in read_task(task, self.spec.batch_size, self.spec.input_schema):
                data, audit_rows = self.process(sb, task.file.name, counts)
                data_w.write(data)
                audit_w.write(A.audit_batch(audit_rows, self.policy_sha, self.spec.run_id))
                rows_in += len(audit_rows)
            data_info, audit_info = data_w.close(), audit_w.close()
        except BaseException:
            data_w.abort()
            audit_w.abort()
            raise
        seconds = {s.name: round(s.stats.seconds - before[s.name], 6) for s in self.steps}
        result = ShardResult(
            task_index=task.index,
            source=task.file.name,
            rows_in=rows_in,
            data={"path": f"{DATA_DIR}/{name}", **data_info},
            audit={"path": f"{AUDIT_DIR}/{name}", **audit_info},
            counts=counts.to_json(),
            seconds=seconds,
        )
        write_json_atomic(work / PROGRESS_DIR / f"part-{task.index:05d}.json", result.to_json())
        return result

    def process(self, sb: SourceBatch, source_name: str, counts: Counts) -> tuple[pa.RecordBatch, A.AuditColumns]:
        """One batch through the steps: the kept rows, redacted, and one audit row per input row."""
        batch = conform(sb.batch, self.spec.input_schema, source_name)
        rb = RowBatch(batch, sb.row_indices, source_name)
        for step in self.steps:
            step(rb)
        return self._emit(rb, sb.bad_rows, counts)

    # -- output and audit -----------------------------------------------------------------------
    # Column at a time: a batch's audit is a few lists, not an object and dicts per row.
    def _emit(self, rb: RowBatch, bad_rows: list[BadRow], counts: Counts) -> tuple[pa.RecordBatch, A.AuditColumns]:
        c = self.policy.columns
        n = rb.num_rows
        reasons = rb.reasons
        languages: list[str | None] = rb.languages if rb.languages else [None] * n
        prefix = f"{rb.source_name}:"
        sources = [f"{prefix}{row}" for row in rb.row_indices]
        row_ids = self._row_ids(rb, sources)
        user_keys = self._user_keys(rb.values(c.user))

        # Entities: rows in order, then the policy's text columns in order, then the spans.
        spans: list[Span] = []
        span_columns: list[str] = []
        span_languages: list[str | None] = []
        per_row = [0] * n
        column_order = {col: i for i, col in enumerate(c.text)}
        found_in = sorted(
            (row, column_order[col], found) for (row, col), found in rb.spans.items() if found and col in column_order
        )
        for row, col_index, found in found_in:
            count = len(found)
            spans += found
            span_columns += [c.text[col_index]] * count
            span_languages += [languages[row]] * count
            per_row[row] += count
        actions = [
            A.DROPPED if r is not None else A.REDACTED if k else A.KEPT for r, k in zip(reasons, per_row, strict=True)
        ]
        audit = A.AuditColumns(
            row_index=list(rb.row_indices),
            row_id=row_ids,
            source=sources,
            user_key=list(user_keys),
            action=actions,
            reason=list(reasons),
            entity_offsets=[0, *accumulate(per_row)],
            entity_type=list(map(_ENTITY_TYPE, spans)),
            entity_column=span_columns,
            entity_start=list(map(_START, spans)),
            entity_end=list(map(_END, spans)),
            entity_score=list(map(_SCORE, spans)),
            entity_recognizer=list(map(_RECOGNIZER, spans)),
        )
        for bad in bad_rows:
            source = f"{prefix}{bad.row_index}"
            audit.append_row(bad.row_index, source, source, None, A.DROPPED, f"error:{bad.error}")
        counts.add_rows(audit.action, audit.reason, languages, audit.entity_type, span_languages)

        kept = [i for i, r in enumerate(reasons) if r is None]
        texts = {col: self._output_texts(rb, col, kept) for col in c.text}
        kept_languages = [languages[i] for i in kept] if texts else []
        words = counts.words_by_language
        for lang, row_texts in zip(kept_languages, zip(*texts.values(), strict=True), strict=True):
            if lang is not None:
                for text in row_texts:
                    if isinstance(text, str) and text:
                        words[lang] += len(text.split())
        return self._output_batch(rb, kept, user_keys, texts), audit

    def _row_ids(self, rb: RowBatch, sources: list[str]) -> list[str | None]:
        """Each row's id as a string, or its source where it has none (a new list)."""
        name = self.policy.columns.id
        ids = rb.values(name)
        if name and rb.batch.schema.get_field_index(name) >= 0:
            column = rb.batch.column(name)
            if column.null_count == 0 and (pa.types.is_string(column.type) or pa.types.is_large_string(column.type)):
                return list(ids)  # already strings, none missing: what the loop below returns
        return [source if v is None else str(v) for v, source in zip(ids, sources, strict=True)]

    @staticmethod
    def _output_texts(rb: RowBatch, col: str, kept: list[int]) -> list[Any]:
        """The kept rows' values of a text column, rewritten where the transform step did."""
        original = rb.values(col)
        rewritten = {row: text for (row, name), text in rb.texts.items() if name == col}
        if not rewritten:
            return [original[i] for i in kept]
        return [rewritten[i] if i in rewritten else original[i] for i in kept]

    def _user_keys(self, users: list[Any]) -> list[str | None]:
        if self.pseudonymizer is None:
            return [None] * len(users)
        member = self.pseudonymizer.member
        return [None if user is None else member(str(user)) for user in users]

    def _output_batch(
        self, rb: RowBatch, kept: list[int], user_keys: list[str | None], texts: dict[str, list[Any]]
    ) -> pa.RecordBatch:
        c = self.policy.columns
        take = pa.array(kept, pa.int64())
        # The columns passed through as they are, taken in one call (a call per column costs more).
        passed = [f.name for f in self.out_schema if f.name not in c.text and f.name not in c.pseudonymize]
        taken = rb.batch.select(passed).take(take) if passed else None
        arrays = []
        for f in self.out_schema:
            if f.name in c.text:
                arrays.append(pa.array(texts[f.name], pa.string()))
            elif f.name == c.user and f.name in c.pseudonymize:
                arrays.append(pa.array([user_keys[row] for row in kept], pa.string()))
            elif f.name in c.pseudonymize:
                arrays.append(self._pseudonymize_column(rb.batch.column(f.name).take(take), f.name))
            else:
                assert taken is not None
                arrays.append(taken.column(f.name))
        return pa.RecordBatch.from_arrays(arrays, schema=self.out_schema)

    def _pseudonymize_column(self, column: pa.Array, name: str) -> pa.Array:
        assert self.pseudonymizer is not None
        values = column.to_pylist()
        return pa.array([None if v is None else self.pseudonymizer.column(name, str(v)) for v in values], pa.string())


def conform(batch: pa.RecordBatch, schema: pa.Schema, source_name: str) -> pa.RecordBatch:
    """Give a batch the run's input schema: same column order, missing columns as nulls."""
    if batch.schema.equals(schema):
        return batch
    arrays = []
    for f in schema:
        idx = batch.schema.get_field_index(f.name)
        if idx < 0:
            arrays.append(pa.nulls(batch.num_rows, f.type))
            continue
        col = batch.column(idx)
        if not col.type.equals(f.type):
            try:
                col = pc.cast(col, f.type)
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
                raise InputError(f"{source_name}: column {f.name!r} has type {col.type}, expected {f.type}") from None
        arrays.append(col)
    return pa.RecordBatch.from_arrays(arrays, schema=schema)


# Span fields, read for a whole batch's entities by `map` (cheaper than a comprehension each).
_ENTITY_TYPE, _START, _END, _SCORE, _RECOGNIZER = (
    attrgetter(name) for name in ("entity_type", "start", "end", "score", "recognizer")
)


class Counts:
    def __init__(self) -> None:
        self.by_action: Counter[str] = Counter()
        self.by_reason: Counter[str] = Counter()
        self.by_entity: Counter[str] = Counter()
        self.entities_by_language: dict[str, Counter[str]] = {}
        self.rows_by_language: Counter[str] = Counter()
        self.words_by_language: Counter[str] = Counter()

    def add_row(self, action: str, reason: str | None, entities: list[dict[str, Any]], lang: str | None) -> None:
        self.by_action[action] += 1
        if reason is not None:
            self.by_reason[reason] += 1
        if lang is not None:
            self.rows_by_language[lang] += 1
        for e in entities:
            self.by_entity[e["type"]] += 1
            if lang is not None:
                self.entities_by_language.setdefault(lang, Counter())[e["type"]] += 1

    def add_rows(
        self,
        actions: Sequence[str],
        reasons: Sequence[str | None],
        languages: Sequence[str | None],
        entity_types: Sequence[str],
        entity_languages: Sequence[str | None],
    ) -> None:
        """What `add_row` adds for each row, for a whole batch at once.

        `entity_types` lists every row's entities in row order, `entity_languages` the
        language of each one's row; `languages` may be shorter than `actions` (rows past
        its end have no language).
        """
        self.by_action.update(actions)
        self.by_reason.update([r for r in reasons if r is not None])
        self.rows_by_language.update([lang for lang in languages if lang is not None])
        self.by_entity.update(entity_types)
        for (lang, entity), n in Counter(zip(entity_languages, entity_types, strict=True)).items():
            if lang is not None:
                self.entities_by_language.setdefault(lang, Counter())[entity] += n

    def add_words(self, lang: str | None, words: int) -> None:
        if lang is not None:
            self.words_by_language[lang] += words

    def to_json(self) -> dict[str, Any]:
        return {
            "by_action": dict(self.by_action),
            "by_reason": dict(self.by_reason),
            "by_entity": dict(self.by_entity),
            "entities_by_language": {k: dict(v) for k, v in self.entities_by_language.items()},
            "rows_by_language": dict(self.rows_by_language),
            "words_by_language": dict(self.words_by_language),
        }


def merge_counts(parts: list[dict[str, Any]]) -> dict[str, Any]:
    """Add up per-shard counts (the same shape as `Counts.to_json`)."""
    total: dict[str, Any] = {k: Counter() for k in ("by_action", "by_reason", "by_entity", "rows_by_language",
                                                    "words_by_language")}  # fmt: skip
    by_lang: dict[str, Counter[str]] = {}
    for part in parts:
        for k in total:
            total[k].update(part.get(k, {}))
        for lang, ents in part.get("entities_by_language", {}).items():
            by_lang.setdefault(lang, Counter()).update(ents)
    out = {k: dict(sorted(v.items())) for k, v in total.items()}
    out["entities_by_language"] = {k: dict(sorted(v.items())) for k, v in sorted(by_lang.items())}
    for action in (A.KEPT, A.REDACTED, A.DROPPED):
        out["by_action"].setdefault(action, 0)
    return out
