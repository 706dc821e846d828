"""The author's own name, handle, email and phone, wherever the text repeats them."""

from __future__ import annotations

from presidio_analyzer import RecognizerResult

from recognizers.name_matching import name_finder
from recognizers.profile_values import find_email, find_handle, find_phone
from recognizers.row_recognizer import RowRecognizer
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
        values: list[RecognizerResult] = []
        for entity, how, matches in (
            ("HANDLE", "handle", find_handle(text, profile.handle)),
            ("EMAIL_ADDRESS", "email", find_email(text, profile.email)),
            ("PHONE_NUMBER", "phone", find_phone(text, profile.phone)),
        ):
            values.extend(self._result(entity, m.start, m.end, m.score, how) for m in matches)
        names: list[RecognizerResult] = []
        if profile.name:
            for match in name_finder(profile.name).find(text):
                # "helene" inside "helene.dupont@example.com" is part of the email span.
                if any(v.start <= match.start and match.end <= v.end for v in values):
                    continue
                how = f"author name ({match.variant.kind} form)"
                names.append(self._result("PERSON", match.start, match.end, match.score, how))
        return names + values
