"""Test doubles: a fast, deterministic detector that needs no model."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from redact.records import DetectItem, Span

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"\+?\d[\d .-]{7,}\d")
BOOM = "\u2620BOOM\u2620"  # a text containing this makes the fake detector raise


class FakeDetector:
    """Finds emails, phone-like digit runs and the row's profile name and mentions."""

    def __init__(self) -> None:
        self.calls = 0
        self.texts_seen = 0

    def detect(self, items: Sequence[DetectItem]) -> list[list[Span]]:
        self.calls += 1
        self.texts_seen += len(items)
        out: list[list[Span]] = []
        for item in items:
            if BOOM in item.text:
                raise RuntimeError("fake detector failure")
            spans = [Span("EMAIL_ADDRESS", m.start(), m.end(), 1.0, "FakeEmail") for m in EMAIL.finditer(item.text)]
            spans += [Span("PHONE_NUMBER", m.start(), m.end(), 0.9, "FakePhone") for m in PHONE.finditer(item.text)]
            names = [item.profile.name, *item.profile.mentions] if item.profile.name else list(item.profile.mentions)
            for name in names:
                if name:
                    for m in re.finditer(re.escape(name), item.text, flags=re.IGNORECASE):
                        spans.append(Span("PERSON", m.start(), m.end(), 0.85, "FakeName"))
            out.append(sorted(spans, key=lambda s: (s.start, s.end)))
        return out


@dataclass(frozen=True)
class FakeDetectorFactory:
    """Picklable: spawned worker processes import this module and build their own."""

    def __call__(self) -> FakeDetector:
        return FakeDetector()
