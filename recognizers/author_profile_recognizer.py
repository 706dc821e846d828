"""The author's own name, handle, email and phone, wherever the text repeats them."""

from __future__ import annotations

from functools import lru_cache

from recognizers.name_matching import name_finder_for
from recognizers.profile_values import (
    ascii_digits,
    email_precheck,
    find_email,
    find_handle,
    find_phone,
    handle_precheck,
    phone_may_occur,
)
from recognizers.row_recognizer import RowRecognizer
from recognizers.text_folding import case_key, folded_text
from redact.detect.results import Found
from redact.records import Profile

_NAME_HOWS = {kind: f"author name ({kind} form)" for kind in ("full", "initial", "single")}

_Plan = tuple[str | None, tuple[str, ...] | None]


@lru_cache(maxsize=4096)
def _plan(handle: str | None, email: str | None) -> _Plan:
    """Per author, once: what a text must hold for the handle and email finders to find
    anything (`profile_values` pre-checks; None: never). The phone's is asked only of texts
    with digits enough (`phone_may_occur`)."""
    return handle_precheck(handle), email_precheck(email)


def _holds_all(key: str, words: tuple[str, ...]) -> bool:
    """Whether every word occurs in `key`."""
    for word in words:  # noqa: SIM110 (a loop: `all` of a generator costs more, on every text)
        if word not in key:
            return False
    return True


class AuthorProfileRecognizer(RowRecognizer):
    """Finds the row author's profile values in the text.

    - name -> PERSON: full name, reversed ("Smith, John"), "J. Smith", "John S.", the
      first or family name alone, case- and accent-insensitive, on word boundaries;
      names that are everyday words ("Will", "Rose") count only when capitalised.
    - handle -> HANDLE, with or without `@`.
    - email -> EMAIL_ADDRESS, also spelled out ("john dot smith at example dot com").
    - phone -> PHONE_NUMBER: the same digits in any grouping, with or without prefix.
    """

    supported_entities = ("PERSON", "HANDLE", "EMAIL_ADDRESS", "PHONE_NUMBER")

    def _find(self, text: str, profile: Profile, hows: list[str] | None) -> list[Found]:
        if not text:
            return []
        handle_word, email_words = _plan(profile.handle, profile.email)
        # Most texts hold none of the values: a finder runs only when the text passes its
        # cheap pre-check, and no result is built for what was not found.
        values: list[Found] = []
        value_hows: list[str] = []
        rid, name = self._identifier, self.name
        if handle_word is not None or email_words is not None:
            key = case_key(text)
            if handle_word is not None and handle_word in key:
                for m in find_handle(text, profile.handle):
                    values.append(("HANDLE", m.start, m.end, m.score, rid, name))
                    value_hows.append("handle")
            if email_words is not None and _holds_all(key, email_words):
                for m in find_email(text, profile.email):
                    values.append(("EMAIL_ADDRESS", m.start, m.end, m.score, rid, name))
                    value_hows.append("email")
        if profile.phone and phone_may_occur(profile.phone, ascii_digits(text)):
            for m in find_phone(text, profile.phone):
                values.append(("PHONE_NUMBER", m.start, m.end, m.score, rid, name))
                value_hows.append("phone")
        found = None
        if profile.name:
            # Most authors are seen once: their name's finder is built only for a text that may hold it.
            finder = name_finder_for(profile.name, folded_text(text))
            if finder is not None:
                found = finder.scan(text)
        if not found:
            if hows is not None:
                hows += value_hows
            return values
        names: list[Found] = []
        for start, end, score, variant in found:
            # "helene" inside "helene.dupont@example.com" is part of the email span.
            if values and any(v[1] <= start and end <= v[2] for v in values):
                continue
            names.append(("PERSON", start, end, score, rid, name))
            if hows is not None:
                hows.append(_NAME_HOWS[variant.kind])
        if hows is not None:
            hows += value_hows
        return names + values
