"""Shared helpers of the synthetic-data tests: small fixed samples and a network guard."""

from __future__ import annotations

import contextlib
import os
import socket
from collections.abc import Callable, Iterator
from typing import Any

import pyarrow as pa
import pytest

from redact.synth import generate_posts_with_truth
from redact.synth.templates import TruthSpan

# Presidio is imported by presidio-evaluator: keep tldextract from fetching its suffix list.
os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")

SAMPLE_ROWS = 4_000
SAMPLE_SEED = 7


class NetworkBlockedError(Exception):
    """Not an OSError on purpose: libraries that swallow connection errors can't hide it."""


@contextlib.contextmanager
def _blocked_network() -> Iterator[list[Any]]:
    """Make every way of opening a connection fail loudly; yields the attempts made."""
    attempts: list[Any] = []

    def refuse(*args: Any, **kwargs: Any) -> Any:
        attempts.append(args[:2])
        raise NetworkBlockedError("network access during synthetic data generation")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket.socket, "connect", refuse)
        patch.setattr(socket.socket, "connect_ex", refuse)
        patch.setattr(socket, "create_connection", refuse)
        patch.setattr(socket, "getaddrinfo", refuse)
        yield attempts


NetworkGuard = Callable[[], contextlib.AbstractContextManager[list[Any]]]


@pytest.fixture(scope="session")
def no_network() -> NetworkGuard:
    """`with no_network() as attempts:` fails any connection (raising NetworkBlockedError)."""
    return _blocked_network


@pytest.fixture(scope="session")
def sample() -> tuple[pa.Table, list[list[TruthSpan]]]:
    """SAMPLE_ROWS canonical rows (generated with the network blocked) and their truth."""
    with _blocked_network() as attempts:
        parts = list(generate_posts_with_truth(SAMPLE_ROWS, SAMPLE_SEED, batch_size=1_000))
    assert attempts == []
    table = pa.Table.from_batches([batch for batch, _ in parts])
    truth = [spans for _, row_truth in parts for spans in row_truth]
    return table, truth
