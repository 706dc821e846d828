"""Context words near a candidate, checked on the raw text (works with or without NER).

Presidio's own context enhancer needs the NLP artifacts and looks at lemmas before the
match only; the recognizers that need context in the fast mode too (no spaCy) and after
the match as well ("23 344737 office") use this instead.
"""

from __future__ import annotations

import regex as re


def cue_pattern(words: str) -> re.Pattern[str]:
    """A whole-word, case-insensitive alternation of the space-separated `words`."""
    alternation = "|".join(re.escape(w) for w in sorted(words.split(), key=len, reverse=True))
    return re.compile(rf"(?<![\p{{L}}\p{{N}}])(?:{alternation})(?![\p{{L}}\p{{N}}])", re.IGNORECASE)


def has_cue(
    text: str,
    start: int,
    end: int,
    before: re.Pattern[str],
    after: re.Pattern[str] | None = None,
    before_chars: int = 40,
    after_chars: int = 16,
) -> bool:
    """Whether a cue word ends within `before_chars` before `start` (or starts within
    `after_chars` after `end`, when `after` is given)."""
    if before.search(text[max(0, start - before_chars) : start]):
        return True
    return after is not None and after.search(text[end : end + after_chars]) is not None
