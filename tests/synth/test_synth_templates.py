"""Post templates: coverage per language, rendering, slot handling."""

from __future__ import annotations

import dataclasses
import random
import re

import pytest

from redact.synth import ENTITY_TYPES, build_members
from redact.synth.slots import RenderContext
from redact.synth.templates import (
    KINDS,
    LANGS,
    all_templates,
    assign_splits,
    compile_template,
    render,
    templates_for_split,
)

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|(?<=[.!?])$")


@pytest.mark.parametrize("lang", LANGS)
def test_each_language_has_many_templates_of_every_kind(lang: str) -> None:
    table = all_templates()
    assert len(table[lang, "post"]) >= 40
    assert all(len(table[lang, kind]) >= 10 for kind in KINDS)
    sentences = [
        len([s for s in _SENTENCE_END.split(t.source) if s.strip()])
        for kind in KINDS
        for t in table[lang, kind]
    ]
    assert min(sentences) == 1 and max(sentences) == 6


@pytest.mark.parametrize("lang", LANGS)
def test_each_language_embeds_every_entity_type_and_has_clean_templates(lang: str) -> None:
    templates = [t for kind in KINDS for t in all_templates()[lang, kind]]
    covered = set().union(*(t.entity_types for t in templates))
    assert covered == set(ENTITY_TYPES)
    assert sum(not t.entity_types for t in templates) >= 8  # no personal data at all


def test_every_template_renders_for_authors_with_and_without_contact_details() -> None:
    members = build_members(1, 50)
    bare = dataclasses.replace(members[0], email=None, phone=None)
    rng = random.Random(0)
    for (lang, _), templates in all_templates().items():
        for template in templates:
            for author in (members[1], bare):
                ctx = RenderContext(rng, lang, author, members)
                text, spans = render(template, ctx)
                assert "{" not in text and "}" not in text
                assert [s.entity_type for s in spans] == [
                    slot.entity_type for _, slot in template.parts if slot and slot.entity_type
                ]
                for span in spans:
                    assert text[span.start : span.end].strip()
                assert author.index not in {m.index for m in ctx.mentions}
                assert len({m.index for m in ctx.mentions}) == len(ctx.mentions)


def test_a_slot_named_twice_is_the_same_value_and_one_mention() -> None:
    members = build_members(1, 50)
    template = compile_template("t", "en", "post", "Welcome {m1}! {m1} joins {company}.")
    ctx = RenderContext(random.Random(3), "en", members[0], members)
    text, spans = render(template, ctx)
    first, second = (text[s.start : s.end] for s in spans)
    assert first == second and len(ctx.mentions) == 1
    assert first in (ctx.mentions[0].name, ctx.mentions[0].first_name)


@pytest.mark.parametrize(
    ("source", "problem"),
    [("Hello {nobody}", "unknown slot"), ("Hello {name", "stray brace"), ("Hi } there", "stray")],
)
def test_bad_templates_fail_when_compiled(source: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        compile_template("bad", "en", "post", source)


def test_splits_are_disjoint_balanced_and_cover_everything() -> None:
    dev, test = templates_for_split("dev"), templates_for_split("test")
    for key, templates in all_templates().items():
        dev_ids = {t.template_id for t in dev[key]}
        test_ids = {t.template_id for t in test[key]}
        assert dev_ids and test_ids and not dev_ids & test_ids
        assert dev_ids | test_ids == {t.template_id for t in templates}
        assert abs(len(dev_ids) - len(test_ids)) <= 1


@pytest.mark.parametrize("lang", LANGS)
def test_types_held_by_several_templates_reach_both_splits(lang: str) -> None:
    all_of_lang = [t for kind in KINDS for t in all_templates()[lang, kind]]
    for split in ("dev", "test"):
        in_split = [t for kind in KINDS for t in templates_for_split(split)[lang, kind]]
        for entity_type in ENTITY_TYPES:
            holders = sum(entity_type in t.entity_types for t in all_of_lang)
            if holders >= 2:
                assert any(entity_type in t.entity_types for t in in_split), (split, entity_type)


def test_split_assignment_ignores_input_order_and_alternates_within_a_stratum() -> None:
    strata = {f"en.post.{i:02d}": ("FR_NIR" if i < 4 else "") for i in range(20)}
    splits = assign_splits(strata)
    assert assign_splits(dict(reversed(list(strata.items())))) == splits
    rare = [splits[tid] for tid, stratum in strata.items() if stratum == "FR_NIR"]
    assert sorted(rare) == ["dev", "dev", "test", "test"]
    assert list(splits.values()).count("dev") == 10
