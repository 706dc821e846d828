"""English sentences from presidio-evaluator's sentence faker, relabeled for our policy.

They widen the evaluation beyond our own post templates (banking, support, addresses...).
Offline by construction: the faker's `HospitalProvider` queries Wikidata when it is built,
so it is left out (no template of the pinned version uses it; templates that would are
skipped). The faker seeds the global `random`, `numpy` and Faker generators; their states
are restored afterwards so callers' randomness is untouched.

Labels: types that are personal under our policy are mapped to ours; dates, places,
organizations, nationalities, titles, ages, URLs and zip codes stay in the text as
unlabeled distractors. Adjacent pieces of one name or one street address are merged.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from faker.providers import BaseProvider

from redact.synth.slots import (
    CREDIT_CARD,
    EMAIL_ADDRESS,
    IBAN_CODE,
    IP_ADDRESS,
    PERSON,
    PHONE_NUMBER,
    STREET_ADDRESS,
    US_SSN,
)
from redact.synth.templates import TruthSpan, assign_splits, rarest_type_strata

_PERSON_TOKENS = (
    "person", "name", "name_female", "name_male", "first_name", "first_name_male",
    "first_name_female", "first_name_nonbinary", "last_name", "last_name_male",
    "last_name_female",
)  # fmt: skip
ENTITY_MAP: dict[str, str] = {
    **dict.fromkeys(_PERSON_TOKENS, PERSON),
    "email": EMAIL_ADDRESS,
    "phone_number": PHONE_NUMBER,
    "iban": IBAN_CODE,
    "credit_card_number": CREDIT_CARD,
    "ip_address": IP_ADDRESS,
    "ssn": US_SSN,
    "address": STREET_ADDRESS,
    "street_name": STREET_ADDRESS,
    "building_number": STREET_ADDRESS,
    "secondary_address": STREET_ADDRESS,
}
# Personal under our policy but with no entity type of ours: such templates are skipped.
_UNSUPPORTED_TOKENS = frozenset({"us_driver_license", "hospital_name"})
_TOKEN = re.compile(r"\{\{(\w+)\}\}")


@dataclass(frozen=True, slots=True)
class FakerSentence:
    template_id: str
    text: str
    spans: tuple[TruthSpan, ...]


def _usable(template: str) -> bool:
    tokens = _TOKEN.findall(template)
    if _UNSUPPORTED_TOKENS.intersection(tokens):
        return False
    # A stray brace is a broken template ("{street_name}" once in 0.3.2).
    if template.count("{") != 2 * len(tokens) or template.count("}") != 2 * len(tokens):
        return False
    # A bare street name ("the bus station is on Main") is a place, not an address: labeling
    # it either way would be arguable, so those templates are left out.
    addressed = template.count("{{building_number}} {{street_name}}")
    return template.count("{{street_name}}") == addressed


@lru_cache(maxsize=1)
def presidio_templates() -> tuple[tuple[str, str], ...]:
    """(template id, template) of the usable presidio-evaluator templates; ids are line numbers."""
    from presidio_evaluator.data_generator import presidio_templates_file_path

    usable = []
    lines = presidio_templates_file_path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, start=1):
        # The file writes newlines as a literal backslash-n.
        template = line.strip().replace("\\n", "\n").replace("\\,", ",")
        template = template.replace("<", "{{").replace(">", "}}")
        template = _TOKEN.sub(lambda m: "{{" + m.group(1).lower() + "}}", template)
        if template and _usable(template):
            usable.append((f"presidio.{number:03d}", template))
    return tuple(usable)


def presidio_templates_for_split(split: str) -> tuple[tuple[str, str], ...]:
    templates = presidio_templates()
    types = {
        template_id: frozenset(
            ENTITY_MAP[token] for token in _TOKEN.findall(template) if token in ENTITY_MAP
        )
        for template_id, template in templates
    }
    splits = assign_splits(rarest_type_strata(types))
    return tuple(item for item in templates if splits[item[0]] == split)


@contextlib.contextmanager
def _global_random_restored() -> Iterator[None]:
    import faker.generator
    import numpy as np

    python_state = random.getstate()
    numpy_state = np.random.get_state()
    faker_state = faker.generator.random.getstate()
    try:
        yield
    finally:
        random.setstate(python_state)
        np.random.set_state(numpy_state)
        faker.generator.random.setstate(faker_state)


@lru_cache(maxsize=1)
def _person_records() -> list[dict[str, Any]]:
    """presidio-evaluator's fake people; built with the global `random`, hence seeded here."""
    from presidio_evaluator.data_generator.faker_extensions.datasets import load_fake_person_df

    with _global_random_restored():
        random.seed(0)
        records: list[dict[str, Any]] = load_fake_person_df().to_dict(orient="records")
    return records


# Faker draws dates up to *now*: pin the end so that a seed gives the same text every day.
_CLOCK_START = dt.datetime(1970, 1, 1)
_CLOCK_SECONDS = int((dt.datetime(2025, 1, 1) - _CLOCK_START).total_seconds())


class FixedClockProvider(BaseProvider):
    """`date_time`, `year` and `day_of_week` from a fixed range, not one ending today."""

    def date_time(self, *args: Any, **kwargs: Any) -> dt.datetime:
        seconds = self.generator.random.randrange(_CLOCK_SECONDS)
        micros = self.generator.random.randrange(1_000_000)
        return _CLOCK_START + dt.timedelta(seconds=seconds, microseconds=micros)

    def year(self) -> str:
        return str(self.date_time().year)

    def day_of_week(self) -> str:
        return self.date_time().strftime("%A")


def _safe_providers() -> list[Any]:
    from presidio_evaluator.data_generator import presidio_additional_entity_providers
    from presidio_evaluator.data_generator.faker_extensions import HospitalProvider

    safe = [p for p in presidio_additional_entity_providers if p is not HospitalProvider]
    return [*safe, FixedClockProvider]  # added last, so its methods win


def _trimmed(text: str, entity_type: str, start: int, end: int) -> TruthSpan:
    """Some source values carry spaces ("Lara "): a span covers the value, not the blanks."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return TruthSpan(entity_type, start, end)


def _merge(text: str, spans: list[TruthSpan]) -> list[TruthSpan]:
    """Join a first and last name, or the number, street and unit of one address."""
    merged: list[TruthSpan] = []
    for span in sorted(spans, key=lambda s: s.start):
        if merged and merged[-1].entity_type == span.entity_type:
            gap = text[merged[-1].end : span.start]
            joins = (
                gap == " "
                if span.entity_type == PERSON
                else span.entity_type == STREET_ADDRESS and len(gap) <= 6 and not any(
                    char.isalnum() for char in gap
                )
            )
            if joins:
                merged[-1] = TruthSpan(span.entity_type, merged[-1].start, span.end)
                continue
        merged.append(span)
    return merged


def faker_sentences(count: int, seed: int, split: str) -> list[FakerSentence]:
    """`count` sentences from the `split` half of the presidio-evaluator templates."""
    if count <= 0:
        return []
    from presidio_evaluator.data_generator import PresidioSentenceFaker

    templates = presidio_templates_for_split(split)
    tokens = {token for _, template in templates for token in _TOKEN.findall(template)}
    with _global_random_restored():
        sentence_faker = PresidioSentenceFaker(
            locale="en_US",
            # Lower-casing in 0.3.2 lower-cases span values but not the text: keep it off.
            lower_case_ratio=0.0,
            sentence_templates=[template for _, template in templates],
            entity_providers=_safe_providers(),
            base_records=_person_records(),
            # Identity: we relabel ourselves, and an unmapped type would only print a warning.
            entity_type_mapping={token: token for token in tokens},
            provider_aliases=list(PresidioSentenceFaker.PROVIDER_ALIASES),
            random_seed=seed,
        )
        with contextlib.redirect_stderr(io.StringIO()):  # its tqdm progress bar
            samples = sentence_faker.generate_new_fake_sentences(num_samples=count)
    sentences = []
    for sample in samples:
        text = sample.full_text
        spans = [
            _trimmed(text, ENTITY_MAP[span.entity_type], span.start_position, span.end_position)
            for span in sample.spans
            if span.entity_type in ENTITY_MAP
        ]
        template_id = templates[sample.template_id][0]
        sentences.append(FakerSentence(template_id, text, tuple(_merge(text, spans))))
    return sentences
