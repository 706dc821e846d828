"""Checksum helpers shared by the identifier recognizers (Luhn, ISO 7064 mod 97-10)."""

from __future__ import annotations

import string

_ALNUM_VALUES = {ch: str(value) for value, ch in enumerate(string.digits + string.ascii_uppercase)}


def digits_only(text: str) -> str:
    """The ASCII digits of `text`, in order (separators dropped)."""
    return "".join(ch for ch in text if "0" <= ch <= "9")


def luhn_is_valid(digits: str) -> bool:
    """True when `digits` (ASCII digits only) passes the Luhn check."""
    if not digits or not digits.isascii() or not digits.isdigit():
        return False
    total = 0
    for position, ch in enumerate(reversed(digits)):
        value = ord(ch) - 48
        if position % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def iban_mod97_is_valid(compact_iban: str) -> bool:
    """ISO 13616 check: move the first four characters to the end, letters to numbers.

    `compact_iban` holds only ASCII letters and digits (any case).
    """
    rearranged = (compact_iban[4:] + compact_iban[:4]).upper()
    try:
        numeric = "".join(_ALNUM_VALUES[ch] for ch in rearranged)
    except KeyError:
        return False
    return int(numeric) % 97 == 1
