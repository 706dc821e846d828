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

    def __init__(
        self,
        index: dict[str, frozenset[str]],
        rules: dict[str, list[tuple[str, str]]],
        form_ids: frozenset[int] | None = None,
    ) -> None:
        self._index = index
        self._rules = rules
        # Inflected forms as spaCy string ids (hashes): a table keyed by them is all French
        # ships, and ints take a tenth of the memory of the table's lemma lists.
        self._form_ids = form_ids

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str):
            return False
        lower = word.lower()
        if self._form_ids is not None and _string_id(lower) in self._form_ids:
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
        return not self._index and self._form_ids is None


EMPTY = Lexicon({}, {})


def _string_id(word: str) -> int:
    from spacy.strings import get_string_id

    return int(get_string_id(word))


@cache
def lexicon_for(model_name: str) -> Lexicon:
    """The lexicon from `model_name`'s lemmatizer lookups; empty when it has none."""
    path = _lookups_dir(model_name)
    tables = _read_tables(path / "lookups.bin") if path is not None else {}
    index: dict[str, frozenset[str]] = {}
    rules: dict[str, list[tuple[str, str]]] = {}
    for pos, words in (tables.get("lemma_index") or {}).items():
        if isinstance(words, list):
            index[str(pos)] = frozenset(str(w) for w in words)
    for pos, pairs in (tables.get("lemma_rules") or {}).items():
        if isinstance(pairs, list):
            rules[str(pos)] = [(str(p[0]), str(p[1])) for p in pairs if isinstance(p, list) and len(p) == 2]
    exceptions = {
        str(w) for table in (tables.get("lemma_exc") or {}).values() if isinstance(table, dict) for w in table
    }
    if exceptions:
        index["exceptions"] = frozenset(exceptions)
    lookup = tables.get("lemma_lookup")
    form_ids = frozenset(int(k) for k in lookup) if isinstance(lookup, dict) else None
    if not index and form_ids is None:
        return EMPTY
    return Lexicon(index, rules, form_ids)


def _read_tables(path: Path) -> dict[str, Any]:
    """spaCy's lookups file (msgpack: table name -> {key: value}), without the lemmas.

    Only which words are listed matters here: a one-lemma list (`["avoir"]`, most values)
    is dropped while reading, which keeps the French table at ~40 MB instead of ~160 MB.
    Word lists and suffix-rule pairs are kept.
    """
    from srsly import msgpack

    if not path.exists():
        return {}
    unpacker = msgpack.Unpacker(
        raw=False,
        strict_map_key=False,
        list_hook=lambda items: 0 if len(items) == 1 and isinstance(items[0], str) else items,
        max_buffer_size=path.stat().st_size + 1,
    )
    unpacker.feed(path.read_bytes())
    tables = unpacker.unpack()
    return tables if isinstance(tables, dict) else {}


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
