"""Templates of posts, comments and private messages, compiled once and rendered per row.

A template is text with `{slot}` placeholders (see `slots.SLOTS`). Its id,
`<lang>.<kind>.<index>`, is stable as long as the lists in `templates_en`/`templates_fr`
are only appended to: the labeled evaluation splits are assigned from these ids.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from redact.synth import templates_en, templates_fr
from redact.synth.slots import SLOTS, RenderContext, Slot

KINDS: tuple[str, ...] = ("post", "comment", "message")
LANGS: tuple[str, ...] = ("en", "fr")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True, slots=True)
class TruthSpan:
    """One personal value embedded in a text: `text[start:end]` is the value."""

    entity_type: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Template:
    template_id: str
    lang: str
    kind: str
    source: str
    # Alternating literal text and slot (None after the last literal).
    parts: tuple[tuple[str, Slot | None], ...]

    @property
    def entity_types(self) -> frozenset[str]:
        return frozenset(slot.entity_type for _, slot in self.parts if slot and slot.entity_type)


def compile_template(template_id: str, lang: str, kind: str, source: str) -> Template:
    """Split `source` into literals and slots; an unknown slot name fails here, at import."""
    parts: list[tuple[str, Slot | None]] = []
    position = 0
    for match in _PLACEHOLDER.finditer(source):
        name = match.group(1)
        if name not in SLOTS:
            raise ValueError(f"template {template_id}: unknown slot {{{name}}}")
        parts.append((source[position : match.start()], SLOTS[name]))
        position = match.end()
    if "{" in source[position:] or "}" in source[position:]:
        raise ValueError(f"template {template_id}: stray brace")
    parts.append((source[position:], None))
    return Template(template_id, lang, kind, source, tuple(parts))


def render(template: Template, ctx: RenderContext) -> tuple[str, list[TruthSpan]]:
    """Fill the slots; a slot named twice gets the same value (the same person, company...)."""
    pieces: list[str] = []
    spans: list[TruthSpan] = []
    values: dict[str, str] = {}
    position = 0
    for literal, slot in template.parts:
        pieces.append(literal)
        position += len(literal)
        if slot is None:
            continue
        value = values.get(slot.name)
        if value is None:
            value = values[slot.name] = slot.render(ctx)
        pieces.append(value)
        if slot.entity_type is not None:
            spans.append(TruthSpan(slot.entity_type, position, position + len(value)))
        position += len(value)
    return "".join(pieces), spans


@lru_cache(maxsize=1)
def all_templates() -> dict[tuple[str, str], tuple[Template, ...]]:
    """Every template, by (lang, kind)."""
    sources = {"en": templates_en.TEMPLATES, "fr": templates_fr.TEMPLATES}
    table: dict[tuple[str, str], tuple[Template, ...]] = {}
    for lang in LANGS:
        for kind in KINDS:
            table[lang, kind] = tuple(
                compile_template(f"{lang}.{kind}.{index:02d}", lang, kind, text)
                for index, text in enumerate(sources[lang][kind])
            )
    return table


def assign_splits(strata: dict[str, str]) -> dict[str, str]:
    """`dev` or `test` per template id, given each id's stratum (its rarest entity type).

    Ids are ordered by stratum, then by hash, and alternate between the splits: the
    assignment is deterministic, disjoint and balanced, and the few templates holding a
    rare type (a NIR, a SIRET) land on both sides instead of wherever a hash throws them.
    """
    ordered = sorted(strata, key=lambda tid: (strata[tid], hashlib.sha256(tid.encode()).digest()))
    return {tid: ("dev" if rank % 2 == 0 else "test") for rank, tid in enumerate(ordered)}


def rarest_type_strata(entity_types: dict[str, frozenset[str]]) -> dict[str, str]:
    """Stratum of each template id: the rarest of its entity types ("" when it has none)."""
    frequency = Counter(t for types in entity_types.values() for t in types)
    return {
        tid: min(types, key=lambda t: (frequency[t], t)) if types else ""
        for tid, types in entity_types.items()
    }


@lru_cache(maxsize=2)
def templates_for_split(split: str) -> dict[tuple[str, str], tuple[Template, ...]]:
    """The templates of one evaluation split, by (lang, kind); strata are per language."""
    table = all_templates()
    splits: dict[str, str] = {}
    for lang in LANGS:
        templates = [t for kind in KINDS for t in table[lang, kind]]
        # Kind first within a stratum, so each kind is spread over both splits too.
        strata = rarest_type_strata({t.template_id: t.entity_types for t in templates})
        splits |= assign_splits({tid: f"{stratum}/{tid.split('.')[1]}" for tid, stratum in strata.items()})
    return {
        key: tuple(t for t in templates if splits[t.template_id] == split)
        for key, templates in table.items()
    }
