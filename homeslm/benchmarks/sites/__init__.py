"""``homeslm bench sites``: many Hermes satellites streaming speech over MQTT at once to one hub.

Modules: ``simulated`` (a Rhasspy 2.5 satellite: WAV audioFrames in real time, playBytes played and
``playFinished`` said), ``command`` (the run: the hub as a real ``homeslm run`` process, N satellites at once,
latency, correctness, mix-ups, the hub's CPU and RSS; the table).
"""

from __future__ import annotations

from homeslm.benchmarks.sites.command import HELP, SiteRun, add_arguments, format_table, hub_config, run, run_sites

__all__ = ["HELP", "SiteRun", "add_arguments", "format_table", "hub_config", "run", "run_sites"]
