"""What the daemon tells about itself: systemd's ``READY=1`` (once the parts are built, the broker
accepted the connection and the command topic is subscribed) and ``STATUS=`` lines, the retained
``homeslm/<site>/plugins`` (the plugins refused at start or reload: a broken plugin never stops the
daemon) and ``homeslm/<site>/model``. :class:`DaemonStatus` is a part of
:class:`homeslm.daemon.runner.Daemon`, sharing its state.
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING, Any

from homeslm.config.model import Config
from homeslm.daemon.sdnotify import Notifier
from homeslm.mqtt import MqttClient, command_topic, model_topic

if TYPE_CHECKING:
    from homeslm.plugins import ActionRegistry

logger = logging.getLogger(__name__)


class DaemonStatus:
    """Readiness and status publication of :class:`homeslm.daemon.runner.Daemon` (see the module docstring)."""

    # The daemon's, set by its __init__ or as it builds its parts:
    config: Config
    notifier: Notifier
    mqtt: MqttClient | None
    registry: ActionRegistry | None
    _wake: threading.Event

    def _commands_in_subscribed(self) -> bool:
        """Whether the command topic's own connection is subscribed (:mod:`homeslm.daemon.intake`)."""
        return True

    def _init_status(self) -> None:
        self._ready_lock = threading.Lock()
        self._built = False
        self._ready_sent = False
        self._ready_event = threading.Event()

    def _publish_model(self, payload: dict[str, Any]) -> None:
        """The retained ``homeslm/<site>/model`` (any thread)."""
        if self.mqtt is not None:
            self.mqtt.publish(model_topic(self.config.site), payload, qos=1, retain=True)

    def _status_line(self, what: str) -> str:
        connected = self.mqtt is not None and self.mqtt.connected
        broker = f"{self.config.mqtt.host}:{self.config.mqtt.port}"
        link = f"connected to {broker}" if connected else f"waiting for the MQTT broker at {broker}"
        refused = self.registry.plugin_status()["refused"] if self.registry is not None else {}
        note = f"; plugins refused: {', '.join(refused)}" if refused else ""
        return f"{what}; site {self.config.site}, {len(self.config.devices)} devices, {link}{note}"

    # -- plugins refused at start or reload (a broken plugin never stops the daemon) -----------------

    def _report_refused_plugins(self) -> None:
        """Log the plugins this configuration runs without (each was logged with its reason as it was
        refused) and publish the plugin status (at start, the connection does it)."""
        assert self.registry is not None
        refused = self.registry.plugin_status()["refused"]
        if refused:
            logger.warning("running without the refused plugins %s (why: above, `homeslm check` or the retained "
                           "homeslm/%s/plugins); everything else runs", ", ".join(refused), self.config.site)
        if self.mqtt is not None and self.mqtt.connected:
            self._publish_plugin_status()

    def _publish_plugin_status(self) -> None:
        """The retained ``homeslm/<site>/plugins`` (:meth:`homeslm.plugins.ActionRegistry.plugin_status`);
        queued by the client until it is connected."""
        from homeslm.mqtt import plugins_topic

        registry, mqtt = self.registry, self.mqtt
        if registry is None or mqtt is None:
            return
        try:
            mqtt.publish(plugins_topic(self.config.site), registry.plugin_status(), qos=1, retain=True)
        except Exception:  # boundary: one publication
            logger.exception("could not publish the plugin status")

    def _check_ready(self) -> None:
        """READY=1 (once) when the parts are built, the broker accepted us and the command topic is subscribed."""
        with self._ready_lock:
            if self._ready_sent or not self._built or self.mqtt is None:
                return
            if not self.mqtt.wait_subscribed(0.0) or not self._commands_in_subscribed():
                return
            self._ready_sent = True
            self._ready_event.set()
        logger.info("ready%s", f": taking commands on {command_topic(self.config.site)}"
                    if self.config.commands.enabled else "")
        self.notifier.ready(self._status_line("ready"))

    def wait_ready(self, timeout_s: float) -> bool:
        """Wait up to ``timeout_s`` for READY: built, connected, and the command topic subscribed (a command
        published from then on is taken, or queued by the broker for the daemon)."""
        return self._ready_event.wait(timeout_s)

    def _is_ready(self) -> bool:
        """Whether READY=1 was sent (any thread)."""
        with self._ready_lock:
            return self._ready_sent

    def _voice_status(self, what: str) -> None:
        """The voice link's STATUS line (any thread): the microphone's changes, the recogniser rebuilds."""
        self.notifier.status(self._status_line(what))

    def _on_connection(self, connected: bool) -> None:
        """Connection listener (MQTT dispatcher thread): STATUS lines after READY; wakes the main loop; the
        retained plugin status again at each connection (a broker restarted without persistence forgot it)."""
        self._wake.set()
        if connected:
            self._publish_plugin_status()
        with self._ready_lock:
            if not self._ready_sent:
                return
        self.notifier.status(self._status_line("running" if connected else "broker lost"))
