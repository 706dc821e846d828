"""Payment card numbers of any brand: 12 to 19 digits that pass the Luhn check.

Presidio's CreditCardRecognizer knows the brands' prefixes of its time (no Mastercard
2-series, no 19-digit Visa) and is registered for English only. This one takes any
Luhn-valid number written contiguously or in the usual groups (4-4-4-4[-3], 4-6-5); a
number of 13 to 19 digits is a card on its own, a 12- or 14-digit one (SIRET numbers pass
Luhn too) only next to a card word.
Digits inside a URL, an identifier or a longer number are never candidates.
"""

from __future__ import annotations

import regex as re

from recognizers.base import CodeRecognizer
from recognizers.checksums import digits_only, luhn_is_valid
from recognizers.context_cues import cue_pattern, has_cue

_CANDIDATE = re.compile(
    r"(?<![\w/=#@.\-+])"
    r"(?:\d{12,19}|\d{4}(?:([ \-])\d{4}){2}\1\d{1,7}|\d{4}([ \-])\d{6}\2\d{4,5})"
    r"(?![\w/@\-]|[.,]\d)"
)
_CARD_WORDS = cue_pattern(
    "card carte cc credit crédit debit débit visa mastercard amex cb cvv expiry bancaire payment paiement"
)

# SIRET numbers (14 digits) pass the Luhn check by design: their own recognizer owns them.
_COMPANY_ID_WORDS = cue_pattern("siret siren tva vat rcs")


class LuhnCardRecognizer(CodeRecognizer):
    ENTITY = "CREDIT_CARD"
    # Every candidate holds four digits, maybe a space or dash, four digits (the candidate
    # pattern itself, with its back reference, is not one the compiled gate reads).
    GATE_PATTERNS = ((r"\d{4}[ \-]?\d{4}", 0),)
    SCORE = 0.8
    SCORE_SHORT = 0.6  # 12 digits, with a card word nearby

    def find_spans(self, text: str) -> list[tuple[int, int, float]]:
        results: list[tuple[int, int, float]] = []
        for match in _CANDIDATE.finditer(text):
            digits = digits_only(match.group())
            if not 12 <= len(digits) <= 19 or not luhn_is_valid(digits) or len(set(digits)) < 3:
                continue
            near_card_word = has_cue(text, match.start(), match.end(), _CARD_WORDS)
            if len(digits) in (12, 14) and not near_card_word:
                continue
            if has_cue(text, match.start(), match.end(), _COMPANY_ID_WORDS) and not near_card_word:
                continue
            score = self.SCORE if len(digits) > 12 else self.SCORE_SHORT
            results.append((match.start(), match.end(), score))
        return results
