"""The manifest's signature: an HMAC of its content under the run's pseudonym key.

File hashes prove that the shards are the ones the manifest lists, but anybody can rewrite
shards and manifest together. The signature closes that gap for whoever holds the key: it
covers every field of the manifest (hashes, counts, inputs, policy hash), so an edited
manifest no longer verifies. It is `HMAC-SHA256(key, "manifest" || 0x00 || canonical JSON)`,
canonical meaning sorted keys and no whitespace, with the `signature` field left out.

A run without a key (a policy that pseudonymizes nothing) writes no signature; `redact
verify` checks one when it has the key and says so when it has not. `redact forget`
rewrites the manifest and signs it again.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Mapping
from typing import Any

from redact.keys import SecretKey

SIGNATURE = "signature"
ALGORITHM = "hmac-sha256"


def _digest(manifest: Mapping[str, Any], key: SecretKey) -> str:
    body = {k: v for k, v in manifest.items() if k != SIGNATURE}
    return key.digest("manifest", json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False))


def sign(manifest: Mapping[str, Any], key: SecretKey | None) -> dict[str, Any]:
    """`manifest` with its signature (unchanged, and unsigned, without a key)."""
    signed = {k: v for k, v in manifest.items() if k != SIGNATURE}
    if key is not None:
        signed[SIGNATURE] = {"algorithm": ALGORITHM, "key_fingerprint": key.fingerprint,
                             "value": _digest(signed, key)}  # fmt: skip
    return signed


def check(manifest: Mapping[str, Any], key: SecretKey | None) -> tuple[bool, list[str]]:
    """(whether the signature was checked, the problems found)."""
    signature = manifest.get(SIGNATURE)
    if signature is None or key is None:
        return False, []
    if not isinstance(signature, dict) or signature.get("algorithm") != ALGORITHM:
        return True, [f"{SIGNATURE}: not a {ALGORITHM} signature"]
    if signature.get("key_fingerprint") != key.fingerprint:
        return True, [
            f"{SIGNATURE}: made with another key (fingerprint {signature.get('key_fingerprint')}, "
            f"this key {key.fingerprint}): set the key of that run to check it"
        ]
    if not hmac.compare_digest(str(signature.get("value", "")), _digest(manifest, key)):
        return True, ["manifest.json: its signature does not match its content (edited after the run)"]
    return True, []
