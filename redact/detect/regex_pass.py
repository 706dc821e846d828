"""All pattern recognizers of a language in one pass per text.

Presidio runs each `PatternRecognizer` on its own: every pattern scans the whole text, and
every call pays Python overhead. Here each pattern's prefilter (see `prefilter`) is read
once, and one `re` scan of the text lists the positions where some pattern may start, and
which patterns those are. Each pattern is then tried only at its own candidate positions.
Patterns without a selective shape scan the text, but only texts that hold what they
need (an `@` for an email, a network's domain for a profile URL).

The result is the same as Presidio's: for each pattern, the matches of `finditer` (leftmost,
non-overlapping), scored with the recognizer's `validate_result` / `invalidate_result`,
zero scores dropped, duplicates within a recognizer removed. A recognizer that overrides
`analyze` is called as is, but only on texts where one of its patterns matches: such an
override may filter or rescore its pattern matches, not report spans out of nothing.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import regex

from redact.detect.prefilter import Need, Prefilter, analyze, need_searches
from redact.detect.results import remove_duplicates

if TYPE_CHECKING:
    from presidio_analyzer import PatternRecognizer, RecognizerResult

log = logging.getLogger(__name__)

REGEX_TIMEOUT_SECONDS = float(os.environ.get("REGEX_TIMEOUT_SECONDS", 60))


@dataclass(slots=True)
class _Entry:
    """One pattern of one recognizer."""

    recognizer: int
    name: str
    score: float
    compiled: Any  # regex.Pattern
    needs: tuple[int, ...]  # indexes into RegexPass._needs


@dataclass(frozen=True, slots=True)
class _Group:
    """Patterns sharing one shape, searched from its most selective column."""

    finder: re.Pattern[str]  # one match per anchor character where the shape fits
    offset: int  # the anchor column: candidate start = anchor position - offset
    entries: tuple[int, ...]


class RegexPass:
    """Built once per language; `analyze(text)` returns Presidio-equivalent results."""

    def __init__(self, recognizers: Sequence[PatternRecognizer], entities: Sequence[str] | None = None) -> None:
        from presidio_analyzer import PatternRecognizer

        # Presidio's classes are untyped: hold them as Any.
        self.recognizers: list[Any] = list(recognizers)
        self.entities = list(entities) if entities is not None else None
        self._overrides = [type(r).analyze is not PatternRecognizer.analyze for r in self.recognizers]
        self._entries: list[_Entry] = []
        self._needs: list[Need] = []
        self._need_tests: list[tuple[re.Pattern[str] | None, re.Pattern[str] | None]] = []
        shapes: dict[tuple[str, int], list[int]] = {}
        prefilters: dict[tuple[str, int], Prefilter] = {}
        self._scan_entries: list[int] = []
        for ri, rec in enumerate(self.recognizers):
            flags = rec.global_regex_flags or 0
            for pattern in rec.patterns:
                pre = analyze(pattern.regex, flags)
                compiled = regex.compile(pattern.regex, flags=flags)
                # Cheapest searches first: a text usually fails on one of them.
                needs = tuple(self._need_index(n) for n in sorted(pre.needs, key=_need_cost))
                if pre.columns is None:
                    # Runs of classes cost a search each: worth it before a whole-text scan.
                    needs += tuple(self._run_index(run) for run in pre.runs)
                self._entries.append(_Entry(ri, pattern.name, pattern.score, compiled, needs))
                index = len(self._entries) - 1
                if pre.columns is None:
                    self._scan_entries.append(index)
                else:
                    key = (pre.shape or "", pre.anchor)
                    shapes.setdefault(key, []).append(index)
                    prefilters[key] = pre
        self._groups = [
            _Group(_finder(prefilters[key], key[1]), key[1], tuple(entries)) for key, entries in shapes.items()
        ]
        # Per group: finder, offset, and (entry, bound `match`, needs) of its patterns.
        self._plan = [
            (
                group.finder,
                group.offset,
                tuple((ei, self._entries[ei].compiled.match, self._entries[ei].needs) for ei in group.entries),
            )
            for group in self._groups
        ]

    def _need_index(self, need: Need) -> int:
        """Index of the need, with its two searches: exact literals, case-folded literals."""
        if need not in self._needs:
            self._needs.append(need)
            self._need_tests.append(need_searches(need))
        return self._needs.index(need)

    def _run_index(self, source: str) -> int:
        """Index of a run of classes (`Prefilter.runs`), tested like a need's exact literals."""
        key = frozenset({(source, False)})  # not a need: only its key in `_needs`
        if key not in self._needs:
            self._needs.append(key)
            self._need_tests.append((re.compile(source, re.DOTALL), None))
        return self._needs.index(key)

    @property
    def stats(self) -> dict[str, int]:
        """How many patterns are tried at candidates, and how many scan whole texts."""
        return {
            "patterns": len(self._entries),
            "anchored": len(self._entries) - len(self._scan_entries),
            "shapes": len(self._groups),
        }

    # -- matching ------------------------------------------------------------------------------
    def matches(self, text: str) -> list[tuple[int, int, int]]:
        """(entry, start, end) of every non-empty match, sorted by entry then start."""
        held: dict[int, bool] = {}
        folded: list[str] = []
        tests = self._need_tests

        def fulfilled(needs: tuple[int, ...]) -> bool:
            for ni in needs:
                ok = held.get(ni)
                if ok is None:
                    exact, nocase = tests[ni]
                    ok = exact is not None and exact.search(text) is not None
                    if not ok and nocase is not None:
                        if not folded:
                            folded.append(text.casefold())
                        ok = nocase.search(folded[0]) is not None
                    held[ni] = ok
                if not ok:
                    return False
            return True

        found: list[tuple[int, int, int]] = []
        for finder, offset, members in self._plan:
            first = finder.search(text)
            if first is None:
                continue  # the usual case: one quick search, no iterator
            starts: list[int] | None = None
            for ei, match, needs in members:
                if needs and not fulfilled(needs):
                    continue
                if starts is None:
                    starts = [m.start() - offset for m in finder.finditer(text, first.start())]
                last_end = 0
                for pos in starts:
                    if pos < last_end:
                        continue
                    hit = match(text, pos)
                    if hit is not None and hit.end() > pos:
                        found.append((ei, pos, hit.end()))
                        last_end = hit.end()
        entries = self._entries
        for ei in self._scan_entries:
            entry = entries[ei]
            if entry.needs and not fulfilled(entry.needs):
                continue
            try:
                for hit in entry.compiled.finditer(text, timeout=REGEX_TIMEOUT_SECONDS):
                    if hit.end() > hit.start():
                        found.append((ei, hit.start(), hit.end()))
            except TimeoutError:
                log.warning("pattern %r timed out; skipped on one text", entry.name)
        found.sort()
        return found

    def analyze(self, text: str) -> list[RecognizerResult]:
        """Results of every recognizer, as each recognizer's own `analyze` would give them."""
        from presidio_analyzer import EntityRecognizer, RecognizerResult

        by_recognizer: dict[int, list[RecognizerResult]] = {}
        for ei, start, end in self.matches(text):
            entry = self._entries[ei]
            ri = entry.recognizer
            if self._overrides[ri]:
                by_recognizer.setdefault(ri, [])
                continue
            rec = self.recognizers[ri]
            value = text[start:end]
            score = entry.score
            valid = rec.validate_result(value)
            if valid is not None:
                score = EntityRecognizer.MAX_SCORE if valid else EntityRecognizer.MIN_SCORE
            if rec.invalidate_result(value):
                score = EntityRecognizer.MIN_SCORE
            if score > EntityRecognizer.MIN_SCORE:
                metadata = {
                    RecognizerResult.RECOGNIZER_NAME_KEY: rec.name,
                    RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: rec.id,
                }
                result = RecognizerResult(rec.supported_entities[0], start, end, score, recognition_metadata=metadata)
                by_recognizer.setdefault(ri, []).append(result)
        out: list[RecognizerResult] = []
        for ri in sorted(by_recognizer):
            rec = self.recognizers[ri]
            if self._overrides[ri]:
                own = rec.analyze(text, self.entities or rec.supported_entities, None) or []
                for r in own:
                    meta = dict(r.recognition_metadata or {})
                    meta.setdefault(RecognizerResult.RECOGNIZER_NAME_KEY, rec.name)
                    meta.setdefault(RecognizerResult.RECOGNIZER_IDENTIFIER_KEY, rec.id)
                    r.recognition_metadata = meta
                out.extend(own)
            else:
                out.extend(remove_duplicates(by_recognizer[ri]))
        return out


def _need_cost(need: Need) -> tuple[int, int]:
    """One literal (a fast substring search) before several; then the longest first."""
    return (len(need) > 1 or any(nocase for _, nocase in need), -min(len(lit) for lit, _ in need))


def _finder(pre: Prefilter, offset: int) -> re.Pattern[str]:
    """Consumes the anchor character of each position where the shape fits.

    The anchor is the shape's most selective column (a digit rather than a letter); the
    expression starts with it, so `re` skips from one anchor character to the next in its
    fast search loop, then steps back `offset` characters to test the whole shape. Each
    match consumes one character, so `finditer` visits every anchor position.
    """
    assert pre.columns is not None
    anchor = pre.columns[offset]
    if pre.ignorecase:
        anchor = f"(?i:{anchor})"
    return re.compile(f"{anchor}(?<=(?={pre.shape}).{{{offset + 1}}})", re.DOTALL)
