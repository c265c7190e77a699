"""A durable subscription: one topic filter on its own MQTT connection, with a persistent session and
manual acknowledgement (issue 18, "a command the broker accepted is executed once, even across a crash").

The broker keeps a persistent session (``clean_session=False``) for the fixed client id: what is published to
the filter while this process is not running, or reconnecting, is queued by the broker and delivered at the
next connect. A message is acknowledged (PUBACK) only when its receiver calls :meth:`Delivery.ack`, after it
executed it; a message never acknowledged (the process was killed, the receiver did not take it) is delivered
again by the broker at the next connect, marked ``duplicate``. The connection asks for at most
:data:`RECEIVE_MAXIMUM` unacknowledged messages at a time, so a backlog drains at the receiver's pace; but
mosquitto 2.0.11 sends what it queued while this connection was away all at once when it is back (487
against 20, measured), so a receiver must not drop what comes beyond its own queue.

The connection is its own (client id ``<client id>-durable``) so that the unacknowledged messages never hold
up the main connection's other subscriptions (device states a command waits for), and so that the main
connection keeps its clean-at-start semantics. paho calls :attr:`on_message` on its network thread: it must
not block (check, enqueue, return).

What makes the guarantee hold across a *broker* restart is the broker's configuration (persistence, the
queue limits): docs/service.md, "Delivery guarantee".
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import paho.mqtt.client as paho
from paho.mqtt.enums import CallbackAPIVersion
from paho.mqtt.reasoncodes import ReasonCode

from homeslm.config.model import MqttConfig
from homeslm.mqtt.connection import broker_address, paho_logger, set_credentials
from homeslm.mqtt.topics import check_topic_filter

logger = logging.getLogger("homeslm.mqtt")

#: The suffix of the durable connection's client id.
CLIENT_ID_SUFFIX = "-durable"
#: MQTT 5 Receive Maximum of the durable connection: the broker sends at most this many unacknowledged
#: messages at a time, whatever its own ``max_inflight_messages``, so a backlog waits at the broker (held
#: for the session) and never overflows the receiver's queue.
RECEIVE_MAXIMUM = 20


@dataclass
class Delivery:
    """One message of a durable subscription; :meth:`ack` it once it is executed (or refused for good)."""

    topic: str
    payload: bytes
    duplicate: bool
    """The broker delivered it before without an acknowledgement (MQTT's DUP flag): it may have run already."""
    _ack: Callable[[], None] = field(repr=False, default=lambda: None)
    _acked: bool = field(default=False, repr=False)

    def ack(self) -> None:
        """Acknowledge it to the broker (idempotent; a no-op when its connection is gone: the broker delivers
        it again at the next connect)."""
        if self._acked:
            return
        self._acked = True
        self._ack()


class DurableSubscription:
    """``topic_filter`` on a connection of its own with a persistent session and manual acknowledgement.

    :param config: the broker (address, credentials, TLS, back-off).
    :param client_id: the connection's client id (fixed: the broker keeps the session under it).
    :param topic_filter: what to subscribe to, at QoS 1.
    :param on_message: called with each :class:`Delivery` on paho's network thread; must not block.
        Retained messages are acknowledged and skipped (a retained command would run at every connect).
    :param session_expiry_s: with a number, MQTT 5 with that session expiry interval: when this client stays
        away longer, the broker forgets the session and what it queued (nothing older than that runs at the
        next start); ``None``: MQTT 3.1.1, the session kept until a clean connection drops it.
    """

    def __init__(self, config: MqttConfig, client_id: str, topic_filter: str,
                 on_message: Callable[[Delivery], None], *, session_expiry_s: int | None = None) -> None:
        check_topic_filter(topic_filter)
        self.config = config
        self.client_id = client_id
        self.topic_filter = topic_filter
        self.on_message = on_message
        self._lock = threading.Condition()
        self._generation = 0
        """Counts connections: an acknowledgement belongs to the connection that received the message."""
        self._subscribed = False
        self._started = False
        self.delivered = 0
        """Messages handed to ``on_message`` (duplicates included)."""
        self.retained_skipped = 0
        """Retained messages acknowledged and skipped."""
        self._in_callback_since: float | None = None
        """When the running ``on_message`` call began (``None``: none runs): :meth:`dispatcher_lag_s`."""
        self.session_expiry_s = session_expiry_s
        if session_expiry_s is None:
            self._client = paho.Client(CallbackAPIVersion.VERSION2, client_id=client_id, protocol=paho.MQTTv311,
                                       clean_session=False, manual_ack=True)
        else:
            self._client = paho.Client(CallbackAPIVersion.VERSION2, client_id=client_id, protocol=paho.MQTTv5,
                                       manual_ack=True)
        self._client.enable_logger(paho_logger())
        self._client.suppress_exceptions = True
        self._client.reconnect_delay_set(config.reconnect_min_s, config.reconnect_max_s)  # type: ignore[arg-type]
        set_credentials(self._client, config)
        self._client.on_connect = self._on_connect
        self._client.on_disconnect = self._on_disconnect
        self._client.on_subscribe = self._on_subscribe
        self._client.on_message = self._on_message

    def start(self) -> None:
        """Connect in the background; messages come to ``on_message`` once subscribed (idempotent)."""
        with self._lock:
            if self._started:
                return
            self._started = True
        logger.info("MQTT durable subscription to %s as %s on %s", self.topic_filter, self.client_id,
                    broker_address(self.config))
        if self.session_expiry_s is None:
            self._client.connect_async(self.config.host, self.config.port, keepalive=self.config.keepalive_s)
        else:
            from paho.mqtt.packettypes import PacketTypes
            from paho.mqtt.properties import Properties

            props = Properties(PacketTypes.CONNECT)
            props.SessionExpiryInterval = self.session_expiry_s
            props.ReceiveMaximum = RECEIVE_MAXIMUM
            self._client.connect_async(self.config.host, self.config.port, keepalive=self.config.keepalive_s,
                                       clean_start=False, properties=props)
        self._client.loop_start()

    def stop(self) -> None:
        """Disconnect, keeping the session: what was not acknowledged is delivered again at the next start."""
        with self._lock:
            if not self._started:
                return
            self._started = False
            self._generation += 1
            self._subscribed = False
            self._lock.notify_all()
        self._client.disconnect()
        self._client.loop_stop()

    def dispatcher_lag_s(self) -> float:
        """How long messages have not been handed over although the connection is started: ``inf`` when paho's
        network thread died, else how long the ``on_message`` call in progress has run (``0.0`` when none
        runs, and before :meth:`start` or after :meth:`stop`). The daemon feeds systemd's watchdog only while
        this stays small, as for the main connection's dispatcher
        (:meth:`homeslm.mqtt.MqttClient.dispatcher_lag_s`)."""
        with self._lock:
            if not self._started:
                return 0.0
        thread = getattr(self._client, "_thread", None)  # paho's network thread (loop_start), None once stopped
        if thread is None or not thread.is_alive():
            return float("inf")
        since = self._in_callback_since
        return 0.0 if since is None else max(0.0, time.monotonic() - since)

    def wait_subscribed(self, timeout_s: float) -> bool:
        """Wait up to ``timeout_s`` until the broker acknowledged the subscription on the current connection."""
        with self._lock:
            return self._lock.wait_for(lambda: self._subscribed, timeout=timeout_s)

    # -- paho callbacks (network thread) ------------------------------------------------------------

    def _on_connect(self, client: paho.Client, userdata: Any, flags: Any, reason: ReasonCode, properties: Any) -> None:
        if reason.is_failure:
            logger.error("MQTT broker %s refused the durable connection %s: %s", broker_address(self.config),
                         self.client_id, reason)
            return
        with self._lock:
            self._generation += 1
        client.subscribe(self.topic_filter, qos=1)

    def _on_disconnect(self, client: paho.Client, userdata: Any, flags: Any, reason: ReasonCode, properties: Any) -> None:
        with self._lock:
            self._generation += 1
            self._subscribed = False
            self._lock.notify_all()

    def _on_subscribe(self, client: paho.Client, userdata: Any, mid: int, reasons: list[ReasonCode], properties: Any) -> None:
        if any(r.is_failure for r in reasons):
            logger.error("MQTT broker %s refused the subscription to %s (check the broker's ACL)",
                         broker_address(self.config), self.topic_filter)
            return
        with self._lock:
            self._subscribed = True
            self._lock.notify_all()

    def _on_message(self, client: paho.Client, userdata: Any, message: paho.MQTTMessage) -> None:
        with self._lock:
            generation = self._generation
        mid, qos = message.mid, message.qos

        def ack() -> None:
            with self._lock:
                current = generation == self._generation
            if current and qos > 0:
                client.ack(mid, qos)

        delivery = Delivery(message.topic, bytes(message.payload), bool(message.dup), ack)
        if message.retain:
            logger.warning("MQTT ignoring a retained message on %s (a retained command would run at every connect); "
                           "clear it with an empty retained publish", message.topic)
            delivery.ack()
            self.retained_skipped += 1
            return
        self.delivered += 1
        self._in_callback_since = time.monotonic()
        try:
            self.on_message(delivery)
        except Exception:  # boundary: the receiver; the message stays unacknowledged unless it acked it
            logger.exception("MQTT durable subscriber for %s failed on a message to %s", self.topic_filter,
                             message.topic)
        finally:
            self._in_callback_since = None
