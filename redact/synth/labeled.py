"""The labeled evaluation set read by `redact eval LABELED.jsonl`.

Format: JSON Lines, UTF-8, one object per example:

    {"id": "dev-00000",
     "text": "Contact me at jane.doe@gmail.com ...",
     "lang": "en" | "fr" | null,          # null: the language is unknown (must be guessed)
     "profile": {"name": str|null, "handle": str|null, "email": str|null, "phone": str|null},
     "mentions": [{"member_id": str, "name": str}, ...],
     "spans": [{"type": "EMAIL_ADDRESS", "start": 14, "end": 32}, ...],
     "meta": {"source": "posts" | "presidio-evaluator", "template": str, "kind": str|null}}

`profile` and `mentions` are the row's author profile and tagged members (what the
canonical columns would hold), for row-aware recognizers. `spans` are the personal values
in `text` as Python string offsets (code points), sorted by start, `text[start:end]` being
the value; types: PERSON, EMAIL_ADDRESS, PHONE_NUMBER, HANDLE, PROFILE_URL, IBAN_CODE,
CREDIT_CARD, IP_ADDRESS, FR_NIR, FR_SIRET, STREET_ADDRESS, US_SSN. Anything else in the
text (companies, cities, dates, public URLs, job titles, prices...) is not personal and
must be left alone. Readers must ignore keys they do not know (`meta` is informative).

Sources: our English and French post templates, and English sentences of
presidio-evaluator's sentence faker (`faker_sentences`). Templates are split between
`dev` and `test` by a hash of their id, so the test split holds only templates never
seen in dev: it measures how detection generalizes, not how well it fits the templates.
Each split is about 60% English (half of it presidio-evaluator) and 40% French; ~10% of
examples have `lang` null.
"""

from __future__ import annotations

import json
import os
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from redact.records import Profile
from redact.synth.faker_sentences import faker_sentences
from redact.synth.members import Member, build_members
from redact.synth.posts import compose
from redact.synth.templates import TruthSpan, templates_for_split

Split = Literal["dev", "test"]
SPLITS: tuple[str, ...] = ("dev", "test")
FRENCH_SHARE = 0.40
PRESIDIO_SHARE_OF_ENGLISH = 0.5
LANG_UNKNOWN = 0.10
KIND_WEIGHTS: tuple[tuple[str, float], ...] = (("post", 0.5), ("comment", 0.2), ("message", 0.3))
_MEMBERS = 400
SOURCE_POSTS = "posts"
SOURCE_PRESIDIO = "presidio-evaluator"


@dataclass(frozen=True, slots=True)
class LabeledExample:
    id: str
    text: str
    lang: str | None
    name: str | None
    handle: str | None
    email: str | None
    phone: str | None
    mentions: tuple[tuple[str, str], ...]  # (member_id, name)
    spans: tuple[TruthSpan, ...]
    source: str
    template_id: str
    kind: str | None

    def profile(self) -> Profile:
        """The row-aware view the detectors take (`redact.records.Profile`)."""
        return Profile(
            name=self.name,
            handle=self.handle,
            email=self.email,
            phone=self.phone,
            mentions=tuple(name for _, name in self.mentions),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "lang": self.lang,
            "profile": {
                "name": self.name,
                "handle": self.handle,
                "email": self.email,
                "phone": self.phone,
            },
            "mentions": [{"member_id": mid, "name": name} for mid, name in self.mentions],
            "spans": [{"type": s.entity_type, "start": s.start, "end": s.end} for s in self.spans],
            "meta": {"source": self.source, "template": self.template_id, "kind": self.kind},
        }

    @classmethod
    def from_json(cls, obj: dict[str, Any]) -> LabeledExample:
        profile = obj.get("profile") or {}
        meta = obj.get("meta") or {}
        return cls(
            id=str(obj["id"]),
            text=str(obj["text"]),
            lang=obj.get("lang"),
            name=profile.get("name"),
            handle=profile.get("handle"),
            email=profile.get("email"),
            phone=profile.get("phone"),
            mentions=tuple((m.get("member_id"), m.get("name")) for m in obj.get("mentions") or []),
            spans=tuple(
                TruthSpan(str(s["type"]), int(s["start"]), int(s["end"])) for s in obj["spans"]
            ),
            source=str(meta.get("source", "")),
            template_id=str(meta.get("template", "")),
            kind=meta.get("kind"),
        )


def _plan(rng: random.Random, n: int) -> list[str]:
    """Exact shares of French, English-template and presidio-evaluator examples, shuffled."""
    french = round(n * FRENCH_SHARE)
    presidio = round((n - french) * PRESIDIO_SHARE_OF_ENGLISH)
    plan = ["fr"] * french + ["en"] * (n - french - presidio) + ["presidio"] * presidio
    rng.shuffle(plan)
    return plan


def labeled_examples(n: int, seed: int, split: Split) -> Iterator[LabeledExample]:
    """`n` labeled examples of `split`, deterministic for `(n, seed, split)`, offline."""
    if split not in SPLITS:
        raise ValueError(f"split must be 'dev' or 'test', not {split!r}")
    rng = random.Random(f"redact.synth.labeled:{split}:{seed}")
    plan = _plan(rng, n)
    sentences = iter(faker_sentences(plan.count("presidio"), seed, split))
    templates = templates_for_split(split)
    members = build_members(seed, _MEMBERS)
    authors: dict[str, list[Member]] = {
        lang: [m for m in members if m.lang == lang] for lang in ("en", "fr")
    }
    kinds = [kind for kind, _ in KIND_WEIGHTS]
    weights = [weight for _, weight in KIND_WEIGHTS]
    for index, source in enumerate(plan):
        example_id = f"{split}-{index:05d}"
        unknown_lang = rng.random() < LANG_UNKNOWN
        if source == "presidio":
            sentence = next(sentences)
            yield LabeledExample(
                id=example_id,
                text=sentence.text,
                lang=None if unknown_lang else "en",
                name=None,
                handle=None,
                email=None,
                phone=None,
                mentions=(),
                spans=sentence.spans,
                source=SOURCE_PRESIDIO,
                template_id=sentence.template_id,
                kind=None,
            )
            continue
        kind = rng.choices(kinds, weights)[0]
        template = rng.choice(templates[source, kind])
        author = rng.choice(authors[source])
        written = compose(rng, template, author, members)
        yield LabeledExample(
            id=example_id,
            text=written.text,
            lang=None if unknown_lang else written.lang,
            name=author.name,
            handle=author.handle,
            email=author.email,
            phone=author.phone,
            mentions=tuple((m.member_id, m.name) for m in written.mentions),
            spans=tuple(written.spans),
            source=SOURCE_POSTS,
            template_id=template.template_id,
            kind=kind,
        )


def write_labeled_jsonl(path: str | os.PathLike[str], n: int, seed: int, split: Split) -> None:
    """Write `labeled_examples(n, seed, split)` as JSON Lines (format in the module docstring)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    try:
        with partial.open("w", encoding="utf-8") as out:
            for example in labeled_examples(n, seed, split):
                out.write(json.dumps(example.to_json(), ensure_ascii=False))
                out.write("\n")
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def read_labeled_jsonl(path: str | os.PathLike[str]) -> Iterator[LabeledExample]:
    """The examples of a labeled JSON Lines file, in order."""
    with Path(path).open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                yield LabeledExample.from_json(json.loads(line))
