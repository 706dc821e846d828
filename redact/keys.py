"""The secret key and the keyed pseudonyms derived from it.

Pseudonyms are HMAC-SHA256(key, domain || 0x00 || value): stable across rows and runs for
one key, unlinkable without it. A new key gives new pseudonyms by design (key rotation,
see docs/policy.md). The key never leaves this module: logs, manifests and errors only
ever show its fingerprint, itself an HMAC of a fixed label.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from redact.errors import SecretKeyError
from redact.policy import KeySource

MIN_KEY_BYTES = 16


@dataclass(frozen=True, slots=True)
class SecretKey:
    """A validated pseudonym key. `repr` never shows the material."""

    material: bytes = field(repr=False)

    def __post_init__(self) -> None:
        if len(self.material) < MIN_KEY_BYTES:
            raise SecretKeyError(
                f"the pseudonym key is {len(self.material)} bytes; at least {MIN_KEY_BYTES} are required"
            )

    @property
    def fingerprint(self) -> str:
        """A public identifier of the key, to check that two outputs used the same one."""
        return hmac.new(self.material, b"redact:key-fingerprint", hashlib.sha256).hexdigest()[:16]

    def digest(self, domain: str, value: str) -> str:
        """HMAC-SHA256(key, domain || 0x00 || value), hex."""
        mac = _prepared_hmac(self.material).copy()
        mac.update(domain.encode() + b"\x00" + value.encode("utf-8", "surrogatepass"))
        return mac.hexdigest()


@lru_cache(maxsize=8)
def _prepared_hmac(material: bytes) -> hmac.HMAC:
    """An HMAC-SHA256 set up with the key, for `digest` to copy per message.

    `hmac.new(key, msg, ...)` hashes the key's two padded blocks again for every message;
    a copy of this one starts from them (about a third less per value, and a worker hashes
    one or more values per row). A process holds one key or a few.
    """
    return hmac.new(material, digestmod=hashlib.sha256)


def load_key(source: KeySource, *, required: bool) -> SecretKey | None:
    """Read the key from the policy's env variable, else its key file.

    Raises `SecretKeyError` with a one-line hint when `required` and none is found.
    """
    # Stripped like a key file's content, so a trailing newline gives the same pseudonyms.
    raw = os.environ.get(source.env, "").strip()
    if raw:
        return SecretKey(raw.encode("utf-8"))
    if source.file:
        path = Path(source.file).expanduser()
        try:
            data = path.read_bytes().strip()
        except OSError as exc:
            raise SecretKeyError(f"cannot read key file {path}: {exc.strerror or exc}") from None
        if data:
            return SecretKey(data)
    if required:
        raise SecretKeyError(
            f"no pseudonym key: set {source.env} (at least {MIN_KEY_BYTES} bytes, e.g. "
            f"`export {source.env}=$(openssl rand -hex 32)`) or name a file in the policy's key.file"
        )
    return None


_MEMBER_CACHE_SIZE = 16_384


def normalize_value(value: str) -> str:
    """Case- and spacing-insensitive form, so `John  Smith` and `john smith` match."""
    return " ".join(unicodedata.normalize("NFKC", value).casefold().split())


class Pseudonymizer:
    """Keyed pseudonyms for entity values, member ids and column values."""

    def __init__(self, key: SecretKey) -> None:
        self._key = key
        # Every row asks for its author's key and authors repeat: remember recent ones
        # (bounded; the ids stay in this process's memory, like the rows themselves).
        self._members: dict[str, str] = {}

    @property
    def fingerprint(self) -> str:
        return self._key.fingerprint

    def entity(self, entity_type: str, value: str, digits: int = 6) -> str:
        """The short tag of an entity value, e.g. `3f9a1c` in `<PERSON_3f9a1c>`."""
        return self._key.digest(f"entity:{entity_type}", normalize_value(value))[:digits]

    def member(self, member_id: str) -> str:
        """The user key of a member: used in the audit, the output's user column, forget."""
        found = self._members.get(member_id)
        if found is None:
            found = self._key.digest("member", member_id)[:32]
            if len(self._members) >= _MEMBER_CACHE_SIZE:
                self._members.clear()
            self._members[member_id] = found
        return found

    def column(self, column: str, value: str) -> str:
        return self._key.digest(f"column:{column}", value)[:32]
