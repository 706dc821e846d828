"""Hypothesis strategies and invariants shared by the row-recognizer tests."""

from __future__ import annotations

from hypothesis import strategies as st
from presidio_analyzer import RecognizerResult

from recognizers.checksums import digits_only
from recognizers.name_matching import name_variants
from recognizers.profile_values import clean_handle, phone_key
from recognizers.text_folding import normalize
from redact.records import Profile

NAMES = st.sampled_from(
    [
        "John Smith",
        "Hélène Dupont-Durand",
        "Will Rose",
        "Maria de la Cruz",
        "DUPONT Jean",
        "Ann Lee",
        "Łukasz Øster",
        "O'Brien, Patrick",
        "Jean-Pierre (JP) Martin, PhD",
    ]
)
# Text built from pieces that look like the values plus arbitrary unicode around them.
NAME_PIECES = st.sampled_from(
    [
        "John", "SMITH", "smith", "J. Smith", "Smith, John", "Hélène", "helene", "Dupont Durand",
        "Will", "will", "Rose", "de la Cruz", "Ann", "Annual", "O’Brien", "JP", "Lukasz",
        "Øster", "e\u0301", "-", " ", "\n", ".", "'s", "@", "𝗝𝗼𝗵𝗻",
    ]
)  # fmt: skip
TEXTS = st.lists(st.one_of(NAME_PIECES, st.text(max_size=8)), max_size=25).map("".join)


def assert_offsets_valid(text: str, results: list[RecognizerResult]) -> None:
    for result in results:
        assert 0 <= result.start < result.end <= len(text)
        assert 0.0 < result.score <= 1.0


def assert_person_spans_are_name_variants(text: str, results: list[RecognizerResult], names: list[str]) -> None:
    allowed = {v.normalized for name in names for v in name_variants(name)}
    for result in results:
        if result.entity_type == "PERSON":
            assert normalize(text[result.start : result.end]) in allowed


def assert_profile_spans_match_values(text: str, results: list[RecognizerResult], profile: Profile) -> None:
    for result in results:
        found = text[result.start : result.end]
        if result.entity_type == "HANDLE":
            assert found.lstrip("@").lower() == (clean_handle(profile.handle) or "").lower()
        elif result.entity_type == "PHONE_NUMBER":
            key = phone_key(profile.phone or "")
            assert key is not None and digits_only(found).endswith(key.national)
        elif result.entity_type == "EMAIL_ADDRESS":
            local, _, domain = (profile.email or "").lower().rpartition("@")
            lowered = found.lower()
            assert lowered.startswith(local.split(".")[0])
            assert lowered.endswith(domain.split(".")[-1])
