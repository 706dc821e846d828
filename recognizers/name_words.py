"""The list of names that are also everyday words (recognizers/data/name_words.txt)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True, slots=True)
class NameWords:
    """`common`: names that are ordinary words; `capitalized`: words always capitalised."""

    common: frozenset[str]
    capitalized: frozenset[str]


@cache
def name_words() -> NameWords:
    """Load the packaged list once per process."""
    text = resources.files("recognizers").joinpath("data/name_words.txt").read_text("utf-8")
    common: set[str] = set()
    capitalized: set[str] = set()
    for raw_line in text.splitlines():
        line = raw_line.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("^"):
            capitalized.add(line[1:])
        else:
            common.add(line)
    return NameWords(common=frozenset(common), capitalized=frozenset(capitalized))
