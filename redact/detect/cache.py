"""A bounded memory of recent analyses, so repeated texts are analyzed once.

Reposts, templates ("Congrats!", "Interested, DM me") and copy-pasted messages repeat
across a batch and across nearby batches. What the analyzer finds in a text depends only
on the text and its language (the row's profile is matched afterwards), so the result can
be reused as is. Bounded by entries and by characters held: memory stays flat however
many rows go through.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Generic, TypeVar

V = TypeVar("V")

DEFAULT_MAX_ENTRIES = 8192
DEFAULT_MAX_CHARS = 4_000_000
# Long texts rarely repeat and would push many short ones out.
DEFAULT_MAX_TEXT_CHARS = 4096


class TextCache(Generic[V]):
    """Least-recently-used map from (text, language) to a value."""

    def __init__(
        self,
        max_entries: int = DEFAULT_MAX_ENTRIES,
        max_chars: int = DEFAULT_MAX_CHARS,
        max_text_chars: int = DEFAULT_MAX_TEXT_CHARS,
    ) -> None:
        self.max_entries = max_entries
        self.max_chars = max_chars
        self.max_text_chars = max_text_chars
        self._data: OrderedDict[tuple[str, str], V] = OrderedDict()
        self._chars = 0
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._data)

    @property
    def chars(self) -> int:
        return self._chars

    def clear(self) -> None:
        """Forget every entry and reset the counters."""
        self._data.clear()
        self._chars = 0
        self.hits = self.misses = 0

    def get(self, text: str, language: str) -> V | None:
        key = (text, language)
        value = self._data.get(key)
        if value is None:
            self.misses += 1
            return None
        self._data.move_to_end(key)
        self.hits += 1
        return value

    def put(self, text: str, language: str, value: V) -> None:
        if self.max_entries <= 0 or len(text) > self.max_text_chars:
            return
        key = (text, language)
        if key in self._data:
            self._data.move_to_end(key)
            self._data[key] = value
            return
        self._data[key] = value
        self._chars += len(text)
        while len(self._data) > self.max_entries or self._chars > self.max_chars:
            (old_text, _), _ = self._data.popitem(last=False)
            self._chars -= len(old_text)
