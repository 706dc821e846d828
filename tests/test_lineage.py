"""`redact lineage`: which outputs hold rows of a member, and which forgot them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from redact import forget as F
from redact.cli import main
from tests.conftest import TEST_KEY
from tests.test_forget import DROPPED, HELD, copy_output, make_output, user_key


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("REDACT_SECRET_KEY", TEST_KEY)
        return make_output(tmp_path_factory.mktemp("template"))


@pytest.fixture
def outputs(template: Path, tmp_path: Path) -> Path:
    """datasets/v1 and datasets/v2, the same rows; alice was forgotten from v1 only."""
    root = tmp_path / "datasets"
    v1 = copy_output(template, root, "v1")
    copy_output(template, root, "v2")
    F.forget(v1, ["alice"])
    return root


def counts_of(entry: F.LineageEntry, member: str) -> tuple[int, int, int]:
    (rows,) = [m for m in entry.members if m.user_key == user_key(member)]
    return rows.held, rows.forgotten, rows.dropped


@pytest.mark.parametrize("member", sorted(HELD))
def test_counts_per_member_match_the_run(template: Path, member: str) -> None:
    (entry,) = F.lineage([template], [member])
    assert entry.key_matches
    assert counts_of(entry, member) == (len(HELD[member]), 0, DROPPED[member])


@pytest.mark.parametrize(
    ("member", "v1", "v2"),
    [
        ("alice", (0, 3, 0), (3, 0, 0)),  # forgotten from v1 only
        ("bob", (2, 0, 1), (2, 0, 1)),
        ("carol", (0, 0, 1), (0, 0, 1)),  # read, dropped, never held
        ("zed", (0, 0, 0), (0, 0, 0)),
    ],
)
def test_folders_are_searched_and_forgets_show(
    outputs: Path, member: str, v1: tuple[int, int, int], v2: tuple[int, int, int]
) -> None:
    entries = F.lineage([outputs], [member])
    assert [e.out.name for e in entries] == ["v1", "v2"]
    assert [counts_of(e, member) for e in entries] == [v1, v2]


def test_several_members_are_counted_apart(template: Path) -> None:
    (entry,) = F.lineage([template], ["alice", "dave"])
    assert counts_of(entry, "alice") == (3, 0, 0)
    assert counts_of(entry, "dave") == (1, 0, 1)
    assert entry.held == 4


def test_cli_table_lists_outputs_holding_rows_without_raw_ids(
    outputs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["lineage", "--member", "alice", str(outputs)]) == 0
    text = capsys.readouterr().out
    lines = text.splitlines()
    v1 = [line for line in lines if "v1" in line]
    v2 = [line for line in lines if "v2" in line]
    assert v1[0].split()[-3:] == ["0", "3", "0"]
    assert v2[0].split()[-3:] == ["3", "0", "0"]
    assert "2 output(s) checked: 2 read rows of the member(s), 1 still hold rows" in text
    assert "alice" not in text


def test_cli_json(outputs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lineage", "-m", "bob", str(outputs / "v1"), "--json"]) == 0
    (entry,) = json.loads(capsys.readouterr().out)
    assert entry["out"] == str(outputs / "v1")
    assert entry["held"] == 2
    assert entry["members"] == [{"user_key": user_key("bob"), "held": 2, "forgotten": 0, "dropped": 1}]


def test_an_output_with_another_key_is_flagged_not_silently_empty(
    template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "datasets"
    copy_output(template, root, "v1")
    monkeypatch.setenv("REDACT_SECRET_KEY", "another-key-0123456789abcdef")
    make_output(tmp_path, "datasets/v2")
    assert main(["lineage", "-m", "alice", str(root)]) == 2
    captured = capsys.readouterr()
    assert "(another key)" in captured.out and "v1" in captured.out
    assert "1 output(s) were written with another pseudonym key" in captured.err
    (v1, v2) = F.lineage([root], ["alice"])
    assert not v1.key_matches and v2.key_matches and v2.held == 3


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["lineage", "{tmp}"], "no members given"),
        (["lineage", "-m", "alice", "{tmp}/nowhere"], "output not found"),
        (["lineage", "-m", "alice", "{tmp}"], "no redact output here or below"),
    ],
)
def test_cli_user_errors_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    assert main([a.format(tmp=tmp_path) for a in argv]) == 2
    assert message in capsys.readouterr().err


def test_lineage_finishes_an_interrupted_forget_first(
    template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = copy_output(template, tmp_path)
    real = F._apply_journal

    def die(out: Path, journal: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(F, "_apply_journal", die)
    with pytest.raises(KeyboardInterrupt):
        F.forget(out, ["alice"])
    monkeypatch.setattr(F, "_apply_journal", real)
    (entry,) = F.lineage([out], ["alice"])
    assert counts_of(entry, "alice") == (0, 3, 0)
    assert not (out / F.JOURNAL).exists()
