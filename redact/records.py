"""Small immutable records shared by the pipeline stages.

Offsets are Python string indices (Unicode code points) into the original text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True, slots=True)
class Span:
    """One detected entity in one text value."""

    entity_type: str
    start: int
    end: int
    score: float
    recognizer: str

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span offsets {self.start}..{self.end}")

    @property
    def length(self) -> int:
        return self.end - self.start


@dataclass(frozen=True, slots=True)
class Mention:
    """A member tagged in a post (the canonical `mentions` column)."""

    member_id: str | None
    name: str | None


@dataclass(frozen=True, slots=True)
class Profile:
    """The author's own profile fields and the tagged members of one row.

    Row-aware recognizers use it to find the author's name, handle, email and phone and
    the mentioned members' names wherever they appear in the text.
    """

    name: str | None = None
    handle: str | None = None
    email: str | None = None
    phone: str | None = None
    mentions: tuple[str, ...] = field(default_factory=tuple)

    @property
    def is_empty(self) -> bool:
        return not (self.name or self.handle or self.email or self.phone or self.mentions)


EMPTY_PROFILE = Profile()


@dataclass(frozen=True, slots=True)
class DetectItem:
    """One text to analyze, with its routed language and the row's profile."""

    text: str
    language: str
    profile: Profile = EMPTY_PROFILE


class Detector(Protocol):
    """What the pipeline needs from a detection engine.

    `detect` returns one list of spans per item, in order. It may raise; the detect stage
    then isolates the failing item and drops only that row (fail closed).
    """

    def detect(self, items: Sequence[DetectItem]) -> list[list[Span]]: ...


class DetectorFactory(Protocol):
    """Builds a `Detector` inside a worker process (engines are built once per process).

    Implementations must be picklable: they cross the process boundary, the engines don't.
    """

    def __call__(self) -> Detector: ...
