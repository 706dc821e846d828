from __future__ import annotations

import pytest

import recognizers
from recognizers import RowRecognizer, pattern_recognizers, row_recognizers

ENTITIES = {
    "FrPhoneRecognizer": "PHONE_NUMBER",
    "IntlPhoneRecognizer": "PHONE_NUMBER",
    "FrNirRecognizer": "FR_NIR",
    "FrSirenRecognizer": "FR_SIREN",
    "FrSiretRecognizer": "FR_SIRET",
    "IbanRecognizer": "IBAN_CODE",
    "ProfileUrlRecognizer": "PROFILE_URL",
    "HandleMentionRecognizer": "HANDLE",
    "StreetAddressRecognizer": "STREET_ADDRESS",
    "AddressBlockRecognizer": "STREET_ADDRESS",
    "ContextPhoneRecognizer": "PHONE_NUMBER",
    "LuhnCardRecognizer": "CREDIT_CARD",
    "NameListRecognizer": "PERSON",
}


@pytest.mark.parametrize("language", ["en", "fr"])
def test_pattern_recognizers_for_language(language: str) -> None:
    found = pattern_recognizers(language)
    assert {vars(r)["name"]: r.supported_entities[0] for r in found} == ENTITIES
    assert all(r.supported_language == language for r in found)
    assert all(type(r).__name__ == vars(r)["name"] for r in found)


def test_pattern_recognizers_are_new_instances() -> None:
    first, second = pattern_recognizers("en"), pattern_recognizers("en")
    assert all(a is not b for a, b in zip(first, second, strict=True))


def test_row_recognizers() -> None:
    found = row_recognizers()
    assert [r.name for r in found] == ["AuthorProfileRecognizer", "MentionRecognizer"]
    assert all(isinstance(r, RowRecognizer) for r in found)


def test_classes_are_exported() -> None:
    for name in ENTITIES:
        assert getattr(recognizers, name).__name__ == name
