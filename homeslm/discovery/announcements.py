"""Collecting announcements: listen on the broker for what zigbee2mqtt (devices, groups) and Home Assistant
discovery retain.

:func:`collect_announcements` connects with the configured broker settings, listens a few seconds on
:func:`subscription_topics` and sorts the retained payloads into :class:`Announcements`
(:func:`decode_announcements`, also usable on payloads obtained elsewhere).
"""

from __future__ import annotations

import json
import logging
import os
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from homeslm.config.model import MqttConfig
from homeslm.errors import HomeslmError

logger = logging.getLogger(__name__)

DEFAULT_WAIT_S = 3.0
"""How long :func:`collect_announcements` listens after subscribing, in seconds."""
DEFAULT_CONNECT_TIMEOUT_S = 5.0
"""How long it waits for the broker to accept the connection, in seconds."""
DEFAULT_DISCOVERY_PREFIX = "homeassistant"
DEFAULT_Z2M_BASE = "zigbee2mqtt"


@dataclass(frozen=True)
class Announcements:
    """What the broker held on the import topics."""

    z2m_base: str
    discovery_prefix: str
    topics: tuple[str, ...]
    """The topic filters listened to."""
    z2m_devices: tuple[Any, ...] | None = None
    """The entries of ``<base>/bridge/devices``; ``None`` when it was not heard."""
    discovery: dict[str, Any] = field(default_factory=dict)
    """Home Assistant discovery topic -> its decoded JSON payload (removed configs left out)."""
    problems: tuple[str, ...] = ()
    """Payloads that could not be read, as ``topic: problem``."""
    z2m_groups: tuple[Any, ...] | None = None
    """The entries of ``<base>/bridge/groups``; ``None`` when it was not heard."""

    @property
    def empty(self) -> bool:
        return self.z2m_devices is None and self.z2m_groups is None and not self.discovery and not self.problems


def subscription_topics(z2m_base: str, discovery_prefix: str) -> tuple[str, ...]:
    """The topic filters the import listens to."""
    for what, value in (("zigbee2mqtt base topic", z2m_base), ("discovery prefix", discovery_prefix)):
        if not value.strip("/") or any(c in value for c in "+#\x00"):
            raise HomeslmError(f"{what} {value!r}: expected a topic without wildcards, e.g. "
                               f"{DEFAULT_Z2M_BASE if 'zigbee' in what else DEFAULT_DISCOVERY_PREFIX}")
    base, prefix = z2m_base.strip("/"), discovery_prefix.strip("/")
    return (f"{base}/bridge/devices", f"{base}/bridge/groups", f"{prefix}/+/+/config", f"{prefix}/+/+/+/config")


def decode_announcements(messages: Mapping[str, bytes], *, z2m_base: str = DEFAULT_Z2M_BASE,
                         discovery_prefix: str = DEFAULT_DISCOVERY_PREFIX) -> Announcements:
    """Sort retained payloads by topic into :class:`Announcements` (the last payload per topic counts)."""
    topics = subscription_topics(z2m_base, discovery_prefix)
    devices_topic, groups_topic = topics[0], topics[1]
    z2m: tuple[Any, ...] | None = None
    groups: tuple[Any, ...] | None = None
    discovery: dict[str, Any] = {}
    problems: list[str] = []
    for topic in sorted(messages):
        payload = messages[topic]
        if not payload:  # an empty retained message removes the announcement
            continue
        try:
            data = json.loads(payload.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            problems.append(f"{topic}: not JSON ({exc})")
            continue
        if topic == devices_topic:
            if isinstance(data, list):
                z2m = tuple(data)
            else:
                problems.append(f"{topic}: expected a JSON list of devices, got {type(data).__name__}")
        elif topic == groups_topic:
            if isinstance(data, list):
                groups = tuple(data)
            else:
                problems.append(f"{topic}: expected a JSON list of groups, got {type(data).__name__}")
        elif isinstance(data, dict):
            discovery[topic] = data
        else:
            problems.append(f"{topic}: expected a JSON object, got {type(data).__name__}")
    return Announcements(z2m_base.strip("/"), discovery_prefix.strip("/"), topics, z2m, discovery, tuple(problems),
                         groups)


def collect_announcements(mqtt: MqttConfig, *, site: str = "default", z2m_base: str = DEFAULT_Z2M_BASE,
                          discovery_prefix: str = DEFAULT_DISCOVERY_PREFIX, wait_s: float = DEFAULT_WAIT_S,
                          connect_timeout_s: float = DEFAULT_CONNECT_TIMEOUT_S, where: str = "the config") -> Announcements:
    """Connect with ``mqtt`` (auth and TLS as configured), listen ``wait_s`` seconds on the import topics
    and return what was announced. ``where`` names the config file in error messages.

    Raises :class:`HomeslmError` when the broker cannot be reached within ``connect_timeout_s`` or
    refuses the subscriptions.
    """
    from homeslm.mqtt import MqttClient  # paho is loaded only when the bus is read

    if wait_s < 0 or connect_timeout_s <= 0:
        raise HomeslmError(f"wait {wait_s:g} s, connect timeout {connect_timeout_s:g} s: expected positive numbers")
    topics = subscription_topics(z2m_base, discovery_prefix)
    lock = threading.Lock()
    heard: dict[str, bytes] = {}

    def on_message(topic: str, payload: bytes) -> None:
        with lock:
            heard[topic] = payload

    client = MqttClient(mqtt, site=site, client_id=f"homeslm-{site}-import-{os.getpid()}", availability=False)
    for topic in topics:
        client.subscribe(topic, on_message, qos=0)
    client.start()
    try:
        if not client.wait_connected(connect_timeout_s):
            raise HomeslmError(
                f"cannot reach the MQTT broker at {mqtt.host}:{mqtt.port} within {connect_timeout_s:g} s; check that "
                f"it runs and that mqtt.host, mqtt.port, mqtt.username and mqtt.tls in {where} are right (the "
                "warning above says why it failed), or give it longer with --timeout")
        if not client.wait_subscribed(connect_timeout_s):
            raise HomeslmError(f"the MQTT broker at {mqtt.host}:{mqtt.port} refused or did not confirm the "
                               f"subscriptions to {', '.join(topics)}; allow this user to read them in the broker's ACL")
        logger.info("listening %.1f s on %s", wait_s, ", ".join(topics))
        threading.Event().wait(wait_s)  # the collection window: retained announcements arrive at once
        with lock:
            messages = dict(heard)
    finally:
        client.stop(timeout_s=1.0)
    return decode_announcements(messages, z2m_base=z2m_base, discovery_prefix=discovery_prefix)
