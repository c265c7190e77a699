"""homeslm.benchmarks.bounds: the generated home and a small real run (the figures come from ``homeslm bench
bounds``; nothing here measures them)."""

from __future__ import annotations

import argparse
from pathlib import Path

from homeslm.benchmarks.bounds import (
    HUNG_DEVICE,
    HUNG_PLUGIN,
    BoundsReport,
    _write_home,
    add_arguments,
    bounds,
    format_report,
)
from homeslm.config.loader import load_config
from tests.daemon.test_runner import needs_model


def test_the_generated_home_loads_with_the_hanging_device_on_its_own_plugin(tmp_path: Path) -> None:
    config = load_config(_write_home(tmp_path, 1883, None, hang_s=5.0))
    hung = next(d for d in config.devices if d.name == HUNG_DEVICE)
    assert hung.plugin == HUNG_PLUGIN and hung.type == "switch"
    assert str(tmp_path / "plugins") in config.plugins.paths
    assert "time.sleep(5.0)" in (tmp_path / "plugins" / f"{HUNG_PLUGIN}.py").read_text()


def test_the_table_names_every_figure() -> None:
    report = BoundsReport(flood_keys=10, flood_messages=1, hung_actions=2, hung_answered=2,
                          hung_answers={"The attic fan did not answer.": 2}, executes_afterwards=True, exit_code=0,
                          rss_mb={"ready": 60.0, "after warm-up": 61.0, "after flood": 62.0, "max during flood": 63.0},
                          threads={"after warm-up": 9, "after hung actions": 11, "max": 11})
    table = format_report(report)
    assert "61.0" in table and "62.0 / 63.0" in table and "9 / 11 / 11" in table
    assert "2 x 'The attic fan did not answer.'" in table and "status 0" in table


@needs_model
def test_a_small_flood_leaves_the_daemon_executing_commands(tmp_path: Path) -> None:
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    args = parser.parse_args(["--flood-keys", "2000", "--keys-per-message", "100", "--hung-actions", "0"])
    report = bounds(args, tmp_path, say=lambda line: None)
    assert report.flood_messages == 20
    assert report.executes_afterwards
    assert report.exit_code == 0
