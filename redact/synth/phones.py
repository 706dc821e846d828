"""Phone numbers in the formats people of each country actually write.

A number is a country calling code plus a national significant number (NSN); a format is a
pattern whose `#` are filled, in order, with the NSN digits. Every pattern of a country
holds exactly that country's NSN length, so all formats of one member's number are the
same number (which row-aware recognizers must match whatever the format).
"""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class PhonePlan:
    """How to draw and write numbers of one country."""

    calling_code: str
    # Leading digits of valid (mostly mobile) NSNs; the rest of the NSN is random.
    prefixes: tuple[str, ...]
    nsn_length: int
    formats: tuple[str, ...]

    def draw_nsn(self, rng: random.Random) -> str:
        prefix = rng.choice(self.prefixes)
        rest = self.nsn_length - len(prefix)
        return prefix + f"{rng.randrange(10**rest):0{rest}d}"


def _plan(code: str, prefixes: str, length: int, *formats: str) -> PhonePlan:
    for pattern in formats:
        if pattern.count("#") != length:
            raise AssertionError(f"phone format {pattern!r} does not hold {length} digits")
    return PhonePlan(code, tuple(prefixes.split()), length, formats)


# NANP area codes in use (a random area code is often unassigned, hence invalid).
_US_AREAS = "212 312 415 206 512 617 303 404 305 713 214 602 503 702 919 646 408 720"
_CA_AREAS = "416 514 604 613 403 780 902 647 438 236"
_NANP_FORMATS = (
    "(###) ###-####",
    "###-###-####",
    "+1 ###-###-####",
    "+1 (###) ###-####",
    "###.###.####",
    "+1 ### ### ####",
    "+1##########",
)

PHONE_PLANS: dict[str, PhonePlan] = {
    "US": _plan("1", " ".join(a + e for a in _US_AREAS.split() for e in "2345678"), 10,
                *_NANP_FORMATS),
    "CA": _plan("1", " ".join(a + e for a in _CA_AREAS.split() for e in "2345678"), 10,
                *_NANP_FORMATS),
    "IN": _plan("91", "98 97 96 99 94 93 88 87 70 63", 10,
                "+91 ##### #####", "+91-##########", "0##### #####", "##### #####", "+91##########"),
    "BR": _plan("55", "119 219 319 419 519 619 719 819", 11,
                "+55 ## #####-####", "(##) #####-####", "+55 (##) #####-####", "+55###########"),
    "AU": _plan("61", "40 41 42 43 46", 9,
                "0### ### ###", "+61 ### ### ###", "+61#########", "0#########"),
    "SG": _plan("65", "81 82 83 84 85 86 87 88 89 90 91 92 93 94 95 96 97 98", 8,
                "+65 #### ####", "#### ####", "+65########"),
    "ZA": _plan("27", "60 61 71 72 73 76 78 79 82 83 84", 9,
                "0## ### ####", "+27 ## ### ####", "+27#########"),
    "MX": _plan("52", "55 33 81", 10, "+52 ## #### ####", "## #### ####", "+52##########"),
    "NG": _plan("234", "803 806 813 816 703 706 903 810", 10,
                "0### ### ####", "+234 ### ### ####", "+234##########"),
    "FR": _plan("33", "60 61 62 64 65 66 67 68 73 74 75 76 77 78 1 3 9", 9,
                "0# ## ## ## ##", "+33 # ## ## ## ##", "0#.##.##.##.##", "+33 (0)# ## ## ## ##",
                "0#########", "+33#########", "0#-##-##-##-##"),
    "GB": _plan("44", "71 73 74 75 78 207 208", 10,
                "0#### ######", "+44 #### ######", "+44 (0)#### ######", "0##########",
                "+44##########"),
    "DE": _plan("49", "151 152 157 160 170 171 172 176 179", 11,
                "0### ########", "+49 ### ########", "+49 (0)### ########", "+49###########"),
    "CH": _plan("41", "76 77 78 79", 9,
                "0## ### ## ##", "+41 ## ### ## ##", "+41 (0)## ### ## ##", "+41#########"),
    "BE": _plan("32", "470 471 472 475 476 477 478 479 484 485 486 487 488 489 490 491 492 493",
                9, "0### ## ## ##", "+32 ### ## ## ##", "0###/## ## ##", "+32#########"),
    "ES": _plan("34", "6 71 72 73 74", 9, "### ## ## ##", "+34 ### ### ###", "+34 ### ## ## ##",
                "+34#########"),
    "IT": _plan("39", "320 327 328 329 333 338 339 340 347 348 349 366 380 388 393", 10,
                "### ### ####", "+39 ### ### ####", "+39 ##########", "+39##########"),
    "NL": _plan("31", "61 62 63 64 65 68", 9, "0# ########", "+31 # ########", "0#-########", "+31#########"),
    "IE": _plan("353", "83 85 86 87 89", 9, "0## ### ####", "+353 ## ### ####", "+353#########"),
    "NO": _plan("47", "40 41 46 47 48 9", 8, "### ## ###", "+47 ### ## ###", "+47########"),
    "IS": _plan("354", "69 77 78 84 85 86 89", 7, "### ####", "+354 ### ####", "+354#######"),
    "SE": _plan("46", "70 72 73 76", 9, "0##-### ## ##", "+46 ## ### ## ##", "+46#########"),
}  # fmt: skip


def format_phone(pattern: str, nsn: str) -> str:
    """Fill the `#` of `pattern` with the digits of `nsn`, in order."""
    digits = iter(nsn)
    return "".join(next(digits) if char == "#" else char for char in pattern)
