"""The compiled gate (hyperscan) names every pattern that matches a text, and more only rarely.

- `_translate`: Python `regex` syntax to hyperscan's, loosened (lookarounds and `\\b` out,
  counted ranges open-ended), and None for constructs the gate does not vet.
- The gate never leaves out a pattern that matches (hypothesis, on the real recognizers'
  patterns and texts mixing their values with Unicode the two engines read differently).
- The on-disk cache: reused, rebuilt when damaged, and the switch that turns the gate off.
- The regex pass's mirrors of `IbanRecognizer.analyze` and `FilteredPatternRecognizer.analyze`
  give what those methods give, on both paths (hypothesis, on IBAN- and handle-like texts).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from redact.detect import compiled_gate
from redact.detect.compiled_gate import CompiledGate, _translate

_I = regex.IGNORECASE


@pytest.mark.parametrize(
    ("pattern", "flags", "expected"),
    [
        (r"\d{3}-\d{4}", 0, r"\d{3}-\d{4}"),
        (r"\bfoo\b", 0, r"foo"),  # word boundaries left out
        (r"[\b]x", 0, r"[\b]x"),  # ... but a backspace in a class is a character
        (r"(?<![\w.])@\w+(?!\.)", 0, r"@\w+"),  # lookarounds left out, nested ones too
        (r"(?<!\d(?=x))a", 0, r"a"),
        (r"[ \u00a0]", 0, r"[ \x{00a0}]"),  # Python's \u escape in PCRE's spelling
        (r"(?:[A-Z0-9]){29}", 0, r"(?:[A-Z0-9]){6,}"),  # long counts open-ended
        (r"x{2}", 0, r"x{2}"),
        (r"(?:ab){0,3}c", 0, r"(?:ab){0,}c"),  # ranges open-ended
        (r"x{0,1}", 0, r"x{0,1}"),
        (r"[]x]{2,}", 0, r"[]x]{2,}"),  # a leading "]" is a member of the class
        (r"[^]\d]", 0, r"[^]\d]"),
        (r"\(?\d{3}\)?", 0, r"\(?\d{3}\)?"),  # escaped parentheses are not groups
        (r"(?i:rue) \p{Lu}\p{Ll}+", 0, r"(?i:rue) \p{Lu}\p{Ll}+"),  # \p outside the caseless group
        (r"(?>\w+)@", 0, r"(?>\w+)@"),
        (r"(?P<x>a)\p{Greek}\P{M}", 0, r"(?P<x>a)\p{Greek}\P{M}"),  # properties are compared too
    ],
)
def test_translate(pattern: str, flags: int, expected: str) -> None:
    assert _translate(pattern, flags) == expected


@pytest.mark.parametrize(
    ("pattern", "flags"),
    [
        (r"\Aabc", 0),  # anchors, back references and named groups are not vetted
        (r"(a)\1", 0),
        (r"(?P<x>a)(?P=x)", 0),
        (r"\X", 0),
        (r"\p{Lu}x", _I),  # `regex` folds case inside a property, PCRE does not
        (r"(?i:\p{Lu})", 0),
        (r"[[:alpha:]]", 0),
        (r"(?x) a b", 0),
        (r"abc", regex.VERBOSE),
        (r"abc", regex.ASCII),
        (r"(abc", 0),  # unbalanced
        (r"abc)", 0),
        (r"[abc", 0),
    ],
)
def test_translate_refuses_what_it_does_not_vet(pattern: str, flags: int) -> None:
    assert _translate(pattern, flags) is None


# -- the gate on the real patterns ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def patterns() -> list[Any]:
    """Every pattern of Presidio's and the project's English and French pattern recognizers."""
    from presidio_analyzer import PatternRecognizer, RecognizerRegistry

    import recognizers as custom

    out: list[Any] = []
    for language in ("en", "fr"):
        registry = RecognizerRegistry(supported_languages=[language])
        registry.load_predefined_recognizers(languages=[language])
        recs = [r for r in registry.recognizers if isinstance(r, PatternRecognizer)]
        recs += [r for r in custom.pattern_recognizers(language) if isinstance(r, PatternRecognizer)]
        for rec in recs:
            flags = rec.global_regex_flags or 0
            out.extend(regex.compile(p.regex, flags=flags) for p in rec.patterns)  # type: ignore[has-type]
        # ... and the other recognizers' gate patterns (`GATE_PATTERNS`), which share the scan.
        for other in custom.pattern_recognizers(language):
            gates = getattr(other, "GATE_PATTERNS", ())
            out.extend(regex.compile(source, flags=gate_flags) for source, gate_flags in gates)
    unique = {(p.pattern, p.flags): p for p in out}
    return list(unique.values())


@pytest.fixture(scope="module")
def gate(patterns: list[Any]) -> CompiledGate:
    built = CompiledGate.build([(p.pattern, p.flags) for p in patterns])
    assert built is not None
    return built


def test_the_gate_covers_the_real_patterns(gate: CompiledGate, patterns: list[Any]) -> None:
    assert len(gate.covered) >= 0.9 * len(patterns)


_VALUES = [
    "+1 415-555-0134",
    "(415) 555-0199",
    "+33 6 12 34 56 78",
    "06 12 34 56 78",
    "FR76 3000 6000 0112 3456 7890 189",
    "fr7630006000011234567890189",
    "4111 1111 1111 1111",
    "078-05-1120",
    "jane.doe@example.com",
    "192.168.10.24",
    "2001:db8::1",
    "1BoatSLRHtKNngkdXEeobR76b53LETtpyT",
    "https://www.linkedin.com/in/jane-doe-42/",
    "@jane_doe",
    "1 85 05 78 006 084 36",
    "732 829 320",
    "73282932000074",
    "3986 Highland Boulevard",
    "Bristol BS1 5TR",
    "12 rue de la Paix, 75002 Paris",
    "12 Rue Émile Zola",
    "8 allée des Tilleuls",
    "Kerkstraat 12, 1017 GC Amsterdam",
    "Λεωφόρος Κηφισίας 12",
    "ул. Тверская 7",
    "call 32 82 12",
]
# Characters the engines may read apart: combining marks, dotted I, Kelvin sign, long s,
# a newer script's letter, Arabic-Indic digits, no-break spaces, ligatures.
_ODD = ["é", "É", "\u0301", "İ", "\u212a", "\u017f", "\U0001e900", "٣", "\u00a0", "\u202f", "’", "ß", "ﬀ", "\ud800"]
_PIECES = st.sampled_from([*_VALUES, *_ODD, " ", "\n", "-", ".", "@", "0", "7", "a", "Z", ",", "(", ")", "/"])


def _matches(pattern: Any, text: str) -> bool:
    return any(m.end() > m.start() for m in pattern.finditer(text))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pieces=st.lists(_PIECES, max_size=10))
def test_the_gate_names_every_pattern_that_matches(gate: CompiledGate, patterns: list[Any], pieces: list[str]) -> None:
    text = "".join(pieces)
    fired = gate.fired(text)
    if fired is None:  # read in Python: nothing to check
        assert not text.isascii()
        return
    for index, pattern in enumerate(patterns):
        if index in gate.covered and _matches(pattern, text):
            assert index in fired, (pattern.pattern[:60], text)


@pytest.mark.parametrize(
    ("text", "python"),
    [
        ("plain ASCII, call 415-555-0134", False),
        ("Hélène, 06 12 34 56 78 ’ €", False),  # ordinary accents and punctuation: the automaton
        ("Rene\u0301e", True),  # a combining mark is a word character to `regex` only
        ("İstanbul", True),  # case folds differently
        ("\ud800", True),  # not UTF-8 at all
    ],
)
def test_texts_the_engines_read_apart_go_to_python(gate: CompiledGate, text: str, python: bool) -> None:
    assert (gate.fired(text) is None) is python


def test_a_text_without_candidates_fires_nothing(gate: CompiledGate) -> None:
    assert gate.fired("No personal data here at all, just words.") == []


# -- the cache and the switch ---------------------------------------------------------------------------


_SMALL = [(r"\d{3}-\d{4}", 0), (r"[a-z]+@[a-z]+\.com", regex.IGNORECASE)]


def test_the_build_is_cached_and_reused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(compiled_gate.CACHE_ENV, str(tmp_path))
    first = CompiledGate.build(_SMALL)
    assert first is not None and first.fired("call 555-0134") == [0]
    (entry,) = tmp_path.glob("compiled-gate-*.bin")
    compiles: list[int] = []
    monkeypatch.setattr(compiled_gate, "_compile", lambda *a: compiles.append(1))
    again = CompiledGate.build(_SMALL)
    assert again is not None and again.fired("A@B.COM") == [1]
    assert compiles == []  # loaded, not compiled
    assert list(tmp_path.glob("compiled-gate-*.bin")) == [entry]


def test_a_damaged_cache_entry_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(compiled_gate.CACHE_ENV, str(tmp_path))
    assert CompiledGate.build(_SMALL) is not None
    (entry,) = tmp_path.glob("compiled-gate-*.bin")
    entry.write_bytes(entry.read_bytes()[:-50])
    rebuilt = CompiledGate.build(_SMALL)
    assert rebuilt is not None and rebuilt.fired("call 555-0134") == [0]


def test_an_unwritable_cache_still_gives_a_gate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    monkeypatch.setenv(compiled_gate.CACHE_ENV, str(blocker / "cache"))
    gate = CompiledGate.build(_SMALL)
    assert gate is not None and gate.fired("555-0134") == [0]


@pytest.mark.parametrize("value", ["0", "false", "off"])
def test_the_switch_turns_the_gate_off(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv(compiled_gate.SWITCH_ENV, value)
    assert CompiledGate.build(_SMALL) is None


def test_patterns_it_cannot_vet_stay_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(compiled_gate.CACHE_ENV, str(tmp_path))
    gate = CompiledGate.build([(r"(a)\1", 0), (r"\d{3}", 0)])
    assert gate is not None and gate.covered == frozenset({1})
    assert CompiledGate.build([(r"(a)\1", 0)]) is None


# -- gate groups: other recognizers' gate patterns in the same scan ----------------------------------


def _pass_with_gates(gates: list[list[tuple[str, int]]]) -> Any:
    from presidio_analyzer import Pattern, PatternRecognizer

    from redact.detect.regex_pass import RegexPass

    code = PatternRecognizer(supported_entity="CODE", patterns=[Pattern("code", r"\bC-\d{3}\b", 0.5)], name="Code")
    return RegexPass([code], gates=gates)


@pytest.mark.parametrize(
    ("text", "opened"),
    [
        ("ref C-123 and 4111 1111", [True, False, True]),
        ("a@b.co only", [False, True, True]),
        ("nothing", [False, False, True]),
    ],
)
def test_gate_groups_open_where_one_of_their_patterns_may_match(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, opened: list[bool]
) -> None:
    monkeypatch.setenv(compiled_gate.CACHE_ENV, str(tmp_path))
    # The third group holds a pattern the gate cannot read (a back reference): always open.
    rp = _pass_with_gates([[(r"\d{4} \d{4}", 0)], [(r"@", 0), (r"xyz", 0)], [(r"(a)\1", 0)]])
    flags: list[bool] = []
    hits = rp.hits(text, flags)
    assert flags == opened
    assert [h[1:3] for h in hits] == ([(4, 9)] if "C-123" in text else [])


_BATCH = [
    "ref C-123 and 4111 1111",
    "nothing",
    "a@b.co only, C-456",
    "Rene\u0301e C-789 4111 1111",  # read apart by the engines: Python decides, every group open
    "",
    "nothing",
]


@pytest.mark.parametrize("gated", [True, False])
def test_hits_each_gives_each_texts_hits_and_groups(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, gated: bool
) -> None:
    monkeypatch.setenv(compiled_gate.CACHE_ENV, str(tmp_path))
    if not gated:
        monkeypatch.setenv(compiled_gate.SWITCH_ENV, "0")
    rp = _pass_with_gates([[(r"\d{4} \d{4}", 0)], [(r"@", 0), (r"xyz", 0)], [(r"(a)\1", 0)]])
    assert rp.gated is gated
    one_by_one = []
    for text in _BATCH:
        flags: list[bool] = []
        one_by_one.append((rp.hits(text, flags), flags))
    # Each text gets its own flags: kept as they come, none is changed by a later text.
    each = list(rp.hits_each(_BATCH))
    assert each == one_by_one
    assert len({id(flags) for _, flags in each}) == len(_BATCH)
    assert each[1] == ([], [False, False, True] if gated else [True, True, True])
    assert each[3][1] == [True, True, True]
    assert [h[1:3] for h in each[2][0]] == [(13, 18)]


def test_hits_each_scans_every_text_before_the_first_hits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(compiled_gate.CACHE_ENV, str(tmp_path))
    rp = _pass_with_gates([[(r"\d{4} \d{4}", 0)]])
    gate = rp._gate
    assert gate is not None
    scanned: list[str] = []
    real_fired = gate.fired

    def fired(text: str) -> list[int] | None:
        scanned.append(text)
        return real_fired(text)

    monkeypatch.setattr(gate, "fired", fired)
    results = rp.hits_each(["C-123", "C-456", "nothing"])
    next(results)
    assert scanned == ["C-123", "C-456", "nothing"]


def test_without_the_compiled_gate_every_group_is_open(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(compiled_gate.SWITCH_ENV, "0")
    rp = _pass_with_gates([[(r"\d{4} \d{4}", 0)], [(r"@", 0)]])
    flags: list[bool] = []
    rp.hits("nothing", flags)
    assert flags == [True, True]


def test_a_cached_database_that_cannot_scan_here_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import hyperscan

    monkeypatch.setenv(compiled_gate.CACHE_ENV, str(tmp_path))
    assert CompiledGate.build(_SMALL) is not None
    real_loadb = hyperscan.loadb

    class Foreign:  # what a database built for another CPU does: it loads, then cannot scan
        def __init__(self, db: Any) -> None:
            self.db = db

        def scan(self, *args: Any, **kwargs: Any) -> None:
            raise hyperscan.error("database built for another platform")

    monkeypatch.setattr(hyperscan, "loadb", lambda buf, mode: Foreign(real_loadb(buf, mode)))
    monkeypatch.setattr(hyperscan, "Scratch", lambda db: None)
    rebuilt = CompiledGate.build(_SMALL)
    monkeypatch.undo()
    assert rebuilt is not None and isinstance(rebuilt._database, hyperscan.Database)


def test_a_scan_error_sends_the_text_to_python(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import hyperscan

    monkeypatch.setenv(compiled_gate.CACHE_ENV, str(tmp_path))
    gate = CompiledGate.build(_SMALL)
    assert gate is not None and gate.fired("555-0134") == [0]

    class Failing:
        def scan(self, *args: Any, **kwargs: Any) -> None:
            raise hyperscan.error("scratch in use")

    gate._database = Failing()
    assert gate.fired("555-0134") is None


# -- recognizers whose `analyze` the regex pass mirrors instead of calling ---------------------------

_IBAN_PIECES = [
    "DE89370400440532013000",
    "DE89 3704 0044 0532 0130 00",
    "DE89 3704 0044 0532 0130 00 2",
    "BE68 5390 0754 7034",
    "BE68 5390 0754 7034 1",  # a trailing group the checksum rejects: a shorter span
    "CH93 0076 2011 6238 5295 7",
    "GB82-WEST-1234-5698-7654-32",
    "FR14 2004 1010 0505 0001 3M02 606",
    "NL91ABNA0417164300",
    "XX00 1234 5678 9012",  # no country, bad checksum
    "DE00370400440532013000",  # bad checksum
    "de89370400440532013000",  # lower case: not matched
    "IT60X0542811101000000123456",
]
_HANDLE_PIECES = [
    "@alice",
    "@jane.doe",
    "@user@mastodon.social",
    "@dataclass",
    "@cache\ndef f():",
    "@app.route('/')\n@login\nasync def f():",
    "a@b.com",
    "@ 5pm",
    "@10am",
    "@angular/core",
    "@media",
    "@everyone",
]
_GLUE = ["", " ", "\n", "  ", "\t", ", ", "IBAN: ", "cc ", "é", "🙂"]


@pytest.fixture(scope="module", params=["gate", "python"])
def mirrored(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, list[Any]]:
    """The regex pass over Presidio's IBAN recognizer and ours for handles, on either path."""
    from presidio_analyzer.predefined_recognizers import IbanRecognizer

    from recognizers import HandleMentionRecognizer
    from redact.detect.regex_pass import RegexPass

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(compiled_gate.CACHE_ENV, str(tmp_path_factory.mktemp("gate")))
        patch.setenv(compiled_gate.SWITCH_ENV, "1" if request.param == "gate" else "0")
        recognizers = [IbanRecognizer(), HandleMentionRecognizer()]
        rp = RegexPass(recognizers)
    assert rp.gated == (request.param == "gate")
    return rp, recognizers


def _analyzed(recognizers: list[Any], text: str) -> list[tuple[str, int, int, float, str, str]]:
    """Each recognizer's own `analyze`, in the pass's result form and order."""
    from redact.detect.results import found_of

    out = []
    for rec in recognizers:
        out.extend(found_of(rec.analyze(text, rec.supported_entities, None), rec.name, rec.id))
    return out


def test_the_pass_mirrors_rather_than_calls_these_recognizers(mirrored: tuple[Any, list[Any]]) -> None:
    from redact.detect.regex_pass import _FILTERED, _IBAN

    rp, _ = mirrored
    assert rp._kinds == [_IBAN, _FILTERED]


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("IBAN DE89 3704 0044 0532 0130 00 2 days", [(5, 32)]),
        ("IBAN BE68 5390 0754 7034 1 day", [(5, 24)]),  # the last group's "1" fails: a shorter span
        ("IBAN BE68 5390 0754 7034 1234 day", []),  # near miss: the first group takes "1234" too
        ("pay DE89370400440532013000 now", [(4, 26)]),
        ("pay DE00370400440532013000 now", []),  # checksum
        ("thanks @jdoe and @dataclass(frozen=True)", [(7, 12)]),
        ("@cache\ndef fib(n):\n    return n", []),
        ("@jdoe\n@jsmith", [(0, 5), (6, 13)]),
    ],
)
def test_mirrored_results_are_the_recognizers_own(
    mirrored: tuple[Any, list[Any]], text: str, spans: list[tuple[int, int]]
) -> None:
    rp, recognizers = mirrored
    hits = rp.hits(text)
    assert hits == _analyzed(recognizers, text)
    assert [h[1:3] for h in hits] == spans


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(st.sampled_from(_IBAN_PIECES + _HANDLE_PIECES) | st.sampled_from(_GLUE) | st.text(max_size=4), max_size=12)
)
def test_mirrors_equal_analyze_on_mixed_texts(mirrored: tuple[Any, list[Any]], pieces: list[str]) -> None:
    rp, recognizers = mirrored
    text = "".join(pieces)
    assert rp.hits(text) == _analyzed(recognizers, text)
    assert rp.hits(text) == _analyzed(recognizers, text)  # again, with the verdicts remembered


def test_an_iban_subclass_with_its_own_analyze_is_called() -> None:
    from presidio_analyzer.predefined_recognizers import IbanRecognizer

    from redact.detect.regex_pass import _OVERRIDE, RegexPass

    class Shifted(IbanRecognizer):
        def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None, regex_flags: Any = None) -> Any:
            results = super().analyze(text, entities, nlp_artifacts, regex_flags)
            for r in results:
                r.start += 1
            return results

    rp = RegexPass([Shifted()])
    assert rp._kinds == [_OVERRIDE]
    assert [h[1:3] for h in rp.hits("pay DE89370400440532013000 now")] == [(5, 26)]
