"""What one announcement becomes: a :class:`Candidate` device entry or a :class:`Skipped` note, and the
helpers both mappings share (speakable names, areas, the ``devices:`` entry itself)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from homeslm.config.model import normalize_name

Z2M_PLUGIN = "zigbee2mqtt"
MQTT_PLUGIN = "mqtt"
TASMOTA_PLUGIN = "tasmota"


@dataclass(frozen=True)
class Candidate:
    """One device to add, as the YAML keys of a ``devices:`` entry."""

    entry: dict[str, Any]
    """name, type, device_class, area, plugin, topic, confirm, options (only those that apply)."""
    source: str
    """Where it was announced, e.g. ``zigbee2mqtt kitchen_ceiling (0x00178801...)``."""
    notes: tuple[str, ...] = ()
    """What could not be mapped, what to check; written as comments."""
    area_hint: str | None = None
    """An announced area that is not a configured one."""
    needs_name: bool = False
    """No speakable name was announced: written commented out, for the user to name."""

    @property
    def name(self) -> str:
        return str(self.entry["name"])


@dataclass(frozen=True)
class Skipped:
    """An announcement not imported, and why."""

    source: str
    reason: str


_IEEE = re.compile(r"0x[0-9a-f]{16}", re.IGNORECASE)


def speakable(text: str) -> str:
    """A name people can say: ``Living_Room/CeilingBulb`` -> ``living room ceiling bulb``."""
    text = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", text)
    text = re.sub(r"[_\-/.:,;|()\[\]{}]+", " ", text)
    text = re.sub(r"[^\w' ]+", "", text)
    return normalize_name(text)


def is_speakable(name: str) -> bool:
    """Whether ``name`` (already :func:`speakable`) is something to say: letters, not a bare IEEE address."""
    return bool(name) and not _IEEE.fullmatch(name.replace(" ", "")) and any(c.isalpha() for c in name)


def match_area(hints: Iterable[Any], areas: Sequence[str]) -> tuple[str | None, str | None]:
    """(configured area, unconfigured hint) from announced area hints, first match wins."""
    unmatched = None
    for hint in hints:
        if not isinstance(hint, str) or not hint.strip():
            continue
        name = speakable(hint)
        if name in areas:
            return name, None
        unmatched = unmatched or hint.strip()
    return None, unmatched


def device_entry(name: str, dtype: str, plugin: str, topic: str | None, *, device_class: str | None = None,
                 area: str | None = None, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """A ``devices:`` entry in the config's key order; locks and garage/gate/door covers ask for confirmation."""
    entry: dict[str, Any] = {"name": name, "type": dtype}
    if device_class:
        entry["device_class"] = device_class
    if area:
        entry["area"] = area
    entry["plugin"] = plugin
    if topic:
        entry["topic"] = topic
    if dtype == "lock" or (dtype == "cover" and device_class in ("garage", "gate", "door")):
        entry["confirm"] = True
    if options:
        entry["options"] = options
    return entry


def class_from_words(text: str, classes: Sequence[str]) -> str | None:
    """The first of ``classes`` named in ``text`` (``Garage_Door`` names ``garage door``)."""
    words = f" {speakable(text)} "
    return next((cls for cls in classes if f" {cls} " in words), None)
