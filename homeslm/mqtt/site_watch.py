"""Giving way to another daemon of the same site, from inside :class:`homeslm.mqtt.MqttClient`.

After each lost connection of a client with ``availability`` that has displaced listeners, a
``homeslm-mqtt-site-check`` thread asks who serves the site (:func:`homeslm.mqtt.presence.probe_site`): when a
daemon that started earlier answers, this client stops reconnecting and tells its listeners (the daemon
stops). The client's state and lock are shared with it (:class:`SiteWatch` is a part of the client).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, cast

import paho.mqtt.client as paho

from homeslm.config.model import MqttConfig
from homeslm.mqtt.presence import SiteInstance, probe_site, yields_to

if TYPE_CHECKING:  # this mixin is a part of MqttClient, which imports it
    from homeslm.mqtt.client import MqttClient

# The package's name, as before the split: log lines say homeslm.mqtt.
logger = logging.getLogger("homeslm.mqtt")

DisplacedListener = Callable[[SiteInstance], None]


class SiteWatch:
    """The site-check part of :class:`homeslm.mqtt.MqttClient` (see the module docstring)."""

    # The client's, set by its __init__:
    config: MqttConfig
    site: str
    client_id: str
    instance: SiteInstance | None
    _lock: threading.Lock
    _client: paho.Client
    _stopping: bool
    _closed: bool

    def _init_site_watch(self) -> None:
        # Guarded by _lock:
        self._displaced_listeners: list[DisplacedListener] = []
        self._displaced_by: SiteInstance | None = None
        self._site_check: threading.Thread | None = None

    def add_displaced_listener(self, listener: DisplacedListener) -> None:
        """Call ``listener(other)`` (once, from a thread of its own) when another daemon that started earlier
        serves this site under the same client id: this client stopped reconnecting, its owner should stop
        (:mod:`homeslm.mqtt.presence`). Checked after each lost connection of a client with ``availability``."""
        with self._lock:
            self._displaced_listeners.append(listener)

    @property
    def displaced_by(self) -> SiteInstance | None:
        """The daemon this client gave its site to, or ``None``."""
        return self._displaced_by

    def _check_site_after_loss(self) -> None:
        """A lost connection may be another daemon connecting as ``homeslm-<site>`` (the broker drops the older
        connection): ask who answers for the site, on a thread of its own, while paho reconnects."""
        with self._lock:
            if (not self._displaced_listeners or self.instance is None or self._stopping or self._closed
                    or self._displaced_by is not None
                    or (self._site_check is not None and self._site_check.is_alive())):
                return
            self._site_check = threading.Thread(target=self._run_site_check, name="homeslm-mqtt-site-check", daemon=True)
            self._site_check.start()

    def _run_site_check(self) -> None:
        me = self.instance
        assert me is not None
        try:
            other = probe_site(self.config, self.site, client_class=cast("type[MqttClient]", type(self)), me=me, answer_s=2.0, connect_s=2.0, quiet=True)
        except Exception:  # boundary: the check must not end anything else
            logger.exception("MQTT could not check who serves site %s after a lost connection", self.site)
            return
        if other is None:
            return
        if not yields_to(me, other):
            logger.warning("another homeslm daemon connected as %s for site %r (%s); it started later, so it gives "
                           "way and this one keeps serving", self.client_id, self.site, other.describe())
            return
        with self._lock:
            if self._stopping or self._closed or self._displaced_by is not None:
                return
            self._displaced_by = other
            listeners = list(self._displaced_listeners)
        logger.error("another homeslm daemon serves site %r (%s) and started first: this one stops connecting",
                     self.site, other.describe())
        self._client.disconnect()  # no more reconnects pushing the other one off the broker
        for listener in listeners:
            try:
                listener(other)
            except Exception:
                logger.exception("MQTT displaced listener %s failed",
                                 getattr(listener, "__qualname__", repr(listener)))

