"""The executed command ids kept on disk and the command counts (homeslm/daemon/ledger.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from homeslm.daemon.ledger import DROP_KINDS, CommandCounts, ExecutedIds, journal_path


def test_executed_ids_are_read_back_after_a_restart(tmp_path: Path) -> None:
    path = journal_path(tmp_path / "state", "kitchen")
    ids = ExecutedIds(path)
    for request_id in ("a", 7, "ünïcode"):
        ids.add(request_id)
    # no close(): as after kill -9, what was written is with the operating system
    again = ExecutedIds(path)
    assert "a" in again and 7 in again and "ünïcode" in again
    assert "b" not in again and "7" not in again  # an id's JSON type counts: 7 is not "7"


def test_the_journal_is_bounded_and_keeps_the_latest_ids(tmp_path: Path) -> None:
    path = tmp_path / "ids.jsonl"
    ids = ExecutedIds(path, kept=10)
    for i in range(55):
        ids.add(i)
    ids.close()
    lines = path.read_text().splitlines()
    assert len(lines) <= 20  # rewritten once twice the kept number
    again = ExecutedIds(path, kept=10)
    assert len(again) == 10
    assert all(i in again for i in range(45, 55)) and 44 not in again


def test_a_line_cut_by_a_crash_and_foreign_lines_are_skipped(tmp_path: Path) -> None:
    path = tmp_path / "ids.jsonl"
    path.write_text('"ok"\n{"not": "an id"}\ntrue\n"cut in the mid')
    again = ExecutedIds(path)
    assert "ok" in again and len(again) == 1
    again.add("next")
    assert "next" in ExecutedIds(path)


def test_an_unwritable_journal_keeps_the_ids_in_memory(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    ids = ExecutedIds(blocker / "ids.jsonl")  # its directory is a file
    ids.add("x")
    ids.add("y")
    assert "x" in ids and "y" in ids
    assert len([r for r in caplog.records if "could not write the executed command ids" in r.getMessage()]) == 1


def test_a_huge_id_is_remembered_but_not_written(tmp_path: Path) -> None:
    path = tmp_path / "ids.jsonl"
    ids = ExecutedIds(path)
    huge = "x" * 5000
    ids.add(huge)
    ids.add("small")
    assert huge in ids
    assert path.read_text().splitlines() == [json.dumps("small")]


def test_command_counts_say_every_kind_of_drop() -> None:
    counts = CommandCounts()
    assert counts.take_changed()
    assert not counts.take_changed()
    counts.count("received")
    counts.count("handled")
    counts.count("too_old")
    counts.count("malformed")
    assert counts.take_changed() and not counts.take_changed()
    payload = counts.payload(waiting=3)
    assert set(payload["dropped"]) == set(DROP_KINDS)
    assert payload["received"] == 1 and payload["handled"] == 1 and payload["waiting"] == 3
    assert payload["dropped"]["too_old"] == 1 and payload["dropped_total"] == 2
    counts.mark_unpublished()
    assert counts.take_changed()
    with pytest.raises(ValueError, match="unknown command count"):
        counts.count("lost")
