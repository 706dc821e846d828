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
from dataclasses import dataclass
from typing import Any

# A column accepting any character.
ANY = "(?s:.)"
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
    except RecursionError:
        needs = ()
    if walker.min_length(nodes) == 0:
        return Prefilter(None, ignorecase, needs)  # can match empty: no candidate positions
    for depth in range(_MAX_DEPTH, 0, -1):
        seqs = walker.prefixes(nodes, depth)
        if seqs is None:
            continue
        columns = _shape(seqs)
        if columns is None or shape_rate(columns, ignorecase) > MAX_SHAPE_RATE:
            break  # a shallower shape is no more selective
        return Prefilter(columns, ignorecase, needs)
    return Prefilter(None, ignorecase, needs)


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
    def char_class(self, op: Any, av: Any) -> str:
        """`re` source of a class matching at least what `regex` matches for this node."""
        if op is sre_c.LITERAL:
            return ANY if chr(av) == _WILDCARD else re.escape(chr(av))
        if op is sre_c.NOT_LITERAL:
            return f"[^{_class_escape(chr(av))}]"
        if op is sre_c.ANY:
            return ANY
        if op is sre_c.IN:
            return self.in_class(av)
        raise _Unknown

    def in_class(self, items: list[tuple[Any, Any]]) -> str:
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
            else:
                return ANY  # \w, \S, \W...: the two engines disagree on some characters
        if negate:
            if any(p in (r"\d", r"\s", r"\D") for p in parts):
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
        out: set[tuple[Seq, bool]] = set()
        for head, complete in self._node(nodes[i], k):
            if complete and len(head) < k:
                for tail, tail_complete in self._seq(nodes, i + 1, k - len(head)):
                    out.add((head + tail, tail_complete))
            else:
                out.add((head, False))
            if len(out) > _MAX_SEQUENCES:
                raise _Unknown
        return out

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
        out: set[tuple[Seq, bool]] = set()
        if lo == 0:
            out.add(((), True))
        rest_hi = hi if hi == sre_c.MAXREPEAT else hi - 1
        for head, complete in self._seq(body, 0, k):
            if complete and len(head) < k:
                for tail, tail_complete in self._repeat(body, max(lo - 1, 0), rest_hi, k - len(head)):
                    out.add((head + tail, tail_complete))
            else:
                out.add((head, False))
            if len(out) > _MAX_SEQUENCES:
                raise _Unknown
        return out

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
                best = [self._longest(self.needs(list(alt), ignorecase)) for alt in av[1]]
                if best and all(b is not None for b in best):
                    out.append(frozenset(b for b in best if b is not None))
            elif op is sre_c.SUBPATTERN:
                _group, add_flags, del_flags, sub = av
                inner = (ignorecase or bool(add_flags & re.IGNORECASE)) and not del_flags & re.IGNORECASE
                out.extend(self.needs(list(sub), inner))
            elif op is sre_c.ATOMIC_GROUP:
                out.extend(self.needs(list(av), ignorecase))
            elif op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT, sre_c.POSSESSIVE_REPEAT) and av[0] >= 1:
                out.extend(self.needs(list(av[2]), ignorecase))
        flush()
        return out

    @staticmethod
    def _literal_char(op: Any, av: Any) -> str | None:
        if op is sre_c.LITERAL and chr(av) != _WILDCARD:
            return chr(av)
        if op is sre_c.IN and len(av) == 1 and av[0][0] is sre_c.LITERAL and chr(av[0][1]) != _WILDCARD:
            return chr(av[0][1])
        return None

    @staticmethod
    def _longest(needs: list[Need]) -> tuple[str, bool] | None:
        singles = [next(iter(n)) for n in needs if len(n) == 1]
        return max(singles, key=lambda item: len(item[0])) if singles else None


def _class_escape(ch: str) -> str:
    return "\\" + ch if ch in "\\]^-[" else ch


def holds(need: Need, text: str, folded: str) -> bool:
    """True when `text` (whose `str.casefold()` is `folded`) holds one of the alternatives.

    Case-insensitive literals are compared case-folded: whatever `regex` matches under
    simple case folding, full case folding maps to the same folded string.
    """
    return any((literal.casefold() in folded) if nocase else (literal in text) for literal, nocase in need)
