"""Where a whole-text pattern scan may start: at the word holding its required character.

Some patterns have no selective first characters, so `regex` tries them at every position
of the text. Presidio's email pattern is the dear one: its local part may start with any
word character, and trying it costs ~40 µs on a post holding an address. But a match of
that pattern never holds whitespace, and always holds an "@". So no match starts before
the whitespace-free stretch around the text's first "@", and a scan from there finds the
very same matches (lookbehinds and `\\b` still see the text before the start position).

`start_hint` tells whether a pattern qualifies, and with which literal; `scan_start` gives
the position for a text (None when the literal is absent: no match at all).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from re import _constants as _c  # the stdlib's own parser of regular expressions
from re import _parser as _sre_parse
from typing import Any

# `re`'s \s is `str.isspace`: the separators the hint steps back over.
_LAST_SPACE = re.compile(r".*\s", re.DOTALL)
_RE_FLAGS = re.IGNORECASE | re.MULTILINE | re.DOTALL  # same bits in `regex`
_SPACES = tuple(c for c in range(0x3001) if chr(c).isspace())  # none above U+3000
_SPACE_FREE_CATEGORIES = {_c.CATEGORY_WORD, _c.CATEGORY_DIGIT, _c.CATEGORY_UNI_WORD, _c.CATEGORY_UNI_DIGIT}


def start_hint(source: str, flags: int, required: Iterable[str]) -> str | None:
    """A literal every match holds, if matches never hold whitespace; else None.

    `required`: literals each of which every match is known to hold (the prefilter's needs
    with a single literal). A literal with cased letters is not used: under IGNORECASE the
    text may hold it in another case.
    """
    literal = next((lit for lit in required if lit and lit.lower() == lit.upper()), None)
    if literal is None or any(ch.isspace() for ch in literal):
        return None
    try:
        tree = _sre_parse.parse(source, flags & _RE_FLAGS)
    except Exception:  # `regex`-only syntax: no hint
        return None
    return literal if _space_free(tree) else None


def scan_start(text: str, literal: str) -> int | None:
    """Start of the whitespace-free stretch around the first `literal`; None if there is none."""
    at = text.find(literal)
    if at < 0:
        return None
    space = _LAST_SPACE.match(text, 0, at)
    return space.end() if space is not None else 0


def _space_free(items: Sequence[tuple[Any, Any]]) -> bool:
    """Whether nothing in the parsed pattern can consume a whitespace character."""
    for op, av in items:
        if op is _c.LITERAL:
            if chr(av).isspace():
                return False
        elif op is _c.IN:
            if not _class_space_free(av):
                return False
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
            if not _space_free(av[2]):
                return False
        elif op is _c.SUBPATTERN:
            if not _space_free(av[3]):
                return False
        elif op is _c.ATOMIC_GROUP:
            if not _space_free(av):
                return False
        elif op is _c.BRANCH:
            if not all(_space_free(branch) for branch in av[1]):
                return False
        elif op is _c.CATEGORY:
            if av not in _SPACE_FREE_CATEGORIES:
                return False
        elif op in (_c.ASSERT, _c.ASSERT_NOT, _c.AT):
            continue  # consume nothing
        else:  # ANY, NOT_LITERAL, back references...: may consume whitespace
            return False
    return True


def _class_space_free(items: Sequence[tuple[Any, Any]]) -> bool:
    for op, av in items:
        if op is _c.NEGATE:
            return False
        if op is _c.LITERAL and chr(av).isspace():
            return False
        if op is _c.RANGE and any(av[0] <= c <= av[1] for c in _SPACES):
            return False
        if op is _c.CATEGORY and av not in _SPACE_FREE_CATEGORIES:
            return False
    return True
