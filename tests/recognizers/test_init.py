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
    "IbanCountryRecognizer": "IBAN_CODE",
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


def test_no_class_shares_a_name_with_a_presidio_recognizer() -> None:
    """Presidio looks its predefined recognizers up by class name among all subclasses."""
    import presidio_analyzer.predefined_recognizers as predefined

    ours = {name for name in dir(recognizers) if name.endswith("Recognizer")}
    assert ours and not ours & {name for name in dir(predefined) if name.endswith("Recognizer")}


def test_presidio_registry_loads_presidio_classes_only() -> None:
    from presidio_analyzer import RecognizerRegistry

    registry = RecognizerRegistry(supported_languages=["en"])
    registry.load_predefined_recognizers(languages=["en"])
    assert all(type(r).__module__.startswith("presidio_analyzer") for r in registry.recognizers)
