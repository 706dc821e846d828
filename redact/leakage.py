"""Strict leak rate: how many seeded personal values survive redaction, even in part.

A value leaks when any *identifying fragment* of it is still readable in the output text:

- PERSON: any name word ("Derek" of "Derek Bailey"), compared as a whole word, any case;
- EMAIL_ADDRESS: the local part ("c.theriault" of "c.theriault@lumen.co");
- HANDLE: the handle without its `@`; PROFILE_URL: the last path segment (the handle);
- PHONE_NUMBER, IBAN_CODE, CREDIT_CARD, FR_NIR, FR_SIRET, FR_SIREN, US_SSN: any run of 4
  consecutive digits of the value, separators ignored ("0134" of "+1 415-555-0134");
- STREET_ADDRESS: any word of the street name ("Highland" of "3986 Highland Boulevard");
- anything else: the whole value, any case.

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
from typing import Literal

DIGIT_TYPES = frozenset({"PHONE_NUMBER", "IBAN_CODE", "CREDIT_CARD", "FR_NIR", "FR_SIRET", "FR_SIREN", "US_SSN"})
DIGIT_RUN = 4
# Words that name a kind of street, not which one.
_STREET_WORDS_TEXT = """
    street st avenue ave av road rd boulevard blvd bd lane ln drive dr court ct place pl square sq
    terrace way parkway pkwy highway hwy circle crescent close alley trail plaza row grove gardens
    apt apartment suite ste unit flat floor fl room bis ter rue allée allee impasse chemin quai
    route cours passage voie de la le les du des d l
"""
_STREET_WORDS = frozenset(_STREET_WORDS_TEXT.split())
_TAG = re.compile(r"<[A-Z][A-Z0-9_]*?(?:_[0-9a-f]{4,})?>")
_DIGIT_GROUP = re.compile(r"\d(?:[ .\-/\u00a0\u202f]?\d)*")
_WORD = re.compile(r"\w+(?:['’\-]\w+)*")
_GAP = "\x00"

FragmentKind = Literal["word", "digits", "text"]


@dataclass(frozen=True, slots=True)
class Fragment:
    kind: FragmentKind
    value: str


@dataclass(frozen=True, slots=True)
class Seeded:
    """One personal value embedded in a text: `text[start:end]`."""

    entity_type: str
    start: int
    end: int


def fragments(entity_type: str, value: str) -> list[Fragment]:
    """The identifying fragments of a value (see the module docstring)."""
    if entity_type == "PERSON":
        return [Fragment("word", w) for w in _WORD.findall(value) if len(w) >= 2 and not w.isdigit()]
    if entity_type == "EMAIL_ADDRESS":
        local = value.split("@", 1)[0].strip()
        return [Fragment("text", local)] if local else []
    if entity_type == "HANDLE":
        handle = value.strip().lstrip("@")
        return [Fragment("text", handle)] if handle else []
    if entity_type == "PROFILE_URL":
        segments = [s for s in re.split(r"[/?#]", value.strip()) if s]
        return [Fragment("text", segments[-1])] if segments else []
    if entity_type in DIGIT_TYPES:
        digits = "".join(ch for ch in value if ch.isdigit())
        grams = {digits[i : i + DIGIT_RUN] for i in range(len(digits) - DIGIT_RUN + 1)}
        return [Fragment("digits", g) for g in sorted(grams)] or ([Fragment("text", value)] if value else [])
    if entity_type == "STREET_ADDRESS":
        street = value.split(",", 1)[0]
        words = [
            w for w in _WORD.findall(street) if len(w) >= 3 and not w.isdigit() and w.casefold() not in _STREET_WORDS
        ]
        return [Fragment("word", w) for w in words] or [Fragment("text", street.strip())]
    return [Fragment("text", value.strip())] if value.strip() else []


def _count(fragment: Fragment, text: str) -> int:
    if fragment.kind == "digits":
        total = 0
        for group in _DIGIT_GROUP.findall(text):
            digits = "".join(ch for ch in group if ch.isdigit())
            total += sum(1 for i in range(len(digits) - DIGIT_RUN + 1) if digits[i : i + DIGIT_RUN] == fragment.value)
        return total
    escaped = re.escape(fragment.value)
    # Words stand alone; other fragments (an email's local part) may touch punctuation.
    before, after = (r"(?<!\w)", r"(?!\w)") if fragment.kind == "word" else (r"(?<![\w.+\-])", r"(?![\w+\-])")
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
