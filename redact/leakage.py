"""Strict leak rate: how many seeded personal values survive redaction, even in part.

A value leaks when any *identifying fragment* of it (`redact.fragments`, the same
definition `redact eval` uses) is still readable in the output text: a name word, an
email's local part, a handle, a profile URL's handle, four consecutive digits of a phone,
IBAN, card or NIR, a word of the street name, any run of four digits of any value.

Fragments can also occur in the text for other reasons ("2024", "Will"). A fragment counts
as leaked only when the output holds it more often than the original text holds it outside
every seeded value, so an untouched year or verb is not blamed on the redactor. Redaction
tags (`<PERSON>`, `<EMAIL_ADDRESS_3f2a19>`) are removed before counting: their hex digits
are not the value's.

`leak_report` works on any redactor's output, which is how `redact bench` compares
`redact` with plain Presidio on the same rows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from redact.fragments import WORD_EDGE_AFTER, WORD_EDGE_BEFORE, Fragment, fragments

_TAG = re.compile(r"<[A-Z][A-Z0-9_]*?(?:_[0-9a-f]{4,})?>")
_DIGIT_GROUP = re.compile(r"\d(?:[ .\-/\u00a0\u202f]?\d)*")
_GAP = "\x00"


@dataclass(frozen=True, slots=True)
class Seeded:
    """One personal value embedded in a text: `text[start:end]`."""

    entity_type: str
    start: int
    end: int


def _count(fragment: Fragment, text: str) -> int:
    """How many times `fragment` can be read in `text`."""
    if fragment.kind == "digits":  # inside any run of digits, separators ignored
        total = 0
        for group in _DIGIT_GROUP.findall(text):
            digits = "".join(ch for ch in group if ch.isdigit())
            total += sum(1 for i in range(len(digits) - len(fragment.text) + 1) if digits.startswith(fragment.text, i))
        return total
    escaped = re.escape(fragment.text)
    # Words stand alone; other fragments (an email's local part) may touch punctuation.
    if fragment.kind == "word":
        before, after = WORD_EDGE_BEFORE, WORD_EDGE_AFTER
    else:
        before, after = r"(?<![\w.+\-])", r"(?![\w+\-])"
    return len(re.findall(before + escaped + after, text, flags=re.IGNORECASE))


def leaked(original: str, seeded: Sequence[Seeded], output: str | None) -> list[bool]:
    """For each seeded value of `original`, whether it leaks into `output`.

    `output` None means the row is not in the output at all (dropped): nothing leaks.
    """
    if output is None:
        return [False] * len(seeded)
    background = _blank(original, seeded)
    cleaned = _TAG.sub(_GAP, output)
    out: list[bool] = []
    for s in seeded:
        value = original[s.start : s.end]
        out.append(any(_count(f, cleaned) > _count(f, background) for f in fragments(s.entity_type, value)))
    return out


def _blank(text: str, seeded: Sequence[Seeded]) -> str:
    """`text` with every seeded value replaced by a gap (so nothing spans across it)."""
    pieces: list[str] = []
    position = 0
    for s in sorted(seeded, key=lambda x: (x.start, x.end)):
        if s.start >= position:
            pieces.append(text[position : s.start])
            pieces.append(_GAP)
            position = s.end
        elif s.end > position:
            position = s.end
    pieces.append(text[position:])
    return "".join(pieces)


@dataclass
class LeakReport:
    values: int = 0
    leaked: int = 0
    rows: int = 0
    rows_missing: int = 0
    by_entity: dict[str, list[int]] = field(default_factory=dict)  # type -> [values, leaked]

    @property
    def rate(self) -> float:
        return self.leaked / self.values if self.values else 0.0

    def add(self, original: str, seeded: Sequence[Seeded], output: str | None) -> None:
        self.rows += 1
        if output is None:
            self.rows_missing += 1
        for s, did_leak in zip(seeded, leaked(original, seeded, output), strict=True):
            counts = self.by_entity.setdefault(s.entity_type, [0, 0])
            counts[0] += 1
            self.values += 1
            if did_leak:
                counts[1] += 1
                self.leaked += 1

    def to_json(self) -> dict[str, object]:
        return {
            "values": self.values,
            "leaked": self.leaked,
            "leak_rate": round(self.rate, 6),
            "rows": self.rows,
            "rows_missing": self.rows_missing,
            "by_entity": {
                k: {"values": v[0], "leaked": v[1], "leak_rate": round(v[1] / v[0], 6) if v[0] else 0.0}
                for k, v in sorted(self.by_entity.items())
            },
        }


def leak_report(rows: Iterable[tuple[str, Sequence[Seeded], str | None]]) -> LeakReport:
    """Leak report over (original text, seeded values, output text or None) rows."""
    report = LeakReport()
    for original, seeded, output in rows:
        report.add(original, seeded, output)
    return report
