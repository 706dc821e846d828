"""A whole-text scan may start at the whitespace-free stretch around a required literal."""

from __future__ import annotations

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from redact.detect.start_hint import scan_start, start_hint

# Presidio's EmailRecognizer pattern, and its flags.
EMAIL = (
    r"\b((([!#$%&'*+\-/=?^_`{|}~\w])|([!#$%&'*+\-/=?^_`{|}~\w][!#$%&'*+\-/=?^_`{|}~\.\w]{0,}"
    r"[!#$%&'*+\-/=?^_`{|}~\w]))[@]\w+([-.]\w+)*\.\w+([-.]\w+)*)\b"
)
FLAGS = regex.IGNORECASE | regex.MULTILINE | regex.DOTALL


@pytest.mark.parametrize(
    ("pattern", "required", "hint"),
    [
        (EMAIL, ["@"], "@"),
        (r"(?<![\w.])[\w.]+@\w+", ["@"], "@"),  # lookbehinds consume nothing
        (r"\d+:\d+", [":"], ":"),
        (r"\w+@ \w+", ["@"], None),  # a space in the pattern
        (r"\w+@\s?\w+", ["@"], None),  # \s
        (r"[^,]+@\w+", ["@"], None),  # a negated class holds whitespace
        (r".+@\w+", ["@"], None),  # so does the dot
        (r"[\x00-\x7f]+@\w+", ["@"], None),  # a range spanning the space
        (r"[\u2000-\u200a]?@", ["@"], None),  # Unicode spaces
        (r"(a)\1@", ["@"], None),  # back references: not analyzed
        (r"\p{L}+@", ["@"], None),  # `regex`-only syntax: not analyzed
        (r"\w+linkedin\.com", ["linkedin.com"], None),  # cased letters: the text may differ in case
        (r"\w+@\w+", [], None),  # no required literal
    ],
)
def test_start_hint(pattern: str, required: list[str], hint: str | None) -> None:
    assert start_hint(pattern, FLAGS, required) == hint


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("mail jane.doe@example.com now", 5),
        ("jane@x.org", 0),
        ("a\tb\u00a0c@d.fr", 4),  # after a no-break space
        ("a\x1fb@c.de", 2),  # `str.isspace` separators too
        ("no address here", None),
    ],
)
def test_scan_start(text: str, start: int | None) -> None:
    assert scan_start(text, "@") == start


_PIECES = st.sampled_from(
    ["jane.doe", "@", "example.com", " ", "\n", "\u00a0", "\u2003", "\x1c", ".", "-", "_", "é", "x", "0", "!", "#", "`"]
)


@settings(max_examples=300, deadline=None)
@given(pieces=st.lists(_PIECES, max_size=14))
def test_a_hinted_scan_finds_what_a_full_scan_finds(pieces: list[str]) -> None:
    text = "".join(pieces)
    compiled = regex.compile(EMAIL, FLAGS)
    full = [m.span() for m in compiled.finditer(text)]
    start = scan_start(text, "@")
    hinted = [] if start is None else [m.span() for m in compiled.finditer(text, start)]
    assert hinted == full
