"""Route each text to one of the policy's languages.

The `lang` column wins when it names a supported language (`fr-FR` counts as `fr`);
otherwise, if enabled, a fast offline guess (py3langid, restricted to the supported
languages) decides; otherwise the default language.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from redact.policy import Detection

# Below this many letters a guess is noise: use the default language.
_MIN_GUESS_CHARS = 12


class LanguageRouter:
    def __init__(self, detection: Detection) -> None:
        self.supported = tuple(detection.languages)
        self.default = detection.default_language
        self.guess_enabled = detection.guess_language and len(self.supported) > 1
        self._identifier: Any = None

    def normalize(self, value: str | None) -> str | None:
        if not value:
            return None
        primary = value.strip().lower().replace("_", "-").split("-", 1)[0]
        return primary if primary in self.supported else None

    def warm_up(self) -> None:
        """Load the language identifier now (~0.6 s), if guessing is on, not on the first row."""
        if self.guess_enabled:
            self._load()

    def _load(self) -> Any:
        if self._identifier is None:
            from py3langid.langid import MODEL_FILE, LanguageIdentifier

            ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=False)
            ident.set_languages(list(self.supported))
            self._identifier = ident
        return self._identifier

    def guess(self, text: str) -> str:
        if not self.guess_enabled or not _enough_letters(text):
            return self.default
        lang, _score = self._load().classify(text[:2000])
        return str(lang) if lang in self.supported else self.default

    def route(self, declared: Sequence[str | None], texts: Sequence[str]) -> list[str]:
        out: list[str] = []
        for value, text in zip(declared, texts, strict=True):
            lang = self.normalize(value)
            out.append(lang if lang is not None else self.guess(text))
        return out


def _enough_letters(text: str) -> bool:
    """At least `_MIN_GUESS_CHARS` letters in the first 200 characters (stops counting there)."""
    letters = 0
    for ch in text[:200]:
        if ch.isalpha():
            letters += 1
            if letters >= _MIN_GUESS_CHARS:
                return True
    return False
