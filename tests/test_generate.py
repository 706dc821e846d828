"""`redact generate`: the synthetic posts and their consent ledger, from one member pool."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from redact.cli import main
from redact.synth import generate_ledger, generate_posts


def _authors(table: pa.Table) -> set[str]:
    return set(table.column("author_id").to_pylist())


@pytest.mark.parametrize(
    ("extra", "members"),
    [
        ([], 20),  # one member per 20 posts, 20 at least
        (["--members", "50"], 50),
    ],
)
def test_posts_and_ledger_share_the_member_pool(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: list[str], members: int
) -> None:
    out, ledger = tmp_path / "posts.parquet", tmp_path / "ledger.parquet"
    assert main(["generate", str(out), "--rows", "300", "--seed", "4", "--ledger", str(ledger), *extra]) == 0
    posts = pq.read_table(out)
    expected = pa.Table.from_batches(list(generate_posts(300, 4, members=members)))
    assert posts.equals(expected)
    assert _authors(posts) <= {f"m4-{i:06d}" for i in range(members)}
    assert pq.read_table(ledger).equals(generate_ledger(4, members))
    assert f"wrote 300 posts by {members} members" in capsys.readouterr().out


def test_a_larger_pool_spreads_the_posts_over_more_authors(tmp_path: Path) -> None:
    few, many = tmp_path / "few.parquet", tmp_path / "many.parquet"
    assert main(["generate", str(few), "--rows", "400"]) == 0
    assert main(["generate", str(many), "--rows", "400", "--members", "400"]) == 0
    assert len(_authors(pq.read_table(few))) <= 20 < len(_authors(pq.read_table(many)))


@pytest.mark.parametrize("members", ["3", "0", "-5"])
def test_a_pool_too_small_for_three_tags_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], members: str
) -> None:
    out = tmp_path / "posts.parquet"
    assert main(["generate", str(out), "--rows", "10", "--members", members]) == 2
    assert "--members" in capsys.readouterr().err
    assert not out.exists()


def test_an_existing_file_is_kept_without_overwrite(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "posts.parquet"
    out.write_bytes(b"not mine to replace")
    assert main(["generate", str(out), "--rows", "10"]) == 2
    assert "already exists" in capsys.readouterr().err
    assert out.read_bytes() == b"not mine to replace"
    assert main(["generate", str(out), "--rows", "10", "--overwrite"]) == 0
    assert pq.read_table(out).num_rows == 10
