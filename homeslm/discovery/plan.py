"""The import plan: what was heard mapped to devices, minus what the config already has
(:func:`plan_import`), and :func:`import_devices`, ``homeslm import`` without the printing."""

from __future__ import annotations

from dataclasses import dataclass

from homeslm.config.model import Config
from homeslm.discovery.announcements import (
    DEFAULT_CONNECT_TIMEOUT_S,
    DEFAULT_DISCOVERY_PREFIX,
    DEFAULT_WAIT_S,
    DEFAULT_Z2M_BASE,
    Announcements,
    collect_announcements,
)
from homeslm.discovery.candidates import Z2M_PLUGIN, Candidate, Skipped
from homeslm.discovery.homeassistant import discovery_candidates
from homeslm.discovery.zigbee2mqtt import zigbee2mqtt_candidates, zigbee2mqtt_group_candidates
from homeslm.errors import HomeslmError


@dataclass(frozen=True)
class ImportPlan:
    """What :func:`plan_import` found: devices to add (some to be named first) and announcements skipped."""

    devices: tuple[Candidate, ...]
    skipped: tuple[Skipped, ...]
    announcements: Announcements

    @property
    def ready(self) -> tuple[Candidate, ...]:
        """Devices written as entries."""
        return tuple(c for c in self.devices if not c.needs_name)

    @property
    def unnamed(self) -> tuple[Candidate, ...]:
        """Devices written commented out, until the user names them."""
        return tuple(c for c in self.devices if c.needs_name)

    def summary(self) -> str:
        """``5 devices to add, 1 to name first, 6 not imported``."""
        ready = len(self.ready)
        return (f"{ready} device{'' if ready == 1 else 's'} to add, {len(self.unnamed)} to name first, "
                f"{len(self.skipped)} not imported")


def plan_import(announcements: Announcements, config: Config) -> ImportPlan:
    """Map the announcements to devices, skipping those the config already has (same name or alias,
    or same plugin and topic) and keeping names unique (``plug``, ``plug 2``)."""
    found: list[Candidate | Skipped] = []
    if announcements.z2m_devices is not None:
        found += zigbee2mqtt_candidates(announcements.z2m_devices, config.areas)
    if announcements.z2m_groups is not None:
        found += zigbee2mqtt_group_candidates(announcements.z2m_groups, announcements.z2m_devices, config.areas)
    found += discovery_candidates(announcements.discovery, config.areas, discovery_prefix=announcements.discovery_prefix,
                                  z2m_base=announcements.z2m_base)
    found += [Skipped(topic, why) for topic, _, why in (p.partition(": ") for p in announcements.problems)]
    names: dict[str, str] = {}
    for device in config.devices:
        for word in (device.name, *device.aliases):
            names[word] = device.name
    topics: dict[tuple[str, str], str] = {}
    for device in config.devices:
        topic = device.topic or (device.name if device.plugin == Z2M_PLUGIN else None)
        if topic:
            topics[(device.plugin, topic)] = device.name
    devices: list[Candidate] = []
    skipped: list[Skipped] = []
    taken: set[str] = set(names)
    for item in found:
        if isinstance(item, Skipped):
            skipped.append(item)
            continue
        entry = item.entry
        same_topic = topics.get((entry["plugin"], entry.get("topic", "")))
        if same_topic is not None:
            skipped.append(Skipped(item.source, f"already configured: device {same_topic!r} has topic {entry['topic']!r}"))
            continue
        if item.name in names:
            skipped.append(Skipped(item.source, f"already configured: {item.name!r} names device {names[item.name]!r}"))
            continue
        if item.name in taken:
            n = 2
            while f"{item.name} {n}" in taken:
                n += 1
            new = f"{item.name} {n}"
            item = Candidate({**entry, "name": new}, item.source,
                             item.notes + (f"renamed: {item.name!r} names another device",), item.area_hint, item.needs_name)
        taken.add(item.name)
        devices.append(item)
    return ImportPlan(tuple(devices), tuple(skipped), announcements)


def import_devices(config: Config, *, wait_s: float = DEFAULT_WAIT_S,
                   connect_timeout_s: float = DEFAULT_CONNECT_TIMEOUT_S, z2m_base: str | None = None,
                   discovery_prefix: str = DEFAULT_DISCOVERY_PREFIX) -> ImportPlan:
    """Listen on the config's broker and plan the import (``homeslm import`` without the printing).

    ``z2m_base`` defaults to ``plugins.zigbee2mqtt.base_topic``. Raises :class:`HomeslmError` when the
    broker cannot be reached or nothing was announced within ``wait_s``.
    """
    if z2m_base is None:
        z2m_base = str(config.plugins.settings.get(Z2M_PLUGIN, {}).get("base_topic", DEFAULT_Z2M_BASE))
    heard = collect_announcements(config.mqtt, site=config.site, z2m_base=z2m_base, discovery_prefix=discovery_prefix,
                                  wait_s=wait_s, connect_timeout_s=connect_timeout_s,
                                  where=config.source or "the config")
    if heard.empty:
        raise HomeslmError(
            f"nothing announced on {config.mqtt.host}:{config.mqtt.port} within {wait_s:g} s on "
            f"{', '.join(heard.topics)}; check that zigbee2mqtt runs with this base topic (--base-topic, "
            "plugins.zigbee2mqtt.base_topic) or that your devices use Home Assistant discovery with this prefix "
            "(--discovery-prefix), or listen longer with --wait")
    return plan_import(heard, config)
