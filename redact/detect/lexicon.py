"""Is a word an everyday word of the language? Read from the spaCy model's own lemmatizer data.

The NER gate (`ner_gate`) needs to know that "Following", "Cloud" or "Manager" are
ordinary words while "Sonoka" is not. Every spaCy pipeline ships its lemmatizer's lookup
tables: English has WordNet's lemma lists per part of speech with the suffix rules and
exceptions that derive inflected forms, French has a table of ~217k inflected forms. No
other word list is needed (and nothing is downloaded): a model without such tables gives
an empty lexicon, and then every capitalised word counts.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any


class Lexicon:
    """`word in lexicon`: the lower-cased word, or a form its suffix rules derive, is listed."""

    def __init__(self, index: dict[str, frozenset[str]], rules: dict[str, list[tuple[str, str]]], forms: Any) -> None:
        self._index = index
        self._rules = rules
        self._forms = forms  # a spaCy lookups Table (string keys are hashed) or a set

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str):
            return False
        lower = word.lower()
        if self._forms is not None and lower in self._forms:
            return True
        for pos, lemmas in self._index.items():
            if lower in lemmas:
                return True
            for old, new in self._rules.get(pos, ()):
                stem = lower[: len(lower) - len(old)]
                if old and len(stem) > 1 and lower.endswith(old) and stem + new in lemmas:
                    return True
        return False

    @property
    def is_empty(self) -> bool:
        return not self._index and self._forms is None


EMPTY = Lexicon({}, {}, None)


@cache
def lexicon_for(model_name: str) -> Lexicon:
    """The lexicon from `model_name`'s lemmatizer lookups; empty when it has none."""
    from spacy.lookups import Lookups

    path = _lookups_dir(model_name)
    if path is None:
        return EMPTY
    lookups = Lookups().from_disk(path)
    index: dict[str, frozenset[str]] = {}
    rules: dict[str, list[tuple[str, str]]] = {}
    forms: Any = None
    if lookups.has_table("lemma_index"):
        for pos, words in lookups.get_table("lemma_index").items():
            index[str(pos)] = frozenset(words)
        if lookups.has_table("lemma_rules"):
            for pos, pairs in lookups.get_table("lemma_rules").items():
                rules[str(pos)] = [(str(old), str(new)) for old, new in pairs]
    exceptions: set[str] = set()
    if lookups.has_table("lemma_exc"):
        for table in lookups.get_table("lemma_exc").values():
            if isinstance(table, dict):
                exceptions.update(str(w) for w in table)
    if lookups.has_table("lemma_lookup"):
        forms = lookups.get_table("lemma_lookup")
    if exceptions:
        index["exceptions"] = frozenset(exceptions)
    if not index and forms is None:
        return EMPTY
    return Lexicon(index, rules, forms)


def _lookups_dir(model_name: str) -> Path | None:
    import spacy.util

    path = Path(model_name)
    if not path.exists():
        try:
            path = spacy.util.get_package_path(model_name)
        except Exception:  # not an installed package: no lexicon, the gate stays permissive
            return None
    found = sorted(path.glob("lemmatizer/lookups")) + sorted(path.glob("*/lemmatizer/lookups"))
    return found[0] if found else None
