"""The pseudonym key and the keyed pseudonyms derived from it."""

from __future__ import annotations

import hashlib
import hmac
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from redact.errors import RedactError, SecretKeyError
from redact.keys import MIN_KEY_BYTES, Pseudonymizer, SecretKey, load_key
from redact.policy import KeySource

MATERIAL_A = b"keys-test-material-A-0123456789"
MATERIAL_B = b"keys-test-material-B-0123456789"
ENV = "REDACT_TEST_KEYS_SECRET"  # never the real variable, which CI may set


@pytest.fixture
def pz() -> Pseudonymizer:
    return Pseudonymizer(SecretKey(MATERIAL_A))


@pytest.fixture
def no_env(monkeypatch: pytest.MonkeyPatch) -> KeySource:
    monkeypatch.delenv(ENV, raising=False)
    return KeySource(env=ENV)


# -- pseudonyms --------------------------------------------------------------------------


def test_pseudonyms_are_stable_across_instances(pz: Pseudonymizer) -> None:
    again = Pseudonymizer(SecretKey(bytes(MATERIAL_A)))
    assert pz.entity("PERSON", "Jean Dupont") == again.entity("PERSON", "Jean Dupont")
    assert pz.member("m-42") == again.member("m-42")
    assert pz.column("author_id", "m-42") == again.column("author_id", "m-42")
    assert pz.fingerprint == again.fingerprint


def test_pseudonym_is_the_documented_hmac(pz: Pseudonymizer) -> None:
    # HMAC-SHA256(key, domain || 0x00 || value): other tools must be able to recompute it.
    def expected(domain: str, value: str) -> str:
        return hmac.new(MATERIAL_A, f"{domain}\0{value}".encode(), hashlib.sha256).hexdigest()

    assert pz.member("m-42") == expected("member", "m-42")[:32]
    assert pz.column("author_id", "m-42") == expected("column:author_id", "m-42")[:32]
    assert pz.entity("PERSON", "jean dupont", 8) == expected("entity:PERSON", "jean dupont")[:8]


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Jean Dupont", "Jean Dupont", True),
        ("Jean Dupont", "jean dupont", True),
        ("Jean Dupont", "  JEAN   DUPONT ", True),
        ("Jean\tDupont", "jean\ndupont", True),
        ("ＪＥＡＮ", "jean", True),  # NFKC: full-width letters
        ("Straße", "STRASSE", True),  # casefold, not lower
        ("Jean Dupont", "Jean Dupond", False),
        ("Jean Dupont", "JeanDupont", False),  # spacing collapses, it does not vanish
        ("Jéan", "Jean", False),  # accents are part of the value
        ("Jean-Dupont", "Jean Dupont", False),
    ],
)
def test_entity_tags_ignore_case_and_spacing(pz: Pseudonymizer, a: str, b: str, same: bool) -> None:
    assert (pz.entity("PERSON", a) == pz.entity("PERSON", b)) is same


def test_member_ids_are_exact(pz: Pseudonymizer) -> None:
    assert pz.member("Abc") != pz.member("abc")
    assert pz.member("abc") != pz.member("abc ")


def test_pseudonyms_differ_by_key(pz: Pseudonymizer) -> None:
    other = Pseudonymizer(SecretKey(MATERIAL_B))
    assert pz.entity("PERSON", "Jean", 64) != other.entity("PERSON", "Jean", 64)
    assert pz.member("m-42") != other.member("m-42")
    assert pz.column("author_id", "m-42") != other.column("author_id", "m-42")
    assert pz.fingerprint != other.fingerprint


def test_pseudonyms_differ_by_domain(pz: Pseudonymizer) -> None:
    assert pz.entity("PERSON", "jean", 64) != pz.entity("HANDLE", "jean", 64)
    assert pz.member("m-42") != pz.column("author_id", "m-42")
    assert pz.column("author_id", "m-42") != pz.column("editor_id", "m-42")
    assert pz.member("m-42") != pz.entity("PERSON", "m-42", 32)


@pytest.mark.parametrize("digits", [4, 6, 17, 64])
def test_tag_lengths(pz: Pseudonymizer, digits: int) -> None:
    assert re.fullmatch(rf"[0-9a-f]{{{digits}}}", pz.entity("PERSON", "Jean", digits))
    assert re.fullmatch(r"[0-9a-f]{32}", pz.member("m-42"))
    assert re.fullmatch(r"[0-9a-f]{32}", pz.column("author_id", "m-42"))


def test_lone_surrogates_do_not_crash(pz: Pseudonymizer) -> None:
    assert pz.entity("PERSON", "Jean\ud800") != pz.entity("PERSON", "Jean")
    assert pz.member("m\udfff") != pz.member("m")


@settings(deadline=None)
@given(key=st.binary(min_size=16, max_size=160), other=st.binary(min_size=16, max_size=160),
       domain=st.text(max_size=20), value=st.text(max_size=60))  # fmt: skip
def test_digest_is_hmac_sha256_whatever_the_key(key: bytes, other: bytes, domain: str, value: str) -> None:
    # `digest` copies an HMAC prepared per key (keys past SHA-256's 64-byte block are hashed
    # first): the same message twice, and another key in between, still give HMAC-SHA256.
    msg = domain.encode() + b"\0" + value.encode("utf-8", "surrogatepass")
    expected = hmac.new(key, msg, hashlib.sha256).hexdigest()
    assert SecretKey(key).digest(domain, value) == expected
    assert SecretKey(other).digest(domain, value) == hmac.new(other, msg, hashlib.sha256).hexdigest()
    assert SecretKey(key).digest(domain, value) == expected


# -- the key -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("length", "accepted"),
    [(0, False), (1, False), (MIN_KEY_BYTES - 1, False), (MIN_KEY_BYTES, True), (64, True)],
)
def test_short_keys_are_refused(length: int, accepted: bool) -> None:
    material = (b"Zq9#" * 16)[:length]
    if accepted:
        assert SecretKey(material).material == material
        return
    with pytest.raises(SecretKeyError, match=f"at least {MIN_KEY_BYTES}") as caught:
        SecretKey(material)
    if length >= 4:
        assert material.decode() not in str(caught.value)


def test_repr_shows_no_material() -> None:
    key = SecretKey(MATERIAL_A)
    for shown in (repr(key), str(key), repr(Pseudonymizer(key))):
        assert MATERIAL_A.decode() not in shown
        assert "keys-test" not in shown
    assert MATERIAL_A.decode() not in key.fingerprint


def test_load_key_from_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(ENV, MATERIAL_A.decode())
    key_file = tmp_path / "key"
    key_file.write_bytes(MATERIAL_B)
    key = load_key(KeySource(env=ENV, file=str(key_file)), required=True)
    assert key is not None and key.material == MATERIAL_A  # the variable wins over the file


def test_load_key_from_file(no_env: KeySource, tmp_path: Path) -> None:
    key_file = tmp_path / "key"
    key_file.write_bytes(MATERIAL_B + b"\n")  # the newline an editor adds is not key material
    key = load_key(KeySource(env=no_env.env, file=str(key_file)), required=True)
    assert key is not None and key.material == MATERIAL_B


def test_empty_env_falls_back_to_the_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(ENV, "")
    key_file = tmp_path / "key"
    key_file.write_bytes(MATERIAL_B)
    key = load_key(KeySource(env=ENV, file=str(key_file)), required=True)
    assert key is not None and key.material == MATERIAL_B


def test_short_key_in_env_is_refused_without_showing_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV, "tiny-secret")
    with pytest.raises(SecretKeyError) as caught:
        load_key(KeySource(env=ENV), required=False)
    assert "tiny-secret" not in str(caught.value)


@pytest.mark.parametrize("file_content", [None, b"", b"  \n"])
def test_missing_key_tells_how_to_set_one(no_env: KeySource, tmp_path: Path, file_content: bytes | None) -> None:
    source = no_env
    if file_content is not None:
        key_file = tmp_path / "key"
        key_file.write_bytes(file_content)
        source = KeySource(env=ENV, file=str(key_file))
    assert load_key(source, required=False) is None
    with pytest.raises(SecretKeyError) as caught:
        load_key(source, required=True)
    message = str(caught.value)
    assert isinstance(caught.value, RedactError) and caught.value.exit_code == 2
    assert f"set {ENV}" in message and "key.file" in message
    assert str(MIN_KEY_BYTES) in message
    assert "\n" not in message


@pytest.mark.parametrize("name", ["absent", "."])  # a missing file, a directory
def test_unreadable_key_file(no_env: KeySource, tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    with pytest.raises(SecretKeyError, match="cannot read key file") as caught:
        load_key(KeySource(env=no_env.env, file=str(path)), required=False)
    assert str(path) in str(caught.value)


def test_member_keys_are_remembered_but_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    import redact.keys as K

    monkeypatch.setattr(K, "_MEMBER_CACHE_SIZE", 3)
    pz, fresh = Pseudonymizer(SecretKey(b"k" * 32)), Pseudonymizer(SecretKey(b"k" * 32))
    ids = [f"member-{i}" for i in range(10)] * 2
    assert [pz.member(i) for i in ids] == [fresh._key.digest("member", i)[:32] for i in ids]
    assert len(pz._members) <= 3
