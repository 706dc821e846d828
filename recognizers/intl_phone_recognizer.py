"""Phone numbers as people write them in posts: E.164, North American and trunk-0 forms."""

from __future__ import annotations

from functools import lru_cache
from typing import ClassVar

import phonenumbers
import regex as re
from presidio_analyzer import Pattern

from recognizers.base import ConstantsPatternRecognizer
from recognizers.checksums import digits_only

_SEP = r"[ \u00a0\u202f.\-]"
_START = rf"(?<![\w+])(?<!\d{_SEP})(?<!\d,)"
_EXTENSION = r"(?:\s?(?:x|ext\.?|extension|poste)\s?\d{1,5})?"
# Not the head of a longer number, not a price, a percentage or a time.
_END = (
    rf"(?!{_SEP}?\d)(?![\w,]\d)(?!\w)(?!:\d)"
    r"(?!\s?(?:%|€|\$|£|¥|[kKmM]€|eur\b|usd\b|euros?\b|dollars?\b))"
)

_DATE_PREFIX = re.compile(r"^\(?\d{1,4}[./\-]\d{1,2}[./\-]\d{2,4}")
# "(0)" is the French/Swiss/UK trunk digit people keep after the country code.
_TRUNK_IN_PARENS = re.compile(r"\(\s*0\s*\)")
_EXTENSION_TAIL = re.compile(r"\s?(?:x|ext\.?|extension|poste)\s?\d{1,5}$", re.IGNORECASE)


class IntlPhoneRecognizer(ConstantsPatternRecognizer):
    """Recognizes phone numbers that Presidio's `PhoneRecognizer` misses or scores low.

    Shapes: `+44 20 7946 0958`, `+41 (0)21 123 45 67`, `001-415-555-0134`,
    `(415) 555-0134`, `415-555-0134`, `415.555.0134`, `020 7946 0958`, `4155550134`,
    with an optional `x123` extension. Years, ranges such as `2019-2023`, versions,
    prices and counts are rejected by the digit-count and boundary rules.
    """

    ENTITY = "PHONE_NUMBER"

    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "Phone with international prefix (+CC / 00CC)",
            rf"{_START}\(?(?:\+|00)[1-9]\d{{0,2}}\)?(?:{_SEP}?\(0\))?"
            rf"(?:{_SEP}?\(?\d{{1,5}}\)?){{1,7}}+{_EXTENSION}{_END}",
            0.7,
        ),
        Pattern(
            "North American (NXX) NXX-XXXX",
            rf"{_START}(?:(?:\+?1|001){_SEP}?)?(?:\(\d{{3}}\){_SEP}?|\d{{3}}{_SEP})"
            rf"\d{{3}}{_SEP}\d{{4}}{_EXTENSION}{_END}",
            0.6,
        ),
        Pattern(
            "Area code and local number (XXX-XXXXXXX)",
            rf"{_START}\d{{3}}-\d{{7}}{_EXTENSION}{_END}",
            0.5,
        ),
        Pattern(
            "National number with trunk 0 (020 7946 0958)",
            rf"{_START}(?:\(0\d{{1,4}}\){_SEP}?|0\d{{1,4}}{_SEP})\d{{2,8}}(?:{_SEP}\d{{2,8}}){{0,3}}+"
            rf"{_EXTENSION}{_END}",
            0.55,
        ),
        Pattern(
            "Unformatted 10-11 digits",
            rf"{_START}\d{{10,11}}{_EXTENSION}{_END}",
            0.5,
        ),
    ]

    CONTEXT: ClassVar[list[str]] = [
        "phone",
        "telephone",
        "tel",
        "mobile",
        "cell",
        "call",
        "text",
        "whatsapp",
        "reach",
        "contact",
        "number",
        "téléphone",
        "portable",
        "appeler",
    ]

    def invalidate_result(self, pattern_text: str) -> bool:
        """Reject matches whose digit count cannot be a phone number, and dates."""
        if _DATE_PREFIX.match(pattern_text):
            return True
        number = _EXTENSION_TAIL.sub("", pattern_text)
        number = _TRUNK_IN_PARENS.sub("", number)
        digits = digits_only(number)
        if len(set(digits)) <= 1:
            return True
        stripped = number.lstrip("(")
        if stripped.startswith("+") or stripped.startswith("00"):
            international = digits[2:] if stripped.startswith("00") else digits
            return not _is_possible_international(international)
        return not 10 <= len(digits) <= 11


def load_phone_metadata() -> None:
    """Load python-phonenumbers' metadata of every calling code now, with the patterns that
    parsing a number uses (~0.05 s, ~2 MB).

    phonenumbers loads a region's metadata the first time it parses one of its numbers and
    compiles its patterns through `re`'s cache, which holds 512: a worker meeting numbers of
    many countries would pay ~0.1-0.3 ms per first number of a country, and again whenever
    the patterns fall out of that cache. Its own pattern cache (bounded by the metadata) keeps
    them.
    """
    from phonenumbers.re_util import re_compile

    phonenumbers.enable_pattern_cache()
    for code, regions in phonenumbers.COUNTRY_CODE_TO_REGION_CODE.items():
        for region in regions:
            metadata = phonenumbers.PhoneMetadata.metadata_for_region_or_calling_code(code, region)
            if metadata is None:
                continue
            if metadata.national_prefix_for_parsing:
                re_compile(metadata.national_prefix_for_parsing)
            if metadata.general_desc is not None and metadata.general_desc.national_number_pattern:
                re_compile(metadata.general_desc.national_number_pattern)


# A parse costs ~25 µs; one number often comes back in another form or through another of
# the patterns above (`+1 415 …` is also North American), which the per-value memo of the
# detector's regex pass does not see. The verdict depends on the digits only.
@lru_cache(maxsize=4096)
def _is_possible_international(digits: str) -> bool:
    """Whether `digits` (country code first) has a valid country code and a possible length."""
    if not 8 <= len(digits) <= 15:
        return False
    try:
        parsed = phonenumbers.parse("+" + digits, None)
    except phonenumbers.NumberParseException:
        return False
    reason = phonenumbers.is_possible_number_with_reason(parsed)
    return bool(reason == phonenumbers.ValidationResult.IS_POSSIBLE)
