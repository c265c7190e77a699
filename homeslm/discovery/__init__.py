"""Device import: turn what the MQTT bus already announces into ``devices:`` entries (``homeslm import``).

Two sources are read, both retained on the broker:

* zigbee2mqtt's ``<base>/bridge/devices`` (base from ``plugins.zigbee2mqtt.base_topic``, default
  ``zigbee2mqtt``): one JSON list of every paired device with its ``exposes``. Each becomes a
  ``plugin: zigbee2mqtt`` device whose ``topic`` is the friendly name. And ``<base>/bridge/groups``:
  each group whose members are all lights becomes a ``type: light`` device whose ``topic`` is the
  group's friendly name (empty groups and other groups are skipped, with the reason).
* Home Assistant MQTT discovery, ``<prefix>/<component>/[<node_id>/]<object_id>/config`` (prefix default
  ``homeassistant``; abbreviated keys, ``~`` and device-based ``cmps`` discovery understood). Each entity
  becomes a ``plugin: mqtt`` device with per-action templates (``options.actions``) built from its
  ``command_topic``, ``payload_on`` / ``payload_off`` and friends; switches and lights on Tasmota's
  ``cmnd/<topic>/POWER`` become ``plugin: tasmota`` devices. Entities that zigbee2mqtt announces for
  Home Assistant are left to the first source.

:func:`collect_announcements` listens on the broker for a few seconds; :func:`plan_import` maps what
was heard to :class:`Candidate` devices (skipping the coordinator, diagnostics, what the config
already has and what homeslm cannot drive, each with a reason); :func:`format_import` writes the
YAML block, with comments for what could not be mapped. Nothing here edits the user's config.

Where things are:

* ``announcements``: listening on the broker, :class:`Announcements` (what was heard).
* ``candidates``: :class:`Candidate` and :class:`Skipped`, speakable names, areas, the entry itself.
* ``zigbee2mqtt``: ``bridge/devices`` entries -> devices (:func:`zigbee2mqtt_candidates`), ``bridge/groups``
  entries -> light groups (:func:`zigbee2mqtt_group_candidates`).
* ``homeassistant``: Home Assistant discovery configs -> devices (:func:`discovery_candidates`).
* ``plan``: :class:`ImportPlan`, :func:`plan_import` (minus what the config has), :func:`import_devices`.
* ``formatting``: :func:`format_import`, the YAML printed by ``homeslm import``.

Everything public is importable from ``homeslm.discovery`` itself.
"""

from homeslm.discovery.announcements import (
    DEFAULT_CONNECT_TIMEOUT_S,
    DEFAULT_DISCOVERY_PREFIX,
    DEFAULT_WAIT_S,
    DEFAULT_Z2M_BASE,
    Announcements,
    collect_announcements,
    decode_announcements,
    subscription_topics,
)
from homeslm.discovery.candidates import MQTT_PLUGIN, TASMOTA_PLUGIN, Z2M_PLUGIN, Candidate, Skipped, speakable
from homeslm.discovery.formatting import format_import
from homeslm.discovery.homeassistant import ABBREVIATIONS, HA_TYPES, discovery_candidates
from homeslm.discovery.plan import ImportPlan, import_devices, plan_import
from homeslm.discovery.zigbee2mqtt import zigbee2mqtt_candidates, zigbee2mqtt_group_candidates

__all__ = [
    "ABBREVIATIONS",
    "DEFAULT_CONNECT_TIMEOUT_S",
    "DEFAULT_DISCOVERY_PREFIX",
    "DEFAULT_WAIT_S",
    "DEFAULT_Z2M_BASE",
    "HA_TYPES",
    "MQTT_PLUGIN",
    "TASMOTA_PLUGIN",
    "Z2M_PLUGIN",
    "Announcements",
    "Candidate",
    "ImportPlan",
    "Skipped",
    "collect_announcements",
    "decode_announcements",
    "discovery_candidates",
    "format_import",
    "import_devices",
    "plan_import",
    "speakable",
    "subscription_topics",
    "zigbee2mqtt_candidates",
    "zigbee2mqtt_group_candidates",
]
