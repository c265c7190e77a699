"""zigbee2mqtt mapping: the entries of ``<base>/bridge/devices`` (with their ``exposes``) to
``plugin: zigbee2mqtt`` devices whose ``topic`` is the friendly name."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from homeslm.discovery.candidates import (
    Z2M_PLUGIN,
    Candidate,
    Skipped,
    class_from_words,
    device_entry,
    is_speakable,
    match_area,
    speakable,
)

_Z2M_SPECIFIC = ("light", "cover", "lock", "climate", "fan", "switch")
#: binary property -> binary_sensor device class.
_Z2M_BINARY = {"contact": "opening", "occupancy": "motion", "presence": "presence", "water_leak": "moisture",
               "smoke": "smoke", "vibration": "vibration"}
#: numeric property -> (sensor device class, words added to the name when it is not the device's first reading).
_Z2M_READINGS = {"temperature": ("temperature", "temperature"), "humidity": ("humidity", "humidity"),
                 "illuminance_lux": ("illuminance", "light level"), "illuminance": ("illuminance", "light level"),
                 "pressure": ("pressure", "pressure"), "co2": ("co2", "carbon dioxide")}
_COVER_CLASSES = ("curtain", "blind", "shade", "shutter", "awning", "garage", "gate")
_OPENING_CLASSES = ("garage door", "window", "door")


def _features(expose: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    out = [expose]
    for feature in expose.get("features") or ():
        if isinstance(feature, Mapping):
            out += _features(feature)
    return out


def _properties(exposes: Sequence[Any]) -> dict[str, Mapping[str, Any]]:
    """property/name -> feature, over every expose and nested feature."""
    found: dict[str, Mapping[str, Any]] = {}
    for expose in exposes:
        if isinstance(expose, Mapping):
            for feature in _features(expose):
                key = feature.get("property") or feature.get("name")
                if isinstance(key, str):
                    found.setdefault(key, feature)
    return found


def zigbee2mqtt_candidates(devices: Sequence[Any], areas: Sequence[str]) -> list[Candidate | Skipped]:
    """Map the entries of zigbee2mqtt's ``bridge/devices`` to devices (one or more per entry) or skips."""
    out: list[Candidate | Skipped] = []
    for dev in devices:
        if not isinstance(dev, Mapping):
            out.append(Skipped("zigbee2mqtt bridge/devices", f"an entry that is not an object: {dev!r:.60}"))
            continue
        out += _z2m_device(dev, areas)
    return out


def _z2m_device(dev: Mapping[str, Any], areas: Sequence[str]) -> list[Candidate | Skipped]:
    friendly = str(dev.get("friendly_name") or dev.get("ieee_address") or "?")
    ieee = dev.get("ieee_address")
    source = f"zigbee2mqtt {friendly}" + (f" ({ieee})" if ieee and ieee != friendly else "")
    if dev.get("type") == "Coordinator":
        return [Skipped(source, "the Zigbee coordinator")]
    if dev.get("disabled"):
        return [Skipped(source, "disabled in zigbee2mqtt")]
    definition = dev.get("definition")
    if not isinstance(definition, Mapping) or not isinstance(definition.get("exposes"), list):
        why = "not interviewed yet" if dev.get("interview_completed") is False else "not supported by zigbee2mqtt"
        return [Skipped(source, f"{why}: it announces nothing homeslm could drive")]
    exposes = [e for e in definition["exposes"] if isinstance(e, Mapping)]
    model = " ".join(str(definition[k]) for k in ("vendor", "model") if definition.get(k))
    about = f"{model}: {definition['description']}" if definition.get("description") else model
    source += f", {about}" if about else ""

    name = speakable(friendly)
    path = friendly.split("/")
    description = dev.get("description")
    if not isinstance(description, str) or len(description.split()) > 3:
        description = None  # a sentence about the device, not a room
    area, hint = match_area([description, *(path[:-1] if len(path) > 1 else [])], areas)
    props = _properties(exposes)
    specific = [e for e in exposes if e.get("type") in _Z2M_SPECIFIC]
    notes: list[str] = []
    needs_name = not is_speakable(name)
    if needs_name:
        notes.append("no friendly name in zigbee2mqtt: rename it there (or name it here), then uncomment")
        name = name or friendly.lower()
    readings = [p for p in _Z2M_READINGS if p in props]

    def made(entry: dict[str, Any], extra_notes: Sequence[str] = ()) -> Candidate:
        return Candidate(entry, source, tuple(notes) + tuple(extra_notes), hint, needs_name)

    if specific:
        kinds = [str(e["type"]) for e in specific]
        dtype = min(kinds, key=_Z2M_SPECIFIC.index)
        same = [e for e in specific if e.get("type") == dtype]
        endpoints = [str(e["endpoint"]) for e in same if e.get("endpoint")]
        if len(same) > 1:
            notes.append(f"{len(same)} {dtype} endpoints ({', '.join(endpoints) or 'unnamed'}): commands go to "
                         "zigbee2mqtt's default endpoint")
        device_class = None
        if dtype == "light":
            feats = {str(f.get("name")) for e in same for f in _features(e)}
            can = [word for key, word in (("brightness", "brightness"), ("color_xy", "colour"), ("color_hs", "colour"),
                                          ("color_temp", "colour temperature")) if key in feats]
            source_note = ", ".join(dict.fromkeys(can)) or "on/off only"
            notes.insert(0, f"light: {source_note}")
        elif dtype == "cover":
            device_class = class_from_words(f"{friendly} {about}", _COVER_CLASSES)
        others = [p for p in ("power", "energy", *readings) if p in props]
        if others:
            notes.append(f"also reports {', '.join(others)} (not imported)")
        return [made(device_entry(name, dtype, Z2M_PLUGIN, friendly, device_class=device_class, area=area))]

    binary = next((p for p in _Z2M_BINARY if p in props), None)
    if binary is not None:
        device_class = _Z2M_BINARY[binary]
        if binary == "contact":
            found = class_from_words(friendly, _OPENING_CLASSES)
            device_class = found.replace(" ", "_") if found else "opening"
        extra = [f"also reports {', '.join(readings)} (not imported)"] if readings else []
        entry = device_entry(name, "binary_sensor", Z2M_PLUGIN, friendly, device_class=device_class, area=area)
        return [made(entry, extra)]

    if readings:
        if needs_name and len(readings) > 1:  # one entry to name; importing again after renaming gives them all
            notes.append(f"also reports {', '.join(readings[1:])}: once it has a friendly name, import again for one "
                         "device per reading")
            readings = readings[:1]
        out: list[Candidate | Skipped] = []
        seen: set[str] = set()
        for i, prop in enumerate(readings):
            device_class, words = _Z2M_READINGS[prop]
            if device_class in seen:
                continue
            seen.add(device_class)
            reading_name = name if i == 0 else f"{name} {words}"
            out.append(made(device_entry(reading_name, "sensor", Z2M_PLUGIN, friendly, device_class=device_class,
                                         area=area)))
        return out

    what = ", ".join(sorted(p for p in props if p not in ("linkquality", "battery", "voltage"))) or "nothing"
    reason = ("a remote or button: it sends 'action' events, which homeslm does not react to" if "action" in props
              else f"exposes nothing homeslm drives ({what})")
    return [Skipped(source, reason)]
