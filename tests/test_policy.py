"""Policy loading and validation: the default policy and every class of bad policy."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from redact.errors import PolicyError
from redact.policy import Operator, Policy

# The 27 EU member states (ISO 3166-1 alpha-2), as of 2020.
EU_MEMBERS = {
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
    "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
}  # fmt: skip

DEFAULT_YAML = Path(__file__).parents[1] / "redact" / "data" / "default_policy.yaml"


@pytest.fixture(scope="module")
def default() -> Policy:
    return Policy.default()


# -- the default policy ------------------------------------------------------------------


def test_default_columns(default: Policy) -> None:
    c = default.columns
    assert (c.id, c.user, c.text) == ("post_id", "author_id", ("text",))
    assert (c.lang, c.kind, c.country, c.mentions) == ("lang", "kind", "country", "mentions")
    p = c.profile
    assert (p.name, p.handle, p.email, p.phone) == (
        "author_name", "author_handle", "author_email", "author_phone",
    )  # fmt: skip
    assert set(c.drop) == {
        "author_name", "author_handle", "author_email", "author_phone", "mentions",
    }  # fmt: skip
    assert c.pseudonymize == ("author_id",)
    assert set(default.required_input_columns()) == {
        "text", "post_id", "author_id", "lang", "kind", "country",
        "ai_training_opt_out", "ai_training_opt_in",
    }  # fmt: skip


def test_default_consent(default: Policy) -> None:
    k = default.consent
    assert (k.opt_out_column, k.opt_in_column) == ("ai_training_opt_out", "ai_training_opt_in")
    assert k.require_opt_in_kinds == ("message",)
    assert (k.unknown_consent, k.unknown_region, k.unknown_kind) == ("drop", "drop", "drop")
    assert set(k.allowed_kinds) == {"post", "comment", "message"}
    ledger = k.ledger
    assert (ledger.member_column, ledger.opt_out_column, ledger.changed_at_column) == (
        "author_id", "ai_training_opt_out", "changed_at",
    )  # fmt: skip


def test_default_excluded_regions_are_eu_eea_gb_ch_exactly(default: Policy) -> None:
    codes = default.consent.excluded_region_codes
    assert codes == EU_MEMBERS | {"IS", "LI", "NO"} | {"GB", "CH"}
    assert len(codes) == 32
    # near misses: European but neither EU, EEA, GB nor CH
    assert not codes & {"TR", "UA", "RS", "AL", "BA", "MD", "ME", "MK", "AD", "MC", "SM", "VA"}
    assert "UK" not in codes and "EL" not in codes  # aliases are normalized


@pytest.mark.parametrize(
    ("entity", "operator_type"),
    [
        ("PERSON", "pseudonym"),
        ("EMAIL_ADDRESS", "pseudonym"),
        ("HANDLE", "pseudonym"),
        ("PROFILE_URL", "pseudonym"),
        ("PHONE_NUMBER", "placeholder"),
        ("CREDIT_CARD", "placeholder"),
        ("IBAN_CODE", "placeholder"),
        ("NOT_CONFIGURED", "placeholder"),
    ],
)
def test_default_operators(default: Policy, entity: str, operator_type: str) -> None:
    assert default.operator_for(entity).type == operator_type


def test_default_detection_and_key(default: Policy) -> None:
    d = default.detection
    assert d.languages == ("en", "fr") and d.default_language == "en"
    assert {"PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "HANDLE"} <= set(d.entities)
    assert default.needs_key
    assert default.key.env == "REDACT_SECRET_KEY"


# -- bad policies ------------------------------------------------------------------------

BASE: dict[str, Any] = {"columns": {"text": ["text"]}}


def with_value(path: str, value: Any) -> dict[str, Any]:
    """BASE with `value` set at the dotted `path` (creating mappings on the way)."""
    data = copy.deepcopy(BASE)
    *parents, last = path.split(".")
    node = data
    for key in parents:
        node = node.setdefault(key, {})
    node[last] = value
    return data


BAD: list[tuple[dict[str, Any], str]] = [
    # unknown keys, at each level
    (with_value("colums", {"text": ["text"]}), "colums"),
    (with_value("columns.txt", "body"), "columns.txt"),
    (with_value("columns.profile.mail", "email"), "columns.profile.mail"),
    (with_value("consent.opt_out", "x"), "consent.opt_out"),
    (with_value("consent.ledger.member", "author_id"), "consent.ledger.member"),
    (with_value("detection.threshold", 0.5), "detection.threshold"),
    (with_value("operators.PERSON", {"type": "mask", "chars": "#"}), "operators.PERSON.chars"),
    (with_value("key.path", "/tmp/key"), "key.path"),
    (with_value("execution.workers", 4), "execution.workers"),
    # missing or wrongly typed sections and values
    ({"version": 1}, "columns"),
    ({"columns": ["text"]}, "columns"),
    (with_value("columns.text", []), "columns.text"),
    (with_value("columns.text", 5), "columns.text"),
    (with_value("columns.text", ["text", 3]), "columns.text[1]"),
    (with_value("columns.text", ["text", " "]), "columns.text[1]"),
    (with_value("columns.id", 7), "columns.id"),
    (with_value("consent", "strict"), "consent"),
    (with_value("consent.unknown_consent", "allow"), "consent.unknown_consent"),
    (with_value("detection.guess_language", "yes"), "detection.guess_language"),
    (with_value("detection.ner", 1), "detection.ner"),
    (with_value("detection.models", "en_core_web_sm"), "detection.models"),
    (with_value("detection.thresholds", 0.5), "detection.thresholds"),
    (with_value("detection.entities", ["person"]), "detection.entities[0]"),
    (with_value("key.env", ""), "key.env"),
    (with_value("execution.batch_size", 0), "execution.batch_size"),
    (with_value("execution.batch_size", "big"), "execution.batch_size"),
    (with_value("version", 2), "version"),
    (with_value("version", "1"), "version"),
    # operators
    (with_value("operators", ["PERSON"]), "operators"),
    (with_value("operators.PERSON", {"type": "hash"}), "operators.PERSON.type"),
    (with_value("operators.PERSON", "encrypt"), "operators.PERSON.type"),
    (with_value("operators.PERSON", {"char": "#"}), "operators.PERSON.type"),
    (with_value("operators.PERSON", None), "operators.PERSON.type"),
    (with_value("operators.PERSON", {"type": "mask", "char": "##"}), "operators.PERSON.char"),
    (with_value("operators.PERSON", {"type": "mask", "char": ""}), "operators.PERSON.char"),
    (with_value("operators.PERSON", {"type": "mask", "keep_last": -1}),
     "operators.PERSON.keep_last"),
    (with_value("operators.PERSON", {"type": "mask", "keep_last": 65}),
     "operators.PERSON.keep_last"),
    (with_value("operators.PERSON", {"type": "pseudonym", "digits": 3}), "operators.PERSON.digits"),
    (with_value("operators.PERSON", {"type": "pseudonym", "digits": 6.5}),
     "operators.PERSON.digits"),
    # templates
    (with_value("operators.PERSON", {"type": "placeholder", "template": "<{name}>"}),
     "operators.PERSON.template"),
    (with_value("operators.PERSON", {"type": "placeholder", "template": "<{0}>"}),
     "operators.PERSON.template"),
    (with_value("operators.PERSON", {"type": "placeholder", "template": "<{entity>"}),
     "operators.PERSON.template"),
    (with_value("operators.PERSON", {"type": "placeholder", "template": "<{tag}>"}),
     "operators.PERSON.template"),
    (with_value("operators.PERSON", {"type": "pseudonym", "template": ["<{tag}>"]}),
     "operators.PERSON.template"),
    # region codes
    (with_value("consent.excluded_regions", ["Europe"]), "consent.excluded_regions[0]"),
    (with_value("consent.excluded_regions", ["EU", "E1"]), "consent.excluded_regions[1]"),
    (with_value("consent.excluded_regions", ["EUR"]), "consent.excluded_regions[0]"),
    (with_value("consent.excluded_regions", [44]), "consent.excluded_regions[0]"),
    # thresholds out of range or of the wrong type
    (with_value("detection.score_threshold", 1.5), "detection.score_threshold"),
    (with_value("detection.score_threshold", -0.1), "detection.score_threshold"),
    (with_value("detection.score_threshold", "high"), "detection.score_threshold"),
    (with_value("detection.score_threshold", True), "detection.score_threshold"),
    (with_value("detection.score_threshold", float("nan")), "detection.score_threshold"),
    (with_value("detection.thresholds", {"PERSON": 2}), "detection.thresholds.PERSON"),
    # languages
    (with_value("detection.default_language", "de"), "detection.default_language"),
    (with_value("detection", {"languages": ["fr"], "default_language": "en"}),
     "detection.default_language"),
    (with_value("detection.models", {"de": "de_core_news_sm"}), "detection.models.de"),
    # a free-text column that the policy also drops
    (with_value("columns", {"text": ["text", "bio"], "drop": ["bio"]}), "columns.text[1]"),
]  # fmt: skip


@pytest.mark.parametrize(("data", "key"), BAD)
def test_bad_policy_names_the_key(data: dict[str, Any], key: str) -> None:
    with pytest.raises(PolicyError) as caught:
        Policy.from_dict(data, source="bad.yaml")
    message = str(caught.value)
    assert message.startswith("policy bad.yaml: ")
    assert f": {key}: " in message
    assert "\n" not in message


GOOD: list[tuple[dict[str, Any], str, Any]] = [
    # near misses of the bad table: the limits themselves are valid
    (with_value("detection.score_threshold", 0), "detection.score_threshold", 0.0),
    (with_value("detection.score_threshold", 1), "detection.score_threshold", 1.0),
    (with_value("detection.thresholds", {"PERSON": 0.85}), "detection.thresholds",
     {"PERSON": 0.85}),
    (with_value("operators.PERSON", {"type": "mask", "keep_last": 64}), "operators.PERSON",
     Operator(type="mask", keep_last=64)),
    (with_value("operators.PERSON", {"type": "pseudonym", "digits": 4}), "operators.PERSON",
     Operator(type="pseudonym", digits=4)),
    (with_value("operators.PERSON", {"type": "pseudonym", "template": "{entity}-{tag}"}),
     "operators.PERSON", Operator(type="pseudonym", template="{entity}-{tag}")),
    (with_value("operators.PERSON", {"type": "placeholder", "template": "[{entity}]"}),
     "operators.PERSON", Operator(type="placeholder", template="[{entity}]")),
    (with_value("operators.PERSON", "keep"), "operators.PERSON", Operator(type="keep")),
    (with_value("consent.excluded_regions", ["eu", "uk", " ch "]), "consent.excluded_regions",
     ("EU", "UK", "CH")),
    (with_value("columns", {"text": ["text"], "drop": ["bio"]}), "columns.drop", ("bio",)),
    (with_value("columns.text", "body"), "columns.text", ("body",)),
]  # fmt: skip


@pytest.mark.parametrize(("data", "path", "expected"), GOOD)
def test_valid_edge_values_are_accepted(data: dict[str, Any], path: str, expected: Any) -> None:
    node: Any = Policy.from_dict(data)
    for part in path.split("."):
        node = node[part] if isinstance(node, dict) else getattr(node, part)
    assert node == expected


def test_region_aliases_expand_to_iso_codes() -> None:
    policy = Policy.from_dict(with_value("consent.excluded_regions", ["UK", "el", "EEA"]))
    codes = policy.consent.excluded_region_codes
    assert {"GB", "GR", "IS", "LI", "NO"} <= codes
    assert "UK" not in codes and "EL" not in codes and "CH" not in codes


def test_empty_document_needs_columns() -> None:
    with pytest.raises(PolicyError, match=r": columns: "):
        Policy.from_yaml("")


def test_non_mapping_root() -> None:
    with pytest.raises(PolicyError, match=r": <root>: expected a mapping"):
        Policy.from_yaml("- columns\n- text\n")


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("columns:\n  text: [text\n", 3),
        ("columns:\n  text: text\n bad: 1\n", 3),
        ("columns: {text: [text]}\n\tdetection: {}\n", 2),
    ],
)
def test_yaml_syntax_error_names_the_line(text: str, line: int) -> None:
    with pytest.raises(PolicyError) as caught:
        Policy.from_yaml(text, source="p.yaml")
    message = str(caught.value)
    assert message == f"policy p.yaml is not valid YAML at line {line}"
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


# -- hashing and loading -----------------------------------------------------------------


def test_sha256_is_stable_and_independent_of_layout(default: Policy) -> None:
    data = yaml.safe_load(DEFAULT_YAML.read_text("utf-8"))
    reordered = {k: _reverse_keys(data[k]) for k in reversed(list(data))}
    assert list(reordered) != list(data)
    assert Policy.default().sha256 == default.sha256
    assert Policy.from_dict(reordered, source="elsewhere").sha256 == default.sha256
    shorthand = copy.deepcopy(data)
    shorthand["operators"]["PERSON"] = "pseudonym"
    shorthand["operators"].pop("default")  # the implied default operator
    assert Policy.from_dict(shorthand).sha256 == default.sha256


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("operators", "PERSON"), {"type": "placeholder"}),
        (("detection", "score_threshold"), 0.6),
        (("consent", "excluded_regions"), ["EU", "EEA", "GB"]),
        (("columns", "pseudonymize"), []),
    ],
)
def test_sha256_changes_with_meaning(default: Policy, path: tuple[str, str], value: Any) -> None:
    data = yaml.safe_load(DEFAULT_YAML.read_text("utf-8"))
    data[path[0]][path[1]] = value
    assert Policy.from_dict(data).sha256 != default.sha256


def _reverse_keys(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _reverse_keys(value[k]) for k in reversed(list(value))}
    return value


def test_load_from_file(default: Policy, tmp_path: Path) -> None:
    path = tmp_path / "policy.yaml"
    path.write_text(DEFAULT_YAML.read_text("utf-8"), "utf-8")
    loaded = Policy.load(path)
    assert loaded.source == str(path)
    assert loaded.sha256 == default.sha256
    assert loaded.to_dict() == default.to_dict()


def test_load_names_the_file_in_validation_errors(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("columns: {text: [text], txt: body}\n", "utf-8")
    with pytest.raises(PolicyError, match=rf"^policy {path}: columns.txt: unknown key"):
        Policy.load(path)


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        ("missing", "cannot read policy"),
        ("directory", "cannot read policy"),
        ("latin1", "is not UTF-8 text"),
    ],
)
def test_unreadable_file(tmp_path: Path, make: str, problem: str) -> None:
    path = tmp_path / "policy.yaml"
    if make == "directory":
        path.mkdir()
    elif make == "latin1":
        path.write_bytes("columns: {text: [café]}\n".encode("latin-1"))
    with pytest.raises(PolicyError) as caught:
        Policy.load(path)
    message = str(caught.value)
    assert problem in message and str(path) in message
    assert "\n" not in message
