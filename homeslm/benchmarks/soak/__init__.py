"""``homeslm bench soak``: the daemon under a long stream of MQTT text commands, with a broker restart.

It starts its own mosquitto on a free loopback port (persistent sessions, like a real broker), writes a
config of simulated zigbee2mqtt lights and switches, starts the real daemon as a child process (with an
``sd_notify`` socket it owns, so READY and WATCHDOG are real), and then:

- publishes ``--count`` commands (``{"text": "turn on the desk lamp", "id": N}``, QoS 1) to
  ``homeslm/<site>/command`` at ``--rate`` per second, cycling through the devices with turn on, set
  to N percent and turn off, so that consecutive commands to one device always differ;
- plays the devices: a subscriber on ``zigbee2mqtt/+/set`` records each device command (and answers
  with the new state, as zigbee2mqtt does) and watches ``homeslm/<site>/response`` and ``intent``;
- stops the broker once at ``--restart-at`` (a fraction of the run) for ``--outage-s`` seconds while
  commands keep being issued; with ``--kill-daemon-at`` (a fraction too), kills the daemon with SIGKILL
  there and starts it again at once, as a crash and systemd's ``Restart=`` would;
- waits for the answers, stops the daemon with SIGTERM and prints what it measured.

"Lost" counts commands that were issued but neither answered nor executed (a command whose device
command came but whose answer did not, the daemon killed in between, counts as executed); ``--json``
writes every figure, among them ``sent``, ``executed``, ``lost`` and ``duplicates``. Commands the model got
wrong are counted apart ("misunderstood"); they are the model's accuracy, not the daemon's
reliability. Latency is from the command's publication to its device command's arrival. RSS is the
daemon's resident memory: after READY, after the warm-up (the first 5 % of commands, which fill
CTranslate2's buffers and the caches) and at the end; growth is end minus warm-up.

The daemon is ``python -m homeslm run --no-voice --config CONFIG``, as systemd runs it; the generated
config raises ``commands: {rate_per_s, burst}`` above ``--rate`` (the default limit protects the command
topic from floods and would drop most of a soak).

Modules: ``plan`` (the simulated devices, the command plan, the generated config), ``broker``
(:class:`Broker`: mosquitto on loopback, also used by ``homeslm bench voice``), ``clients`` (the
simulated devices and observer :class:`Devices`, the :class:`Sender`), ``watch`` (the daemon's
``sd_notify`` messages and RSS), ``report`` (:class:`Report`, pairing device commands, percentiles, the
target and the table), ``command`` (arguments, :func:`soak`, :func:`run`).
"""

from __future__ import annotations

from homeslm.benchmarks.soak.broker import LOOPBACK, Broker, _free_port
from homeslm.benchmarks.soak.clients import Devices, Received, Sender, _connect, _persistent_client
from homeslm.benchmarks.soak.command import _dump_events, add_arguments, run, soak
from homeslm.benchmarks.soak.plan import BASE_TOPIC, DEVICES, SITE, PlannedCommand, friendly_name, plan_commands, soak_config
from homeslm.benchmarks.soak.report import (
    Report,
    _analyse,
    _warm_rss_mb,
    format_report,
    match_device_messages,
    percentiles,
    summarise_problems,
    target_met,
)
from homeslm.benchmarks.soak.watch import NotifySocket, RssSampler

HELP = ("soak: N text commands over MQTT at R/s against simulated zigbee2mqtt devices, one broker restart: "
        "commands lost, latency percentiles, daemon RSS growth")

__all__ = [
    "BASE_TOPIC", "DEVICES", "HELP", "LOOPBACK", "SITE",
    "Broker", "Devices", "NotifySocket", "PlannedCommand", "Received", "Report", "RssSampler", "Sender",
    "_analyse", "_connect", "_dump_events", "_free_port", "_persistent_client", "_warm_rss_mb",
    "add_arguments", "format_report", "friendly_name", "match_device_messages", "percentiles", "plan_commands", "run",
    "soak", "soak_config", "summarise_problems", "target_met",
]
