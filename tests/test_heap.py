"""Worker processes freeze what their engines loaded; a caller's process is left alone."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from redact import executor
from redact.heap import freeze_loaded_engines
from redact.pipeline import RunSpec
from redact.policy import Policy
from tests.conftest import TEST_KEY
from tests.fakes import FakeDetectorFactory
from tests.reliability.faults import FailingSetupFactory


@pytest.fixture(autouse=True)
def unfrozen() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc.unfreeze()
    executor._worker_pipeline = None
    executor._worker_setup_error = None


class _Loaded:
    """Stands for an engine's object: a container the collector tracks."""


def _spec(tmp_path: Path, factory: Any) -> RunSpec:
    return RunSpec(policy=Policy.default(), run_id="r1", key_material=TEST_KEY.encode(), ledger_path=None,
                   detector_factory=factory, input_schema=pa.schema([("text", pa.string())]),
                   work_dir=str(tmp_path), batch_size=2)  # fmt: skip


def test_what_is_alive_is_frozen_and_what_comes_later_is_not() -> None:
    loaded = [_Loaded() for _ in range(100)]
    frozen = freeze_loaded_engines()
    assert frozen == gc.get_freeze_count() >= 100
    later = [_Loaded() for _ in range(50)]
    assert gc.get_freeze_count() == frozen
    # The frozen objects are out of the generations a collection walks; later ones are in.
    walked = {id(o) for o in gc.get_objects()}
    assert not any(id(o) in walked for o in loaded)
    assert all(id(o) in walked for o in later)


def test_garbage_left_by_loading_is_collected_not_frozen() -> None:
    gc.disable()  # no collection in between: only the freeze's own can free the cycle
    try:
        node = _Loaded()
        node.self = node  # type: ignore[attr-defined]  # a cycle: refcounting alone never frees it
        alive = weakref.ref(node)
        del node
        assert alive() is not None
        freeze_loaded_engines()
    finally:
        gc.enable()
    assert alive() is None


def test_a_pool_worker_freezes_once_its_pipeline_is_built(tmp_path: Path) -> None:
    executor._init_worker(_spec(tmp_path, FakeDetectorFactory()))
    assert executor._worker_pipeline is not None
    assert gc.get_freeze_count() > 0
    walked = {id(o) for o in gc.get_objects()}
    assert id(executor._worker_pipeline) not in walked


def test_a_worker_that_cannot_start_freezes_nothing(tmp_path: Path) -> None:
    executor._init_worker(_spec(tmp_path, FailingSetupFactory(user_error=False)))
    assert executor._worker_setup_error is not None
    assert gc.get_freeze_count() == 0
