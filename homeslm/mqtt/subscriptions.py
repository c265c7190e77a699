"""The incoming side of :class:`homeslm.mqtt.MqttClient`: subscriptions and the dispatcher thread.

``subscribe()`` registrations are renewed on every (re)connect and settled from the broker's SUBACKs
(:meth:`Subscriptions.wait_subscribed`); paho's callbacks only enqueue, and the ``homeslm-mqtt-dispatch``
thread calls the subscriber callbacks and the connection listeners, each inside its own error boundary.
The client's connection state and lock are shared with it (:class:`Subscriptions` is a part of the client).
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import paho.mqtt.client as paho
from paho.mqtt.enums import MQTTErrorCode
from paho.mqtt.reasoncodes import ReasonCode

from homeslm.config.model import MqttConfig
from homeslm.log_throttle import LogThrottle
from homeslm.mqtt.connection import broker_address
from homeslm.mqtt.messages import MessageCallback
from homeslm.mqtt.topics import check_topic_filter

# The package's name, as before the split: log lines say homeslm.mqtt.
logger = logging.getLogger("homeslm.mqtt")

ConnectionListener = Callable[[bool], None]

#: What happens per message (a retained message skipped, a subscriber raising) is logged at most once in
#: this many seconds per subscription and kind; the next line says how many were not logged meanwhile,
#: so that a flood of messages never becomes a flood of log lines.
PER_MESSAGE_LOG_INTERVAL_S = 60.0


@dataclass
class Subscription:
    """One ``subscribe()`` registration."""

    topic_filter: str
    callback: MessageCallback
    qos: int
    retained: bool = True


class Subscriptions:
    """The subscriptions part of :class:`homeslm.mqtt.MqttClient` (see the module docstring)."""

    # The client's, set by its __init__:
    config: MqttConfig
    _lock: threading.Lock
    _cv: threading.Condition
    _client: paho.Client
    _connected: bool
    _dispatch_thread: threading.Thread | None

    def _init_subscriptions(self) -> None:
        # Guarded by _lock:
        self._subscriptions: list[Subscription] = []
        self._sub_mids: dict[int, list[str]] = {}
        self._early_subacks: dict[int, list[ReasonCode]] = {}
        self._subscribed: set[str] = set()
        self._sub_failed: set[str] = set()
        self._listeners: list[ConnectionListener] = []
        self._dispatch_queue: queue.SimpleQueue[tuple[str, Any, Any]] = queue.SimpleQueue()
        self._heartbeat_posted_at: float | None = None
        """When the heartbeat the dispatcher has not yet processed was queued (guarded by _lock)."""
        # The dispatcher thread's alone: per (kind, topic filter), when it last logged and what it did not.
        self._log_throttle = LogThrottle(PER_MESSAGE_LOG_INTERVAL_S)

    def subscribe(self, topic_filter: str, callback: MessageCallback, qos: int = 1, *, retained: bool = True) -> None:
        """Call ``callback(topic, payload)`` for every message matching ``topic_filter``.

        ``retained=False`` skips retained messages (a retained command would otherwise run again at
        every reconnect); they are logged at WARNING.

        Renewed on every reconnect. Callbacks run on the dispatcher thread, one at a time; an
        exception is logged with the topic and does not affect other callbacks or messages.
        A broker may deliver a message once per matching filter of overlapping subscriptions.
        """
        check_topic_filter(topic_filter)
        if qos not in (0, 1, 2):
            raise ValueError(f"MQTT QoS {qos!r}: expected 0, 1 or 2")
        with self._lock:
            self._subscriptions.append(Subscription(topic_filter, callback, qos, retained))
            send_now = self._connected
            self._subscribed.discard(topic_filter)
            self._sub_failed.discard(topic_filter)
        if send_now:
            self._send_subscriptions([(topic_filter, qos)])

    def _send_subscriptions(self, filters: list[tuple[str, int]]) -> None:
        """Send one SUBSCRIBE; never called with the lock held."""
        if not filters:
            return
        rc, mid = self._client.subscribe(filters)
        if rc != MQTTErrorCode.MQTT_ERR_SUCCESS or mid is None:
            logger.debug("MQTT subscribe %s deferred to the next connect: %s", filters, paho.error_string(rc))
            return
        names = [f for f, _ in filters]
        with self._cv:
            early = self._early_subacks.pop(mid, None)
            if early is None:
                self._sub_mids[mid] = names
            else:
                self._settle_subscription_locked(names, early)

    def _settle_subscription_locked(self, names: list[str], reasons: list[ReasonCode]) -> None:
        for name, reason in zip(names, reasons):
            if reason.is_failure:
                self._sub_failed.add(name)
                logger.error("MQTT broker %s refused the subscription to %s: %s (check the broker's ACL)", broker_address(self.config), name, reason)
            else:
                self._subscribed.add(name)
        self._cv.notify_all()

    def wait_subscribed(self, timeout_s: float) -> bool:
        """Wait up to ``timeout_s`` until connected and every registered subscription is
        acknowledged on the current connection; ``False`` on timeout or when the broker refused one."""

        def settled() -> bool:
            if not self._connected:
                return False
            wanted = {s.topic_filter for s in self._subscriptions}
            return wanted <= (self._subscribed | self._sub_failed)

        with self._cv:
            ok = self._cv.wait_for(settled, timeout=timeout_s)
            return ok and not ({s.topic_filter for s in self._subscriptions} & self._sub_failed)

    def add_connection_listener(self, listener: ConnectionListener) -> None:
        """Call ``listener(connected)`` on every connect and disconnect (from the dispatcher thread)."""
        with self._lock:
            self._listeners.append(listener)

    def dispatcher_lag_s(self) -> float:
        """How long the dispatcher thread has been behind: the age of the heartbeat it has not processed yet
        (``0.0`` when it processed the last one; each call queues a new heartbeat when none is outstanding),
        ``inf`` when the thread died, ``0.0`` before :meth:`start`.

        The heartbeat waits in the same queue as the messages, so a subscriber callback that blocks (a
        plugin's), or a dead dispatcher, shows as a growing lag: no command can be taken meanwhile. The
        daemon feeds systemd's watchdog only while this stays small."""
        thread = self._dispatch_thread
        if thread is None:
            return 0.0
        if not thread.is_alive():
            return float("inf")
        now = time.monotonic()
        with self._lock:
            posted = self._heartbeat_posted_at
            if posted is None:
                self._heartbeat_posted_at = now
                self._dispatch_queue.put(("heartbeat", None, None))
                return 0.0
        return now - posted

    # -- dispatcher thread ------------------------------------------------------------------------

    def _dispatch_loop(self) -> None:
        while True:
            kind, first, second = self._dispatch_queue.get()
            if kind == "stop":
                return
            if kind == "heartbeat":
                with self._lock:
                    self._heartbeat_posted_at = None
                continue
            if kind == "message":
                self._dispatch_message(first, *second)
            elif kind == "connection":
                self._dispatch_connection(bool(first))

    def _dispatch_message(self, topic: str, payload: bytes, retain: bool = False) -> None:
        with self._lock:
            subscriptions = list(self._subscriptions)
        for sub in subscriptions:
            if not paho.topic_matches_sub(sub.topic_filter, topic):
                continue
            if retain and not sub.retained:
                skipped = self._log_now("retained", sub.topic_filter)
                if skipped is not None:
                    logger.warning("MQTT ignoring a retained message on %s (subscribed to %s without retained "
                                   "messages; %d more not logged); clear it with an empty retained publish",
                                   topic, sub.topic_filter, skipped)
                continue
            try:
                sub.callback(topic, payload)
            except Exception:
                # Boundary: one subscriber must not stop the others or the client.
                skipped = self._log_now("failed", sub.topic_filter)
                if skipped is not None:
                    logger.exception(
                        "MQTT subscriber %s for %s failed on a message to topic %s (%d more failures not logged)",
                        getattr(sub.callback, "__qualname__", repr(sub.callback)), sub.topic_filter, topic, skipped,
                    )

    def _log_now(self, kind: str, topic_filter: str) -> int | None:
        """Whether to log a per-message event now: ``None`` when one was logged less than
        :data:`PER_MESSAGE_LOG_INTERVAL_S` ago (counted), else how many were not logged since."""
        return self._log_throttle.allow((kind, topic_filter))

    def _dispatch_connection(self, connected: bool) -> None:
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(connected)
            except Exception:
                logger.exception(
                    "MQTT connection listener %s failed (connected=%s)",
                    getattr(listener, "__qualname__", repr(listener)), connected,
                )
