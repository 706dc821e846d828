"""All pattern recognizers of a language in one pass per text.

Presidio runs each `PatternRecognizer` on its own: every pattern scans the whole text, and
every call pays Python overhead. Here, first, one compiled scan (`compiled_gate`, hyperscan)
names the few patterns that may match the text; the other recognizers' gate patterns
(`GATE_PATTERNS`) ride on the same scan. Without hyperscan, or for a text or pattern the
gate leaves to Python, every pattern is a candidate. Then each candidate pattern's
prefilter (see `prefilter`) gives the first position where it may start, and its own
`finditer` runs from there (one call: trying it at each candidate position from Python
cost more). Patterns without a selective shape scan the text, but only texts that
hold what they need (an `@` for an email, a network's domain for a profile URL), and from
the word holding it where they can (`start_hint`).

The result is the same as Presidio's: for each pattern, the matches of `finditer` (leftmost,
non-overlapping), scored with the recognizer's `validate_result` / `invalidate_result`,
zero scores dropped, duplicates within a recognizer removed. A recognizer that overrides
`analyze` is called as is, but only on texts where one of its patterns matches: such an
override may filter or rescore its pattern matches, not report spans out of nothing. Two
overrides are not called but mirrored, as their `analyze` builds an explanation and a
`RecognizerResult` per match (~12-29 µs a call): a `FilteredPatternRecognizer` (pattern
results, then its `keeps_match`) and Presidio's `IbanRecognizer` (see `_iban_results`).
"""

from __future__ import annotations

import importlib
import logging
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import regex

from redact.detect.compiled_gate import CompiledGate
from redact.detect.prefilter import Need, Prefilter, analyze, need_searches
from redact.detect.results import Found, found_of, remove_duplicates
from redact.detect.start_hint import scan_start, start_hint

if TYPE_CHECKING:
    from presidio_analyzer import PatternRecognizer

log = logging.getLogger(__name__)

REGEX_TIMEOUT_SECONDS = float(os.environ.get("REGEX_TIMEOUT_SECONDS", 60))
_MAX_SCORE = 1.0  # EntityRecognizer.MAX_SCORE
_MIN_SCORE = 0.0  # EntityRecognizer.MIN_SCORE
_VERDICTS_KEPT = 20_000

# How `hits` gets a recognizer's results: from its own pattern matches (scored, deduplicated),
# the same then `keeps_match` (a `FilteredPatternRecognizer`), Presidio's `IbanRecognizer`
# mirrored (`_iban_results`), or its own `analyze` (any other override).
_PLAIN, _FILTERED, _IBAN, _OVERRIDE = range(4)


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
    """Built once per language; `hits(text)` returns Presidio-equivalent results."""

    def __init__(
        self,
        recognizers: Sequence[PatternRecognizer],
        entities: Sequence[str] | None = None,
        gates: Sequence[Sequence[tuple[str, int]]] = (),
    ) -> None:
        """`gates`: other recognizers' `GATE_PATTERNS`, read in the same compiled scan; `hits`
        then tells, per group, whether one of its patterns may match (see `hits`)."""
        from presidio_analyzer import PatternRecognizer

        # Presidio's classes are untyped: hold them as Any.
        self.recognizers: list[Any] = list(recognizers)
        self.entities = list(entities) if entities is not None else None
        self._kinds = [_kind_of(r) for r in self.recognizers]
        self._iban_timeout = _iban_timeout() if _IBAN in self._kinds else 0.0
        # Per recognizer: entity (None where its matches are not scored one by one: an
        # override of `analyze`, mirrored or not), id, name, and its `validate_result` /
        # `invalidate_result` where it has its own (Presidio's say nothing).
        self._facts: list[tuple[str | None, str, str, Any, Any]] = [
            (
                r.supported_entities[0] if kind in (_PLAIN, _FILTERED) else None,
                r.id,
                str(r.name or "unknown"),
                r.validate_result if type(r).validate_result is not PatternRecognizer.validate_result else None,
                r.invalidate_result if type(r).invalidate_result is not PatternRecognizer.invalidate_result else None,
            )
            for r, kind in zip(self.recognizers, self._kinds, strict=True)
        ]
        self._entries: list[_Entry] = []
        self._verdicts: dict[tuple[int, str], float] = {}  # (entry, matched value) -> checked score
        self._needs: list[Need] = []
        self._need_tests: list[tuple[re.Pattern[str] | None, re.Pattern[str] | None]] = []
        shapes: dict[tuple[str, int], list[int]] = {}
        prefilters: dict[tuple[str, int], Prefilter] = {}
        self._scan_entries: list[int] = []
        # Whole-text scans that may start at the word holding this literal (`start_hint`).
        self._hints: dict[int, str] = {}
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
                    single = [next(iter(n))[0] for n in pre.needs if len(n) == 1]
                    hint = start_hint(pattern.regex, flags, single)
                    if hint is not None:
                        self._hints[index] = hint
                else:
                    key = (pre.shape or "", pre.anchor)
                    shapes.setdefault(key, []).append(index)
                    prefilters[key] = pre
        # Per recognizer: its entries, in pattern order (the mirrored `IbanRecognizer` runs them).
        self._entries_of: list[list[int]] = [[] for _ in self.recognizers]
        for ei, entry in enumerate(self._entries):
            self._entries_of[entry.recognizer].append(ei)
        self._groups = [
            _Group(_finder(prefilters[key], key[1]), key[1], tuple(entries)) for key, entries in shapes.items()
        ]
        # The compiled prefilter, when hyperscan is there: one scan names the patterns to run,
        # and the gate groups that may match. Gate patterns get the ids after the entries.
        own = [(e.compiled.pattern, e.compiled.flags) for e in self._entries]
        self._gate_group: dict[int, int] = {}
        for group, patterns in enumerate(gates):
            for pattern in patterns:
                self._gate_group[len(own)] = group
                own.append(pattern)
        self._gate = CompiledGate.build(own)
        covered = self._gate.covered if self._gate is not None else frozenset()
        self._ungated = frozenset(ei for ei in range(len(self._entries)) if ei not in covered)
        # A group with a pattern the gate does not cover, or no pattern, is always open.
        self._always_open = [
            not patterns or any(i not in covered for i, g in self._gate_group.items() if g == group)
            for group, patterns in enumerate(gates)
        ]
        # Per group: finder, offset, and (entry, bound `finditer`, needs) of its patterns.
        self._plan = [
            (
                group.finder,
                group.offset,
                tuple((ei, self._entries[ei].compiled.finditer, self._entries[ei].needs) for ei in group.entries),
            )
            for group in self._groups
        ]
        # Where each entry is looked for: its group's index in `_plan`, or -1 for a whole-text
        # scan. With the gate naming two or three patterns, only their groups are visited.
        self._place = [-1] * len(self._entries)
        for gi, shape_group in enumerate(self._groups):
            for ei in shape_group.entries:
                self._place[ei] = gi

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
    def gated(self) -> bool:
        """Whether the compiled gate (hyperscan) picks the patterns to run."""
        return self._gate is not None

    @property
    def stats(self) -> dict[str, int]:
        """How many patterns are tried at candidates, and how many scan whole texts."""
        return {
            "patterns": len(self._entries),
            "anchored": len(self._entries) - len(self._scan_entries),
            "shapes": len(self._groups),
        }

    # -- matching ------------------------------------------------------------------------------
    def _matches(self, text: str, fired: list[int] | None, open_gates: list[bool] | None) -> list[tuple[int, int, int]]:
        """(entry, start, end) of every non-empty match, sorted by entry then start, given the
        compiled gate's verdict on the text (None: Python decides).

        `open_gates` (one flag per gate group) is set to whether each group may match.
        """
        if fired is not None:
            if self._gate_group:
                fired = self._sort_out(fired, open_gates)
            elif open_gates is not None:
                open_gates[:] = self._always_open
            if not fired and not self._ungated:
                return []  # the usual case: no pattern can match
            return self._python_matches(text, self._ungated.union(fired))
        if open_gates is not None:
            open_gates[:] = [True] * len(self._always_open)
        return self._python_matches(text, None)

    def _sort_out(self, fired: list[int], open_gates: list[bool] | None) -> list[int]:
        """The entries among the fired ids; the gate groups' ids open their groups."""
        entries: list[int] = []
        opened = list(self._always_open)
        group_of = self._gate_group
        for i in fired:
            group = group_of.get(i)
            if group is None:
                entries.append(i)
            else:
                opened[group] = True
        if open_gates is not None:
            open_gates[:] = opened
        return entries

    def _finditer(self, ei: int, text: str, found: list[tuple[int, int, int]]) -> None:
        start: int | None = 0
        hint = self._hints.get(ei)
        if hint is not None:
            start = scan_start(text, hint)
            if start is None:
                return
        try:
            for hit in self._entries[ei].compiled.finditer(text, start, timeout=REGEX_TIMEOUT_SECONDS):
                if hit.end() > hit.start():
                    found.append((ei, hit.start(), hit.end()))
        except TimeoutError:
            log.warning("pattern %r timed out; skipped on one text", self._entries[ei].name)

    def _python_matches(self, text: str, allowed: set[int] | frozenset[int] | None) -> list[tuple[int, int, int]]:
        """Each pattern's prefilter, then `finditer` from its first candidate position; only
        `allowed` patterns if given."""
        # Per need: None until searched for in this text, then whether the text holds it.
        held: list[bool | None] = [None] * len(self._need_tests)
        folded: list[str] = []  # the case-folded text, once needed
        held_all = self._held_all
        found: list[tuple[int, int, int]] = []
        plan = self._plan
        if allowed is None:
            groups: Sequence[int] = range(len(plan))
            scans: Sequence[int] = self._scan_entries
        else:
            place = self._place
            groups = sorted({place[ei] for ei in allowed if place[ei] >= 0})
            scans = sorted(ei for ei in allowed if place[ei] < 0)
        for gi in groups:
            finder, offset, members = plan[gi]
            first = finder.search(text)
            if first is None:
                continue  # the usual case: one quick search
            # No match can start before the first position where the shape fits. These
            # patterns are anchored on a fixed shape: they run without `regex`'s timeout, as
            # they did when tried position by position (it costs ~2 µs a call).
            begin = first.start() - offset
            for ei, finditer, needs in members:
                if allowed is not None and ei not in allowed:
                    continue
                if needs and not held_all(needs, text, held, folded):
                    continue
                for hit in finditer(text, begin):
                    if hit.end() > hit.start():
                        found.append((ei, hit.start(), hit.end()))
        entries = self._entries
        for ei in scans:
            if held_all(entries[ei].needs, text, held, folded):
                self._finditer(ei, text, found)
        found.sort()
        return found

    def _held_all(self, needs: tuple[int, ...], text: str, held: list[bool | None], folded: list[str]) -> bool:
        """Whether `text` holds every need; `held` remembers each need's answer for this text."""
        for ni in needs:
            ok = held[ni]
            if ok is None:
                ok = held[ni] = self._holds(ni, text, folded)
            if not ok:
                return False
        return True

    def _holds(self, ni: int, text: str, folded: list[str]) -> bool:
        """Whether `text` holds need `ni`; `folded` keeps the case-folded text for the next."""
        exact, nocase = self._need_tests[ni]
        if exact is not None and exact.search(text) is not None:
            return True
        if nocase is None:
            return False
        if not folded:
            folded.append(text.casefold())
        return nocase.search(folded[0]) is not None

    def hits(self, text: str, open_gates: list[bool] | None = None) -> list[Found]:
        """Results of every recognizer, as each recognizer's own `analyze` would give them.

        `open_gates`, if given, is set to one flag per gate group: False only where none of
        the group's patterns can match the text.
        """
        return self._hits(text, self._verdict(text), open_gates)

    def hits_each(self, texts: Sequence[str]) -> Iterator[tuple[list[Found], list[bool]]]:
        """`hits` of each text, with its own gate groups' flags.

        The compiled gate reads all the texts first, back to back. Its automaton is megabytes:
        scanned between other work, each text fetches it into the CPU caches again, which made
        a scan cost twice what it costs here (~15 against ~8 µs).
        """
        verdicts = [self._verdict(text) for text in texts]
        groups = len(self._always_open)
        hits = self._hits
        for text, fired in zip(texts, verdicts, strict=True):
            open_gates = [True] * groups
            yield hits(text, fired, open_gates), open_gates

    def _verdict(self, text: str) -> list[int] | None:
        """The compiled gate's patterns that may match `text`; None where Python decides (no
        gate, or a text the gate does not read)."""
        return self._gate.fired(text) if self._gate is not None else None

    def _hits(self, text: str, fired: list[int] | None, open_gates: list[bool] | None) -> list[Found]:
        """`hits`, given the compiled gate's verdict on the text (None: Python decides)."""
        found = self._matches(text, fired, open_gates)
        if not found:
            return []
        entries = self._entries
        facts = self._facts
        by_recognizer: dict[int, list[Found]] = {}
        for ei, start, end in found:
            ri = entries[ei].recognizer
            entity, rid, name, validate, invalidate = facts[ri]
            if entity is None:  # an override: called as is below
                by_recognizer.setdefault(ri, [])
                continue
            if validate is None and invalidate is None:
                score = entries[ei].score
            else:
                score = self._checked_score(ei, text[start:end], validate, invalidate)
            if score > _MIN_SCORE:
                by_recognizer.setdefault(ri, []).append((entity, start, end, score, rid, name))
        out: list[Found] = []
        kinds = self._kinds
        for ri in sorted(by_recognizer):
            kind = kinds[ri]
            if kind == _PLAIN:
                mine = by_recognizer[ri]
                out.extend(mine if len(mine) == 1 else remove_duplicates(mine))
            elif kind == _FILTERED:
                out.extend(self._filtered(ri, text, by_recognizer[ri]))
            elif kind == _IBAN:
                out.extend(self._iban_results(ri, text))
            else:
                rec = self.recognizers[ri]
                own = rec.analyze(text, self.entities or rec.supported_entities, None)
                if own:
                    out.extend(found_of(own, rec.name, rec.id))
        return out

    def _filtered(self, ri: int, text: str, mine: list[Found]) -> list[Found]:
        """`FilteredPatternRecognizer.analyze`: Presidio's pattern results, in the order its
        `remove_duplicates` leaves them (best score, start, longest first), then the
        recognizer's `keeps_match`."""
        kept = mine if len(mine) == 1 else sorted(remove_duplicates(mine), key=_presidio_order)
        keeps_match = self.recognizers[ri].keeps_match
        return [f for f in kept if keeps_match(text, f[1], f[2])]

    def _iban_results(self, ri: int, text: str) -> list[Found]:
        """`IbanRecognizer.analyze` (`__analyze_patterns` of presidio-analyzer 2.2.366) without
        its explanations and result objects.

        Per pattern, per match of a full `finditer` (as Presidio runs it, with its timeout):
        the span from the match start to the end of the last group, then of the one before
        (the match end for a group that took no part), down to the first; the first span
        that `validate_result` does not reject (its verdict remembered per value) is the
        result. `invalidate_result` is not consulted, as Presidio's loop does not.
        """
        rec = self.recognizers[ri]
        _, rid, name, validate, _ = self._facts[ri]
        entity = rec.supported_entities[0]
        out: list[Found] = []
        for ei in self._entries_of[ri]:
            entry = self._entries[ei]
            try:
                for match in entry.compiled.finditer(text, timeout=self._iban_timeout):
                    start, match_end = match.span()
                    for group in range(len(match.groups()), 0, -1):
                        group_end = match.end(group)
                        end = group_end if group_end > 0 else match_end
                        if end <= start:  # an empty value (Presidio skips "")
                            continue
                        score = self._checked_score(ei, text[start:end], validate, None)
                        if score > _MIN_SCORE:
                            out.append((entity, start, end, score, rid, name))
                            break
            except TimeoutError:
                log.warning("pattern %r timed out; skipped on one text", entry.name)
        return out

    def _checked_score(self, ei: int, value: str, validate: Any, invalidate: Any) -> float:
        """The pattern's score after the recognizer's checks, remembered per matched value.

        Validators are functions of the matched text (Presidio's contract), and some are dear
        (the email check parses the domain): a value seen again, as a member's own address
        in many posts is, is not checked again.
        """
        verdicts = self._verdicts
        key = (ei, value)
        score = verdicts.get(key)
        if score is None:
            score = self._entries[ei].score
            if validate is not None:
                valid = validate(value)
                if valid is not None:
                    score = _MAX_SCORE if valid else _MIN_SCORE
            if invalidate is not None and invalidate(value):
                score = _MIN_SCORE
            if len(verdicts) >= _VERDICTS_KEPT:
                verdicts.clear()  # bounded memory; the next values fill it again
            verdicts[key] = score
        return score


def _kind_of(rec: Any) -> int:
    """How `hits` gets this recognizer's results (`_PLAIN` ... `_OVERRIDE`)."""
    from presidio_analyzer import PatternRecognizer
    from presidio_analyzer.predefined_recognizers import IbanRecognizer

    from recognizers.base import FilteredPatternRecognizer

    analyze = type(rec).analyze
    if analyze is PatternRecognizer.analyze:
        return _PLAIN
    if analyze is FilteredPatternRecognizer.analyze:
        return _FILTERED
    # The mirror runs the patterns as compiled with the recognizer's flags, as Presidio's loop
    # does when they are set.
    if analyze is IbanRecognizer.analyze and isinstance(rec.global_regex_flags, int):
        return _IBAN
    return _OVERRIDE


def _presidio_order(f: Found) -> tuple[float, int, int]:
    """The order of `EntityRecognizer.remove_duplicates`'s results: best score, start, longest."""
    return (-f[3], f[1], f[1] - f[2])


def _iban_timeout() -> float:
    """The timeout Presidio's `IbanRecognizer` gives its `finditer` (its module's setting)."""
    from presidio_analyzer.predefined_recognizers import IbanRecognizer

    return float(getattr(importlib.import_module(IbanRecognizer.__module__), "REGEX_TIMEOUT_SECONDS", 60))


def _need_cost(need: Need) -> tuple[int, int]:
    """One literal (a fast substring search) before several; then the longest first."""
    return (len(need) > 1 or any(nocase for _, nocase in need), -min(len(lit) for lit, _ in need))


def _finder(pre: Prefilter, offset: int) -> re.Pattern[str]:
    """Matches the anchor character of the first position where the shape fits.

    The anchor is the shape's most selective column (a digit rather than a letter); the
    expression starts with it, so `re` skips from one anchor character to the next in its
    fast search loop, then steps back `offset` characters to test the whole shape.
    """
    assert pre.columns is not None
    anchor = pre.columns[offset]
    if pre.ignorecase:
        anchor = f"(?i:{anchor})"
    return re.compile(f"{anchor}(?<=(?={pre.shape}).{{{offset + 1}}})", re.DOTALL)
