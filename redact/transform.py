"""Rewrite one text given its detected spans: resolve overlaps, then apply each operator.

The rules, all chosen to fail closed (no character of a detected span stays readable unless
the policy explicitly says `keep`):

- Overlaps: spans sharing at least one character merge into one span covering their union,
  transitively (a-b and b-c merge a, b and c). Adjacent spans (`a.end == b.start`) stay
  separate, zero-length spans are ignored, and a span ending past the text raises
  `ValueError` (a detector bug: the pipeline drops the row).
- Which member names a merged span: `resolve_overlaps` picks the highest score, then the
  longest, then the alphabetically first entity type (then recognizer), so the result does
  not depend on input order. The `Transformer` first ranks members by what their operator
  does — `drop_row`, then any other redacting operator, then `keep` — and only then by
  score. Hence a `keep` span overlapping a redacting one never protects anything: the whole
  union is redacted with the redacting member's operator, and the union is kept verbatim
  only when every member is `keep`. A `drop_row` member always names its cluster, so the
  row's drop reason is an entity that appears in the reported spans.
- Replacements (one left-to-right pass, O(len(text))): placeholder and drop_row write the
  operator's template with `{entity}`; pseudonym adds `{tag}`, the keyed tag of the whole
  merged value; remove writes nothing; mask keeps the length (see `mask`); keep leaves the
  text as is but the span is still reported.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from redact.errors import SecretKeyError
from redact.keys import Pseudonymizer
from redact.policy import Operator
from redact.records import Span

if TYPE_CHECKING:
    from _typeshed import SupportsRichComparison

# How strongly an operator claims a merged span (lowest wins); other redacting types rank 1.
_OPERATOR_RANK: dict[str, int] = {"drop_row": 0, "keep": 2}
_REDACT_RANK = 1

ScoreRank = tuple[float, int, str, str]


@dataclass(frozen=True, slots=True)
class TransformResult:
    text: str
    """The rewritten text."""
    spans: tuple[Span, ...]
    """Resolved, non-overlapping spans acted on (keep ones included), sorted, offsets in the
    original text."""
    drop_entity: str | None
    """Entity type of the first span whose operator is drop_row, else None."""


def _score_rank(span: Span) -> ScoreRank:
    return (-span.score, -span.length, span.entity_type, span.recognizer)


def _clusters(spans: Sequence[Span], text_length: int | None) -> list[list[Span]]:
    """Group the non-empty spans into maximal runs of overlapping spans, sorted by start."""
    live: list[Span] = []
    for span in spans:
        if text_length is not None and span.end > text_length:
            raise ValueError(
                f"{span.entity_type} span {span.start}..{span.end} from {span.recognizer} "
                f"is outside a text of length {text_length}"
            )
        if span.end > span.start:
            live.append(span)
    live.sort(key=lambda s: (s.start, s.end))
    clusters: list[list[Span]] = []
    cluster_end = 0
    for span in live:
        if clusters and span.start < cluster_end:
            clusters[-1].append(span)
            cluster_end = max(cluster_end, span.end)
        else:
            clusters.append([span])
            cluster_end = span.end
    return clusters


def _merge(cluster: list[Span], rank: Callable[[Span], SupportsRichComparison]) -> Span:
    """One span over the cluster's union, named after its best-ranked member."""
    best = min(cluster, key=rank)
    start = cluster[0].start  # clusters are sorted by start
    end = max(s.end for s in cluster)
    if best.start == start and best.end == end:
        return best
    return replace(best, start=start, end=end)


def resolve_overlaps(spans: Sequence[Span], *, text_length: int | None = None) -> list[Span]:
    """Merge overlapping spans (see the module doc), sorted by start.

    With `text_length`, a span ending past it raises `ValueError`.
    """
    return [_merge(c, _score_rank) for c in _clusters(spans, text_length)]


def _already_resolved(spans: Sequence[Span], text_length: int) -> Sequence[Span] | None:
    """`spans` when resolving would give them back unchanged, else None.

    Spans sorted by start, none empty and each starting at or after the previous one's end
    are each a cluster of one, which `_merge` returns as is; the last one ends the furthest.
    """
    end = 0
    for span in spans:
        if span.start < end or span.end == span.start:
            return None
        end = span.end
    return spans if end <= text_length else None


def mask(value: str, char: str, keep_last: int) -> str:
    """`value` with every character replaced by `char`, same length.

    The last `keep_last` non-space characters stay readable, with the spaces between them
    (`06 12 34 56 78`, 4 -> `*********56 78`) — but never more than half of the value's
    non-space characters, so a short value is never shown whole.
    """
    reveal = min(keep_last, sum(not c.isspace() for c in value) // 2)
    if reveal > 0:
        seen = 0
        for i in range(len(value) - 1, -1, -1):
            if not value[i].isspace():
                seen += 1
                if seen == reveal:
                    return char * i + value[i:]
    return char * len(value)


# What a `Transformer` does for an entity type (see `_Plan`).
_KEEP, _DROP, _CONSTANT, _MASK, _PSEUDONYM = range(5)
# Pseudonyms remembered per transformer: values recur (authors, mentions), and each one
# costs an HMAC and a format. Bounded (cleared when full), like `Pseudonymizer.member`'s.
_PSEUDONYM_MEMO_SIZE = 16_384


@dataclass(frozen=True, slots=True)
class _Plan:
    """An entity type's operator, reduced to what `Transformer.rewrite` needs per span."""

    kind: int
    op: Operator
    constant: str = ""  # the replacement of `_DROP` and `_CONSTANT` (placeholder, remove)


class Transformer:
    """Applies a policy's operators to one text at a time (cheap; one per worker)."""

    def __init__(
        self, operator_for: Callable[[str], Operator], pseudonymizer: Pseudonymizer | None
    ) -> None:
        self._operator_for = operator_for
        self._pseudonymizer = pseudonymizer
        self._operators: dict[str, Operator] = {}
        self._plans: dict[str, _Plan] = {}
        # (entity type, raw value) -> replacement. Raw values stay in this worker's memory
        # (like the rows themselves) and are never logged.
        self._pseudonyms: dict[tuple[str, str], str] = {}

    def operator(self, entity_type: str) -> Operator:
        op = self._operators.get(entity_type)
        if op is None:
            op = self._operators[entity_type] = self._operator_for(entity_type)
        return op

    def _rank(self, span: Span) -> tuple[int, ScoreRank]:
        op_rank = _OPERATOR_RANK.get(self.operator(span.entity_type).type, _REDACT_RANK)
        return (op_rank, _score_rank(span))

    def transform(self, text: str, spans: Sequence[Span]) -> TransformResult:
        if not spans:
            return TransformResult(text, (), None)
        rewritten, resolved, drop_entity = self.rewrite(text, spans)
        return TransformResult(rewritten, tuple(resolved), drop_entity)

    def rewrite(self, text: str, spans: Sequence[Span]) -> tuple[str, Sequence[Span], str | None]:
        """`transform`, as a tuple: the text, the resolved spans, the drop entity.

        The resolved spans are `spans` itself when they need no resolving (sorted, apart,
        none empty: the common case), so a caller can tell nothing changed.
        """
        if not spans:
            return text, spans, None
        resolved = _already_resolved(spans, len(text))
        if resolved is None:
            resolved = [c[0] if len(c) == 1 else _merge(c, self._rank) for c in _clusters(spans, len(text))]
        pieces: list[str] = []
        done = 0  # end of the text already copied or replaced
        drop_entity: str | None = None
        plans = self._plans
        for span in resolved:
            entity_type = span.entity_type
            plan = plans.get(entity_type)
            if plan is None:
                plan = self._plan(entity_type)
            kind = plan.kind
            if kind == _KEEP:
                continue
            pieces.append(text[done : span.start])
            if kind == _PSEUDONYM:
                value = text[span.start : span.end]
                replacement = self._pseudonyms.get((entity_type, value))
                if replacement is None:
                    replacement = self._pseudonym(plan, entity_type, value)
                pieces.append(replacement)
            elif kind == _CONSTANT:
                pieces.append(plan.constant)
            elif kind == _DROP:
                if drop_entity is None:
                    drop_entity = entity_type
                pieces.append(plan.constant)  # drop_row still rewrites the text so nothing raw survives anywhere
            else:  # _MASK
                pieces.append(mask(text[span.start : span.end], plan.op.char, plan.op.keep_last))
            done = span.end
        pieces.append(text[done:])
        return "".join(pieces), resolved, drop_entity

    def _plan(self, entity_type: str) -> _Plan:
        """The plan of an entity type, made at its first span (a bad template or an operator
        that cannot redact raises there, as it would at every span; only a plan that could
        be made is remembered)."""
        op = self.operator(entity_type)
        match op.type:
            case "keep":
                plan = _Plan(_KEEP, op)
            case "drop_row":
                plan = _Plan(_DROP, op, op.effective_template.format(entity=entity_type))
            case "placeholder":
                plan = _Plan(_CONSTANT, op, op.effective_template.format(entity=entity_type))
            case "remove":
                plan = _Plan(_CONSTANT, op, "")
            case "mask":
                plan = _Plan(_MASK, op)
            case "pseudonym":
                if self._pseudonymizer is None:
                    raise SecretKeyError(
                        f"the policy pseudonymizes {entity_type} but no pseudonym key is "
                        "loaded: set the variable named by the policy's key.env "
                        "(REDACT_SECRET_KEY by default) or its key.file"
                    )
                plan = _Plan(_PSEUDONYM, op)
            case _:
                raise ValueError(f"operator type {op.type!r} for {entity_type} cannot redact")
        self._plans[entity_type] = plan
        return plan

    def _pseudonym(self, plan: _Plan, entity_type: str, value: str) -> str:
        """The replacement of a pseudonym, remembered for the next span of the same value."""
        assert self._pseudonymizer is not None  # `_plan` made sure
        op = plan.op
        tag = self._pseudonymizer.entity(entity_type, value, op.digits)
        replacement = op.effective_template.format(entity=entity_type, tag=tag)
        memo = self._pseudonyms
        if len(memo) >= _PSEUDONYM_MEMO_SIZE:
            memo.clear()
        memo[(entity_type, value)] = replacement
        return replacement
