"""The production detector: Presidio's recognizers plus the project's, run the fast way.

Built once per worker process (engines are heavy; only spans cross process boundaries).
It gives what Presidio's `AnalyzerEngine` gives with the same recognizers (plus the
row-aware ones), for a fraction of the work:

- spaCy runs with `ner` alone (`ner`), in batches, on texts cut below `max_length`
  (`chunking`); only when the policy wants an entity that NER finds. With
  `detection.ner: false` no spaCy model is loaded at all (the fast mode).
- All pattern recognizers of a language run in one pass per text (`regex_pass`).
- Recognizers that are not patterns run on every text, unless they offer a pre-check.
- Context enhancement uses tokens instead of spaCy lemmas (`context`).
- Identical texts (same text and language) are analyzed once per batch, and recent ones
  are remembered across batches (`cache`); the row's profile is matched per row.

Each text's spans go through `redact.detect.refine.refine_spans` last.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from redact.detect.cache import TextCache
from redact.detect.offline import ensure_offline
from redact.detect.refine import refine_spans
from redact.detect.results import Found, found_of, remove_duplicates
from redact.policy import DEFAULT_SPACY_MODELS, Detection
from redact.records import DetectItem, Profile, Span

if TYPE_CHECKING:
    from redact.detect.context import ContextEnhancer
    from redact.detect.ner import NerModel
    from redact.detect.ner_gate import NerGate
    from redact.detect.regex_pass import RegexPass

# Presidio recognizers whose hits are not personal data for member posts, or that the
# project's recognizers replace with stricter ones (UK NHS numbers fire on phone numbers).
# PhoneRecognizer runs python-phonenumbers' matcher once per region over every text: it
# costs more than all other recognizers together, and the project's phone recognizers
# (international, French, context and profile phones) find the same numbers (`redact
# bench` shows the same phone leak rate with and without it).
_PRESIDIO_EXCLUDED = {"NhsRecognizer", "UsBankRecognizer", "UsLicenseRecognizer", "UsPassportRecognizer",
                      "UsItinRecognizer", "MedicalLicenseRecognizer", "DateRecognizer", "UrlRecognizer",
                      "PhoneRecognizer"}  # fmt: skip
# The name Presidio gives NER results; the audit log shows it.
NER_RECOGNIZER = "SpacyRecognizer"
NER_BATCH_SIZE = 64
_PROPER_NOUN_ENTITIES = {"PERSON", "LOCATION", "ORGANIZATION", "NRP"}

_WARM_UP_TEXTS = {
    "en": "Thanks to Jane Doe (@jane_doe, jane.doe@example.com, +1 415 555 0100) and John Smith, "
    "who met Sonoka Satou at 10 Main Street, Springfield.",
    "fr": "Merci à Jane Doe (jane.doe@example.com, 06 12 34 56 78) et John Smith, qui ont vu Sonoka Satou "
    "au 10 rue de la Paix, Paris.",
}

Hit = Found
"""(entity type, start, end, score, recognizer id, recognizer name): one analyzer result."""


class _Other(NamedTuple):
    """A recognizer that is not a pattern recognizer, as `LanguageAnalyzer.analyze` runs it."""

    recognizer: Any
    gate_group: int | None
    may_match: Callable[[str], bool] | None
    entities: list[str]
    find_spans: Callable[[str], list[tuple[int, int, float]]] | None
    carries: tuple[str, str, str]  # entity type, recognizer id and name of its results


def _analyzes_by_find_spans(recognizer: Any) -> bool:
    """Whether `analyze` is `CodeRecognizer`'s: its results are `find_spans`'s, one to one."""
    from recognizers.base import CodeRecognizer

    return isinstance(recognizer, CodeRecognizer) and type(recognizer).analyze is CodeRecognizer.analyze


def spacy_model_for(detection: Detection, language: str) -> str:
    name = detection.models.get(language) or DEFAULT_SPACY_MODELS.get(language)
    if name is None:
        from redact.errors import PolicyError

        raise PolicyError(f"detection.models.{language}: no spaCy model configured for {language!r}")
    return name


@dataclass(frozen=True)
class PresidioDetectorFactory:
    """Picklable recipe: each worker process calls it once to build its own detector."""

    detection: Detection

    def __call__(self) -> PresidioDetector:
        detector = PresidioDetector(self.detection)
        detector.warm_up()
        return detector


class LanguageAnalyzer:
    """What `AnalyzerEngine.analyze` does for one language, over many texts at once."""

    def __init__(self, detection: Detection, language: str, custom: Any) -> None:
        from presidio_analyzer import PatternRecognizer
        from presidio_analyzer.nlp_engine import NerModelConfiguration
        from presidio_analyzer.predefined_recognizers import SpacyRecognizer

        from redact.detect.context import ContextEnhancer
        from redact.detect.lexicon import lexicon_for
        from redact.detect.ner import NerModel
        from redact.detect.ner_gate import NerGate
        from redact.detect.regex_pass import RegexPass

        self.language = language
        self.wanted: set[str] | None = set(detection.entities) or None
        recognizers = self._recognizers(custom, language)
        patterns = [r for r in recognizers if isinstance(r, PatternRecognizer)]
        others = [r for r in recognizers if not isinstance(r, PatternRecognizer)]
        # Recognizers that name their gate patterns are gated by the regex pass's compiled
        # scan (one flag per such recognizer, in `others` order).
        gated = [r for r in others if getattr(r, "GATE_PATTERNS", ())]
        self.regex: RegexPass = RegexPass(
            patterns, sorted(self.wanted) if self.wanted else None, [r.GATE_PATTERNS for r in gated]
        )
        # The recognizers that are not patterns, each with its gate group (None: none), its
        # optional cheap pre-check (`may_match(text)`, false only where it cannot find
        # anything), the entities it is asked for, and, for those that offer `find_spans`
        # (the project's `CodeRecognizer`s), that method and the (entity, id, name) its
        # results carry: their (start, end, score) tuples are taken without building
        # Presidio results.
        self.others: list[_Other] = [
            _Other(r, gated.index(r) if r in gated else None, getattr(r, "may_match", None), self._entities_of(r),
                   r.find_spans if _analyzes_by_find_spans(r) else None,
                   (r.supported_entities[0], r.id, str(r.name or "unknown")))
            for r in others
        ]  # fmt: skip
        self.context_words = {r.id: list(r.context) for r in recognizers if r.context}
        # Presidio's per-recognizer thresholds, for the recognizers that set any.
        self.floors: dict[str, Any] = {r.id: r.score_thresholds for r in recognizers if r.score_thresholds}
        self.enhancer: ContextEnhancer = ContextEnhancer(language)
        self.ner_config = NerModelConfiguration()
        self.ner_entities = set(SpacyRecognizer.ENTITIES) & (self.wanted or set(SpacyRecognizer.ENTITIES))
        self.ner: NerModel | None = None
        if detection.ner and self.ner_entities:
            self.ner = NerModel(spacy_model_for(detection, language), batch_size=NER_BATCH_SIZE)
        # Names of people, places and organisations are capitalised: for those the model reads
        # only the sentences that may hold one nobody else found (`ner_gate`). A date needs
        # every sentence.
        self.gate: NerGate | None = None
        if self.ner is not None and detection.ner_gate and self.ner_entities <= _PROPER_NOUN_ENTITIES:
            self.gate = NerGate(language, lexicon_for(self.ner.model_name), _is_listed_name, _is_given_name)

    def _entities_of(self, rec: Any) -> list[str]:
        return sorted(set(rec.supported_entities) & self.wanted) if self.wanted else rec.supported_entities

    def _recognizers(self, custom: Any, language: str) -> list[Any]:
        from presidio_analyzer import RecognizerRegistry
        from presidio_analyzer.predefined_recognizers import (
            SpacyRecognizer,
            StanzaRecognizer,
            TransformersRecognizer,
        )

        registry = RecognizerRegistry(supported_languages=[language])
        registry.load_predefined_recognizers(languages=[language])
        nlp_based = (SpacyRecognizer, StanzaRecognizer, TransformersRecognizer)
        predefined: list[Any] = list(registry.recognizers)
        found = [
            r
            for r in predefined
            if r.name not in _PRESIDIO_EXCLUDED and not isinstance(r, nlp_based) and r.supported_language == language
        ]
        found += list(custom.pattern_recognizers(language))
        for rec in found:
            if not getattr(rec, "is_loaded", True):
                rec.load()
                rec.is_loaded = True
        return [r for r in found if self.wanted is None or set(r.supported_entities) & self.wanted]

    # -- analysis ------------------------------------------------------------------------------
    def analyze(self, texts: Sequence[str]) -> list[list[Hit]]:
        found: list[list[Found]] = []
        opened: list[list[bool]] = []
        for hits, open_gates in self.regex.hits_each(texts):
            found.append(hits)
            opened.append(open_gates)
        for rec, group, gate, asked, find_spans, (entity, rid, name) in self.others:
            for text, hits, open_gates in zip(texts, found, opened, strict=True):
                if group is not None and not open_gates[group]:
                    continue
                if gate is None or gate(text):
                    if find_spans is not None:
                        for start, end, score in find_spans(text):
                            hits.append((entity, start, end, score, rid, name))
                        continue
                    results = rec.analyze(text, asked, None)
                    if results:
                        hits.extend(found_of(results, rec.name, rec.id))
        if self.ner is not None:
            windows = None
            if self.gate is not None:
                ner_gate = self.gate
                windows = [ner_gate.windows(t, [(h[1], h[2]) for h in hs]) for t, hs in zip(texts, found, strict=True)]
            for hits, spacy_entities in zip(found, self.ner.entities(texts, windows), strict=True):
                hits.extend(self._ner_results(spacy_entities))
        out: list[list[Hit]] = []
        enhance = self.enhancer.enhance
        context_words = self.context_words
        floors = self.floors
        for text, hits in zip(texts, found, strict=True):
            if not hits:
                out.append([])
                continue
            enhance(text, hits, context_words)
            above = [h for h in hits if h[3] >= self._threshold(h)] if floors else [h for h in hits if h[3] >= 0.0]
            out.append(remove_duplicates(above))
        return out

    def _ner_results(self, entities: list[tuple[str, int, int]]) -> list[Found]:
        """SpacyRecognizer's results from raw spaCy entities (Presidio's label mapping)."""
        config: Any = self.ner_config
        rid = f"{NER_RECOGNIZER}_{self.language}"
        out: list[Found] = []
        for label, start, end in entities:
            if label in config.labels_to_ignore:
                continue
            mapped = config.model_to_presidio_entity_mapping.get(label, label)
            if mapped in config.labels_to_ignore or mapped not in self.ner_entities:
                continue
            score = config.default_score
            if mapped in config.low_score_entity_names:
                score *= config.low_confidence_score_multiplier
            out.append((mapped, start, end, score, rid, NER_RECOGNIZER))
        return out

    def _threshold(self, hit: Found) -> float:
        """Presidio's per-recognizer score thresholds (entity, then default, then 0)."""
        own = self.floors.get(hit[4])
        if not own:
            return 0.0
        value = own.get(hit[0], own.get("default"))
        return float(value) if value is not None else 0.0


def _is_listed_name(word: str) -> bool:
    """In the project's given- or family-name lists (`recognizers/data`)."""
    from recognizers.name_list_recognizer import name_lists
    from recognizers.text_folding import fold

    given, family = name_lists()
    folded = fold(word)
    return folded in given or folded in family


def _is_given_name(word: str) -> bool:
    """In the project's given-name list (`recognizers/data/given_names.txt`)."""
    from recognizers.name_list_recognizer import name_lists
    from recognizers.text_folding import fold

    return fold(word) in name_lists()[0]


class PresidioDetector:
    def __init__(self, detection: Detection, cache_entries: int | None = None) -> None:
        ensure_offline()
        import recognizers as custom

        self.detection = detection
        self.entities = list(detection.entities) or None
        self._wanted = set(self.entities) if self.entities else None
        self._analyzers = {lang: LanguageAnalyzer(detection, lang, custom) for lang in detection.languages}
        self._row_recognizers = custom.row_recognizers()
        self._allow = {a.casefold() for a in detection.allow_list}
        self._floors: dict[str, float] = {}  # detection.threshold_for, remembered per entity type
        self.cache: TextCache[list[Hit]] = TextCache() if cache_entries is None else TextCache(cache_entries)

    def warm_up(self) -> None:
        """Pay the one-time costs now (lazy compiles, the models' first call), not on row one.

        The texts are made up and analyzed then forgotten; nothing of them is kept.
        """
        from recognizers.intl_phone_recognizer import load_phone_metadata

        load_phone_metadata()
        profile = Profile(name="Jane Doe", handle="jane_doe", email="jane.doe@example.com",
                          phone="+1 415 555 0100", mentions=("John Smith",))  # fmt: skip
        items = [DetectItem(_WARM_UP_TEXTS.get(lang, _WARM_UP_TEXTS["en"]), lang, profile) for lang in self._analyzers]
        self.detect(items)
        self.cache.clear()

    @property
    def ner_languages(self) -> list[str]:
        return [lang for lang, a in self._analyzers.items() if a.ner is not None]

    # -- detection ------------------------------------------------------------------------------
    def detect(self, items: Sequence[DetectItem]) -> list[list[Span]]:
        found: dict[tuple[str, str], list[Hit]] = {}
        todo: dict[str, list[str]] = {}
        for item in items:
            key = (item.text, item.language)
            if key in found:
                continue
            cached = self.cache.get(item.text, item.language)
            if cached is not None:
                found[key] = cached
                continue
            if item.language not in self._analyzers:
                raise ValueError(f"no analyzer for language {item.language!r}")
            found[key] = []  # placeholder: analyzed once below, whatever the repeats
            todo.setdefault(item.language, []).append(item.text)
        for language, texts in todo.items():
            for text, hits in zip(texts, self._analyzers[language].analyze(texts), strict=True):
                found[(text, language)] = hits
                self.cache.put(text, language, hits)
        shared = [found[(item.text, item.language)] for item in items]
        candidates = list(shared)
        # Recognizer by recognizer over the batch, as in `LanguageAnalyzer.analyze`.
        for rec in self._row_recognizers:
            find_row = rec.find_row  # `Found` tuples: no Presidio objects per result
            for i, item in enumerate(items):
                if item.profile.is_empty:
                    continue
                row_found = find_row(item.text, item.profile)
                if row_found:
                    if candidates[i] is shared[i]:  # the cached hits stay as they are
                        candidates[i] = list(shared[i])
                    candidates[i].extend(row_found)
        return [self._finish(item, hits) for item, hits in zip(items, candidates, strict=True)]

    def _finish(self, item: DetectItem, candidates: list[Hit]) -> list[Span]:
        """The row's spans from its candidates: wanted types above their floors, not allowed
        words, refined."""
        text = item.text
        if not candidates:
            return []
        wanted = self._wanted
        allow = self._allow
        floors = self._floors
        kept: list[tuple[int, int, str, float, str]] = []
        for entity_type, start, end, score, _, name in candidates:
            if wanted is not None and entity_type not in wanted:
                continue
            floor = floors.get(entity_type)
            if floor is None:
                floor = floors[entity_type] = self.detection.threshold_for(entity_type)
            if score < floor or end <= start:
                continue
            if allow and text[start:end].casefold() in allow:
                continue
            kept.append((start, end, entity_type, -round(float(score), 4), name))
        kept.sort()
        return refine_spans(text, item.language, [Span(e, a, b, -s, n) for a, b, e, s, n in kept])
