"""Custom recognizers for `redact`: static pattern recognizers registered in Presidio's
registry, and row-aware recognizers that the pipeline calls with each row's profile.

Every recognizer's `name` is its class name: the audit log records it.
"""

from __future__ import annotations

from presidio_analyzer import EntityRecognizer

from recognizers.address_block_recognizer import AddressBlockRecognizer
from recognizers.author_profile_recognizer import AuthorProfileRecognizer
from recognizers.context_phone_recognizer import ContextPhoneRecognizer
from recognizers.fr_nir_recognizer import FrNirRecognizer
from recognizers.fr_phone_recognizer import FrPhoneRecognizer
from recognizers.fr_siren_recognizer import FrSirenRecognizer
from recognizers.fr_siret_recognizer import FrSiretRecognizer
from recognizers.handle_mention_recognizer import HandleMentionRecognizer
from recognizers.iban_country_recognizer import IbanCountryRecognizer
from recognizers.intl_phone_recognizer import IntlPhoneRecognizer
from recognizers.luhn_card_recognizer import LuhnCardRecognizer
from recognizers.mention_recognizer import MentionRecognizer
from recognizers.name_list_recognizer import NameListRecognizer
from recognizers.profile_url_recognizer import ProfileUrlRecognizer
from recognizers.row_recognizer import RowRecognizer
from recognizers.street_address_recognizer import StreetAddressRecognizer

PATTERN_RECOGNIZER_CLASSES = (
    FrPhoneRecognizer,
    IntlPhoneRecognizer,
    FrNirRecognizer,
    FrSirenRecognizer,
    FrSiretRecognizer,
    IbanCountryRecognizer,
    ProfileUrlRecognizer,
    HandleMentionRecognizer,
    StreetAddressRecognizer,
    AddressBlockRecognizer,
    ContextPhoneRecognizer,
    LuhnCardRecognizer,
    NameListRecognizer,
)


def pattern_recognizers(language: str) -> list[EntityRecognizer]:
    """New instances of every static recognizer, for `language` ("en", "fr", ...)."""
    return [cls(supported_language=language) for cls in PATTERN_RECOGNIZER_CLASSES]


def row_recognizers() -> list[RowRecognizer]:
    """New instances of the row-aware recognizers (called by the pipeline per row)."""
    return [AuthorProfileRecognizer(), MentionRecognizer()]


__all__ = [
    "PATTERN_RECOGNIZER_CLASSES",
    "AddressBlockRecognizer",
    "AuthorProfileRecognizer",
    "ContextPhoneRecognizer",
    "FrNirRecognizer",
    "FrPhoneRecognizer",
    "FrSirenRecognizer",
    "FrSiretRecognizer",
    "HandleMentionRecognizer",
    "IbanCountryRecognizer",
    "IntlPhoneRecognizer",
    "LuhnCardRecognizer",
    "MentionRecognizer",
    "NameListRecognizer",
    "ProfileUrlRecognizer",
    "RowRecognizer",
    "StreetAddressRecognizer",
    "pattern_recognizers",
    "row_recognizers",
]
