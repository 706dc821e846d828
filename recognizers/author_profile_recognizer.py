"""The author's own name, handle, email and phone, wherever the text repeats them."""

from __future__ import annotations

from presidio_analyzer import RecognizerResult

from recognizers.name_matching import name_finder
from recognizers.profile_values import (
    ascii_digits,
    email_precheck,
    find_email,
    find_handle,
    find_phone,
    handle_precheck,
    phone_precheck,
)
from recognizers.row_recognizer import RowRecognizer
from recognizers.text_folding import case_key
from redact.records import Profile


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

    def analyze_row(self, text: str, profile: Profile) -> list[RecognizerResult]:
        if not text or profile.is_empty:
            return []
        # Most texts hold none of the values: a finder runs only when the text passes its
        # cheap pre-check (`profile_values`), and no result is built for what was not found.
        handle_word = handle_precheck(profile.handle)
        email_words = email_precheck(profile.email)
        phone_digits = phone_precheck(profile.phone)
        key = case_key(text) if handle_word is not None or email_words is not None else ""
        values: list[RecognizerResult] = []
        if handle_word is not None and handle_word in key:
            for m in find_handle(text, profile.handle):
                values.append(self._result("HANDLE", m.start, m.end, m.score, "handle"))
        if email_words is not None and all(word in key for word in email_words):
            for m in find_email(text, profile.email):
                values.append(self._result("EMAIL_ADDRESS", m.start, m.end, m.score, "email"))
        if phone_digits is not None and phone_digits in ascii_digits(text):
            for m in find_phone(text, profile.phone):
                values.append(self._result("PHONE_NUMBER", m.start, m.end, m.score, "phone"))
        if not profile.name:
            return values
        found = name_finder(profile.name).find(text)
        if not found:
            return values
        names: list[RecognizerResult] = []
        for match in found:
            # "helene" inside "helene.dupont@example.com" is part of the email span.
            if values and any(v.start <= match.start and match.end <= v.end for v in values):
                continue
            how = f"author name ({match.variant.kind} form)"
            names.append(self._result("PERSON", match.start, match.end, match.score, how))
        return names + values
