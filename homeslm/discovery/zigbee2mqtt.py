"""zigbee2mqtt mapping: the entries of ``<base>/bridge/devices`` (with their ``exposes``) to
``plugin: zigbee2mqtt`` devices whose ``topic`` is the friendly name, and the groups of lights of
``<base>/bridge/groups`` to ``type: light`` devices whose ``topic`` is the group's friendly name
(zigbee2mqtt takes ``<base>/<group>/set`` like a device's)."""

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


def _area_hints(item: Mapping[str, Any]) -> list[Any]:
    """Where a device or group says it is: a short description, then the folders of its friendly name."""
    path = str(item.get("friendly_name") or "").split("/")
    description = item.get("description")
    if not isinstance(description, str) or len(description.split()) > 3:
        description = None  # a sentence about the device, not a room
    return [description, *(path[:-1] if len(path) > 1 else [])]


def _specific_type(exposes: Sequence[Mapping[str, Any]]) -> str | None:
    """The device type its specific exposes make it (a light with a switch expose is a light), or ``None``."""
    kinds = [str(e["type"]) for e in exposes if e.get("type") in _Z2M_SPECIFIC]
    return min(kinds, key=_Z2M_SPECIFIC.index) if kinds else None


def _light_abilities(lights: Sequence[Mapping[str, Any]]) -> list[str]:
    """What the light exposes can do beyond on/off: ``brightness``, ``colour``, ``colour temperature``."""
    feats = {str(f.get("name")) for e in lights for f in _features(e)}
    can = [word for key, word in (("brightness", "brightness"), ("color_xy", "colour"), ("color_hs", "colour"),
                                  ("color_temp", "colour temperature")) if key in feats]
    return list(dict.fromkeys(can))


def _exposes(dev: Mapping[str, Any]) -> list[Mapping[str, Any]] | None:
    definition = dev.get("definition")
    if not isinstance(definition, Mapping) or not isinstance(definition.get("exposes"), list):
        return None
    return [e for e in definition["exposes"] if isinstance(e, Mapping)]


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
    exposes = _exposes(dev)
    definition = dev.get("definition")
    if exposes is None or not isinstance(definition, Mapping):
        why = "not interviewed yet" if dev.get("interview_completed") is False else "not supported by zigbee2mqtt"
        return [Skipped(source, f"{why}: it announces nothing homeslm could drive")]
    model = " ".join(str(definition[k]) for k in ("vendor", "model") if definition.get(k))
    about = f"{model}: {definition['description']}" if definition.get("description") else model
    source += f", {about}" if about else ""

    name = speakable(friendly)
    area, hint = match_area(_area_hints(dev), areas)
    props = _properties(exposes)
    notes: list[str] = []
    needs_name = not is_speakable(name)
    if needs_name:
        notes.append("no friendly name in zigbee2mqtt: rename it there (or name it here), then uncomment")
        name = name or friendly.lower()
    readings = [p for p in _Z2M_READINGS if p in props]

    def made(entry: dict[str, Any], extra_notes: Sequence[str] = ()) -> Candidate:
        return Candidate(entry, source, tuple(notes) + tuple(extra_notes), hint, needs_name)

    dtype = _specific_type(exposes)
    if dtype is not None:
        same = [e for e in exposes if e.get("type") == dtype]
        endpoints = [str(e["endpoint"]) for e in same if e.get("endpoint")]
        if len(same) > 1:
            notes.append(f"{len(same)} {dtype} endpoints ({', '.join(endpoints) or 'unnamed'}): commands go to "
                         "zigbee2mqtt's default endpoint")
        device_class = None
        if dtype == "light":
            notes.insert(0, f"light: {', '.join(_light_abilities(same)) or 'on/off only'}")
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


def zigbee2mqtt_group_candidates(groups: Sequence[Any], devices: Sequence[Any] | None,
                                 areas: Sequence[str]) -> list[Candidate | Skipped]:
    """Map the entries of zigbee2mqtt's ``bridge/groups`` to devices or skips.

    A group whose members are all lights (their kind read from ``devices``, the entries of
    ``bridge/devices``; ``None`` when it was not heard) becomes a ``type: light`` device whose topic is
    the group's friendly name. Its area is guessed like a device's (description, folders of the friendly
    name), else the one area all its members would get. Empty groups, groups with other members and
    groups whose members are unknown are skipped, with the reason.
    """
    by_ieee = {str(d["ieee_address"]): d for d in devices or ()
               if isinstance(d, Mapping) and isinstance(d.get("ieee_address"), str)}
    out: list[Candidate | Skipped] = []
    for group in groups:
        if not isinstance(group, Mapping):
            out.append(Skipped("zigbee2mqtt bridge/groups", f"an entry that is not an object: {group!r:.60}"))
            continue
        out.append(_z2m_group(group, by_ieee if devices is not None else None, areas))
    return out


def _z2m_group(group: Mapping[str, Any], by_ieee: Mapping[str, Mapping[str, Any]] | None,
               areas: Sequence[str]) -> Candidate | Skipped:
    gid = group.get("id")
    friendly = str(group.get("friendly_name") or (f"group {gid}" if gid is not None else "?"))
    source = f"zigbee2mqtt group {friendly}" + (f" (id {gid})" if gid is not None else "")
    members = [m for m in group.get("members") or () if isinstance(m, Mapping)]
    ieees = list(dict.fromkeys(str(m.get("ieee_address")) for m in members))  # one device, several endpoints
    if not ieees:
        return Skipped(source, "an empty group: it has no members (add lights to it in zigbee2mqtt, then import again)")
    if by_ieee is None:
        return Skipped(source, "bridge/devices was not heard, so its members' kinds are unknown; import again "
                               "once zigbee2mqtt has published it")
    known = [by_ieee[ieee] for ieee in ieees if ieee in by_ieee]
    if not known:
        return Skipped(source, f"none of its {len(ieees)} members is in bridge/devices")
    member_names = [str(d.get("friendly_name") or d["ieee_address"]) for d in known]
    others = []
    lights: list[Mapping[str, Any]] = []
    for dev, member in zip(known, member_names):
        exposes = _exposes(dev) or []
        kind = _specific_type(exposes)
        if kind == "light":
            lights.append(dev)
        else:
            others.append(f"{member} is {'a ' + kind if kind else 'not a light'}")
    if others:
        return Skipped(source, f"not a group of lights ({'; '.join(others)}): only groups of lights are imported")

    name = speakable(friendly)
    needs_name = not is_speakable(name)
    notes: list[str] = []
    abilities: list[str] | None = None
    for dev in lights:
        own = _light_abilities([e for e in _exposes(dev) or [] if e.get("type") == "light"])
        abilities = own if abilities is None else [word for word in abilities if word in own]
    notes.append(f"light group: {', '.join(abilities or []) or 'on/off only'} (what all its members can do)")
    unknown = len(ieees) - len(known)
    notes.append(f"{len(known)} member{'s' if len(known) != 1 else ''}: {', '.join(member_names)}"
                 + (f"; {unknown} more not in bridge/devices" if unknown else ""))
    if needs_name:
        notes.append("no speakable friendly name in zigbee2mqtt: rename the group there (or name it here), then uncomment")
        name = name or friendly.lower()
    area, hint = match_area(_area_hints(group), areas)
    if area is None:
        member_areas = {match_area(_area_hints(dev), areas)[0] for dev in lights}
        if len(member_areas) == 1 and None not in member_areas:
            area, hint = member_areas.pop(), None
            notes.append(f"area {area}: where all its members are")
    scenes = [str(sc.get("name") or sc.get("id")) for sc in group.get("scenes") or () if isinstance(sc, Mapping)]
    if scenes:
        notes.append(f"also has zigbee2mqtt scenes {', '.join(scenes)} (not imported)")
    return Candidate(device_entry(name, "light", Z2M_PLUGIN, friendly, area=area), source, tuple(notes), hint, needs_name)
