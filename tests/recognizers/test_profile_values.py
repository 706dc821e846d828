from __future__ import annotations

import pytest
import regex as re
from hypothesis import given
from hypothesis import strategies as st

from recognizers.profile_values import (
    _DIGIT_RUN,
    _PHONE_GAP,
    PhoneKey,
    ValueMatch,
    _digit_chains,
    ascii_digits,
    clean_handle,
    email_pattern,
    find_email,
    find_handle,
    find_phone,
    handle_pattern,
    phone_key,
    phone_may_occur,
    phone_precheck,
)


def texts_of(text: str, matches: list[ValueMatch]) -> list[str]:
    return [text[m.start : m.end] for m in matches]


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("@jdoe", "jdoe"),
        (" jdoe ", "jdoe"),
        ("https://www.linkedin.com/in/jane-doe/", "jane-doe"),
        ("twitter.com/jdoe?lang=fr", "jdoe"),
        ("@", None),
        ("", None),
        (None, None),
    ],
)
def test_clean_handle(raw: str | None, clean: str | None) -> None:
    assert clean_handle(raw) == clean


@pytest.mark.parametrize(
    ("handle", "text", "expected"),
    [
        ("jdoe", "Follow @jdoe and @JDoe!", ["@jdoe", "@JDoe"]),
        ("jane_doe42", "I'm jane_doe42 everywhere", ["jane_doe42"]),
        ("janedoeofficial", "search janedoeofficial", ["janedoeofficial"]),
        ("jdoe", "I'm jdoe here", []),  # short alphabetic: only with "@"
        ("rose", "a rose, @rose", ["@rose"]),
        ("jdoe", "@jdoe2 and xjdoe and jdoe@example.com", []),
        ("jane.doe", "@jane.doe.", ["@jane.doe"]),
    ],
)
def test_find_handle(handle: str, text: str, expected: list[str]) -> None:
    assert texts_of(text, find_handle(text, handle)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mail John.Smith@Example.com now", ["John.Smith@Example.com"]),
        ("john dot smith at example dot com", ["john dot smith at example dot com"]),
        ("john.smith [at] example [dot] com", ["john.smith [at] example [dot] com"]),
        ("john.smith(at)example.com", ["john.smith(at)example.com"]),
        ("john point smith arobase example point com", ["john point smith arobase example point com"]),
        ("xjohn.smith@example.com, john.smith@example.com.au", []),
        ("john smith at example", []),
        ("JOHN.SMITH@EXAMPLE.COM!", ["JOHN.SMITH@EXAMPLE.COM"]),
        ("john.smith@example.com-x or john.smith@example.comx", []),  # no boundary after it
        (
            "john.smith@example.com. john . smith @ example . com",
            ["john.smith@example.com", "john . smith @ example . com"],
        ),
        ("john.smith@exampIe.com, jοhn.smith@example.com", []),  # a capital i, a Greek omicron
    ],
)
def test_find_email(text: str, expected: list[str]) -> None:
    assert texts_of(text, find_email(text, "john.smith@example.com")) == expected


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("+33 6 12 34 56 78", PhoneKey("612345678", "33")),
        ("0033612345678", PhoneKey("612345678", "33")),
        ("06 12 34 56 78", PhoneKey("612345678", None)),
        ("+1 (415) 555-0134", PhoneKey("4155550134", "1")),
        ("12345", None),
    ],
)
def test_phone_key(raw: str, key: PhoneKey | None) -> None:
    assert phone_key(raw) == key


@pytest.mark.parametrize(
    ("profile_phone", "text", "expected"),
    [
        ("+33 6 12 34 56 78", "Appelez le 06 12 34 56 78 !", ["06 12 34 56 78"]),
        ("+33 6 12 34 56 78", "WhatsApp +33612345678.", ["+33612345678"]),
        ("+33 6 12 34 56 78", "ou +33 (0)6 12 34 56 78", ["+33 (0)6 12 34 56 78"]),
        ("+33 6 12 34 56 78", "ou 0033 6.12.34.56.78", ["0033 6.12.34.56.78"]),
        ("06 12 34 56 78", "Tel +33 6 12 34 56 78", ["+33 6 12 34 56 78"]),
        ("+1 415 555 0134", "Call (415) 555-0134 or 415.555.0134", ["(415) 555-0134", "415.555.0134"]),
        ("+1 415 555 0134", "Call 1-415-555-0134", ["1-415-555-0134"]),
        ("+33 6 12 34 56 78", "Code 06 12 34 56 79 and 106 12 34 56 78", []),
        ("+33 6 12 34 56 78", "id 0612345678901", []),
    ],
)
def test_find_phone(profile_phone: str, text: str, expected: list[str]) -> None:
    assert texts_of(text, find_phone(text, profile_phone)) == expected


_PHONE_TEXTS = [
    "Appelez le 06 12 34 56 78 !",
    "WhatsApp +33612345678.",
    "Call (415) 555-0134",
    "Code 06 12 34 56 79",
    "id 12345 and 6789",  # nine digits, not the number's
    "12345",  # fewer digits than any national number
    "no digits at all",
    "",
]


@pytest.mark.parametrize("profile_phone", ["+33 6 12 34 56 78", "06 12 34 56 78", "+1 415 555 0134", "12345", ""])
@pytest.mark.parametrize("text", _PHONE_TEXTS)
def test_phone_may_occur_is_false_only_where_find_phone_finds_nothing(profile_phone: str, text: str) -> None:
    may = phone_may_occur(profile_phone, ascii_digits(text))
    if not may:
        assert find_phone(text, profile_phone) == []
    key = phone_key(profile_phone) if profile_phone else None
    digits = ascii_digits(text)
    expected = key is not None and len(digits) >= 6 and key.national.encode() in digits
    assert may is expected


@pytest.mark.parametrize("text", ["Thanks, see you at 5!", "Call me on 12/05", "no digits"])
def test_a_text_with_few_digits_never_works_out_the_phone(text: str) -> None:
    raw = "+44 20 7946 0958"  # international: its key costs a phonenumbers parse
    phone_precheck.cache_clear()
    assert not phone_may_occur(raw, ascii_digits(text))
    assert phone_precheck.cache_info().misses == 0
    assert phone_may_occur(raw, ascii_digits("Call +44 20 7946 0958"))
    assert phone_precheck.cache_info().misses == 1


# Handles and emails are matched without compiling their patterns: exactly what the
# patterns (`handle_pattern`, `email_pattern`) find, whatever the text.
_VALUE_PIECES = ["john", "JOHN", "smith", "Smith", "example", "com", "fr", ".", " . ", "@", " @ ", "(at)", "[dot]",
                 " dot ", " DOT ", " at ", " arobase ", " chez ", " point ", "{", "}", "<", ">", "-", "_", "+", " ",
                 "  ", "\n", "\u00a0", "x", "2", "/", "jdoe", "JDoe", "jane.doe", "\u0130", "\u0131", "\u212a",
                 "kiki", "\u017f", "john.smith@example.com", "JOHN.SMITH@EXAMPLE.FR", "@jdoe", "jane.doe.x",
                 "ki\u212ai", "é"]  # fmt: skip
_VALUE_TEXT = st.lists(st.sampled_from(_VALUE_PIECES), max_size=14).map("".join)


@pytest.mark.parametrize(
    "email", ["john.smith@example.com", "John.Smith@Example.FR", "kiki@ki.ki", "a..b@x.com", "sis@x.fr", "é.x@x.fr"]
)
@given(text=_VALUE_TEXT)
def test_find_email_finds_what_its_pattern_finds(email: str, text: str) -> None:
    source = email_pattern(email)
    assert source is not None
    expected = [m.span() for m in re.finditer(source, text, re.IGNORECASE)]
    assert [(m.start, m.end) for m in find_email(text, email)] == expected


@pytest.mark.parametrize("handle", ["jdoe", "jane.doe", "janedoeofficial", "kiki", "JDoe", "jdoé", "sis_2"])
@given(text=_VALUE_TEXT)
def test_find_handle_finds_what_its_pattern_finds(handle: str, text: str) -> None:
    expected = [(m.start(), m.end()) for m in re.finditer(handle_pattern(handle), text, re.IGNORECASE)]
    found = [(m.start, m.end) for m in find_handle(text, handle)]
    if not handle.isalpha():
        assert found == expected  # a handle with symbols counts bare too
    else:  # a bare word may be dropped by the score rules, never added
        assert set(found) <= set(expected)
        assert [span for span in expected if text[span[0]] == "@"] == [s for s in found if text[s[0]] == "@"]


def _chains_run_by_run(text: str) -> list[list[tuple[int, int]]]:
    """Digit groups chained one by one: a group joins the chain when a phone separator run alone precedes it."""
    chains: list[list[tuple[int, int]]] = []
    for match in _DIGIT_RUN.finditer(text):
        if chains and _PHONE_GAP.fullmatch(text, chains[-1][-1][1], match.start()):
            chains[-1].append(match.span())
        else:
            chains.append([match.span()])
    return chains


_PHONE_PIECES = ["0", "12", "345", "٣", " ", "  ", "    ", ".", "-", "/", "(", ")", "x", "+", "\u00a0"]


@given(text=st.lists(st.sampled_from(_PHONE_PIECES), max_size=20).map("".join), min_digits=st.integers(0, 8))
def test_digit_chains_are_the_groups_chained_one_by_one(text: str, min_digits: int) -> None:
    expected = [c for c in _chains_run_by_run(text) if c[-1][1] - c[0][0] >= min_digits]
    assert _digit_chains(text, min_digits) == expected
