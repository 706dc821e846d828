"""Check-digit arithmetic for the identifiers the generator embeds (and tests re-check).

Every generated IBAN, card number, NIR and SIRET is *valid*, so a recognizer that validates
checksums must still find it: an invalid one would test the validator, not the redaction.
"""

from __future__ import annotations

import random
import string

# IBAN lengths and BBAN shapes of the countries we generate: `9` a digit, `A` an upper-case
# letter. The shapes follow the national formats, so per-country regexes match them.
IBAN_BBAN_SHAPES: dict[str, str] = {
    "FR": "9999999999" + "99999999999" + "99",  # bank, branch, account, RIB key
    "DE": "999999999999999999",
    "GB": "AAAA" + "99999999999999",
    "ES": "99999999999999999999",
    "IT": "A" + "9999999999" + "999999999999",
    "BE": "999999999999",
    "NL": "AAAA" + "9999999999",
    "CH": "99999" + "999999999999",
    "IE": "AAAA" + "99999999999999",
    "PT": "999999999999999999999",
}


def luhn_checksum_ok(digits: str) -> bool:
    """True when a string of digits passes the Luhn (mod 10) check."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def luhn_check_digit(payload: str) -> str:
    """The digit to append to `payload` so that the whole passes the Luhn check."""
    for digit in "0123456789":
        if luhn_checksum_ok(payload + digit):
            return digit
    raise AssertionError("unreachable: one of ten digits always completes a Luhn number")


def _iban_numeric(rearranged: str) -> int:
    return int("".join(str(int(char, 36)) for char in rearranged))


def iban_ok(iban: str) -> bool:
    """ISO 13616 mod-97 check; spaces are ignored."""
    compact = iban.replace(" ", "").upper()
    if len(compact) < 5 or not compact[:2].isalpha() or not compact[2:4].isdigit():
        return False
    shape = IBAN_BBAN_SHAPES.get(compact[:2])
    if shape is not None and len(compact) != 4 + len(shape):
        return False
    return _iban_numeric(compact[4:] + compact[:4]) % 97 == 1


def _fill(rng: random.Random, shape: str) -> str:
    return "".join(
        rng.choice(string.ascii_uppercase) if kind == "A" else str(rng.randrange(10))
        for kind in shape
    )


def _french_rib_key(bank: str, branch: str, account: str) -> str:
    # The French national check digits, so that the BBAN is itself well formed.
    key = 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(account)) % 97
    return f"{key:02d}"


def _belgian_bban(rng: random.Random) -> str:
    body = f"{rng.randrange(10**10):010d}"
    check = int(body) % 97 or 97
    return f"{body}{check:02d}"


def make_iban(rng: random.Random, country: str) -> str:
    """A compact IBAN of `country` with valid check digits."""
    if country == "FR":
        bank, branch, account = _fill(rng, "99999"), _fill(rng, "99999"), _fill(rng, "9" * 11)
        bban = bank + branch + account + _french_rib_key(bank, branch, account)
    elif country == "BE":
        bban = _belgian_bban(rng)
    else:
        bban = _fill(rng, IBAN_BBAN_SHAPES[country])
    check = 98 - _iban_numeric(bban + country + "00") % 97
    return f"{country}{check:02d}{bban}"


def group_by_four(value: str) -> str:
    """The paper format of IBANs and most card numbers: groups of four."""
    return " ".join(value[i : i + 4] for i in range(0, len(value), 4))


# Issuer prefixes and lengths; every number is Luhn-valid.
CARD_ISSUERS: tuple[tuple[str, int], ...] = (
    ("4", 16),  # Visa
    ("51", 16),
    ("53", 16),
    ("55", 16),  # Mastercard
    ("2221", 16),  # Mastercard 2-series
    ("34", 15),
    ("37", 15),  # American Express
    ("6011", 16),  # Discover
)


def make_card_number(rng: random.Random) -> str:
    """A compact Luhn-valid card number from a real issuer range."""
    prefix, length = rng.choice(CARD_ISSUERS)
    payload = prefix + "".join(str(rng.randrange(10)) for _ in range(length - len(prefix) - 1))
    return payload + luhn_check_digit(payload)


# Metropolitan departments; Corsica (2A/2B) has letters in the NIR and a special key.
_NIR_DEPARTMENTS: tuple[int, ...] = tuple(d for d in range(1, 96) if d != 20)


def nir_ok(nir: str) -> bool:
    """French social security number (NIR): 13 digits and a key of 97 - (n mod 97)."""
    compact = nir.replace(" ", "")
    if len(compact) != 15 or not compact.isdigit():
        return False
    return 97 - int(compact[:13]) % 97 == int(compact[13:])


def make_nir(rng: random.Random) -> str:
    """A compact NIR: sex, birth year and month, department, commune, order number, key."""
    sex = rng.choice("12")
    year = f"{rng.randrange(50, 100) if rng.random() < 0.7 else rng.randrange(0, 6):02d}"
    month = f"{rng.randrange(1, 13):02d}"
    department = f"{rng.choice(_NIR_DEPARTMENTS):02d}"
    commune = f"{rng.randrange(1, 1000):03d}"
    order = f"{rng.randrange(1, 1000):03d}"
    body = sex + year + month + department + commune + order
    return f"{body}{97 - int(body) % 97:02d}"


def siret_ok(siret: str) -> bool:
    """SIRET: 14 digits, Luhn-valid, whose first nine (the SIREN) are Luhn-valid too."""
    compact = siret.replace(" ", "")
    return (
        len(compact) == 14
        and compact.isdigit()
        and luhn_checksum_ok(compact)
        and luhn_checksum_ok(compact[:9])
    )


def make_siret(rng: random.Random) -> str:
    """A compact SIRET: a valid SIREN then an establishment number completing the Luhn check."""
    siren_payload = str(rng.randrange(1, 10)) + "".join(str(rng.randrange(10)) for _ in range(7))
    siren = siren_payload + luhn_check_digit(siren_payload)
    nic_payload = f"{rng.randrange(1, 1000):04d}"
    return siren + nic_payload + luhn_check_digit(siren + nic_payload)
