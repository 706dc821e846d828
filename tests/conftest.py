"""Shared fixtures: a secret key in the environment and offline settings."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
# The compiled gate's cache (`redact.detect.compiled_gate`): kept in the checkout, not in the
# user's home, and shared by the worker processes the tests start.
os.environ.setdefault("REDACT_CACHE_DIR", str(Path(__file__).resolve().parent.parent / ".cache" / "redact"))

TEST_KEY = "test-key-0123456789abcdef-not-secret"


@pytest.fixture(autouse=True)
def secret_key(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("REDACT_SECRET_KEY", TEST_KEY)
    return TEST_KEY


@pytest.fixture(scope="module")
def key_env() -> Iterator[None]:
    """The test key for module-scoped fixtures (the autouse one is function-scoped)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("REDACT_SECRET_KEY", TEST_KEY)
        yield


def write_generated_corpus(root: Path, rows: int, seed: int, row_group_size: int) -> pa.Table:
    """Generated canonical posts (`posts.parquet`) and their consent ledger (`ledger.parquet`)."""
    from redact.synth import default_member_count, generate_ledger, generate_posts

    table = pa.Table.from_batches(list(generate_posts(rows, seed, row_group_size)))
    pq.write_table(table, root / "posts.parquet", row_group_size=row_group_size)
    pq.write_table(generate_ledger(seed, default_member_count(rows)), root / "ledger.parquet")
    return table
