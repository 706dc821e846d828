"""Necessary conditions for a regex to match, read once from its syntax tree.

Scanning a text with every recognizer's regex costs one full pass per pattern, and some
patterns (an IBAN alternation of 80 countries, lookbehinds tried at every position) cost
far more per character than the rest of the pipeline. Most of those passes are wasted:
an IBAN match must begin with two letters and two digits, an email match must hold an `@`.

`analyze(pattern, flags)` derives, from the pattern's syntax tree, two conditions that
every match satisfies:

- `columns`, the *shape* of its first characters: one character class per position (the
  union over every way the pattern can start). Only positions where the shape matches
  need to be tried. Kept only when the shape is selective on everyday text.
- `needs`, strings the text must contain: each need is a set of alternatives, at least
  one of which occurs (`@` for an email; one of the network domains for a profile URL).

Both are *sound*: they may accept a position or a text where the pattern fails, never the
reverse. Whatever the analysis cannot model (classes whose meaning differs between `re`
and `regex`, back-references, inline flag changes, `regex`-only syntax) widens a column
to "any character" or gives the condition up.
"""

from __future__ import annotations

import re
import re._constants as sre_c
import re._parser as sre_parse
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import regex

# A column accepting any character.
ANY = "(?s:.)"
# Classes whose ASCII part both engines agree on; beyond ASCII, every character (sound).
_NON_ASCII = "\x80-\U0010ffff"
_WIDE_CATEGORIES = {
    sre_c.CATEGORY_WORD: "0-9A-Z_a-z" + _NON_ASCII,
    sre_c.CATEGORY_UNI_WORD: "0-9A-Z_a-z" + _NON_ASCII,
    sre_c.CATEGORY_NOT_WORD: "\x00-/:-@\\[-\\^`{-\x7f" + _NON_ASCII,
    sre_c.CATEGORY_UNI_NOT_WORD: "\x00-/:-@\\[-\\^`{-\x7f" + _NON_ASCII,
    sre_c.CATEGORY_NOT_SPACE: "\x00-\x08\x0e-\x1f!-\x7f" + _NON_ASCII,
    sre_c.CATEGORY_UNI_NOT_SPACE: "\x00-\x08\x0e-\x1f!-\x7f" + _NON_ASCII,
}
# Runs of classes (`Prefilter.runs`): at most this estimated share of positions, and at
# most this many per pattern, searched most selective first.
_MAX_RUN_RATE = 0.005
_MAX_RUNS = 2
_MAX_RUN_LENGTH = 8
# Deeper shapes are more selective but multiply the sequences to enumerate.
_MAX_DEPTH = 4
_MAX_SEQUENCES = 2048
# Flags that mean the same in `re` and `regex`; any other flag makes us give up.
_COMPATIBLE_FLAGS = re.IGNORECASE | re.MULTILINE | re.DOTALL | re.VERBOSE | re.UNICODE
# `regex`-only syntax that `re` would parse with another meaning (POSIX classes, fuzzy
# matching constraints, version 1 set operations) or not at all.
_REGEX_ONLY = re.compile(r"\[:\^?[A-Za-z]+:\]|\{\s*[eisd]\s*[<=>]|\(\?\||\\[XGKLmM]|\(\?[a-zA-Z]*V1")
# Unicode properties (`\p{L}`) are replaced by a private-use character that the analysis
# reads as "any character": sound, and the rest of the pattern stays usable.
_PROPERTY = re.compile(r"(?<!\\)((?:\\\\)*)\\[pP](?:\{[^}]*\}|[A-Za-z])")
_WILDCARD = "\ue000"

Seq = tuple[str, ...]
Need = frozenset[tuple[str, bool]]
"""Alternatives (literal, case-insensitive?) of which a matching text holds at least one."""


class _Unknown(Exception):
    """The subtree consumes characters we cannot describe."""


@dataclass(frozen=True, slots=True)
class Prefilter:
    columns: tuple[str, ...] | None
    """One `re` character class per leading character of every match; None when the
    shape would not be selective (or cannot be described)."""
    ignorecase: bool
    needs: tuple[Need, ...]
    """Every need has an alternative that occurs in any text the pattern matches."""
    digit: bool = False
    """Every text the pattern matches holds a digit (`\\d`)."""
    runs: tuple[str, ...] = ()
    """`re` sources (DOTALL) that `search` finds in every text the pattern matches: runs
    of character classes ("a hex digit then a colon"), selective ones only."""

    @property
    def shape(self) -> str | None:
        if self.columns is None:
            return None
        body = "".join(self.columns)
        return f"(?i:{body})" if self.ignorecase else body

    @property
    def anchor(self) -> int:
        """The most selective column: the one to search for first."""
        assert self.columns is not None
        rates = [column_rate(c, self.ignorecase) for c in self.columns]
        return rates.index(min(rates))


NO_PREFILTER = Prefilter(None, False, ())


def analyze(pattern: str, flags: int) -> Prefilter:
    """Sound match conditions of `pattern` as compiled by the `regex` module with `flags`."""
    if flags & ~_COMPATIBLE_FLAGS or _REGEX_ONLY.search(pattern) or _WILDCARD in pattern:
        return NO_PREFILTER
    pattern = _PROPERTY.sub(lambda m: m.group(1) + _WILDCARD, pattern)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            tree = sre_parse.parse(pattern, flags)
    except (re.error, Warning, RecursionError, OverflowError):
        return NO_PREFILTER
    ignorecase = bool(tree.state.flags & re.IGNORECASE)
    walker = _Walker(ignorecase)
    nodes = list(tree)
    try:
        needs = tuple(walker.needs(nodes, ignorecase))
        digit = walker.requires_digit(nodes)
    except RecursionError:
        needs, digit = (), False
    runs = _selective_runs(walker, nodes)
    if walker.min_length(nodes) == 0:
        return Prefilter(None, ignorecase, needs, digit, runs)  # can match empty: no candidate positions
    for depth in range(_MAX_DEPTH, 0, -1):
        seqs = walker.prefixes(nodes, depth)
        if seqs is None:
            continue
        columns = _shape(seqs)
        if columns is None or shape_rate(columns, ignorecase) > MAX_SHAPE_RATE:
            break  # a shallower shape is no more selective
        return Prefilter(columns, ignorecase, needs, digit, runs)
    return Prefilter(None, ignorecase, needs, digit, runs)


RunNeed = list[Seq]
"""Alternative runs of classes, one of which every match holds."""


def _selective_runs(walker: _Walker, nodes: list[tuple[Any, Any]]) -> tuple[str, ...]:
    try:
        found = walker.runs(nodes)
    except (_Unknown, RecursionError):
        return ()
    rated = []
    for need in found:
        trimmed = [_trim(seq) for seq in need]
        # Long runs ("25 letters or digits") cost more to search than the scan they save.
        if not all(2 <= len(seq) <= _MAX_RUN_LENGTH for seq in trimmed):
            continue
        rate = max(shape_rate(seq, walker.ignorecase) for seq in trimmed)
        if rate <= _MAX_RUN_RATE:
            rated.append((rate, _run_source(trimmed, walker.ignorecase)))
    return tuple(source for _, source in sorted(set(rated))[:_MAX_RUNS])


def _trim(seq: Seq) -> Seq:
    """Without the columns that accept any character at either end."""
    start, end = 0, len(seq)
    while start < end and seq[start] == ANY:
        start += 1
    while end > start and seq[end - 1] == ANY:
        end -= 1
    return seq[start:end]


def _run_source(need: RunNeed, ignorecase: bool) -> str:
    """A search for any run of the need, each from its most selective column (as
    `regex_pass` searches shapes): `re` skips to that character, then checks the run."""
    return "|".join(_anchored(seq, ignorecase) for seq in sorted(set(need)))


def _anchored(seq: Seq, ignorecase: bool) -> str:
    rates = [column_rate(column, ignorecase) for column in seq]
    anchor = rates.index(min(rates))
    head = f"(?i:{seq[anchor]})" if ignorecase else seq[anchor]
    body = f"(?i:{_compressed(seq)})" if ignorecase else _compressed(seq)
    return f"{head}(?<=(?={body}).{{{anchor + 1}}})"


def _compressed(seq: Seq) -> str:
    """`[a-z][a-z][a-z]` as `[a-z]{3}`."""
    parts: list[str] = []
    index = 0
    while index < len(seq):
        count = 1
        while index + count < len(seq) and seq[index + count] == seq[index]:
            count += 1
        parts.append(seq[index] if count == 1 else f"{seq[index]}{{{count}}}")
        index += count
    return "".join(parts)


def _shape(seqs: set[Seq]) -> tuple[str, ...] | None:
    """One class per position, the union over all sequences.

    A shape is wider than the alternation of the sequences, but `re` tests it with one
    class check per character where an alternation (80 IBAN countries) costs a hundred
    checks per position: the shape is the better filter per microsecond.
    """
    if not seqs:
        return None
    depth = min(len(s) for s in seqs)
    columns = [_union({s[i] for s in seqs}) for i in range(depth)]
    while columns and columns[-1] == ANY:
        columns.pop()
    return tuple(columns) if columns else None


def _union(tokens: set[str]) -> str:
    """One class matching every token (each token is a single-character class)."""
    parts: list[str] = []
    for token in sorted(tokens):
        if token == ANY or token.startswith("[^"):
            return ANY
        parts.append(token[1:-1] if token.startswith("[") else token)
    return "[" + "".join(sorted(set(parts))) + "]"


# -- selectivity --------------------------------------------------------------------------------


def _char_weights() -> dict[str, float]:
    """A rough character distribution of posts: letters, then spaces; digits are rare."""
    weights: dict[str, float] = {}
    for ch in "etaoinshrdlcumwfgypbvkjxqz":
        weights[ch] = 0.70 / 26
        weights[ch.upper()] = 0.08 / 26
    weights[" "] = 0.15
    for ch in "0123456789.,'!?-:/@#()&+\n\u00e9":
        weights[ch] = 0.002
    return weights


_CHAR_WEIGHTS = _char_weights()
# Above this share of positions, trying the pattern at each candidate costs more than
# letting the regex engine scan the text itself.
MAX_SHAPE_RATE = 0.002


def column_rate(column: str, ignorecase: bool) -> float:
    """Estimated share of characters of everyday text that `column` accepts."""
    flags = re.DOTALL | (re.IGNORECASE if ignorecase else 0)
    compiled = re.compile(column, flags)
    return sum(weight for ch, weight in _CHAR_WEIGHTS.items() if compiled.match(ch))


def shape_rate(columns: tuple[str, ...], ignorecase: bool) -> float:
    """Estimated share of positions of everyday text where the shape matches."""
    rate = 1.0
    for column in columns:
        rate *= column_rate(column, ignorecase)
    return rate


# -- the syntax tree -----------------------------------------------------------------------------


class _Walker:
    def __init__(self, ignorecase: bool) -> None:
        self.ignorecase = ignorecase

    # -- one character -------------------------------------------------------------------------
    def char_class(self, op: Any, av: Any, wide: bool = False) -> str:
        """`re` source of a class matching at least what `regex` matches for this node.

        `wide`: read `\\w`, `\\W` and `\\S` as their ASCII part plus every non-ASCII
        character, instead of "any character".
        """
        if op is sre_c.LITERAL:
            return ANY if chr(av) == _WILDCARD else re.escape(chr(av))
        if op is sre_c.NOT_LITERAL:
            return f"[^{_class_escape(chr(av))}]"
        if op is sre_c.ANY:
            return ANY
        if op is sre_c.IN:
            return self.in_class(av, wide)
        raise _Unknown

    def in_class(self, items: list[tuple[Any, Any]], wide: bool = False) -> str:
        negate = False
        parts: list[str] = []
        for op, av in items:
            if op is sre_c.NEGATE:
                negate = True
            elif op is sre_c.LITERAL and chr(av) == _WILDCARD:
                return ANY
            elif op is sre_c.LITERAL:
                parts.append(_class_escape(chr(av)))
            elif op is sre_c.RANGE and av[0] <= ord(_WILDCARD) <= av[1]:
                return ANY
            elif op is sre_c.RANGE:
                parts.append(f"{_class_escape(chr(av[0]))}-{_class_escape(chr(av[1]))}")
            elif op is sre_c.CATEGORY and av in (sre_c.CATEGORY_DIGIT, sre_c.CATEGORY_UNI_DIGIT):
                parts.append(r"\d")  # Unicode Nd in both engines
            elif op is sre_c.CATEGORY and av in (sre_c.CATEGORY_SPACE, sre_c.CATEGORY_UNI_SPACE):
                parts.append(r"\s")  # `re` counts a few more characters as space: wider
            elif op is sre_c.CATEGORY and av in (sre_c.CATEGORY_NOT_DIGIT, sre_c.CATEGORY_UNI_NOT_DIGIT):
                parts.append(r"\D")
            elif wide and op is sre_c.CATEGORY and av in _WIDE_CATEGORIES:
                parts.append(_WIDE_CATEGORIES[av])
            else:
                return ANY  # \w, \S, \W...: the two engines disagree on some characters
        if negate:
            if any(p in (r"\d", r"\s", r"\D", *_WIDE_CATEGORIES.values()) for p in parts):
                return ANY
            return f"[^{''.join(parts)}]"
        return f"[{''.join(parts)}]"

    # -- leading sequences ---------------------------------------------------------------------
    def prefixes(self, nodes: list[tuple[Any, Any]], depth: int) -> set[Seq] | None:
        """Class sequences (<= depth long) that every match of `nodes` starts with."""
        try:
            return {seq for seq, _ in self._seq(nodes, 0, depth)}
        except (_Unknown, RecursionError):
            return None

    def _seq(self, nodes: list[tuple[Any, Any]], i: int, k: int) -> set[tuple[Seq, bool]]:
        """Pairs (prefix, complete): complete when the nodes were consumed entirely."""
        if i == len(nodes):
            return {((), True)}
        if k == 0:
            return {((), False)}
        return _followed(self._node(nodes[i], k), lambda rest: self._seq(nodes, i + 1, rest), k, set())

    def _node(self, node: tuple[Any, Any], k: int) -> set[tuple[Seq, bool]]:
        op, av = node
        if op in (sre_c.LITERAL, sre_c.NOT_LITERAL, sre_c.ANY, sre_c.IN):
            return {((self.char_class(op, av),), True)}
        if op in (sre_c.AT, sre_c.ASSERT, sre_c.ASSERT_NOT):
            return {((), True)}  # zero-width: ignoring it only widens the condition
        if op is sre_c.BRANCH:
            out: set[tuple[Seq, bool]] = set()
            for alt in av[1]:
                out |= self._seq(list(alt), 0, k)
            return out
        if op is sre_c.SUBPATTERN:
            _group, add_flags, del_flags, sub = av
            if (add_flags | del_flags) & (re.IGNORECASE | re.DOTALL):
                raise _Unknown
            return self._seq(list(sub), 0, k)
        if op is sre_c.ATOMIC_GROUP:
            return self._seq(list(av), 0, k)
        if op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT, sre_c.POSSESSIVE_REPEAT):
            lo, hi, body = av
            return self._repeat(list(body), lo, hi, k)
        raise _Unknown  # back-references, conditionals

    def _repeat(self, body: list[tuple[Any, Any]], lo: int, hi: int, k: int) -> set[tuple[Seq, bool]]:
        if hi == 0 or k == 0:
            return {((), hi == 0)}
        if self.min_length(body) == 0:
            raise _Unknown
        out: set[tuple[Seq, bool]] = {((), True)} if lo == 0 else set()
        rest_hi = hi if hi == sre_c.MAXREPEAT else hi - 1
        return _followed(self._seq(body, 0, k), lambda rest: self._repeat(body, max(lo - 1, 0), rest_hi, rest), k, out)

    # -- lengths -------------------------------------------------------------------------------
    def min_length(self, nodes: list[tuple[Any, Any]]) -> int:
        total = 0
        for op, av in nodes:
            if op in (sre_c.LITERAL, sre_c.NOT_LITERAL, sre_c.ANY, sre_c.IN):
                total += 1
            elif op is sre_c.BRANCH:
                total += min(self.min_length(list(alt)) for alt in av[1])
            elif op is sre_c.SUBPATTERN:
                total += self.min_length(list(av[3]))
            elif op is sre_c.ATOMIC_GROUP:
                total += self.min_length(list(av))
            elif op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT, sre_c.POSSESSIVE_REPEAT):
                total += av[0] * self.min_length(list(av[2]))
            # zero-width nodes add nothing; a back-reference may be empty
        return total

    # -- needed strings ------------------------------------------------------------------------
    def needs(self, nodes: list[tuple[Any, Any]], ignorecase: bool) -> list[Need]:
        """Literal runs every match contains, as needs (a branch: one of its alternatives)."""
        out: list[Need] = []
        run: list[str] = []

        def flush() -> None:
            if run:
                out.append(frozenset({("".join(run), ignorecase)}))
                run.clear()

        for op, av in nodes:
            literal = self._literal_char(op, av)
            if literal is not None:
                run.append(literal)
                continue
            flush()
            if op is sre_c.BRANCH:
                # One need per alternative: the branch needs one of their alternatives.
                best = [self._strongest(self.needs(list(alt), ignorecase)) for alt in av[1]]
                if best and all(b is not None for b in best):
                    out.append(frozenset(lit for b in best if b is not None for lit in b))
            elif op is sre_c.SUBPATTERN:
                _group, add_flags, del_flags, sub = av
                inner = (ignorecase or bool(add_flags & re.IGNORECASE)) and not del_flags & re.IGNORECASE
                out.extend(self.needs(list(sub), inner))
            elif op is sre_c.ATOMIC_GROUP:
                out.extend(self.needs(list(av), ignorecase))
            elif op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT, sre_c.POSSESSIVE_REPEAT) and av[0] >= 1:
                out.extend(self.needs(list(av[2]), ignorecase))
            elif op is sre_c.ASSERT:
                # What a positive lookaround sees is in the text too (`(?<=lives at )`).
                out.extend(self.needs(list(av[1]), ignorecase))
        flush()
        return out

    def runs(self, nodes: list[tuple[Any, Any]]) -> list[RunNeed]:
        """Runs of one-character classes that every match holds, as needs."""
        out: list[RunNeed] = []
        current: list[str] = []
        self._runs(nodes, current, out)
        _close(current, out)
        return out

    def _runs(self, nodes: list[tuple[Any, Any]], current: list[str], out: list[RunNeed]) -> None:
        single = (sre_c.LITERAL, sre_c.NOT_LITERAL, sre_c.ANY, sre_c.IN)
        repeats = (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT, sre_c.POSSESSIVE_REPEAT)
        for op, av in nodes:
            if op in single:
                current.append(self.char_class(op, av, wide=True))
            elif op in (sre_c.AT, sre_c.ASSERT, sre_c.ASSERT_NOT):
                continue  # zero-width: the characters on both sides are adjacent
            elif op is sre_c.SUBPATTERN and not (av[1] | av[2]) & (re.IGNORECASE | re.DOTALL):
                self._runs(list(av[3]), current, out)
            elif op is sre_c.ATOMIC_GROUP:
                self._runs(list(av), current, out)
            elif op in repeats and len(av[2]) == 1 and av[2][0][0] in single:
                lo, hi = av[0], av[1]
                sub_op, sub_av = av[2][0]
                column = self.char_class(sub_op, sub_av, wide=True)
                current.extend([column] * min(lo, 64))
                if lo != hi:
                    # The run ends; the last `lo` characters of the repeat start the next one.
                    _close(current, out)
                    current.extend([column] * min(lo, 64))
            elif op is sre_c.BRANCH:
                # The run goes on into the branch over the classes its alternatives start
                # with, and a new one starts from the classes they end with.
                alternatives = [list(alt) for alt in av[1]]
                head = self._edge_class(alternatives, 0)
                if head is not None:
                    current.append(head)
                _close(current, out)
                best = [self._best_run(alt) for alt in alternatives]
                if best and all(b is not None for b in best):
                    out.append([seq for b in best if b is not None for seq in b])
                tail = self._edge_class(alternatives, -1)
                if tail is not None:
                    current.append(tail)
            else:
                _close(current, out)
                if op in repeats and av[0] >= 1:
                    out.extend(self.runs(list(av[2])))  # inside the first repetition

    def _edge_class(self, alternatives: list[list[tuple[Any, Any]]], edge: int) -> str | None:
        """One class for the first (edge 0) or last (-1) character of every alternative."""
        columns: set[str] = set()
        for nodes in alternatives:
            column = self._edge_of(nodes, edge)
            if column is None:
                return None
            columns.add(column)
        return _union(columns) if columns else None

    def _edge_of(self, nodes: list[tuple[Any, Any]], edge: int) -> str | None:
        consuming = [(op, av) for op, av in nodes if op not in (sre_c.AT, sre_c.ASSERT, sre_c.ASSERT_NOT)]
        if not consuming:
            return None
        op, av = consuming[edge]
        if op in (sre_c.LITERAL, sre_c.NOT_LITERAL, sre_c.ANY, sre_c.IN):
            return self.char_class(op, av, wide=True)
        if op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT, sre_c.POSSESSIVE_REPEAT) and av[0] >= 1:
            return self._edge_of(list(av[2]), edge)
        if op is sre_c.SUBPATTERN and not (av[1] | av[2]) & (re.IGNORECASE | re.DOTALL):
            return self._edge_of(list(av[3]), edge)
        if op is sre_c.BRANCH:
            return self._edge_class([list(alt) for alt in av[1]], edge)
        return None

    def _best_run(self, nodes: list[tuple[Any, Any]]) -> RunNeed | None:
        """The most selective need of a branch alternative."""
        needs = [need for need in self.runs(nodes) if all(_trim(seq) for seq in need)]
        if not needs:
            return None
        return min(needs, key=lambda need: max(shape_rate(_trim(seq), self.ignorecase) for seq in need))

    def requires_digit(self, nodes: list[tuple[Any, Any]]) -> bool:
        """Whether every match (or a positive lookaround at it) holds a digit."""
        for op, av in nodes:
            if op in (sre_c.LITERAL, sre_c.IN) and _is_digit_class(op, av):
                return True
            if op is sre_c.BRANCH and all(self.requires_digit(list(alt)) for alt in av[1]):
                return True
            if op is sre_c.SUBPATTERN and self.requires_digit(list(av[3])):
                return True
            if op is sre_c.ATOMIC_GROUP and self.requires_digit(list(av)):
                return True
            repeat = op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT, sre_c.POSSESSIVE_REPEAT)
            if repeat and av[0] >= 1 and self.requires_digit(list(av[2])):
                return True
            if op is sre_c.ASSERT and self.requires_digit(list(av[1])):
                return True
        return False

    @staticmethod
    def _literal_char(op: Any, av: Any) -> str | None:
        if op is sre_c.LITERAL and chr(av) != _WILDCARD:
            return chr(av)
        if op is sre_c.IN and len(av) == 1 and av[0][0] is sre_c.LITERAL and chr(av[0][1]) != _WILDCARD:
            return chr(av[0][1])
        return None

    @staticmethod
    def _strongest(needs: list[Need]) -> Need | None:
        """The need whose shortest alternative is the longest (then: the fewest alternatives)."""
        if not needs:
            return None
        return max(needs, key=lambda need: (min(len(lit) for lit, _ in need), -len(need)))


def _close(current: list[str], out: list[RunNeed]) -> None:
    """End the current run: it becomes a need (when not empty)."""
    if current:
        out.append([tuple(current)])
        current.clear()


def _is_digit_class(op: Any, av: Any) -> bool:
    """A single character that can only be a digit: `7`, `[0-9]`, `\\d` (not `[\\d.]`)."""
    if op is sre_c.LITERAL:
        return 0x30 <= av <= 0x39
    for item_op, item in av:
        if item_op is sre_c.LITERAL and 0x30 <= item <= 0x39:
            continue
        if item_op is sre_c.RANGE and 0x30 <= item[0] <= item[1] <= 0x39:
            continue
        if item_op is sre_c.CATEGORY and item in (sre_c.CATEGORY_DIGIT, sre_c.CATEGORY_UNI_DIGIT):
            continue
        return False  # a negation, another character, another category
    return bool(av)


def _class_escape(ch: str) -> str:
    return "\\" + ch if ch in "\\]^-[" else ch


_DIGIT = regex.compile(r"\d")


def need_searches(need: Need) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    """Two searches that tell whether a text holds the need: its exact literals (in the
    text), and its case-insensitive ones (in the case-folded text)."""
    exact = sorted({lit for lit, nocase in need if not (nocase and lit.lower() != lit.upper())})
    folded = sorted({lit.casefold() for lit, nocase in need if nocase and lit.lower() != lit.upper()})
    return _any_of(exact), _any_of(folded)


def _any_of(literals: list[str]) -> re.Pattern[str] | None:
    """A search for any of `literals`, factored as a trie.

    Only whether one occurs matters, so a literal that extends another is dropped, and
    the engine tests one character per step instead of every alternative in turn (170
    street types cost 4 us per text as an alternation).
    """
    if not literals:
        return None
    return re.compile(_trie_source(literal_trie(literals)))


def literal_trie(words: Iterable[str]) -> dict[str, Any]:
    """The words as nested dicts, one level per character; the key "" marks a word's end."""
    root: dict[str, Any] = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return root


def _trie_source(node: dict[str, Any]) -> str:
    if "" in node:
        return ""  # a literal ends here: longer ones add nothing
    branches = [re.escape(ch) + _trie_source(child) for ch, child in sorted(node.items())]
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


class GateSet:
    """Whether a text may hold a match of each of several patterns: one alternative of each
    need, and a digit when the pattern needs one. Sound like the `Prefilter`s it is made of.

    Needs that patterns share are searched once per text; the most selective ones (longest
    literals) first, so that a text usually fails on its first search.
    """

    def __init__(self, prefilters: Sequence[Prefilter]) -> None:
        self._needs: list[Need] = []
        self._searches: list[tuple[re.Pattern[str] | None, re.Pattern[str] | None]] = []
        self._gates: list[tuple[bool, tuple[int, ...]]] = []
        for pre in prefilters:
            indexes = {self._index(need) for need in pre.needs}
            ordered = sorted(indexes, key=lambda i: (-min(len(lit) for lit, _ in self._needs[i]), i))
            self._gates.append((pre.digit, tuple(ordered)))

    def _index(self, need: Need) -> int:
        if need not in self._needs:
            self._needs.append(need)
            self._searches.append(need_searches(need))
        return self._needs.index(need)

    def admitted(self, text: str) -> list[bool]:
        """One flag per pattern: False when the pattern cannot match `text`."""
        held: dict[int, bool] = {}
        has_digit: bool | None = None
        folded: str | None = None
        out: list[bool] = []
        for needs_digit, needs in self._gates:
            ok = True
            if needs_digit:
                has_digit = contains_digit(text) if has_digit is None else has_digit
                ok = has_digit
            for index in needs:
                if not ok:
                    break
                known = held.get(index)
                if known is None:
                    exact, nocase = self._searches[index]
                    known = exact is not None and exact.search(text) is not None
                    if not known and nocase is not None:
                        folded = text.casefold() if folded is None else folded
                        known = nocase.search(folded) is not None
                    held[index] = known
                ok = known
            out.append(ok)
        return out


def _followed(
    heads: set[tuple[Seq, bool]], tails: Callable[[int], set[tuple[Seq, bool]]], k: int, out: set[tuple[Seq, bool]]
) -> set[tuple[Seq, bool]]:
    """`out` plus each head, extended by `tails(k - len(head))` when it is complete and
    shorter than `k` (a sequence's next nodes, a repeat's next rounds)."""
    for head, complete in heads:
        if complete and len(head) < k:
            for tail, tail_complete in tails(k - len(head)):
                out.add((head + tail, tail_complete))
        else:
            out.add((head, False))
        if len(out) > _MAX_SEQUENCES:
            raise _Unknown
    return out


def contains_digit(text: str) -> bool:
    """Whether `text` holds a character of the `regex` module's `\\d`."""
    return _DIGIT.search(text) is not None


def holds(need: Need, text: str, folded: str) -> bool:
    """True when `text` (whose `str.casefold()` is `folded`) holds one of the alternatives.

    Case-insensitive literals are compared case-folded: whatever `regex` matches under
    simple case folding, full case folding maps to the same folded string.
    """
    return any((literal.casefold() in folded) if nocase else (literal in text) for literal, nocase in need)
