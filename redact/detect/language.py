"""Route each text to one of the policy's languages.

The `lang` column wins when it names a supported language (`fr-FR` counts as `fr`);
otherwise, if enabled, a fast offline guess (py3langid, restricted to the supported
languages) decides; otherwise the default language.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from redact.policy import Detection

# Below this many letters a guess is noise: use the default language.
_MIN_GUESS_CHARS = 12
# py3langid reads at most this many characters of a text.
_GUESS_CHARS = 2000
# Distinct `lang` values remembered (a column has a handful; this bounds a pathological one).
_NORMALIZED_CACHE_SIZE = 1024


class LanguageRouter:
    def __init__(self, detection: Detection) -> None:
        self.supported = tuple(detection.languages)
        self.default = detection.default_language
        self.guess_enabled = detection.guess_language and len(self.supported) > 1
        self._identifier: Any = None
        self._classifier: BatchClassifier | None = None
        # A column holds few distinct values ("en", "fr-FR", None...): normalize each once.
        self._normalized: dict[str | None, str | None] = {}

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
            self._classifier = BatchClassifier(ident)
            self._identifier = ident
        return self._identifier

    def guess(self, text: str) -> str:
        if not self.guess_enabled or not _enough_letters(text):
            return self.default
        lang, _score = self._load().classify(text[:_GUESS_CHARS])
        return self._supported_or_default(lang)

    def route(self, declared: Sequence[str | None], texts: Sequence[str]) -> list[str]:
        if len(declared) != len(texts):
            raise ValueError("route: one declared language per text")
        normalized = self._normalized
        out: list[str] = []
        to_guess: list[int] = []  # positions in `out` whose language is guessed
        for pos, value in enumerate(declared):
            if value in normalized:
                lang = normalized[value]
            else:
                if len(normalized) >= _NORMALIZED_CACHE_SIZE:
                    normalized.clear()
                lang = normalized[value] = self.normalize(value)
            if lang is not None:
                out.append(lang)
            elif self.guess_enabled and _enough_letters(texts[pos]):
                out.append(self.default)  # replaced by the guess below
                to_guess.append(pos)
            else:
                out.append(self.default)
        if to_guess:
            # One batched call: the classifier walks all these texts at once.
            self._load()
            assert self._classifier is not None
            guesses = self._classifier.classify_many([texts[pos][:_GUESS_CHARS] for pos in to_guess])
            for pos, (lang, _score) in zip(to_guess, guesses, strict=True):
                out[pos] = self._supported_or_default(lang)
        return out

    def _supported_or_default(self, lang: Any) -> str:
        return str(lang) if lang in self.supported else self.default


def _enough_letters(text: str) -> bool:
    """At least `_MIN_GUESS_CHARS` letters in the first 200 characters (stops counting there)."""
    letters = 0
    for ch in text[:200]:
        if ch.isalpha():
            letters += 1
            if letters >= _MIN_GUESS_CHARS:
                return True
    return False


# -- py3langid's classify, batched -----------------------------------------------------------

# Texts fewer than this are classified one by one: the batched walk has a fixed cost.
_MIN_BATCH = 4
# Bytes walked per vectorized pass; bounds the temporary arrays (~60 bytes each per byte).
_CHUNK_BYTES = 1 << 18
# How many trailing bytes are assumed to decide the automaton's state (py3langid's features
# are byte n-grams, at most 6 bytes deep in its model). Every state computed this way is
# checked against the automaton, so a wrong assumption costs speed, never correctness.
_WINDOW = 6


class BatchClassifier:
    """`LanguageIdentifier.classify` for many texts at once, with identical results.

    py3langid walks a byte automaton one byte at a time in Python (~200 ns a byte, mostly
    waiting on memory). Its states are suffixes of at most a few bytes, so the state after
    any byte is the one the last `_WINDOW` bytes reach from the start state: every position
    of a whole batch is computed with a few vectorized gathers, then each state is checked
    to be the transition of the previous one (a text that fails is classified the slow way).
    Texts are walked as one buffer, separated by a byte that sends every state back to the
    start state (0xFF, never in UTF-8), so each text is walked as if alone. Feature counts
    keep py3langid's first-occurrence order and go through its own NumPy scoring expression:
    each text gets the same language and the same score, bit for bit.
    """

    def __init__(self, ident: Any) -> None:
        self._ident = ident
        self._tables: tuple[np.ndarray, np.ndarray, np.ndarray, int, bytes] | None = None
        try:
            from py3langid.langid import RAW_FLOOR

            next_state = np.asarray(memoryview(ident.tk_nextmove))
            row_base = np.asarray(ident._rowbase, dtype=np.intp)
            output = np.asarray(ident.tk_output, dtype=np.intp)
            resets = [b for b in (0xFF, 0x00) if not next_state[row_base + b].any()]
            if next_state.ndim == 1 and len(row_base) == len(output) and output[0] < 0 and resets:
                self._tables = (next_state, row_base, output, int(output.max()) + 1, bytes([resets[0]]))
                self._floor = RAW_FLOOR
        except (AttributeError, ImportError, IndexError, TypeError, ValueError):  # another py3langid layout
            self._tables = None

    def classify_many(self, texts: Sequence[str]) -> list[tuple[str, float]]:
        ident = self._ident
        if self._tables is None or len(texts) < _MIN_BATCH or ident._norm_probs or ident.min_confidence is not None:
            return [ident.classify(t) for t in texts]
        encoded = [ident._encode(t) for t in texts]
        out: list[tuple[str, float]] = []
        start, size = 0, 0
        for end, data in enumerate(encoded, 1):
            size += len(data)
            if size >= _CHUNK_BYTES or end == len(encoded):
                out.extend(self._classify_chunk(texts[start:end], encoded[start:end]))
                start, size = end, 0
        return out

    def _classify_chunk(self, texts: Sequence[str], encoded: list[bytes]) -> list[tuple[str, float]]:
        assert self._tables is not None
        next_state, row_base, output, n_features, reset = self._tables
        n = len(encoded)
        # The buffer starts with resets so that every position has a full window behind it.
        buffer = np.frombuffer(reset * _WINDOW + reset.join(encoded), dtype=np.uint8).astype(np.intp)
        starts = np.cumsum([_WINDOW] + [len(data) + 1 for data in encoded[:-1]], dtype=np.intp)

        # state[p]: the state after position p + _WINDOW - 1, walked from state 0 over the
        # `_WINDOW` bytes ending there.
        size = len(buffer) - _WINDOW + 1
        state = np.zeros(size, dtype=np.intp)
        for k in range(_WINDOW):
            state = next_state[row_base[state] + buffer[k : k + size]]
        # Proof: each state is the transition of the one before (position _WINDOW - 2 is a reset).
        previous = np.zeros(size, dtype=np.intp)
        previous[1:] = state[:-1]
        wrong = np.flatnonzero(next_state[row_base[previous] + buffer[_WINDOW - 1 :]] != state)
        slow = set(np.searchsorted(starts, wrong + _WINDOW - 1, side="right").tolist()) if len(wrong) else set()

        # Features per text, counted, in order of first occurrence (py3langid's Counter order).
        feature = output[state]
        at = np.flatnonzero(feature >= 0)
        key = (np.searchsorted(starts, at + _WINDOW - 1, side="right") - 1) * n_features + feature[at]
        order = np.argsort(key, kind="stable")  # equal keys keep position order
        sorted_key = key[order]
        first = np.ones(len(sorted_key), dtype=bool)
        first[1:] = sorted_key[1:] != sorted_key[:-1]
        group_start = np.flatnonzero(first)
        group_count = np.diff(np.append(group_start, len(sorted_key)))
        by_position = np.argsort(order[group_start])  # text by text, first occurrence first
        group_key = sorted_key[group_start][by_position]
        counts = group_count[by_position]
        features = group_key % n_features
        bounds = np.searchsorted(group_key // n_features, np.arange(n + 1, dtype=np.intp)).tolist()

        out: list[tuple[str, float]] = []
        for j in range(n):
            if j + 1 in slow:
                out.append(self._ident.classify(texts[j]))
            else:
                a, b = bounds[j], bounds[j + 1]
                # Fresh arrays, as py3langid builds them with np.fromiter.
                index = np.array(features[a:b], dtype=np.intp)
                out.append(self._decide(index, np.array(counts[a:b], dtype=np.float32)))
        return out

    def _decide(self, index: np.ndarray, counts: np.ndarray) -> tuple[str, float]:
        """py3langid's `_sparse_score`, `_decide` (raw scores) and `classify`, term for term."""
        ident = self._ident
        if len(index):
            scores = np.log1p(counts) @ ident.nb_ptc[index] + ident.nb_pc
        else:
            scores = np.full(len(ident.nb_classes), self._floor, dtype=np.float32)
        for i, j in ident._alias_pairs:
            scores[i] = max(scores[i], scores[j])
            scores[j] = self._floor
        best = int(scores.argmax())
        return ident.nb_classes[best], float(scores[best])
