"""`redact.evaluate` and `redact eval`: loading, matching, strict leaks, preserved words."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from redact.cli import main
from redact.errors import InputError
from redact.evaluate import (
    PRESIDIO_MODELS,
    Alignment,
    LabeledExample,
    LabeledSpan,
    PresidioBaseline,
    Redaction,
    RedactSystem,
    Report,
    check_targets,
    format_reports,
    fragments,
    leaked,
    load_labeled,
    score,
    words_outside,
)
from redact.policy import Policy
from redact.records import Profile, Span
from tests.fakes import FakeDetector


def _row(text: str, spans: Sequence[tuple[str, str]], **extra: Any) -> dict[str, Any]:
    """A labeled row whose spans are given by value (first occurrence)."""
    out = []
    for entity_type, value in spans:
        start = text.index(value)
        out.append({"type": entity_type, "start": start, "end": start + len(value)})
    return {"id": extra.pop("id", "x"), "text": text, "lang": "en", "spans": out, **extra}


def _example(text: str, spans: Sequence[tuple[str, str]], profile: Profile | None = None) -> LabeledExample:
    labeled = tuple(LabeledSpan(t, text.index(v), text.index(v) + len(v)) for t, v in spans)
    return LabeledExample("x", text, "en", profile or Profile(), labeled)


def _write(tmp_path: Path, rows: Sequence[dict[str, Any] | str]) -> Path:
    path = tmp_path / "labeled.jsonl"
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n", "utf-8")
    return path


# -- loading ---------------------------------------------------------------------------------------


def test_load_reads_profile_mentions_and_sorts_spans(tmp_path: Path) -> None:
    text = "Call Ana Lima at +1 415 555 0100, thanks Bo Chen"
    row = _row(text, [("PHONE_NUMBER", "+1 415 555 0100"), ("PERSON", "Ana Lima")],
               profile={"name": "Bo Chen", "email": None}, mentions=[{"member_id": "m1", "name": "Ana Lima"}],
               meta={"source": "posts"})  # fmt: skip
    [example] = load_labeled(_write(tmp_path, [row, ""]))
    assert [s.entity_type for s in example.spans] == ["PERSON", "PHONE_NUMBER"]
    assert example.value(example.spans[0]) == "Ana Lima"
    assert example.profile == Profile(name="Bo Chen", mentions=("Ana Lima",))
    assert example.source == "posts"


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("{not json", "not a JSON object"),
        ('{"id": "a"}', "string 'text'"),
        ('{"text": "abc", "spans": [{"type": "PERSON", "start": 1}]}', "spans[0] needs"),
        ('{"text": "abc", "spans": [{"type": "PERSON", "start": 2, "end": 9}]}', "outside the text"),
        ('{"text": "abc", "spans": [{"type": "PERSON", "start": 2, "end": 2}]}', "outside the text"),
        ('{"text": "abc", "profile": "Ana"}', "'profile' must be an object"),
    ],
)
def test_load_names_the_bad_line(tmp_path: Path, line: str, problem: str) -> None:
    path = _write(tmp_path, [_row("fine", []), line])
    with pytest.raises(InputError, match=re.escape(problem)) as err:
        load_labeled(path)
    assert f"{path}:2" in str(err.value)


def test_load_rejects_an_empty_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no example"):
        load_labeled(_write(tmp_path, [""]))


# -- fragments and the strict leak rule ------------------------------------------------------------


@pytest.mark.parametrize(
    ("entity_type", "value", "expected"),
    [
        ("PERSON", "Jean-Pierre O'Neil", [("word", "Jean"), ("word", "Pierre"), ("word", "Neil")]),
        ("PERSON", "Li Q. Wu", [("word", "Li"), ("word", "Wu")]),
        ("PERSON", "Dr. Ana Lima MD", [("word", "Ana"), ("word", "Lima")]),  # titles identify nobody
        ("EMAIL_ADDRESS", "ana.lima@acme.io", [("text", "ana.lima")]),
        ("HANDLE", "@ana_lima", [("word", "ana_lima")]),
        ("PROFILE_URL", "https://www.linkedin.com/in/ana-lima-42/", [("text", "ana-lima-42")]),
        ("PHONE_NUMBER", "06 12 34 56", [("digits", d) for d in ("0612", "6123", "1234", "2345", "3456")]),
        ("STREET_ADDRESS", "12 rue de la Paix, 75002 Paris", [("word", "Paix"), ("digits", "75002")]),
        ("IP_ADDRESS", "10.1.2.3", [("text", "10.1.2.3")]),
    ],
)
def test_fragments(entity_type: str, value: str, expected: list[tuple[str, str]]) -> None:
    assert [(f.kind, f.text) for f in fragments(entity_type, value)] == expected


@pytest.mark.parametrize(
    ("entity_type", "value", "region", "is_leaked"),
    [
        ("PERSON", "Ana Lima", "<PERSON_3f9a1c>", False),
        ("PERSON", "Ana Lima", "<PERSON> Lima", True),  # one token is enough
        ("PERSON", "Ana Lima", "LIMA", True),  # case does not hide it
        ("PERSON", "Ed Li", "<PERSON_3ed1a2>", False),  # letters inside a tag are not a word
        ("PERSON", "Ed Li", "Edith", False),  # a longer word is not the token
        ("EMAIL_ADDRESS", "ana.lima@acme.io", "<EMAIL_ADDRESS>", False),
        ("EMAIL_ADDRESS", "ana.lima@acme.io", "ana.lima@<REDACTED>", True),
        ("PHONE_NUMBER", "06 12 34 56 78", "*********56 78", True),  # four digits readable
        ("PHONE_NUMBER", "06 12 34 56 78", "*************78", False),
        ("PHONE_NUMBER", "06 12 34 56 78", "<PHONE_NUMBER>", False),
        ("CREDIT_CARD", "4111 1111 1111 1111", "<CREDIT_CARD> 1111", True),
        ("IP_ADDRESS", "10.1.2.3", "<IP_ADDRESS>", False),
        ("IP_ADDRESS", "10.1.2.3", "10.1.2.3", True),
        ("STREET_ADDRESS", "12 rue de la Paix, 75002 Paris", "<STREET_ADDRESS>, Paris", False),
        ("STREET_ADDRESS", "12 rue de la Paix, 75002 Paris", "12 rue de la <PERSON>, 75002 Paris", True),
    ],
)
def test_strict_leak_rule(entity_type: str, value: str, region: str, is_leaked: bool) -> None:
    assert leaked(entity_type, value, region) is is_leaked


@pytest.mark.parametrize(
    ("original", "output", "span", "region"),
    [
        ("hi Ana Lima!", "hi <PERSON>!", (3, 11), "<PERSON>"),
        ("hi Ana Lima!", "hi <PERSON> Lima!", (3, 11), "<PERSON> Lima"),
        ("hi Ana Lima!", "hi Ana Lima!", (3, 11), "Ana Lima"),
        ("a 1 b 1 c", "a <X> b 1 c", (2, 3), "<X>"),  # the other "1" is elsewhere
    ],
)
def test_alignment_finds_what_a_value_became(original: str, output: str, span: tuple[int, int], region: str) -> None:
    lo, hi = Alignment(original, output).region(*span)
    assert output[lo:hi] == region


def test_words_outside_skip_labeled_values_and_edge_punctuation() -> None:
    text = "Thanks (Ana Lima), see you in Lyon."
    spans = [LabeledSpan("PERSON", 8, 16)]
    assert [text[a:b] for a, b in words_outside(text, spans)] == ["Thanks", "see", "you", "in", "Lyon"]


# -- scoring ---------------------------------------------------------------------------------------


def test_score_counts_matches_leaks_and_preserved_words() -> None:
    text = "Ana Lima met Bo Chen in Lyon, call 415 555 0100"
    example = _example(text, [("PERSON", "Ana Lima"), ("PERSON", "Bo Chen"), ("PHONE_NUMBER", "415 555 0100")])
    output = "<PERSON> met Bo <PERSON> in <LOCATION>, call <PHONE_NUMBER>"
    predicted = (
        Span("PERSON", 0, 8, 0.9, "t"),
        Span("PERSON", 16, 20, 0.9, "t"),  # "Chen" only: a match, but "Bo" leaks
        Span("LOCATION", 24, 28, 0.9, "t"),  # a false positive of a type never labeled
        Span("PHONE_NUMBER", 35, 47, 0.9, "t"),
    )
    report = score([example], [Redaction(output, predicted)], "sys")
    person = report.scores("PERSON")
    assert (person.support, person.predicted, person.matched_labeled, person.leaked) == (2, 2, 2, 1)
    assert report.scores("LOCATION").precision == 0.0
    assert report.scores("PHONE_NUMBER").leak_rate == 0.0
    assert report.overall.leaked == 1 and report.leak_rate == pytest.approx(1 / 3)
    # met, in, Lyon, call: "Lyon" was replaced.
    assert (report.words_total, report.words_preserved) == (4, 3)
    assert report.slices["lang:en"]["leaked"] == 1


def test_type_mismatch_is_not_a_match() -> None:
    example = _example("mail ana@x.io", [("EMAIL_ADDRESS", "ana@x.io")])
    report = score([example], [Redaction("mail <URL>", (Span("URL", 5, 13, 0.5, "t"),))], "sys")
    assert report.scores("EMAIL_ADDRESS").recall == 0.0
    assert report.scores("EMAIL_ADDRESS").leaked == 0  # but nothing leaked


def test_redact_system_uses_profile_and_policy_operators() -> None:
    text = "Thanks Ana Lima, mail me at bo@chen.io"
    example = _example(text, [("PERSON", "Ana Lima"), ("EMAIL_ADDRESS", "bo@chen.io")],
                       profile=Profile(mentions=("Ana Lima",)))  # fmt: skip
    system = RedactSystem(Policy.default(), detector=FakeDetector())
    [red] = system.redact([example])
    assert "Ana" not in red.text and "bo@chen.io" not in red.text
    assert red.text.startswith("Thanks <PERSON_")
    report = score([example], [red], system.name)
    assert report.leak_rate == 0.0 and report.overall.recall == 1.0
    assert report.preserved_rate == 1.0


def test_check_targets_compares_with_the_baseline() -> None:
    good = Report("redact", words_total=100, words_preserved=99)
    bad = Report("presidio", words_total=100, words_preserved=80)
    for r, leaks in ((good, 0), (bad, 5)):
        s = r.by_type.setdefault("EMAIL_ADDRESS", type(r.overall)())
        s.support, s.leaked = 100, leaks
    checks = check_targets(good, bad)
    assert all(checks.values())
    checks = check_targets(bad, good)
    assert not checks["EMAIL_ADDRESS_leaks==0"] and not checks["leak_rate<baseline"]
    assert "EMAIL_ADDRESS" in format_reports([good, bad])


# -- the command -----------------------------------------------------------------------------------


def test_eval_command_prints_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import redact.evaluate as evaluate_module

    original = evaluate_module.RedactSystem.__init__

    def with_fake(self: RedactSystem, policy: Policy, detector: Any = None, batch_size: int = 256) -> None:
        original(self, policy, FakeDetector(), batch_size)

    monkeypatch.setattr(evaluate_module.RedactSystem, "__init__", with_fake)
    text = "Mail ana@x.io or call +1 415 555 0100"
    path = _write(tmp_path, [_row(text, [("EMAIL_ADDRESS", "ana@x.io"), ("PHONE_NUMBER", "+1 415 555 0100")])])
    assert main(["eval", str(path), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    ours = doc["systems"]["redact"]
    assert ours["entities"]["EMAIL_ADDRESS"]["recall"] == 1.0
    assert ours["leak_rate"] == 0.0 and doc["targets"]["EMAIL_ADDRESS_leaks==0"] is True


def test_eval_command_bad_file_is_a_user_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, ["{oops"])
    assert main(["eval", str(path)]) == 2
    assert "not a JSON object" in capsys.readouterr().err


# -- plain Presidio (real models, loaded once) -----------------------------------------------------


@pytest.fixture(scope="module")
def baseline() -> PresidioBaseline:
    return PresidioBaseline(models={"en": PRESIDIO_MODELS["en"]})  # one model keeps it quick


@pytest.mark.models
def test_presidio_baseline_replaces_with_entity_types(baseline: PresidioBaseline) -> None:
    text = "Write to ana.lima@acme.io or see https://www.linkedin.com/in/ana-lima-42"
    example = _example(text, [("EMAIL_ADDRESS", "ana.lima@acme.io"),
                              ("PROFILE_URL", "https://www.linkedin.com/in/ana-lima-42")])  # fmt: skip
    [red] = baseline.redact([example])
    assert "<EMAIL_ADDRESS>" in red.text and "ana.lima" not in red.text
    report = score([example], [red], baseline.name)
    # Presidio's URL counts as a profile URL hit (type aliases).
    assert report.scores("PROFILE_URL").matched_labeled == 1
    assert report.leak_rate == 0.0
