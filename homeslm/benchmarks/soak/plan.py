"""The soak's commands and home: the simulated devices, the command plan (what each command should make
a device receive) and the generated config."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from homeslm.benchmarks.soak.broker import LOOPBACK

SITE = "soak"
BASE_TOPIC = "zigbee2mqtt"

#: Simulated devices: (name, type, area). Names are unique, so no command needs an area.
DEVICES: tuple[tuple[str, str, str], ...] = (
    ("ceiling light", "light", "kitchen"),
    ("floor lamp", "light", "living room"),
    ("desk lamp", "light", "office"),
    ("reading light", "light", "bedroom"),
    ("porch light", "light", "garden"),
    ("mirror light", "light", "bathroom"),
    ("pendant light", "light", "dining room"),
    ("bedside lamp", "light", "bedroom"),
    ("coffee machine", "switch", "kitchen"),
    ("kettle", "switch", "kitchen"),
    ("heater", "switch", "office"),
    ("ceiling fan", "fan", "bedroom"),
)


# --------------------------------------------------------------------------------------------------
# The commands and what each should make a device receive


@dataclass(frozen=True)
class PlannedCommand:
    index: int
    text: str
    device: str
    topic: str
    """The device topic the command should reach (``zigbee2mqtt/<friendly name>/set``)."""
    payload: dict[str, Any]
    """What zigbee2mqtt should receive there."""


def friendly_name(device: str) -> str:
    return "soak_" + device.replace(" ", "_")


def plan_commands(count: int) -> list[PlannedCommand]:
    """``count`` commands cycling through :data:`DEVICES`; each device alternates between its actions, so
    two consecutive commands to one device never expect the same payload (duplicates stay recognisable)."""
    commands: list[PlannedCommand] = []
    visits: dict[str, int] = defaultdict(int)
    for i in range(count):
        name, dtype, _ = DEVICES[i % len(DEVICES)]
        visit = visits[name]
        visits[name] += 1
        topic = f"{BASE_TOPIC}/{friendly_name(name)}/set"
        step = visit % 3 if dtype == "light" else visit % 2 * 2  # lights: on, set, off; others: on, off
        if step == 0:
            commands.append(PlannedCommand(i, f"turn on the {name}", name, topic, {"state": "ON"}))
        elif step == 1:
            percent = 10 + (visit * 7) % 81
            commands.append(PlannedCommand(i, f"set the {name} to {percent} percent", name, topic,
                                           {"brightness": round(percent * 254 / 100)}))
        else:
            commands.append(PlannedCommand(i, f"turn off the {name}", name, topic, {"state": "OFF"}))
    return commands


def soak_config(port: int, model_path: str | None, rate_limit_per_s: float = 100.0, burst: int = 100) -> dict[str, Any]:
    """The generated home: the simulated devices on the soak broker; no text to speech."""
    areas = sorted({area for _, _, area in DEVICES})
    config: dict[str, Any] = {
        "site": SITE,
        "area": "living room",
        "mqtt": {"host": LOOPBACK, "port": port},  # the default reconnect back-off, as deployed
        "areas": areas,
        "devices": [{"name": n, "type": t, "area": a, "plugin": "zigbee2mqtt", "topic": friendly_name(n)}
                    for n, t, a in DEVICES],
        "plugins": {"disable": ["espeak"]},
        "commands": {"rate_per_s": rate_limit_per_s, "burst": burst},
    }
    if model_path:  # the config lives in the work directory: make the path absolute
        config["model"] = {"path": str(Path(model_path).expanduser().resolve())}
    return config
