"""What the daemon hands to the outside: its MQTT client, the plugins' view of it, and speaking through plugins.

- :func:`default_mqtt_factory` builds the daemon's own client (``homeslm-<site>``, retained status, last
  will, a session the broker keeps);
- :class:`PluginBus` is that client as plugins see it: publishing passes through, subscriptions are
  dropped with the plugins they belong to when a reload rebuilds them;
- :func:`speak_with_plugins` asks the ``speak`` plugins to say a text (the daemon and ``homeslm do``).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

import pluggy

from homeslm.config.model import Config
from homeslm.mqtt import MqttClient, PublishTicket

logger = logging.getLogger(__name__)

__all__ = ["PluginBus", "default_mqtt_factory", "speak_with_plugins", "synthesize_with_plugins"]


class PluginBus:
    """The MQTT client as plugins see it: publishing passes through; subscriptions belong to the current
    set of plugins, so that a reload (new plugin state) drops the callbacks of the old one.

    Each topic filter is subscribed once on the real client, for the daemon's lifetime; messages are
    routed to the callbacks registered since the last :meth:`new_generation`.
    """

    def __init__(self, mqtt: MqttClient) -> None:
        self._mqtt = mqtt
        self._lock = threading.Lock()
        self._callbacks: dict[str, list[Callable[[str, bytes], None]]] = {}
        self._subscribed: set[str] = set()
        self._last_seq = 0

    def publish(self, topic: str, payload: str | bytes | dict[str, Any], *, qos: int = 1, retain: bool = False) -> PublishTicket:
        ticket = self._mqtt.publish(topic, payload, qos=qos, retain=retain)
        with self._lock:
            self._last_seq = max(self._last_seq, ticket.message.seq)
        return ticket

    @property
    def last_seq(self) -> int:
        """The client's ``seq`` of the last message a plugin published (0: none yet): the daemon acknowledges
        a command once the device messages it caused are with the broker (:meth:`MqttClient.when_sent`)."""
        with self._lock:
            return self._last_seq

    def subscribe(self, topic_filter: str, callback: Callable[[str, bytes], None], qos: int = 1) -> None:
        with self._lock:
            self._callbacks.setdefault(topic_filter, []).append(callback)
            new = topic_filter not in self._subscribed
            self._subscribed.add(topic_filter)
        if new:
            self._mqtt.subscribe(topic_filter, lambda topic, payload: self._route(topic_filter, topic, payload), qos)

    def _route(self, topic_filter: str, topic: str, payload: bytes) -> None:
        with self._lock:
            callbacks = list(self._callbacks.get(topic_filter, ()))
        for callback in callbacks:
            try:
                callback(topic, payload)
            except Exception:  # boundary: one plugin's subscriber
                logger.exception("plugin subscriber %s for %s failed on %s",
                                 getattr(callback, "__qualname__", repr(callback)), topic_filter, topic)

    def new_generation(self) -> None:
        """Forget every plugin callback (the plugins were rebuilt); the broker subscriptions stay."""
        with self._lock:
            self._callbacks.clear()

    @property
    def connected(self) -> bool:
        return self._mqtt.connected

    def wait_connected(self, timeout_s: float) -> bool:
        return self._mqtt.wait_connected(timeout_s)


def default_mqtt_factory(config: Config) -> MqttClient:
    """The daemon's client: ``homeslm-<site>``, with the retained status and last will, and a session the
    broker keeps across its own restarts (commands sent while the daemon reconnects are not lost)."""
    return MqttClient(config.mqtt, site=config.site, persistent_session=True)


def synthesize_with_plugins(pm: pluggy.PluginManager, text: str) -> bytes | None:
    """Ask the ``synthesize_speech`` plugins in turn for ``text`` as a WAV file; ``None`` when none made one."""
    from homeslm.plugins import call_first

    made = call_first(pm, "synthesize_speech", text=text)
    if made is None:
        logger.debug("no plugin synthesised %r", text)
        return None
    plugin, wav = made
    if not isinstance(wav, (bytes, bytearray)) or wav[:4] != b"RIFF":
        logger.warning("plugin %s: synthesize_speech returned %s, not a WAV file; ignored", plugin, type(wav).__name__)
        return None
    return bytes(wav)


def speak_with_plugins(pm: pluggy.PluginManager, text: str) -> bool:
    """Ask the ``speak`` plugins in turn (last registered first) to say ``text``; ``True`` when one did."""
    from homeslm.plugins import call_first

    spoken = call_first(pm, "speak", text=text)
    if spoken is None:
        logger.debug("no plugin spoke %r", text)
        return False
    return True
