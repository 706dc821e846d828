"""`redact eval`: detection quality and leakage against labeled texts.

A labeled file is JSON Lines, one text per line::

    {"id": "en-0001", "text": "...", "lang": "en",
     "profile": {"name": ..., "handle": ..., "email": ..., "phone": ...},
     "mentions": [{"member_id": "m2", "name": "Ana Lima"}],
     "spans": [{"type": "PERSON", "start": 6, "end": 14}]}

Each system (the production detector + transformer, or plain Presidio) redacts every text;
the figures are computed from its *predicted spans* and its *redacted text*:

- Precision / recall / F1 per entity type. Predicted spans are overlap-resolved first (what
  the system actually rewrote). A predicted span and a labeled span match when they have
  the same type and share at least one character. Precision counts predicted spans that
  match some labeled span, recall counts labeled spans matched by some predicted span;
  "overall" is the micro average. Types a system predicts that the labels never use (DATE_TIME,
  NRP, ...) appear with support 0: every one of them is a false positive.
- Strict leak rate, on the redacted text only: a labeled value is *leaked* when any of its
  identifying fragments (`fragments`) can still be read in the output at its place — inside
  the stretch of output that the value's characters became (`Alignment`).
- Non-personal words preserved: the share of whitespace-separated words lying wholly outside
  labeled spans (punctuation at their ends trimmed) that come out unchanged at their place.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from redact.errors import InputError
from redact.fragments import WORD_EDGE_AFTER, WORD_EDGE_BEFORE, Fragment, fragments
from redact.policy import DEFAULT_SPACY_MODELS
from redact.records import Profile, Span
from redact.transform import resolve_overlaps

if TYPE_CHECKING:
    from redact.policy import Policy
    from redact.records import Detector

# -- the labeled data --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LabeledSpan:
    entity_type: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class LabeledExample:
    id: str
    text: str
    lang: str | None
    profile: Profile
    spans: tuple[LabeledSpan, ...]
    source: str = ""  # where the example comes from (`meta.source`), for the breakdown

    def value(self, span: LabeledSpan) -> str:
        return self.text[span.start : span.end]


def load_labeled(path: str | Path) -> list[LabeledExample]:
    """Read a labeled JSONL file; a malformed line raises `InputError` naming its number."""
    p = Path(path)
    try:
        lines = p.read_text("utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"cannot read labeled file {p}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise InputError(f"labeled file {p} is not UTF-8 text") from None
    examples = [parse_example(line, f"{p}:{n}") for n, line in enumerate(lines, 1) if line.strip()]
    if not examples:
        raise InputError(f"labeled file {p} holds no example")
    return examples


def parse_example(line: str, where: str) -> LabeledExample:
    try:
        row = json.loads(line)
    except json.JSONDecodeError:
        raise InputError(f"{where}: not a JSON object") from None
    if not isinstance(row, dict) or not isinstance(row.get("text"), str):
        raise InputError(f"{where}: expected an object with a string 'text'")
    text: str = row["text"]
    spans: list[LabeledSpan] = []
    for i, s in enumerate(row.get("spans") or []):
        try:
            span = LabeledSpan(str(s["type"]), int(s["start"]), int(s["end"]))
        except (KeyError, TypeError, ValueError):
            raise InputError(f"{where}: spans[{i}] needs 'type', 'start' and 'end'") from None
        if not 0 <= span.start < span.end <= len(text):
            raise InputError(f"{where}: spans[{i}] {span.start}..{span.end} is outside the text")
        spans.append(span)
    prof = row.get("profile") or {}
    if not isinstance(prof, dict):
        raise InputError(f"{where}: 'profile' must be an object")
    mentions = tuple(
        m["name"]
        for m in row.get("mentions") or []
        if isinstance(m, dict) and isinstance(m.get("name"), str) and m["name"].strip()
    )
    profile = Profile(
        name=_text_or_none(prof.get("name")),
        handle=_text_or_none(prof.get("handle")),
        email=_text_or_none(prof.get("email")),
        phone=_text_or_none(prof.get("phone")),
        mentions=mentions,
    )
    lang = row.get("lang")
    meta = row.get("meta")
    source = meta.get("source") if isinstance(meta, dict) else None
    return LabeledExample(
        id=str(row.get("id", where)),
        text=text,
        lang=lang if isinstance(lang, str) and lang else None,
        profile=profile,
        spans=tuple(sorted(spans, key=lambda s: (s.start, s.end))),
        source=source if isinstance(source, str) else "",
    )


def _text_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


# -- systems under evaluation ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Redaction:
    """What a system made of one text: the spans it rewrote (original offsets) and the output."""

    text: str
    spans: tuple[Span, ...]


class System(Protocol):
    name: str

    def redact(self, examples: Sequence[LabeledExample]) -> list[Redaction]: ...


# A fixed key: evaluation must not need the user's key, and a fixed one keeps pseudonym tags
# (hence the redacted texts) reproducible from run to run.
_EVAL_KEY = b"redact-eval-fixed-key-not-a-secret"


class RedactSystem:
    """The production path: language routing, the policy's detector, the Transformer."""

    name = "redact"

    def __init__(self, policy: Policy, detector: Detector | None = None, batch_size: int = 256) -> None:
        from redact.detect.language import LanguageRouter
        from redact.keys import Pseudonymizer, SecretKey
        from redact.transform import Transformer

        if detector is None:
            from redact.detect.presidio import PresidioDetector

            detector = PresidioDetector(policy.detection)
        self.policy = policy
        self.detector = detector
        self.router = LanguageRouter(policy.detection)
        self.transformer = Transformer(policy.operator_for, Pseudonymizer(SecretKey(_EVAL_KEY)))
        self.batch_size = batch_size

    def redact(self, examples: Sequence[LabeledExample]) -> list[Redaction]:
        from redact.records import DetectItem

        langs = self.router.route([e.lang for e in examples], [e.text for e in examples])
        out: list[Redaction] = []
        for lo in range(0, len(examples), self.batch_size):
            chunk = examples[lo : lo + self.batch_size]
            items = [DetectItem(e.text, lang, e.profile) for e, lang in zip(chunk, langs[lo:], strict=False)]
            for example, spans in zip(chunk, self.detector.detect(items), strict=True):
                result = self.transformer.transform(example.text, spans)
                rewritten = tuple(s for s in result.spans if self.transformer.operator(s.entity_type).type != "keep")
                out.append(Redaction(result.text, rewritten))
        return out


PRESIDIO_MODELS: Mapping[str, str] = DEFAULT_SPACY_MODELS


class PresidioBaseline:
    """Plain Presidio: default recognizers, every entity it finds, the default `replace`.

    The text's language is its label's (`lang`), else English. Its types are compared to
    the labels' through `PRESIDIO_TYPE_ALIASES` (a URL over a profile URL is a hit).
    """

    name = "presidio"

    def __init__(self, models: Mapping[str, str] = PRESIDIO_MODELS) -> None:
        from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
        from presidio_analyzer.nlp_engine import NlpEngineProvider
        from presidio_anonymizer import AnonymizerEngine

        from redact.detect.offline import ensure_offline

        ensure_offline()
        self.languages = list(models)
        config = {
            "nlp_engine_name": "spacy",
            "models": [{"lang_code": lang, "model_name": name} for lang, name in models.items()],
        }
        nlp_engine = NlpEngineProvider(nlp_configuration=config).create_engine()
        registry = RecognizerRegistry(supported_languages=self.languages)
        registry.load_predefined_recognizers(languages=self.languages, nlp_engine=nlp_engine)
        self._analyzer = AnalyzerEngine(registry=registry, nlp_engine=nlp_engine, supported_languages=self.languages)
        self._anonymizer = AnonymizerEngine()

    def redact(self, examples: Sequence[LabeledExample]) -> list[Redaction]:
        out: list[Redaction] = []
        for e in examples:
            lang = e.lang if e.lang in self.languages else self.languages[0]
            results = self._analyzer.analyze(e.text, lang)
            anonymized = self._anonymizer.anonymize(text=e.text, analyzer_results=results)  # type: ignore[arg-type]
            spans = [
                Span(PRESIDIO_TYPE_ALIASES.get(r.entity_type, r.entity_type), r.start, r.end, r.score, "presidio")
                for r in results
                if r.end > r.start
            ]
            out.append(Redaction(anonymized.text, tuple(resolve_overlaps(spans))))
        return out


# Presidio's names for the labels' types.
PRESIDIO_TYPE_ALIASES: Mapping[str, str] = {"URL": "PROFILE_URL", "LOCATION": "STREET_ADDRESS"}


# -- where a value went: aligning the original and the redacted text ----------------------------------


class Alignment:
    """Maps stretches of the original text to the output they became.

    Computed from the two texts alone (a character diff), so it needs no cooperation from
    the system under test: a character is *unchanged* when it lies in an equal block.
    """

    def __init__(self, original: str, output: str) -> None:
        self.output = output
        if original == output:
            self._ops: Sequence[tuple[str, int, int, int, int]] = [("equal", 0, len(original), 0, len(output))]
        else:
            self._ops = SequenceMatcher(None, original, output, autojunk=False).get_opcodes()

    def region(self, start: int, end: int) -> tuple[int, int]:
        """The output range that original `[start, end)` became, with any text inserted at its edges."""
        lo, hi = len(self.output), 0
        for tag, i1, i2, j1, j2 in self._ops:
            touches = (i1 < end and i2 > start) if i2 > i1 else start <= i1 <= end
            if not touches:
                continue
            if tag == "equal":
                lo = min(lo, j1 + max(0, start - i1))
                hi = max(hi, j1 + (min(end, i2) - i1))
            else:
                lo, hi = min(lo, j1), max(hi, j2)
        return (lo, hi) if lo <= hi else (0, 0)

    def unchanged(self, start: int, end: int) -> bool:
        """Whether original `[start, end)` comes out verbatim, in one piece, at its place."""
        return any(tag == "equal" and i1 <= start and end <= i2 for tag, i1, i2, _, _ in self._ops)


# -- strict leakage --------------------------------------------------------------------------------------

_PLACEHOLDER = re.compile(r"<[A-Z][A-Za-z0-9_]*>")
def fragment_readable(fragment: Fragment, region: str) -> bool:
    """Whether `fragment` can be read in `region` (placeholders like `<PERSON_3f9a1c>` removed)."""
    visible = _PLACEHOLDER.sub(" ", region)
    if fragment.kind == "digits":
        return fragment.text in re.sub(r"\D", "", visible)
    needle = re.escape(fragment.text.casefold())
    if fragment.kind == "word":
        needle = WORD_EDGE_BEFORE + needle + WORD_EDGE_AFTER
    return re.search(needle, visible.casefold()) is not None


def leaked(entity_type: str, value: str, region: str) -> bool:
    """The strict leak rule: any identifying fragment of `value` readable in `region`."""
    return any(fragment_readable(f, region) for f in fragments(entity_type, value))


# -- non-personal words ---------------------------------------------------------------------------------

_WORD = re.compile(r"\S+")
_EDGE_PUNCT = ".,;:!?()[]{}\"'«»“”‘’…"


def words_outside(text: str, spans: Sequence[LabeledSpan]) -> Iterator[tuple[int, int]]:
    """Word offsets (edge punctuation trimmed) lying wholly outside every labeled span."""
    for m in _WORD.finditer(text):
        start, end = m.start(), m.end()
        while start < end and text[start] in _EDGE_PUNCT:
            start += 1
        while end > start and text[end - 1] in _EDGE_PUNCT:
            end -= 1
        if end > start and not any(s.start < end and start < s.end for s in spans):
            yield start, end


# -- the figures ------------------------------------------------------------------------------------------


@dataclass(slots=True)
class TypeScores:
    support: int = 0  # labeled spans
    predicted: int = 0  # predicted spans
    matched_predicted: int = 0  # predicted spans that overlap a labeled span of their type
    matched_labeled: int = 0  # labeled spans overlapped by a predicted span of their type
    leaked: int = 0  # labeled values with a readable fragment in the output

    @property
    def precision(self) -> float | None:
        return self.matched_predicted / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return self.matched_labeled / self.support if self.support else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def leak_rate(self) -> float | None:
        return self.leaked / self.support if self.support else None

    def add(self, other: TypeScores) -> None:
        self.support += other.support
        self.predicted += other.predicted
        self.matched_predicted += other.matched_predicted
        self.matched_labeled += other.matched_labeled
        self.leaked += other.leaked

    def to_json(self) -> dict[str, Any]:
        return {
            "support": self.support,
            "predicted": self.predicted,
            "precision": _round(self.precision),
            "recall": _round(self.recall),
            "f1": _round(self.f1),
            "leaked": self.leaked,
            "leak_rate": _round(self.leak_rate),
        }


@dataclass(slots=True)
class Report:
    system: str
    examples: int = 0
    by_type: dict[str, TypeScores] = field(default_factory=dict)
    words_total: int = 0
    words_preserved: int = 0
    # "lang:en", "source:posts", ... -> values, leaked, words, preserved
    slices: dict[str, Counter[str]] = field(default_factory=dict)
    seconds: float = 0.0

    def scores(self, entity_type: str) -> TypeScores:
        """The scores of one type (zeros for a type never seen; the report is not changed)."""
        return self.by_type.get(entity_type) or TypeScores()

    @property
    def overall(self) -> TypeScores:
        total = TypeScores()
        for s in self.by_type.values():
            total.add(s)
        return total

    @property
    def leak_rate(self) -> float | None:
        return self.overall.leak_rate

    @property
    def preserved_rate(self) -> float | None:
        return self.words_preserved / self.words_total if self.words_total else None

    def to_json(self) -> dict[str, Any]:
        return {
            "system": self.system,
            "examples": self.examples,
            "seconds": round(self.seconds, 3),
            "overall": self.overall.to_json(),
            "leak_rate": _round(self.leak_rate),
            "words": {
                "outside_labels": self.words_total,
                "preserved": self.words_preserved,
                "preserved_rate": _round(self.preserved_rate),
            },
            "entities": {t: self.by_type[t].to_json() for t in sorted(self.by_type)},
            "slices": {
                name: {
                    **{k: counts[k] for k in ("examples", "values", "leaked", "words", "preserved")},
                    "leak_rate": _round(counts["leaked"] / counts["values"] if counts["values"] else None),
                    "preserved_rate": _round(counts["preserved"] / counts["words"] if counts["words"] else None),
                }
                for name, counts in sorted(self.slices.items())
            },
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def score(examples: Sequence[LabeledExample], redactions: Sequence[Redaction], system: str) -> Report:
    """Every figure of one system on one labeled set."""
    report = Report(system, examples=len(examples))
    for example, red in zip(examples, redactions, strict=True):
        align = Alignment(example.text, red.text)
        names = [f"lang:{example.lang or 'unknown'}"] + ([f"source:{example.source}"] if example.source else [])
        slices = [report.slices.setdefault(name, Counter()) for name in names]
        tally = Counter(examples=1)
        for gold in example.spans:
            s = report.by_type.setdefault(gold.entity_type, TypeScores())
            s.support += 1
            if any(p.entity_type == gold.entity_type and _overlap(p, gold) for p in red.spans):
                s.matched_labeled += 1
            lo, hi = align.region(gold.start, gold.end)
            is_leaked = leaked(gold.entity_type, example.value(gold), red.text[lo:hi])
            s.leaked += is_leaked
            tally["values"] += 1
            tally["leaked"] += is_leaked
        for pred in red.spans:
            s = report.by_type.setdefault(pred.entity_type, TypeScores())
            s.predicted += 1
            if any(g.entity_type == pred.entity_type and _overlap(pred, g) for g in example.spans):
                s.matched_predicted += 1
        for start, end in words_outside(example.text, example.spans):
            kept = align.unchanged(start, end)
            report.words_total += 1
            report.words_preserved += kept
            tally["words"] += 1
            tally["preserved"] += kept
        for counts in slices:
            counts.update(tally)
    return report


def _overlap(a: Span | LabeledSpan, b: Span | LabeledSpan) -> bool:
    return a.start < b.end and b.start < a.end


def evaluate(system: System, examples: Sequence[LabeledExample]) -> tuple[Report, list[Redaction]]:
    start = time.perf_counter()
    redactions = system.redact(examples)
    seconds = time.perf_counter() - start
    report = score(examples, redactions, system.name)
    report.seconds = seconds
    return report, redactions


# -- targets and printing -------------------------------------------------------------------------------

# The acceptance targets of the quality work (issue 3), checked by `check_targets`.
MAX_LEAK_OVERALL = 0.01
MAX_LEAK_PERSON = 0.03
ZERO_LEAK_TYPES: tuple[str, ...] = (
    "EMAIL_ADDRESS", "PHONE_NUMBER", "PROFILE_URL", "IBAN_CODE", "CREDIT_CARD", "IP_ADDRESS", "FR_NIR",
)  # fmt: skip
MIN_WORDS_PRESERVED = 0.95


def check_targets(ours: Report, baseline: Report | None = None) -> dict[str, bool]:
    """Each acceptance target and whether `ours` meets it (comparisons only with a baseline)."""
    leak = ours.leak_rate or 0.0
    kept = ours.preserved_rate or 0.0
    checks = {
        f"leak_rate<={MAX_LEAK_OVERALL}": leak <= MAX_LEAK_OVERALL,
        f"person_leak_rate<={MAX_LEAK_PERSON}": (ours.scores("PERSON").leak_rate or 0.0) <= MAX_LEAK_PERSON,
        f"words_preserved>={MIN_WORDS_PRESERVED}": kept >= MIN_WORDS_PRESERVED,
    }
    for t in ZERO_LEAK_TYPES:
        if t in ours.by_type:
            checks[f"{t}_leaks==0"] = ours.by_type[t].leaked == 0
    if baseline is not None:
        checks["leak_rate<baseline"] = leak < (baseline.leak_rate or 0.0)
        checks["words_preserved>baseline"] = kept > (baseline.preserved_rate or 0.0)
    return checks


def format_reports(reports: Sequence[Report]) -> str:
    """A plain-text table: one block of columns per system, one row per entity type."""
    types = sorted(
        {t for r in reports for t in r.by_type}, key=lambda t: (-max(r.scores(t).support for r in reports), t)
    )
    head = f"{'entity':<16}{'n':>6}"
    for r in reports:
        head += f" | {r.system[:10]:>10} {'P':>6} {'R':>6} {'F1':>6} {'leak':>6}"
    lines = [head, "-" * len(head)]

    def row(name: str, picks: Iterable[TypeScores], support: int) -> str:
        line = f"{name:<16}{support:>6}"
        for s in picks:
            line += f" | {'':>10} {_pct(s.precision)} {_pct(s.recall)} {_pct(s.f1)} {_pct(s.leak_rate)}"
        return line

    for t in types:
        lines.append(row(t, [r.scores(t) for r in reports], max(r.scores(t).support for r in reports)))
    lines.append("-" * len(head))
    lines.append(row("overall", [r.overall for r in reports], max(r.overall.support for r in reports)))
    lines.append("")
    for r in reports:
        lines.append(
            f"{r.system}: strict leak rate {_pct(r.leak_rate).strip()}, non-personal words preserved "
            f"{_pct(r.preserved_rate).strip()} ({r.words_preserved}/{r.words_total}), {r.seconds:.1f}s"
        )
    return "\n".join(lines)


def _pct(value: float | None) -> str:
    return f"{'-':>6}" if value is None else f"{100 * value:>5.1f}%"
