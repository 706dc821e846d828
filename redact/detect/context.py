"""Presidio's context enhancement, without the lemmatizer.

Presidio raises a result's score (by 0.35, to at least 0.4) when one of its recognizer's
context words ("phone", "iban"...) is a substring of one of the five keywords before it
(`LemmaContextAwareEnhancer`). Keywords are the lemmas of the text minus stop words and
punctuation, so Presidio runs spaCy's tagger, parser and lemmatizer on every text.

Here the keywords are lower-cased tokens instead of lemmas. The match being a substring
test, a token contains the context word wherever its lemma does ("phones" holds "phone",
"called" holds "call"); only irregular forms differ, and context words are nouns. Which
tokens count as keywords does depend on lemmas ("gave" is dropped because "give" is a
stop word), so English inflections are reduced by their regular suffixes and a short list
of irregular verbs before the stop-word test. Tokens
come from one regular expression that follows spaCy's English rules where they matter
here (URLs, emails and handles stay whole, punctuation and "n't" split off): spaCy's own
tokenizer costs milliseconds per text once its cache is reset to keep memory flat. The
tokenizer runs only on texts with a result that could still gain (a recognizer with
context words, a score below 1) and that contain one of its context words somewhere, and
then only around the result: from a whitespace some way before it (no token holds one, so
the tokens from there are the text's own), further back only when fewer keywords than the
window takes are there. Texts with URLs are read whole: Presidio splits a keyword holding a
colon into the text's keyword set, which makes a token's membership depend on the text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from redact.detect.results import Found

# LemmaContextAwareEnhancer's defaults.
SIMILARITY_FACTOR = 0.35
MIN_SCORE_WITH_CONTEXT = 0.4
PREFIX_COUNT = 5
SUFFIX_COUNT = 0
MAX_SCORE = 1.0
# Keyword verdicts remembered per word, up to this many words.
_MAX_VERDICTS = 50_000


_TOKEN = re.compile(
    r"""
      (?:https?://|www\.)\S+?(?=[.,;:!?)\]'"]*(?:\s|$))   # URL; trailing punctuation split off
    | [\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+                    # email
    | @\w+                                                  # handle
    | \w+(?=n['’]t\b)                                      # "do" of "don't"
    | n['’]t\b                                              # "n't"
    | ['’]\w+                                               # 's, 're
    | \w+
    | [^\w\s]
    """,
    re.VERBOSE,
)

# Without "@", an apostrophe or a URL start, only the last two alternatives of `_TOKEN` can
# match: the same tokens, for a third of the work.
_PLAIN_TOKEN = re.compile(r"\w+|[^\w\s]")
_SPECIAL = ("@", "'", "’", "://", "www.")


def _tokenizer(text: str) -> re.Pattern[str]:
    return _TOKEN if any(mark in text for mark in _SPECIAL) else _PLAIN_TOKEN


# Presidio drops a keyword whose *lemma* is a stop word ("gave" -> "give"). English forms
# whose lemma is a stop word but which are not stop words themselves: irregular ones here,
# regular ones by their suffix (see `_lemmas`).
_EN_IRREGULAR = {
    "gave": "give", "given": "give", "went": "go", "gone": "go", "took": "take", "taken": "take",
    "said": "say", "saw": "see", "seen": "see", "got": "get", "gotten": "get", "kept": "keep",
    "shown": "show", "made": "make", "did": "do", "done": "do", "was": "be", "were": "be",
    "been": "be", "had": "have", "has": "have", "put": "put", "became": "become", "fell": "fall",
}  # fmt: skip


def _lemmas(word: str) -> set[str]:
    """The word and the English lemmas it may have (regular -s, -es, -ed, -d, -ing forms)."""
    out = {word}
    if word in _EN_IRREGULAR:
        out.add(_EN_IRREGULAR[word])
    for suffix in ("ies", "es", "s", "ed", "d", "ing"):
        if word.endswith(suffix) and len(word) > len(suffix) + 1:
            stem = word[: -len(suffix)]
            out.update({stem, stem + "e", stem + "y"} if suffix == "ies" else {stem, stem + "e"})
    return out


def _is_punct(word: str) -> bool:
    return all(unicodedata.category(ch).startswith("P") for ch in word)


class ContextEnhancer:
    """Built once per language."""

    def __init__(self, language: str) -> None:
        from spacy.util import get_lang_class

        self.language = language
        self._stop_words = frozenset(w.lower() for w in get_lang_class(language).Defaults.stop_words)
        self._english = language == "en"
        self._verdicts: dict[str, bool] = {}
        # Per recognizer id: its context words, and one search for any of them, lower-cased.
        self._finders: dict[str, tuple[Sequence[str], re.Pattern[str]]] = {}

    def _context_finder(self, rid: str, words: Sequence[str]) -> re.Pattern[str]:
        known = self._finders.get(rid)
        if known is None or known[0] is not words:
            alternatives = sorted({w.lower() for w in words}, key=len, reverse=True)
            known = self._finders[rid] = (words, re.compile("|".join(map(re.escape, alternatives))))
        return known[1]

    @staticmethod
    def tokens(text: str) -> tuple[list[str], list[int], list[int]]:
        """Lower-cased token texts, and their start and end offsets."""
        words: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        for m in _tokenizer(text).finditer(text):
            words.append(m.group().lower())
            starts.append(m.start())
            ends.append(m.end())
        return words, starts, ends

    def keywords(self, words: Sequence[str]) -> set[str]:
        """Presidio's `NlpArtifacts.set_keywords`, on words instead of lemmas."""
        out: set[str] = set()
        is_keyword = self.is_keyword
        for word in words:
            if is_keyword(word):
                if ":" in word:
                    out.update(word.split(":"))
                else:
                    out.add(word)
        return out

    def _is_keyword(self, word: str) -> bool:
        if word in self._stop_words or _is_punct(word) or word in ("-pron-", "be"):
            return False
        return not (self._english and not self._stop_words.isdisjoint(_lemmas(word)))

    def enhance(self, text: str, found: list[Found], context_words: Mapping[str, Sequence[str]]) -> None:
        """Raise, in place, the scores of results whose recognizer's context words are near.

        `context_words` maps a recognizer id to its context words (ids without words, or
        absent, are left alone). Results arrive unenhanced: no recognizer here enhances its
        own (Presidio's `is_score_enhanced_by_context` flag).
        """
        pending = [i for i, f in enumerate(found) if f[3] < MAX_SCORE and context_words.get(f[4])]
        if not pending:
            return
        # A supportive keyword is a lower-cased token of the text, so a context word that
        # is nowhere in the lower-cased text cannot be found: most texts stop here.
        lowered = text.lower()
        present: dict[str, bool] = {}  # per recognizer id: one of its words is in the text
        for i in pending:
            rid = found[i][4]
            if rid not in present:
                present[rid] = self._context_finder(rid, context_words[rid]).search(lowered) is not None
        pending = [i for i in pending if present[found[i][4]]]
        if not pending:
            return
        if "://" in text or "www." in text:
            # A URL token holds colons: Presidio adds the parts of such a keyword, not the
            # token, to the text's keywords, so membership depends on the whole text.
            words, starts, ends = self.tokens(text)
            if not words:
                return
            in_keywords = self.keywords(words).__contains__
            for i in pending:
                index = _token_at(found[i][1], starts, ends)
                if index is not None:
                    self._raise_if_supported(found, i, words, index, in_keywords, context_words)
            return
        # No token holds a colon: a token is a keyword when its own verdict says so, and only
        # the tokens around each result are read (`_tokens_near`).
        for i in pending:
            near = self._tokens_near(text, found[i][1], _NEAR_CHARS)
            if near is None:
                continue
            words, index, complete = near
            if not complete and _count_back(index, words, self.is_keyword) <= PREFIX_COUNT:
                # Fewer keywords before the result than the window takes: read from the start.
                near = self._tokens_near(text, found[i][1], None)
                if near is None:
                    continue
                words, index, _ = near
            self._raise_if_supported(found, i, words, index, self.is_keyword, context_words)

    def is_keyword(self, word: str) -> bool:
        """Whether a (lower-cased) token is a keyword (`keywords` without the colon rule)."""
        keep = self._verdicts.get(word)
        if keep is None:
            keep = self._is_keyword(word)
            if len(self._verdicts) >= _MAX_VERDICTS:
                self._verdicts.clear()  # flat memory, whatever the vocabulary
            self._verdicts[word] = keep
        return keep

    def _tokens_near(self, text: str, start: int, reach: int | None) -> tuple[list[str], int, bool] | None:
        """Lower-cased tokens from a whitespace at least `reach` characters before `start` (from
        the text's start with None) through the first keyword at or after the token at
        `start`; that token's index; and whether they start at the text's start.

        No token holds whitespace, so the tokens read from a whitespace on are the text's own.
        None: no token ends after `start`.
        """
        begin = 0
        if reach is not None and start > reach:
            begin = start - reach
            while begin > 0 and not text[begin].isspace():
                begin -= 1
        words: list[str] = []
        index: int | None = None
        is_keyword = self.is_keyword
        for m in _tokenizer(text).finditer(text, begin):
            word = m.group().lower()
            words.append(word)
            if index is None and m.end() > start:
                index = len(words) - 1
            if index is not None and is_keyword(word):
                break  # the forward window (SUFFIX_COUNT + 1 keywords from the token on) is read
        if index is None:
            return None
        return words, index, begin == 0

    def _raise_if_supported(
        self,
        found: list[Found],
        i: int,
        words: Sequence[str],
        index: int,
        in_keywords: Callable[[str], bool],
        context_words: Mapping[str, Sequence[str]],
    ) -> None:
        entity, start, end, score, rid, name = found[i]
        window = _collect(index, PREFIX_COUNT, words, in_keywords, -1) + _collect(
            index, SUFFIX_COUNT, words, in_keywords, 1
        )
        if _supportive(window, context_words[rid]):
            score = min(max(score + SIMILARITY_FACTOR, MIN_SCORE_WITH_CONTEXT), MAX_SCORE)
            found[i] = (entity, start, end, score, rid, name)


# Characters read before a result for its keywords, at first: five keywords fit in far less.
_NEAR_CHARS = 120


def _count_back(index: int, words: Sequence[str], in_keywords: Callable[[str], bool]) -> int:
    """Keywords among `words[: index + 1]`."""
    return sum(1 for i in range(index + 1) if in_keywords(words[i]))


def _token_at(start: int, starts: Sequence[int], ends: Sequence[int]) -> int | None:
    """The first token starting at, or ending after, `start` (Presidio's rule)."""
    for i, (token_start, token_end) in enumerate(zip(starts, ends, strict=True)):
        if token_start == start or start < token_end:
            return i
    return None


def _collect(index: int, count: int, words: Sequence[str], in_keywords: Callable[[str], bool], step: int) -> list[str]:
    """Up to count + 1 keywords from `index` on, going backward (-1) or forward (1)."""
    found: list[str] = []
    remaining = count + 1
    i = index
    while 0 <= i < len(words) and remaining > 0:
        if in_keywords(words[i]):
            found.append(words[i])
            remaining -= 1
        i += step
    return found


def _supportive(window: Sequence[str], context: Sequence[str]) -> bool:
    """Presidio's default "substring" matching mode."""
    return any(word.lower() in keyword for word in context for keyword in window)
