"""The labeled evaluation set: format, spans, split separation, mix, offline generation."""

from __future__ import annotations

import json
import random
import re
import socket
from pathlib import Path
from typing import Any

import pytest

from redact.synth import ENTITY_TYPES
from redact.synth.labeled import (
    LabeledExample,
    labeled_examples,
    read_labeled_jsonl,
    write_labeled_jsonl,
)
from redact.synth.templates import TruthSpan

N = 150
REPO = Path(__file__).resolve().parents[2]
# The committed files and the command that made them (benchmarks/data/README.md).
COMMITTED = {"dev": ("labeled_dev.jsonl", 600, 1), "test": ("labeled_test.jsonl", 600, 2)}
LABEL_TYPES = {*ENTITY_TYPES, "US_SSN"}


@pytest.fixture(scope="module")
def splits(no_network: Any) -> dict[str, list[LabeledExample]]:
    """Both splits, generated (presidio-evaluator import included) with the network blocked."""
    with no_network() as attempts:
        generated = {split: list(labeled_examples(N, 3, split)) for split in ("dev", "test")}
    assert attempts == []
    return generated


def test_the_network_guard_fails_closed(no_network: Any) -> None:
    with no_network() as attempts, pytest.raises(Exception, match="network access"):
        socket.create_connection(("127.0.0.1", 9), timeout=0.1)
    assert attempts


def test_json_objects_have_the_documented_shape(splits: dict[str, list[LabeledExample]]) -> None:
    for example in splits["dev"] + splits["test"]:
        obj = json.loads(json.dumps(example.to_json()))
        assert set(obj) == {"id", "text", "lang", "profile", "mentions", "spans", "meta"}
        assert obj["lang"] in ("en", "fr", None)
        assert set(obj["profile"]) == {"name", "handle", "email", "phone"}
        assert all(set(m) == {"member_id", "name"} for m in obj["mentions"])
        assert all(set(s) == {"type", "start", "end"} for s in obj["spans"])
        assert obj["meta"]["source"] in ("posts", "presidio-evaluator")
        assert LabeledExample.from_json(obj) == example


def test_spans_are_sorted_labeled_substrings(splits: dict[str, list[LabeledExample]]) -> None:
    types_seen = set()
    for example in splits["dev"] + splits["test"]:
        end = 0
        for span in example.spans:
            assert span.entity_type in LABEL_TYPES
            assert end <= span.start < span.end <= len(example.text)
            value = example.text[span.start : span.end]
            assert value.strip() == value != ""
            end = span.end
            types_seen.add(span.entity_type)
    assert set(ENTITY_TYPES) <= types_seen


def test_profile_values_and_mentions_in_the_text_are_labeled(
    splits: dict[str, list[LabeledExample]],
) -> None:
    checked = 0
    for example in splits["dev"] + splits["test"]:
        profile = example.profile()
        values = [profile.name, profile.handle, profile.email, profile.phone, *profile.mentions]
        for value in filter(None, values):
            for match in re.finditer(re.escape(value), example.text):
                checked += 1
                assert any(
                    s.start <= match.start() and match.end() <= s.end for s in example.spans
                ), example.text
    assert checked > 20


def test_dev_and_test_use_disjoint_templates(splits: dict[str, list[LabeledExample]]) -> None:
    dev = {e.template_id for e in splits["dev"]}
    test = {e.template_id for e in splits["test"]}
    assert dev and test and not dev & test
    assert any(t.startswith("presidio.") for t in dev) and any(t.startswith("fr.") for t in test)


def test_language_and_source_mix(splits: dict[str, list[LabeledExample]]) -> None:
    for examples in splits.values():
        french = sum(e.template_id.startswith("fr.") for e in examples)
        presidio = sum(e.source == "presidio-evaluator" for e in examples)
        assert french == round(0.4 * N)
        assert presidio == round(0.3 * N)
        unknown = sum(e.lang is None for e in examples)
        assert 0.03 * N < unknown < 0.2 * N
        assert all(e.lang in (None, e.template_id[:2]) for e in examples if e.source == "posts")
        assert [e.id for e in examples] == [f"{examples[0].id[:-5]}{i:05d}" for i in range(N)]


def test_deterministic_and_leaves_global_random_alone(
    splits: dict[str, list[LabeledExample]],
) -> None:
    random.seed(123)
    state = random.getstate()
    again = list(labeled_examples(N, 3, "dev"))
    assert random.getstate() == state
    assert again == splits["dev"]
    assert list(labeled_examples(N, 4, "dev")) != again


def test_the_hospital_provider_is_never_built(monkeypatch: pytest.MonkeyPatch) -> None:
    from presidio_evaluator.data_generator.faker_extensions import HospitalProvider

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("HospitalProvider queries Wikidata")

    monkeypatch.setattr(HospitalProvider, "__init__", refuse)
    assert len(list(labeled_examples(20, 8, "test"))) == 20


def test_presidio_sentences_do_not_depend_on_the_clock() -> None:
    import datetime as dt
    from unittest import mock

    import faker.providers.date_time as faker_dates

    from redact.synth.faker_sentences import faker_sentences

    class NineYearsLater(dt.datetime):
        @classmethod
        def now(cls, tz: dt.tzinfo | None = None) -> NineYearsLater:
            return cls(2034, 5, 5, tzinfo=tz)

    today = faker_sentences(120, 1, "dev")
    with mock.patch.object(faker_dates, "datetime", NineYearsLater):
        later = faker_sentences(120, 1, "dev")
    assert later == today


def test_unknown_split_is_refused() -> None:
    with pytest.raises(ValueError, match="split"):
        list(labeled_examples(5, 1, "train"))  # type: ignore[arg-type]


def test_write_and_read_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "labeled.jsonl"
    write_labeled_jsonl(path, 30, 5, "test")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 30
    assert list(read_labeled_jsonl(path)) == list(labeled_examples(30, 5, "test"))


@pytest.mark.parametrize("split", sorted(COMMITTED))
def test_committed_benchmark_files_are_what_the_generator_makes(split: str) -> None:
    name, n, seed = COMMITTED[split]
    committed = list(read_labeled_jsonl(REPO / "benchmarks" / "data" / name))
    assert committed == list(labeled_examples(n, seed, split))  # type: ignore[arg-type]
    assert all(isinstance(span, TruthSpan) for e in committed for span in e.spans)
