"""Home Assistant MQTT discovery of homeslm itself (``homeassistant: {discovery: true}``): every site this
daemon serves (its own ``site`` and each Hermes satellite) is announced, retained, as one Home Assistant
device under ``<prefix>/<component>/homeslm_<daemon site>/<site>_<what>/config``:

- ``binary_sensor`` *status* (``device_class: connectivity``): for the daemon's own site on
  ``homeslm/<daemon site>/status``; for a satellite whose audio the hub hears (``hermes.audio``) on its
  retained ``homeslm/<site>/microphone`` (``ok`` while its audio frames come, ``lost`` after
  ``hermes.stream_timeout_s`` without them or before the first; ``value_template: {{ value_json.state }}``);
  a text-only satellite (``hermes.audio: false``) is served while the hub is, so it shows the hub's status;
- ``sensor`` *last transcript* and *last response* on ``homeslm/<site>/transcript`` and ``.../response``
  (``value_template: {{ value_json.text }}``);
- for every site with a microphone (the daemon's own, each satellite heard with ``hermes.audio``): ``switch``
  *microphone mute* (command ``homeslm/<site>/mute/set``, state ``homeslm/<site>/mute``, ``ON``/``OFF``,
  retained) and, with ``commands.remote_listen``, ``button`` *listen* (``homeslm/<site>/listen``,
  push-to-talk).

Every entity is available while the daemon is (``availability_topic`` ``homeslm/<daemon site>/status``,
its last will). Announcements of a site no longer in the config are removed (an empty retained
config): :class:`DiscoveryAnnouncer` watches its own node's retained configs and clears those it did not
announce, at start and after a reload.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from typing import Any

from homeslm.config.model import Config
from homeslm.mqtt.client import MqttClient
from homeslm.mqtt.topics import (ONLINE, OFFLINE, check_site, listen_topic, microphone_topic, response_topic, status_topic,
                                 transcript_topic)
from homeslm.version import __version__

logger = logging.getLogger(__name__)

MUTE_ON = "ON"
MUTE_OFF = "OFF"


def mute_topic(site: str) -> str:
    """The microphone's mute state, retained: ``ON`` / ``OFF``."""
    check_site(site)
    return f"homeslm/{site}/mute"


def mute_set_topic(site: str) -> str:
    """``ON`` / ``OFF``: mute or unmute the microphone (Home Assistant's switch)."""
    return mute_topic(site) + "/set"


def object_id(text: str) -> str:
    """A discovery id: letters, digits, ``_`` and ``-`` only (others become ``_``)."""
    return re.sub(r"[^A-Za-z0-9_-]", "_", text)


def node_id(config: Config) -> str:
    return f"homeslm_{object_id(config.site)}"


def _device(config: Config, site: str) -> dict[str, Any]:
    return {"identifiers": [f"homeslm_{object_id(site)}"], "name": f"homeslm {site}", "manufacturer": "homeslm",
            "model": "voice satellite" if site != config.site else "voice hub", "sw_version": __version__,
            **({"suggested_area": area.title()} if (area := _area(config, site)) else {}),
            **({"via_device": f"homeslm_{object_id(config.site)}"} if site != config.site else {})}


def _area(config: Config, site: str) -> str | None:
    if site == config.site:
        return config.area
    return next((s.area for s in config.hermes.satellites if s.site_id == site), None)


def sites(config: Config) -> list[str]:
    """The sites announced: the daemon's own, then its Hermes satellites (when Hermes is on)."""
    return [config.site] + ([s.site_id for s in config.hermes.satellites] if config.hermes.enabled else [])


def heard_sites(config: Config) -> list[str]:
    """The sites with a microphone heard by this daemon: its own, and its satellites with ``hermes.audio``."""
    audio = config.hermes.enabled and config.hermes.audio
    return [config.site] + ([s.site_id for s in config.hermes.satellites] if audio else [])


def discovery_messages(config: Config) -> dict[str, dict[str, Any]]:
    """Every discovery config this daemon announces, by topic."""
    prefix, node = config.homeassistant.prefix, node_id(config)
    out: dict[str, dict[str, Any]] = {}
    heard = heard_sites(config)
    for site in sites(config):
        base = object_id(site)
        common = {"availability_topic": status_topic(config.site), "payload_available": ONLINE,
                  "payload_not_available": OFFLINE, "device": _device(config, site)}

        def add(component: str, what: str, name: str, **keys: Any) -> None:
            out[f"{prefix}/{component}/{node}/{base}_{what}/config"] = {
                "name": name, "unique_id": f"{node}_{base}_{what}", "object_id": f"homeslm_{base}_{what}", **keys, **common}

        if site != config.site and site in heard:  # a satellite: online while its audio frames come
            add("binary_sensor", "status", "Status", state_topic=microphone_topic(site),
                value_template="{{ value_json.state }}", payload_on="ok", payload_off="lost",
                device_class="connectivity", entity_category="diagnostic")
        else:
            add("binary_sensor", "status", "Status", state_topic=status_topic(config.site), payload_on=ONLINE,
                payload_off=OFFLINE, device_class="connectivity", entity_category="diagnostic")
        add("sensor", "transcript", "Last transcript", state_topic=transcript_topic(site),
            value_template="{{ value_json.text }}", icon="mdi:microphone-message")
        add("sensor", "response", "Last response", state_topic=response_topic(site),
            value_template="{{ value_json.text }}", icon="mdi:message-reply-text")
        if site in heard:
            add("switch", "mute", "Microphone mute", command_topic=mute_set_topic(site), state_topic=mute_topic(site),
                payload_on=MUTE_ON, payload_off=MUTE_OFF, icon="mdi:microphone-off")
            if config.commands.remote_listen and config.commands.enabled:
                add("button", "listen", "Listen", command_topic=listen_topic(site), payload_press="listen",
                    icon="mdi:microphone")
    return out


class DiscoveryAnnouncer:
    """Publishes :func:`discovery_messages` retained and removes the stale ones (see the module docstring).

    :param mqtt: the daemon's client (publications wait in its queue while the broker is away).
    :param on_mute: ``on_mute(site, muted)`` when Home Assistant's switch mutes or unmutes a site's microphone
        (MQTT dispatcher thread); it publishes the new state (:meth:`publish_mute`).
    """

    def __init__(self, config: Config, mqtt: MqttClient, on_mute: Callable[[str, bool], None]) -> None:
        self._config = config
        self._mqtt = mqtt
        self._on_mute = on_mute
        self._announced: dict[str, dict[str, Any]] = {}

    def start(self) -> None:
        """Subscribe to the node's retained configs (to clear stale ones) and to the mute switches; announce;
        every site starts unmuted (``OFF``). Satellites added by a reload need a restart for their switch."""
        self._mqtt.subscribe(f"{self._config.homeassistant.prefix}/+/{node_id(self._config)}/+/config", self._on_config,
                             qos=1, retained=True)
        for site in heard_sites(self._config):
            self._mqtt.subscribe(mute_set_topic(site), self._on_mute_set, qos=1, retained=False)
        self.announce(self._config)
        for site in heard_sites(self._config):
            self.publish_mute(False, site)

    def announce(self, config: Config) -> None:
        """Announce ``config``'s sites; remove what was announced before and is not any more (a reload)."""
        self._config = config
        new = discovery_messages(config)
        for topic in set(self._announced) - set(new):
            self._mqtt.publish(topic, b"", qos=1, retain=True)
        for topic, payload in new.items():
            self._mqtt.publish(topic, json.dumps(payload), qos=1, retain=True)
        self._announced = new

    def publish_mute(self, muted: bool, site: str | None = None) -> None:
        """The retained mute state of ``site`` (default: the daemon's own)."""
        self._mqtt.publish(mute_topic(site or self._config.site), MUTE_ON if muted else MUTE_OFF, qos=1, retain=True)

    def _on_config(self, topic: str, payload: bytes) -> None:
        if payload and topic not in self._announced:
            logger.info("Home Assistant discovery: %s is no longer in the config; removing its announcement", topic)
            self._mqtt.publish(topic, b"", qos=1, retain=True)

    def _on_mute_set(self, topic: str, payload: bytes) -> None:
        word = payload.decode("utf-8", errors="replace").strip().upper()
        if word not in (MUTE_ON, MUTE_OFF):
            logger.warning("ignored %r on %s: expected ON or OFF", payload[:20], topic)
            return
        self._on_mute(topic.split("/")[1], word == MUTE_ON)
