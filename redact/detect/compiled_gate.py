"""One compiled scan per text tells which patterns of a `RegexPass` may match it.

Running a few dozen Python regular expressions over every text costs more than everything
else in fast mode, although a text matches one or two of them at most. Hyperscan compiles
all the patterns into one automaton that reads a text once, in C, and reports each pattern
that may match somewhere (prefilter mode: lookarounds are dropped, so it may report too
much, never too little). Only those patterns then run with Python's `regex`, which alone
decides the matches: results are exactly those of running every pattern.

"Never too little" needs both engines to read characters alike. They do for ASCII, but
not for every Unicode character (the `regex` module knows newer Unicode letters and digits,
counts combining marks as word characters, folds case slightly differently). At build
time the gate compares the two engines, character by character, on every class the
patterns use (`\\w`, `\\d`, `\\s`, `\\p{L}`, case-insensitive letters) and keeps the
characters where they differ; a text holding one of those takes the pure-Python path
(`fired` returns None). So do patterns with constructs the gate does not vet: they are
left out of the automaton and run as before.

Compiling takes seconds, so the compiled automaton and the vetted characters are cached
on disk (`REDACT_CACHE_DIR`, default `~/.cache/redact`), keyed by the patterns and the
versions of both engines. Without hyperscan (`REDACT_COMPILED_GATE=0`, or a platform with
no wheel) `build` returns None and everything runs in Python.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import sys
import tempfile
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

CACHE_ENV = "REDACT_CACHE_DIR"
SWITCH_ENV = "REDACT_COMPILED_GATE"
_FORMAT = 1

# `regex` flags the gate understands: IGNORECASE, MULTILINE, DOTALL, UNICODE and VERSION0
# (the default). Any other (VERBOSE, ASCII, FULLCASE, VERSION1...) keeps a pattern in Python.
_I, _M, _S, _U, _V0 = 0x2, 0x8, 0x10, 0x20, 0x2000
_KNOWN_FLAGS = _I | _M | _S | _U | _V0
# Escapes whose meaning the gate vets; any other (\A, \Z, \X, \N{...}, \p{Greek}, back
# references...) keeps a pattern in Python.
_ESCAPE = re.compile(
    r"\\(?:[dDwWsSbBtnrfv]|x[0-9A-Fa-f]{2}|x\{[0-9A-Fa-f]+\}|u[0-9A-Fa-f]{4}|[pP]\{[A-Za-z_]+\}|[^A-Za-z0-9])"
)
_GROUP_OPENERS = ("(?:", "(?=", "(?!", "(?<=", "(?<!", "(?>", "(?i:", "(?P<")
_LOOKAROUNDS = ("(?=", "(?!", "(?<=", "(?<!")
_COUNTED = re.compile(r"\{(\d+)(?:(,)(\d*))?\}")
# Exact counts above this become open-ended in the automaton (`_loosened`).
_MAX_COUNT = 6


def _translate(source: str, flags: int) -> str | None:
    """The pattern in hyperscan's syntax, loosened, or None when it holds a construct not vetted.

    Loosened, to keep the automaton small: lookarounds and `\\b` / `\\B` are left out and long
    counted repeats open-ended (`_loosened`). Each only lets more texts through, never fewer.
    """
    if flags & ~_KNOWN_FLAGS or "[[:" in source:
        return None
    # Per open group: whether it reads case-insensitively (the pattern's flag, or a `(?i:` group).
    caseless = [bool(flags & _I)]
    skip_from: int | None = None  # depth of the lookaround being left out
    out: list[str] = []
    i = 0
    in_class = False
    while i < len(source):
        char = source[i]
        token = char
        if char == "\\":
            escape = _ESCAPE.match(source, i)
            if escape is None:
                return None
            token = escape.group()
            if token.startswith(("\\p", "\\P")) and caseless[-1]:  # `regex` folds case in \p{Lu}, PCRE does not
                return None
            if token.startswith("\\u"):  # Python's \uXXXX is PCRE's \x{XXXX}
                token = "\\x{" + token[2:] + "}"
            elif token in ("\\b", "\\B") and not in_class:
                token = ""
            i = escape.end()
        elif in_class:
            in_class = char != "]"
            i += 1
        elif char == "[":
            in_class = True
            # A "]" first in a class (after an optional "^") is a member, not the end.
            first = i + 2 if source.startswith("^", i + 1) else i + 1
            if source.startswith("]", first):
                token = source[i : first + 1]
            i += len(token)
        elif char == "(":
            if source.startswith("?", i + 1) and not source.startswith(_GROUP_OPENERS, i):
                return None
            caseless.append(caseless[-1] or source.startswith("(?i:", i))
            if skip_from is None and source.startswith(_LOOKAROUNDS, i):
                skip_from = len(caseless)
            i += 1
        elif char == ")":
            if len(caseless) == 1:
                return None  # unbalanced: not a pattern the gate understands
            if skip_from == len(caseless):
                skip_from = None
                token = ""
            caseless.pop()
            i += 1
        elif char == "{" and (counted := _COUNTED.match(source, i)):
            token = _loosened(counted)
            i = counted.end()
        else:
            i += 1
        if skip_from is None:
            out.append(token)
    return "".join(out) if len(caseless) == 1 and not in_class else None


def _loosened(counted: re.Match[str]) -> str:
    """A counted repeat, loosened: a range becomes open-ended, and so does a count above `_MAX_COUNT`.

    `X{0,4}Y` matching implies `X{0,}Y` matching; hyperscan unrolls counted repeats into
    copies of X, which makes the automaton slow to build and to run.
    """
    low, comma, high = int(counted.group(1)), counted.group(2), counted.group(3)
    if not comma and low <= _MAX_COUNT:
        return counted.group()
    if comma and high and int(high) <= 1:
        return counted.group()  # {0,1}: an optional part, cheap as it is
    return f"{{{min(low, _MAX_COUNT)},}}"


def _classes(source: str, flags: int) -> set[tuple[str, int]]:
    """The (class, regex flags) pairs whose members the two engines must agree on."""
    out: set[tuple[str, int]] = set()
    if re.search(r"\\[wWbB]", source):
        out.add((r"\w", 0))
    if re.search(r"\\[dD]", source):
        out.add((r"\d", 0))
    if re.search(r"\\[sS]", source):
        out.add((r"\s", 0))
    for name in re.findall(r"\\[pP]\{([A-Za-z_]+)\}", source):
        out.add((f"\\p{{{name}}}", 0))  # \P{X} differs where \p{X} does
    if flags & _I or "(?i" in source:
        letters = {c for c in source if c.isalpha()} | set("abcdefghijklmnopqrstuvwxyz")
        out.update((re.escape(c.lower()), _I) for c in letters)
    return out


def _hyperscan() -> Any | None:
    if os.environ.get(SWITCH_ENV, "1").strip().lower() in ("0", "false", "no", "off"):
        return None
    try:
        import hyperscan
    except ImportError:  # no wheel for this platform: the pure-Python path
        return None
    return hyperscan


class CompiledGate:
    """`fired(text)`: indexes of the patterns that may match `text`, or None for "ask Python"."""

    def __init__(self, hs: Any, database: Any, covered: frozenset[int], routed: str) -> None:
        self._hs = hs
        self._database = database
        self._scratch = hs.Scratch(database)
        self.covered = covered  # pattern indexes in the automaton; the others always run
        # Characters the two engines read differently: a text holding one goes to Python.
        self._routed = frozenset(_expand(routed))
        self._ascii_safe = all(chr(c) not in self._routed for c in range(128))

    @classmethod
    def build(cls, patterns: Sequence[tuple[str, int]]) -> CompiledGate | None:
        """A gate over (source, `regex` flags) patterns; None without hyperscan or a vetted pattern."""
        hs = _hyperscan()
        if hs is None:
            return None
        candidates: list[tuple[int, bytes, int]] = []
        classes: set[tuple[str, int]] = set()
        for index, (source, flags) in enumerate(patterns):
            translated = _translate(source, flags)
            if translated is not None:
                candidates.append((index, translated.encode("utf-8"), _hs_flags(hs, flags)))
                classes |= _classes(source, flags)
        if not candidates:
            return None
        key = _cache_key(hs, candidates, sorted(classes))
        cached = _load(hs, key)
        if cached is not None:
            database, ids, routed = cached
        else:
            database, ids = _compile(hs, candidates)
            if not ids:
                return None
            routed = _routed_class(hs, sorted(classes))
            _store(hs, key, database, ids, routed)
        return cls(hs, database, frozenset(ids), routed)

    def fired(self, text: str) -> list[int] | None:
        if text.isascii() and self._ascii_safe:
            data = text.encode("ascii")
        else:
            if not self._routed.isdisjoint(text):
                return None
            try:
                data = text.encode("utf-8")
            except UnicodeEncodeError:  # lone surrogates: not UTF-8, so not for the automaton
                return None
        out: list[int] = []
        try:
            self._database.scan(data, match_event_handler=_collect, context=out, scratch=self._scratch)
        except self._hs.error:  # the automaton cannot read this text: Python can
            return None
        return out


def _collect(pattern: int, start: int, end: int, flags: int, found: list[int]) -> None:
    found.append(pattern)


def _hs_flags(hs: Any, flags: int) -> int:
    # SINGLEMATCH: one report per pattern is all the gate needs. UTF8 + UCP: Unicode classes.
    out = hs.HS_FLAG_PREFILTER | hs.HS_FLAG_SINGLEMATCH | hs.HS_FLAG_UTF8 | hs.HS_FLAG_UCP | hs.HS_FLAG_ALLOWEMPTY
    if flags & _I:
        out |= hs.HS_FLAG_CASELESS
    if flags & _S:
        out |= hs.HS_FLAG_DOTALL
    if flags & _M:
        out |= hs.HS_FLAG_MULTILINE
    return out


def _compile(hs: Any, candidates: list[tuple[int, bytes, int]]) -> tuple[Any, list[int]]:
    """One database over every pattern hyperscan's parser takes; the others stay in Python."""
    while candidates:
        database = hs.Database()
        try:
            database.compile(
                expressions=[c[1] for c in candidates], ids=[c[0] for c in candidates], flags=[c[2] for c in candidates]
            )
            return database, [c[0] for c in candidates]
        except hs.error:
            # Rare: find the patterns it refuses, one by one, and compile the rest.
            candidates = [c for c in candidates if _compiles(hs, c)]
    return None, []


def _compiles(hs: Any, candidate: tuple[int, bytes, int]) -> bool:
    try:
        hs.Database().compile(expressions=[candidate[1]], ids=[0], flags=[candidate[2]])
    except hs.error:
        return False
    return True


# -- where the engines read characters differently ----------------------------------------------------


def _characters_by_width() -> list[tuple[str, int]]:
    """Every character, grouped by UTF-8 length: a byte offset divided by it is an index."""
    bounds = [(0, 0x80, 1), (0x80, 0x800, 2), (0x800, 0x10000, 3), (0x10000, sys.maxunicode + 1, 4)]
    return [("".join(chr(c) for c in range(lo, hi) if not 0xD800 <= c <= 0xDFFF), width) for lo, hi, width in bounds]


def _routed_class(hs: Any, classes: Sequence[tuple[str, int]]) -> str:
    """Every character some class takes in one engine and not the other (as `_ranges`)."""
    by_width = _characters_by_width()
    differ: set[str] = set()
    letters = sorted(source for source, flags in classes if flags & _I)
    for source, flags in classes:
        if not flags & _I:
            differ |= _members(hs, source, 0, by_width) ^ _members(hs, source, 0, by_width, python=True)
    if letters:
        # One scan for all case-insensitive letters, then each letter on the few characters found.
        union = "[" + "".join(letters) + "]"
        found = _members(hs, union, _I, by_width) | _members(hs, union, _I, by_width, python=True)
        few = [(c, len(c.encode())) for c in found]
        for letter in letters:
            differ |= _members(hs, letter, _I, few) ^ _members(hs, letter, _I, few, python=True)
    return _ranges(sorted(differ, key=ord))


def _members(hs: Any, source: str, flags: int, groups: Sequence[tuple[str, int]], python: bool = False) -> set[str]:
    """The characters of `groups` (strings of characters of one UTF-8 width) that `source` matches."""
    import regex

    if python:
        return {c for chars, _ in groups for c in regex.findall(source, chars, flags=flags | _U | _S)}
    database = hs.Database()
    flag = hs.HS_FLAG_UTF8 | hs.HS_FLAG_UCP | hs.HS_FLAG_SOM_LEFTMOST | hs.HS_FLAG_DOTALL
    if flags & _I:
        flag |= hs.HS_FLAG_CASELESS
    database.compile(expressions=[source.encode("utf-8")], ids=[0], flags=[flag])
    found: set[str] = set()
    for chars, width in groups:

        def add(_i: int, start: int, _e: int, _f: int, _c: Any, chars: str = chars, width: int = width) -> None:
            found.add(chars[start // width])

        database.scan(chars.encode("utf-8"), match_event_handler=add)
    return found


def _ranges(chars: Sequence[str]) -> str:
    """Characters as "lo-hi" code point ranges (hex, comma-separated): compact in the cache file."""
    ranges: list[list[int]] = []
    for char in chars:
        code = ord(char)
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return ",".join(f"{lo:x}-{hi:x}" for lo, hi in ranges)


def _expand(ranges: str) -> set[str]:
    out: set[str] = set()
    for part in filter(None, ranges.split(",")):
        lo, hi = (int(x, 16) for x in part.split("-"))
        out.update(map(chr, range(lo, hi + 1)))
    return out


# -- the on-disk cache ---------------------------------------------------------------------------------


def cache_dir() -> Path:
    configured = os.environ.get(CACHE_ENV)
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "redact"


def _cache_key(hs: Any, candidates: list[tuple[int, bytes, int]], classes: list[Any]) -> str:
    import regex

    digest = hashlib.sha256()
    header = [_FORMAT, hs.__version__, regex.__version__, unicodedata.unidata_version, classes]
    digest.update(json.dumps(header).encode())
    for index, expression, flags in candidates:
        digest.update(f"{index}:{flags}:{len(expression)}:".encode())
        digest.update(expression)
    return digest.hexdigest()[:32]


def _path(key: str) -> Path:
    return cache_dir() / f"compiled-gate-{key}.bin"


def _load(hs: Any, key: str) -> tuple[Any, list[int], str] | None:
    try:
        blob = _path(key).read_bytes()
        header, _, body = blob.partition(b"\n")
        meta = json.loads(header)
        if meta.get("key") != key:
            return None
        database = hs.loadb(body, hs.HS_MODE_BLOCK)
        # A database built on another CPU (a shared home) loads, then fails to scan: try it now.
        database.scan(b"probe", match_event_handler=_collect, context=[], scratch=hs.Scratch(database))
        return database, [int(i) for i in meta["ids"]], str(meta["routed"])
    except FileNotFoundError:
        return None
    except Exception as exc:  # a stale or damaged entry: rebuilt and rewritten
        log.debug("compiled-gate cache entry unusable (%s); rebuilding", type(exc).__name__)
        return None


def _store(hs: Any, key: str, database: Any, ids: list[int], routed: str) -> None:
    target = _path(key)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        header = json.dumps({"key": key, "ids": ids, "routed": routed}).encode()
        with tempfile.NamedTemporaryFile(dir=target.parent, prefix=".tmp-", delete=False) as tmp:
            tmp.write(header + b"\n" + hs.dumpb(database))
        os.replace(tmp.name, target)
    except OSError as exc:  # a read-only home: compile again next time
        log.debug("compiled-gate cache not written (%s)", exc.strerror or type(exc).__name__)
