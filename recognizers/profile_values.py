"""Find the author's own handle, email and phone in a text, whatever their spelling.

The handle and email are matched as their regular expressions (`handle_pattern`,
`email_pattern`) would match them, but with `text_folding` nodes: authors change on every
row, and compiling their patterns cost milliseconds each.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import phonenumbers
import regex as re

from recognizers.checksums import digits_only
from recognizers.name_words import name_words
from recognizers.text_folding import Alt, CharClass, Lit, Node, NotAhead, Run, case_finder, case_key, first_end

HANDLE_WITH_AT_SCORE = 0.95
HANDLE_WITH_SYMBOLS_SCORE = 0.85
BARE_HANDLE_SCORE = 0.6
EMAIL_SCORE = 1.0
OBFUSCATED_EMAIL_SCORE = 0.9
PHONE_SCORE = 0.95


@dataclass(frozen=True, slots=True)
class ValueMatch:
    start: int
    end: int
    score: float


# ---- handle --------------------------------------------------------------------------


def clean_handle(raw: str | None) -> str | None:
    """`@jdoe`, `jdoe`, `linkedin.com/in/jdoe/` -> `jdoe`; None when too short to match."""
    if not raw:
        return None
    value = raw.strip().split("?", 1)[0].rstrip("/")
    if "/" in value:
        value = value.rsplit("/", 1)[1]
    value = value.lstrip("@").strip()
    if len(value) < 2 or not any(ch.isalnum() for ch in value):
        return None
    return value


def handle_pattern(handle: str) -> str:
    """The handle's regex (IGNORECASE); group 1 holds the "@" when there is one."""
    return rf"(?<![\w.\-@])(@?){re.escape(handle)}(?![\w\-@]|\.\w)"


_HANDLE_BEFORE = CharClass(r"[\w.\-@]", re.IGNORECASE)
_HANDLE_AFTER = CharClass(r"[\w\-@]", re.IGNORECASE)
_WORD = CharClass(r"\w", re.IGNORECASE)
_AT_SIGN = CharClass("@", re.IGNORECASE)


def _followed_by_word(text: str, i: int) -> bool:
    r"""`\.\w` at `i`."""
    return text.startswith(".", i) and i + 1 < len(text) and _WORD.table[text[i + 1]]


_HANDLE_END = NotAhead(lambda text, i: (i < len(text) and _HANDLE_AFTER.table[text[i]]) or _followed_by_word(text, i))


@lru_cache(maxsize=4096)
def _handle_nodes(handle: str) -> tuple[Node, ...]:
    return (Run(_AT_SIGN, 0, 1), Lit(handle, ignore_case=True), _HANDLE_END)


def _handle_spans(text: str, handle: str) -> list[tuple[int, int, bool]]:
    """(start, end, with "@") of `handle_pattern`'s matches, as `finditer` gives them."""
    key = case_key(text)
    # Only where the whole handle occurs can a match start (at it, or at its "@"): the key
    # holds the handle wherever it matches, at the same offsets when it has the text's length.
    ascii_handle = handle.isascii() and not handle.startswith("@") and len(key) == len(text)
    lowered = handle.lower() if ascii_handle else ""
    candidates: set[int] = set()
    if lowered:
        at = key.find(lowered)
        while at != -1:
            candidates.add(at - 1 if at > 0 and text[at - 1] == "@" else at)
            at = key.find(lowered, at + 1)
    else:
        for hit in case_finder(handle[:2]).finditer(text, overlapped=True):
            at = hit.start()
            candidates.add(at - 1 if at > 0 and text[at - 1] in _AT_SIGN else at)
    nodes = _handle_nodes(handle)
    spans: list[tuple[int, int, bool]] = []
    last_end = 0
    size = len(handle)
    for start in sorted(candidates):
        if start < last_end or (start > 0 and _HANDLE_BEFORE.table[text[start - 1]]):
            continue
        end: int | None
        at = start + 1 if text.startswith("@", start) else start  # "@?" is greedy
        segment = text[at : at + size]
        if lowered and segment.isascii():
            # What the nodes find: a handle not starting with "@" cannot match without it.
            end = at + size if segment.lower() == lowered and not _HANDLE_END.test(text, at + size) else None
        else:
            end = first_end(nodes, text, start)
        if end is not None:
            spans.append((start, end, end - start > len(handle)))
            last_end = end
    return spans


@lru_cache(maxsize=4096)
def _handle_rules(raw_handle: str) -> tuple[str, bool, bool, str] | None:
    """The cleaned handle, whether it holds symbols, whether it counts bare, and what
    `case_key(text)` must hold for it to match: per author, once."""
    handle = clean_handle(raw_handle)
    if handle is None:
        return None
    has_symbols = not handle.isalpha()
    bare_allowed = has_symbols or (len(handle) >= 5 and handle.lower() not in name_words().common)
    return handle, has_symbols, bare_allowed, handle.lower() if handle.isascii() else ""


def find_handle(text: str, raw_handle: str | None) -> list[ValueMatch]:
    """`@jdoe` always; bare `jdoe` only when it cannot be an everyday word."""
    rules = _handle_rules(raw_handle) if raw_handle else None
    if rules is None:
        return []
    handle, has_symbols, bare_allowed, needed = rules
    if needed not in case_key(text):  # most texts: the handle is not there at all
        return []
    matches = []
    for start, end, with_at in _handle_spans(text, handle):
        if with_at:
            score = HANDLE_WITH_AT_SCORE
        elif has_symbols:
            score = HANDLE_WITH_SYMBOLS_SCORE
        elif bare_allowed:
            score = BARE_HANDLE_SCORE
        else:
            continue
        matches.append(ValueMatch(start, end, score))
    return matches


# ---- email ---------------------------------------------------------------------------

_DOT = (
    r"(?:\s{0,2}\.\s{0,2}|\s{0,2}[\[({<]\s{0,2}(?:dot|point)\s{0,2}[\])}>]\s{0,2}"
    r"|\s{1,2}(?:dot|point)\s{1,2})"
)
_AT = (
    r"(?:\s{0,2}@\s{0,2}|\s{0,2}[\[({<]\s{0,2}(?:at|arobase|@)\s{0,2}[\])}>]\s{0,2}"
    r"|\s{1,2}(?:at|arobase|chez)\s{1,2})"
)


def email_pattern(email: str) -> str | None:
    """The email's regex (IGNORECASE), plain or spelled out; None for an unusable email."""
    local, at, domain = email.rpartition("@")
    if not at or not local or "." not in domain:
        return None
    local_pattern = _DOT.join(re.escape(part) for part in local.split("."))
    domain_pattern = _DOT.join(re.escape(part) for part in domain.split("."))
    return rf"(?<![\w.+\-]){local_pattern}{_AT}{domain_pattern}(?![\w\-]|\.\w)"


_SPACE = CharClass(r"\s", re.IGNORECASE)
_OPEN = CharClass(r"[\[({<]", re.IGNORECASE)
_CLOSE = CharClass(r"[\])}>]", re.IGNORECASE)
_EMAIL_BEFORE = CharClass(r"[\w.+\-]", re.IGNORECASE)
_EMAIL_AFTER = CharClass(r"[\w\-]", re.IGNORECASE)


def _spaces(lo: int, hi: int) -> Run:
    return Run(_SPACE, lo, hi)


def _one_of(*words: str) -> Alt:
    return Alt(tuple((Lit(word, ignore_case=True),) for word in words))


def _separator(symbol: str, bracketed: tuple[str, ...], spaced: tuple[str, ...]) -> Alt:
    """`_DOT` / `_AT` as nodes, alternatives in the same order."""
    return Alt(
        (
            (_spaces(0, 2), Lit(symbol, ignore_case=True), _spaces(0, 2)),
            (_spaces(0, 2), Run(_OPEN, 1, 1), _spaces(0, 2), _one_of(*bracketed), _spaces(0, 2), Run(_CLOSE, 1, 1),
             _spaces(0, 2)),
            (_spaces(1, 2), _one_of(*spaced), _spaces(1, 2)),
        )
    )  # fmt: skip


_DOT_NODE = _separator(".", ("dot", "point"), ("dot", "point"))
_AT_NODE = _separator("@", ("at", "arobase", "@"), ("at", "arobase", "chez"))
_EMAIL_END = NotAhead(lambda text, i: (i < len(text) and _EMAIL_AFTER.table[text[i]]) or _followed_by_word(text, i))


@lru_cache(maxsize=4096)
def _email_nodes(email: str) -> tuple[Node, ...] | None:
    local, at, domain = email.rpartition("@")
    if not at or not local or "." not in domain:
        return None
    nodes: list[Node] = []
    for separator, parts in ((None, local.split(".")), (_AT_NODE, domain.split("."))):
        if separator is not None:
            nodes.append(separator)
        for index, part in enumerate(parts):
            if index:
                nodes.append(_DOT_NODE)
            nodes.append(Lit(part, ignore_case=True))
    nodes.append(_EMAIL_END)
    return tuple(nodes)


@lru_cache(maxsize=256)
def _email_regex(email: str) -> re.Pattern[str] | None:
    """The compiled pattern, only for emails starting with "." (no first character to look for)."""
    source = email_pattern(email)
    return re.compile(source, re.IGNORECASE) if source is not None else None


@lru_cache(maxsize=4096)
def _plain_email(email: str) -> str:
    """The email in lower case when written as is it is the match `regex` reports first, else "".

    In an ASCII email without spaces, every separator's spaces are optional and greedy but
    find none, and its first option is the plain "." or "@": the path tried first is the
    email as written. A text writing it so (the usual case) needs no backtracking matcher.
    """
    return email.lower() if email.isascii() and email.isprintable() and " " not in email else ""


def _email_spans(text: str, email: str) -> list[tuple[int, int]]:
    """`email_pattern`'s matches, as `finditer` gives them."""
    nodes = _email_nodes(email)
    if nodes is None:
        return []
    if email.startswith("."):
        pattern = _email_regex(email)
        return [] if pattern is None else [m.span() for m in pattern.finditer(text)]
    spans: list[tuple[int, int]] = []
    last_end = 0
    first_part = email.rpartition("@")[0].split(".")[0]
    plain = _plain_email(email)
    for start in _email_starts(text, first_part):
        if start < last_end or (start > 0 and _EMAIL_BEFORE.table[text[start - 1]]):
            continue
        stop = start + len(plain)
        segment = text[start:stop]
        if plain and segment.isascii() and segment.lower() == plain and not _EMAIL_END.test(text, stop):
            end: int | None = stop
        else:
            end = first_end(nodes, text, start)
        if end is not None:
            spans.append((start, end))
            last_end = end
    return spans


def _email_starts(text: str, first_part: str) -> list[int]:
    """Where a match may start: where the email's first part occurs (case-insensitively)."""
    key = case_key(text)
    if first_part.isascii() and len(key) == len(text):
        # Found in the lower-cased key: one C search a hit, at the text's own offsets.
        lowered = first_part.lower()
        starts = []
        at = key.find(lowered)
        while at != -1:
            starts.append(at)
            at = key.find(lowered, at + 1)
        return starts
    return [hit.start() for hit in case_finder(first_part[:2]).finditer(text, overlapped=True)]


@lru_cache(maxsize=4096)
def _email_words(email: str) -> tuple[str, ...]:
    """What `case_key(text)` must hold for the email to match, plain or spelled out: its
    ASCII parts between dots and "@", lower-cased (the others are not checked)."""
    local, _, domain = email.rpartition("@")
    parts = [*local.split("."), *domain.split(".")]
    return tuple(sorted({part.lower() for part in parts if part.isascii()}, key=len, reverse=True))


def find_email(text: str, raw_email: str | None) -> list[ValueMatch]:
    """The email as written, or spelled out (`john dot smith at example dot com`)."""
    if not raw_email or not raw_email.strip():
        return []
    email = raw_email.strip()
    key = case_key(text)
    for word in _email_words(email):
        if word not in key:  # most texts: some part of the email is not there at all
            return []
    matches = []
    for start, end in _email_spans(text, email):
        exact = text[start:end].lower() == email.lower()
        score = EMAIL_SCORE if exact else OBFUSCATED_EMAIL_SCORE
        matches.append(ValueMatch(start, end, score))
    return matches


# ---- phone ---------------------------------------------------------------------------

_DIGIT_RUN = re.compile(r"\d+")
_PHONE_GAP = re.compile(r"[ \u00a0\u202f.\-/()]{1,3}")
_DIGIT_CHAIN = re.compile(rf"\d+(?:{_PHONE_GAP.pattern}\d+)*")
_MIN_SIGNIFICANT_DIGITS = 6
_NOT_ASCII_DIGITS = bytes(code for code in range(256) if not 0x30 <= code <= 0x39)


@dataclass(frozen=True, slots=True)
class PhoneKey:
    """The national significant number and, when known, the country calling code."""

    national: str
    country_code: str | None

    def accepts(self, digits: str, international_prefix: bool) -> bool:
        """Whether `digits` spells this number with a usual prefix (0, +CC, 00CC, CC(0))."""
        if not digits.endswith(self.national):
            return False
        prefix = digits[: len(digits) - len(self.national)]
        if prefix in ("", "0"):
            return True
        if self.country_code is not None:
            code = self.country_code
            return prefix in (code, code + "0", "00" + code, "00" + code + "0")
        # Unknown country: any 1-3 digit code, but only after "+" / "00".
        if prefix.startswith("00"):
            prefix = prefix[2:]
        return international_prefix and 1 <= len(prefix.rstrip("0") or "0") <= 3


@lru_cache(maxsize=4096)
def phone_key(raw_phone: str) -> PhoneKey | None:
    digits = digits_only(raw_phone)
    stripped = raw_phone.strip()
    if stripped.startswith("+") or stripped.startswith("00"):
        international = digits[2:] if stripped.startswith("00") else digits
        try:
            parsed = phonenumbers.parse("+" + international, None)
        except phonenumbers.NumberParseException:
            parsed = None
        if parsed is not None and parsed.national_number:
            national = str(parsed.national_number)
            if len(national) >= _MIN_SIGNIFICANT_DIGITS:
                return PhoneKey(national, str(parsed.country_code))
    national = digits.lstrip("0")
    if len(national) < _MIN_SIGNIFICANT_DIGITS:
        return None
    return PhoneKey(national, None)


def find_phone(text: str, raw_phone: str | None) -> list[ValueMatch]:
    """Runs of digit groups whose digits spell the phone, in any grouping or prefix.

    Linear in the text: digit groups joined by phone separators form chains; the national
    number is searched in each chain's digits, then extended left over an accepted prefix.
    """
    if not raw_phone:
        return []
    key = phone_key(raw_phone)
    if key is None:
        return []
    # The number's digits (ASCII) are consecutive among the text's ASCII digits wherever it
    # is written: most texts hold no such run, and stripping the rest is one C call.
    if key.national.encode() not in ascii_digits(text):
        return []
    matches: list[ValueMatch] = []
    for chain in _digit_chains(text, len(key.national)):
        matches.extend(_matches_in_chain(text, chain, key))
    return matches


def _digit_chains(text: str, min_digits: int = 0) -> list[list[tuple[int, int]]]:
    """Maximal sequences of digit groups separated only by phone separators, of at least
    `min_digits` characters (a chain with fewer digits cannot hold the number).

    `_DIGIT_CHAIN` finds each chain whole (a separator run is never a digit, so each one
    must fill a gap between two groups): its groups are then listed only for the long ones.
    """
    chains: list[list[tuple[int, int]]] = []
    for chain in _DIGIT_CHAIN.finditer(text):
        start, end = chain.span()
        if end - start >= min_digits:
            chains.append([group.span() for group in _DIGIT_RUN.finditer(text, start, end)])
    return chains


def _matches_in_chain(text: str, chain: list[tuple[int, int]], key: PhoneKey) -> list[ValueMatch]:
    digits = "".join(text[start:end] for start, end in chain)
    if key.national not in digits:  # most chains: another number
        return []
    # Offsets (in `digits`) where each group starts and ends.
    group_starts: list[int] = []
    group_ends: dict[int, int] = {}
    offset = 0
    for index, (start, end) in enumerate(chain):
        group_starts.append(offset)
        offset += end - start
        group_ends[offset] = index
    found: list[ValueMatch] = []
    last_end = -1
    position = digits.find(key.national)
    while position != -1:
        stop = position + len(key.national)
        last = group_ends.get(stop)
        if last is not None and position >= last_end:
            match = _extend_left(text, chain, group_starts, digits, position, last, key)
            if match is not None:
                found.append(match)
                last_end = stop
        position = digits.find(key.national, position + 1)
    return found


def _extend_left(
    text: str,
    chain: list[tuple[int, int]],
    group_starts: list[int],
    digits: str,
    position: int,
    last: int,
    key: PhoneKey,
) -> ValueMatch | None:
    """The longest accepted spelling ending at group `last` (prefix of at most 6 digits)."""
    end = chain[last][1]
    if end < len(text) and (text[end].isalnum() or text[end] == "_"):
        return None
    stop = position + len(key.national)
    for first, group_start in enumerate(group_starts):
        if group_start > position or position - group_start > 6:
            continue
        start = chain[first][0]
        if start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_"):
            continue
        before = text[max(0, start - 2) : start].rstrip(" (")
        international = before.endswith("+") or text.startswith("00", start)
        if key.accepts(digits[group_start:stop], international):
            return ValueMatch(*_widen(text, start, end), score=PHONE_SCORE)
    return None


def _widen(text: str, start: int, end: int) -> tuple[int, int]:
    """Take in a leading "+" or "(" (and its ")") so no part of the number is left behind."""
    if start > 0 and text[start - 1] == "(":
        start -= 1
        if end < len(text) and text[end] == ")":
            end += 1
    if start > 0 and text[start - 1] == "+":
        start -= 1
    return start, end


# ---- pre-checks ------------------------------------------------------------------------
#
# What a text must hold for each finder to find anything, per author value, computed once:
# a row recognizer checks them all at the cost of a few substring searches per text and
# calls a finder only when its check passes (the finder then returns what it always does).


def ascii_digits(text: str) -> bytes:
    """The text's ASCII digits, in order: the national number of a phone written anywhere
    in it, whatever its grouping, is among them (one C call)."""
    return text.encode("ascii", "ignore").translate(None, _NOT_ASCII_DIGITS)


@lru_cache(maxsize=4096)
def handle_precheck(raw_handle: str | None) -> str | None:
    """What `case_key(text)` must hold for `find_handle` to find anything; None: never."""
    rules = _handle_rules(raw_handle) if raw_handle else None
    return None if rules is None else rules[3]


@lru_cache(maxsize=4096)
def email_precheck(raw_email: str | None) -> tuple[str, ...] | None:
    """What `case_key(text)` must hold for `find_email` to find anything; None: never."""
    if not raw_email or not raw_email.strip():
        return None
    return _email_words(raw_email.strip())


@lru_cache(maxsize=4096)
def phone_precheck(raw_phone: str | None) -> bytes | None:
    """What `ascii_digits(text)` must hold for `find_phone` to find anything; None: never."""
    key = phone_key(raw_phone) if raw_phone else None
    return None if key is None else key.national.encode()


def phone_may_occur(raw_phone: str | None, digits: bytes) -> bool:
    """False where `find_phone` cannot find the phone in a text whose `ascii_digits` are `digits`.

    A national number has `_MIN_SIGNIFICANT_DIGITS` digits at least, so a text with fewer
    digits is answered without working out the number: for an international one that is a
    phonenumbers parse (~20 µs), and where most rows come from members not seen lately, each
    row would pay it.
    """
    if len(digits) < _MIN_SIGNIFICANT_DIGITS or not raw_phone:
        return False
    national = phone_precheck(raw_phone)
    return national is not None and national in digits
