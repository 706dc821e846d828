"""Check-digit helpers: known public examples, near misses, and generated values."""

from __future__ import annotations

import random

import pytest

from redact.synth import checksums


def _mod97(iban: str) -> int:
    # Independent of checksums.py: ISO 13616 letters A=10..Z=35, country+check moved last.
    compact = iban.replace(" ", "")
    rearranged = compact[4:] + compact[:4]
    return int("".join(str(ord(c) - 55) if c.isalpha() else c for c in rearranged)) % 97


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("GB82WEST12345698765432", True),
        ("GB82 WEST 1234 5698 7654 32", True),
        ("DE89370400440532013000", True),
        ("FR1420041010050500013M02606", True),
        ("BE68539007547034", True),
        ("CH9300762011623852957", True),
        ("NL91ABNA0417164300", True),
        ("GB82WEST12345698765433", False),  # last digit changed
        ("GB28WEST12345698765432", False),  # check digits swapped
        ("DE8937040044053201300", False),  # one digit short for DE
        ("1234", False),
    ],
)
def test_iban_ok(value: str, valid: bool) -> None:
    assert checksums.iban_ok(value) is valid


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("4111111111111111", True),
        ("378282246310005", True),
        ("5555555555554444", True),
        ("4111111111111112", False),
        ("378282246310006", False),
    ],
)
def test_luhn(value: str, valid: bool) -> None:
    assert checksums.luhn_checksum_ok(value) is valid


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("269054958815780", True),  # INSEE's published example
        ("2 69 05 49 588 157 80", True),
        ("269054958815781", False),
        ("269054958815708", False),
        ("26905495881578", False),
    ],
)
def test_nir_ok(value: str, valid: bool) -> None:
    assert checksums.nir_ok(value) is valid


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("73282932000074", True),
        ("732 829 320 00074", True),
        ("73282932000075", False),
        ("73282932100073", False),  # Luhn-valid as a whole, SIREN part broken
        ("7328293200007", False),
    ],
)
def test_siret_ok(value: str, valid: bool) -> None:
    assert checksums.siret_ok(value) is valid


@pytest.mark.parametrize("country", sorted(checksums.IBAN_BBAN_SHAPES))
def test_generated_ibans_are_valid_for_their_country(country: str) -> None:
    rng = random.Random(country)
    for _ in range(200):
        iban = checksums.make_iban(rng, country)
        assert iban.startswith(country)
        assert len(iban) == 4 + len(checksums.IBAN_BBAN_SHAPES[country])
        assert _mod97(iban) == 1
        assert checksums.iban_ok(checksums.group_by_four(iban))


def test_generated_french_ibans_carry_a_valid_rib_key() -> None:
    rng = random.Random(1)
    for _ in range(200):
        bban = checksums.make_iban(rng, "FR")[4:]
        bank, branch, account, key = bban[:5], bban[5:10], bban[10:21], bban[21:]
        assert (89 * int(bank) + 15 * int(branch) + 3 * int(account) + int(key)) % 97 == 0


def test_generated_cards_nirs_and_sirets_are_valid() -> None:
    rng = random.Random(2)
    for _ in range(500):
        card = checksums.make_card_number(rng)
        assert len(card) in (15, 16) and checksums.luhn_checksum_ok(card)
        nir = checksums.make_nir(rng)
        assert nir[0] in "12" and 1 <= int(nir[3:5]) <= 12
        assert checksums.nir_ok(nir)
        siret = checksums.make_siret(rng)
        assert checksums.siret_ok(siret)
